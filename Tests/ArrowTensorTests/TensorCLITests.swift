import ArrowTestSupport
import Foundation
import XCTest

/// `arrow-ipc inspect` and `validate` on tensor streams: the dtype, shape,
/// strides and dimension names the manifest (pyarrow) recorded, and a damaged
/// tensor refused with exit 1 and one line on stderr.
final class TensorCLITests: XCTestCase {
    func testInspectShowsWhatPyarrowWrote() throws {
        let exe = try PythonRunner.cliExecutable()
        var checked = 0
        for c in try TensorManifest.load().cases where !c.shape.isEmpty && c.shape.allSatisfy({ $0 > 0 }) {
            let out = try PythonRunner.run(exe, arguments: ["inspect", c.url.path], workDirectory: TensorManifest.directory)
            XCTAssertEqual(out.status, 0, out.stderrText)
            let text = out.stdoutText
            XCTAssertTrue(text.contains("dtype \(c.dtype)"), "\(c.name): \(text)")
            XCTAssertTrue(text.contains("shape [\(c.shape.map(String.init).joined(separator: ", "))]"), "\(c.name): \(text)")
            XCTAssertTrue(text.contains("strides [\(c.strides.map(String.init).joined(separator: ", "))]"), "\(c.name): \(text)")
            for name in c.dim_names where !name.isEmpty { XCTAssertTrue(text.contains("\"\(name)\""), "\(c.name): \(name)") }
            let valid = try PythonRunner.run(exe, arguments: ["validate", c.url.path], workDirectory: TensorManifest.directory)
            XCTAssertEqual(valid.status, 0, "\(c.name): \(valid.stderrText)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 50)
    }

    func testDamagedTensorIsOneLineAndExitOne() throws {
        let exe = try PythonRunner.cliExecutable()
        let c = try XCTUnwrap(try TensorManifest.load().cases.first { $0.shape.count == 2 && $0.shape.allSatisfy { $0 > 1 } })
        let bytes = Array(try Data(contentsOf: c.url))
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "tensor-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cut = dir.appendingPathComponent("cut.tensor")
        try Data(bytes.prefix(bytes.count - 3)).write(to: cut)
        for command in ["inspect", "validate"] {
            let out = try PythonRunner.run(exe, arguments: [command, cut.path], workDirectory: dir)
            XCTAssertEqual(out.status, 1, "\(command): \(out.stdoutText)")
            XCTAssertEqual(out.stderrText.split(separator: "\n").count, 1, "\(command): \(out.stderrText)")
        }
    }
}
