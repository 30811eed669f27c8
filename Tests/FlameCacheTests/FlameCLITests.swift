import ArrowTestSupport
import Foundation
import XCTest

/// The `arrow-ipc flame` contract other tools rely on: the document on stdout,
/// options before or after the path, and bad input as exit 1 with one line on
/// stderr and nothing on stdout.
final class FlameCLITests: XCTestCase {
    func testDecodePrintsTheDocumentWithOptionsAnywhere() throws {
        let exe = try PythonRunner.cliExecutable()
        let manifest = try FlameManifest.load()
        for c in manifest.cases.prefix(6) + manifest.cases.suffix(6) {
            let path = FlameManifest.directory.appendingPathComponent(c.name).path
            for arguments in [["flame", "decode", "--json", path], ["flame", "decode", path, "--json"]] {
                let out = try PythonRunner.run(exe, arguments: arguments, workDirectory: FlameManifest.directory)
                XCTAssertEqual(out.status, 0, out.stderrText)
                XCTAssertEqual(out.stdoutText, c.expected + "\n", c.name)
                XCTAssertEqual(out.stderrText, "")
            }
            let summary = try PythonRunner.run(exe, arguments: ["flame", "decode", path], workDirectory: FlameManifest.directory)
            XCTAssertEqual(summary.status, 0)
            XCTAssertFalse(summary.stdoutText.hasPrefix("{"), "without --json a summary, not JSON")
        }
    }

    func testBadInputIsOneLineOnStderrAndNothingOnStdout() throws {
        let exe = try PythonRunner.cliExecutable()
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "flame-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs: [String: [UInt8]] = [
            "unknown_type": Array("FLM".utf8) + [9, 1, 2, 3],
            "bad_pickle": Array("FLM".utf8) + [0, 0x80, 5, 0x63] + Array("os\nsystem\n".utf8),
            "truncated_table": Array("FLM".utf8) + [2, 0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0, 0, 0, 1, 2],
            "control_bytes": Array("FLM".utf8) + [0, 0x80, 5, 0x8C, 3, 0x0A, 0x1B, 0x07, 0x93],
        ]
        for (name, bytes) in inputs {
            let path = dir.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let out = try PythonRunner.run(exe, arguments: ["flame", "decode", "--json", path], workDirectory: dir)
            XCTAssertEqual(out.status, 1, name)
            XCTAssertEqual(out.stdoutText, "", name)
            let lines = out.stderrText.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(lines.count, 2, "\(name): one line and its newline: \(out.stderrText)")
            XCTAssertFalse(out.stderrText.dropLast().contains { $0.asciiValue.map { $0 < 0x20 } ?? false }, "\(name): control bytes escaped")
        }
        let missing = try PythonRunner.run(exe, arguments: ["flame", "decode", dir.appendingPathComponent("nope").path], workDirectory: dir)
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stdoutText, "")
    }

    func testReencodeWritesFlamepysBytes() throws {
        let exe = try PythonRunner.cliExecutable()
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "flame-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        for c in try FlameManifest.load().cases where c.reencode_identical {
            let input = FlameManifest.directory.appendingPathComponent(c.name)
            let output = dir.appendingPathComponent("out")
            let run = try PythonRunner.run(exe, arguments: ["flame", "reencode", input.path, output.path], workDirectory: dir)
            XCTAssertEqual(run.status, 0, run.stderrText)
            XCTAssertEqual(try Data(contentsOf: output), try Data(contentsOf: input), c.name)
        }
    }
}
