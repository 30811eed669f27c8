import ArrowIPC
import ArrowTestSupport
import Foundation
import XCTest

/// System calls go through `ArrowMemory/Platform.swift` only.
final class PlatformTests: XCTestCase {
    func testOnlyThePlatformFileImportsTheCLibrary() throws {
        let sources = PythonRunner.packageRoot.appendingPathComponent("Sources")
        let files = try XCTUnwrap(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        XCTAssertGreaterThan(files.count, 100)
        var importing: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let imports = text.split(separator: "\n").contains { line in
                ["import Glibc", "import Darwin", "import Musl", "import WinSDK"].contains(line.trimmingCharacters(in: .whitespaces))
            }
            if imports { importing.append(file) }
        }
        XCTAssertEqual(importing, ["ArrowMemory/Platform.swift"])
    }

    func testFailedSystemCallsBecomeIOErrorsWithTheSystemsText() throws {
        let missing = "/nonexistent-\(UUID().uuidString)/x.arrow"
        for open in [{ _ = try StreamReader(path: missing) }, { _ = try FileReader(path: missing) }, { _ = try FileDescriptorOutput(path: missing) }] {
            XCTAssertThrowsError(try open()) { error in
                XCTAssertEqual((error as? ArrowError)?.kind, .io)
                XCTAssertTrue("\(error)".contains("No such file or directory"), "\(error)")
                XCTAssertTrue("\(error)".contains(missing), "\(error)")
            }
        }
        // A file written through the platform layer reads back through it (write, open, fstat, mmap).
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("platform-\(UUID().uuidString).arrow").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let batch = try RecordBatch([("x", ArrayData([1, nil, 3] as [Int32?]))])
        try FileWriter.write(to: try FileDescriptorOutput(path: path), schema: batch.schema, batches: [batch])
        let bytes = try FileWriter.bytes(schema: batch.schema, batches: [batch])
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: path))), bytes)
        XCTAssertTrue(try FileReader(path: path).recordBatch(at: 0).columns[0].logicallyEquals(batch.columns[0]))
    }
}
