import ArrowIPC
import ArrowTestSupport
import Foundation
import XCTest

/// Re-encoding what other writers made: `stream-to-file` and `file-to-stream` on
/// the arrow-testing gold files (Arrow C++ 21, and 1.0 big-endian) give exactly
/// the bytes of pyarrow's own conversion of the same input, run in the same test.
final class GoldConversionTests: XCTestCase {
    private static let folders = ["cpp-21.0.0", "1.0.0-bigendian"]

    func testGoldConversionsEqualPyarrows() throws {
        guard let root = ProcessInfo.processInfo.environment["ARROW_TEST_DATA"], !root.isEmpty else {
            throw XCTSkip("ARROW_TEST_DATA is not set; skipping the gold re-encoding comparison")
        }
        _ = try PythonRunner.requirePython()
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "gold-convert")
        defer { try? FileManager.default.removeItem(at: dir) }
        struct Conversion {
            let kind: String
            let input: String
            let pyarrow: String
            let ours: String
        }
        var conversions: [Conversion] = []
        for folder in Self.folders {
            let base = URL(fileURLWithPath: root).appendingPathComponent("arrow-ipc-stream/integration/\(folder)")
            let names = try FileManager.default.contentsOfDirectory(atPath: base.path).sorted()
            for name in names {
                let stem = "\(dir.path)/\(folder)__\(name)"
                if name.hasSuffix(".stream") {
                    conversions.append(
                        Conversion(
                            kind: "stream", input: base.appendingPathComponent(name).path,
                            pyarrow: stem + ".py.arrow_file", ours: stem + ".ours.arrow_file"))
                } else if name.hasSuffix(".arrow_file") {
                    conversions.append(
                        Conversion(
                            kind: "file", input: base.appendingPathComponent(name).path,
                            pyarrow: stem + ".py.stream", ours: stem + ".ours.stream"))
                }
            }
        }
        XCTAssertGreaterThanOrEqual(conversions.count, 108, "gold files found under \(root)")
        let output = try PythonRunner.runScript(
            "interop.py", in: "ArrowIntegrationTests",
            arguments: ["convert"] + conversions.map { "\($0.kind):\($0.input):\($0.pyarrow)" },
            workDirectory: dir)
        print(output.stdoutText)
        var equal = 0
        var refusedByBoth = 0
        var differing: [String] = []
        for c in conversions {
            let pyarrowConverted = FileManager.default.fileExists(atPath: c.pyarrow)
            do {
                if c.kind == "stream" {
                    try IPCConversion.streamToFile(input: c.input, output: c.ours)
                } else {
                    try IPCConversion.fileToStream(input: c.input, output: c.ours)
                }
            } catch {
                if pyarrowConverted { differing.append("\(c.input): we refused (\(error)), pyarrow converted") } else { refusedByBoth += 1 }
                continue
            }
            guard pyarrowConverted else {
                differing.append("\(c.input): pyarrow refused, we converted")
                continue
            }
            let ours = try Data(contentsOf: URL(fileURLWithPath: c.ours))
            let theirs = try Data(contentsOf: URL(fileURLWithPath: c.pyarrow))
            if ours == theirs {
                equal += 1
            } else {
                let at = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, theirs.count)
                differing.append("\(c.kind) \(c.input): \(ours.count) vs \(theirs.count) bytes, first difference at \(at)")
            }
        }
        print("gold conversions equal to pyarrow's: \(equal)/\(conversions.count - refusedByBoth) (refused by both: \(refusedByBoth))")
        XCTAssertEqual(differing, [])
        XCTAssertEqual(equal + refusedByBoth, conversions.count)
    }
}
