import ArrowMemory
import Foundation
import XCTest

/// `ByteStorage.readFile` keeps exactly the bytes a file holds, whether its
/// `fstat` size is exact (regular files, read in one buffer), zero while it has
/// content (procfs, which takes the growing path), or on a page boundary.
final class ReadFileTests: XCTestCase {
    private func bytes(_ storage: ByteStorage) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: storage.base, count: storage.count))
    }

    func testRegularFilesOfEverySizeClassReadExactly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("readfile-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for size in [0, 1, 4095, 4096, 4097, 8192, 100_003] {
            let content = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ size) }
            let url = directory.appendingPathComponent("f\(size)")
            try Data(content).write(to: url)
            let storage = try ByteStorage.readFile(atPath: url.path)
            XCTAssertEqual(storage.count, size, "size \(size)")
            XCTAssertEqual(bytes(storage), content, "size \(size)")
        }
    }

    func testFileWhoseReportedSizeIsZeroIsReadToItsEnd() throws {
        #if os(Linux)
            // procfs reports size 0; the content is longer than one 4 KiB page.
            let path = "/proc/self/maps"
            let expected = try Data(contentsOf: URL(fileURLWithPath: path))
            let storage = try ByteStorage.readFile(atPath: path)
            XCTAssertGreaterThan(storage.count, 0)
            // The maps of this process change between the two reads (the second
            // read allocates), so compare the first line, which is stable.
            let firstLine = { (b: [UInt8]) in Array(b.prefix { $0 != 0x0A }) }
            XCTAssertEqual(firstLine(bytes(storage)), firstLine([UInt8](expected)))
            XCTAssertEqual(bytes(storage).last, 0x0A, "ends with the file's last newline, nothing after it")
        #else
            throw XCTSkip("procfs is Linux-only")
        #endif
    }

    func testMissingFileThrowsCannotOpen() {
        XCTAssertThrowsError(try ByteStorage.readFile(atPath: "/nonexistent/\(UUID())")) { error in
            guard case .cannotOpen = error as? ByteStorageError else { return XCTFail("\(error)") }
        }
    }
}
