import ArrowCompression
import ArrowTestSupport
import Foundation
import XCTest

/// Damaged bytes inside libzstd's large frames: the Huffman literal streams and
/// sequence bitstreams are long enough there for the decoder's unchecked bulk
/// loops to run, so these check that damage still throws or decodes to the
/// expected size, never reads or writes out of bounds (run under
/// `--sanitize=address` to see the latter).
final class ZstdCorruptStreamTests: XCTestCase {
    func testDamagedLargeLibzstdFramesThrowOrDecode() throws {
        _ = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "zstd-corrupt")
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try PythonRunner.runScript(
            "zstd_peer.py", in: "ArrowCompressionTests", arguments: ["generate", directory.path], workDirectory: directory)
        let manifest = try String(contentsOf: directory.appendingPathComponent("cases.tsv"), encoding: .utf8)
        var random = SplitMix64(seed: 0x5EED)
        var frames = 0
        var thrown = 0
        var decoded = 0
        for line in manifest.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, fields[3] == "ok" else { continue }
            let original = try [UInt8](Data(contentsOf: directory.appendingPathComponent(fields[1])))
            let compressed = try [UInt8](Data(contentsOf: directory.appendingPathComponent(fields[2])))
            // Large and compressible: Huffman-coded literals in four long streams.
            guard compressed.count >= 4096, compressed.count * 2 <= original.count else { continue }
            frames += 1
            var output = [UInt8](repeating: 0, count: original.count)
            for _ in 0..<30 {
                var damaged = compressed
                for _ in 0..<random.int(1...3) {
                    // Past the frame header, into the blocks.
                    let index = random.int(20...damaged.count - 1)
                    damaged[index] ^= UInt8(1 << random.int(0...7))
                }
                do {
                    let result = try Zstd.decompress(damaged, expectedSize: original.count)
                    XCTAssertEqual(result.count, original.count, fields[0])
                    try damaged.withUnsafeBytes { input in
                        try output.withUnsafeMutableBytes { try Zstd.decompress(input, into: $0) }
                    }
                    decoded += 1
                } catch {
                    thrown += 1
                }
            }
        }
        print("zstd damaged large frames: \(frames) frames, \(thrown) threw, \(decoded) decoded")
        XCTAssertGreaterThan(frames, 10)
        XCTAssertGreaterThan(thrown, decoded)
    }
}
