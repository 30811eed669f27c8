import ArrowTestSupport
import Foundation
import XCTest

@testable import ArrowCompression

/// Zstandard compression: libzstd (the Python `zstandard` package, via
/// `zstd_encoder_peer.py`) must decode every frame we write to the input,
/// our own decoder must too, and the frames must be about as small as
/// libzstd's at the same level.
final class ZstdEncoderTests: XCTestCase {
    /// Seeded inputs of the kinds Arrow bodies hold, at sizes around the
    /// 128 KiB block size.
    static func sampleInputs(seed: UInt64) -> [(String, [UInt8])] {
        var rng = SplitMix64(seed: seed)
        let block = 128 << 10
        var inputs: [(String, [UInt8])] = [
            ("empty", []),
            ("one", [0x2A]),
            ("two", [1, 2]),
            ("fifteen", Array("fifteen bytes!!".utf8)),
            ("seventeen-run", [UInt8](repeating: 9, count: 17)),
            ("zeros-1m", [UInt8](repeating: 0, count: 1 << 20)),
            ("runs", SampleData.runs(&rng, 400_000)),
            ("text-100", SampleData.text(&rng, 100)),
            ("text-5k", SampleData.text(&rng, 5000)),
            ("text-300k", SampleData.text(&rng, 300_000)),
            ("random-1000", SampleData.random(&rng, 1000)),
            ("random-200k", SampleData.random(&rng, 200_000)),
            ("int64-small", SampleData.int64Small(&rng, 40_000)),
            ("int64-timestamps", SampleData.int64Timestamps(&rng, 40_000)),
            ("float64", SampleData.float64(&rng, 30_000)),
            ("utf8-column", SampleData.utf8Column(&rng, 20_000)),
            ("repetitive", SampleData.repetitive(&rng, 200_000)),
            ("mixed-3m", SampleData.mixed(&rng, 3_000_000)),
        ]
        // Literal statistics for each Huffman path: codes deeper than 11 bits
        // before limiting, and more than 128 symbols (FSE-compressed weights).
        inputs.append(("huffman-deep", SampleData.shuffled(&rng, counts: (0..<17).map { 1 << $0 })))
        inputs.append(("huffman-wide", SampleData.shuffled(&rng, counts: (0..<256).map { 1 + 4000 / ($0 + 1) })))
        inputs.append(("huffman-fibonacci", SampleData.shuffled(&rng, counts: SampleData.fibonacci(24))))
        // Random compositions: small alphabets, short repeats and copies at
        // every distance, so sequences take every table mode.
        for i in 0..<60 {
            var data: [UInt8] = []
            let target = rng.int(0...20_000)
            let alphabet = rng.int(1...256)
            while data.count < target {
                if data.count > 4 && rng.chance(40) {
                    let distance = rng.int(1...data.count)
                    let length = rng.int(3...300)
                    for _ in 0..<length { data.append(data[data.count - distance]) }
                } else {
                    for _ in 0..<rng.int(1...50) { data.append(UInt8(truncatingIfNeeded: rng.int(0...alphabet - 1))) }
                }
            }
            inputs.append(("composed-\(i)", data))
        }
        for size in [block - 1, block, block + 1, 2 * block + 7] {
            inputs.append(("mixed-\(size)", SampleData.mixed(&rng, size)))
        }
        for size in [0, 1, 2, 3, 4, 5, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 255, 256, 257, 1023, 1024, 1025] {
            inputs.append(("small-\(size)", (0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next() % 5) }))
        }
        return inputs
    }

    func testOwnDecoderRoundTrips() throws {
        for (name, data) in Self.sampleInputs(seed: 1) {
            for level in [1, 2, 3] {
                for checksum in [false, true] {
                    let frame = Zstd.compress(data, level: level, checksum: checksum)
                    XCTAssertEqual(try Zstd.decompress(frame), data, "\(name) level \(level)")
                    XCTAssertLessThanOrEqual(frame.count, Zstd.maxCompressedSize(data.count), name)
                }
            }
            // The caller-provided output gives the same frame.
            var output = [UInt8](repeating: 0, count: Zstd.maxCompressedSize(data.count))
            let size = data.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { Zstd.compress(input, into: $0, level: 1) }
            }
            XCTAssertEqual(size.map { Array(output[0..<$0]) }, Zstd.compress(data), name)
            let tooSmall = data.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { Zstd.compress(input, into: UnsafeMutableRawBufferPointer(rebasing: $0[1...])) }
            }
            XCTAssertNil(tooSmall, name)
        }
    }

    /// Content sizes past 4 GiB take the 8-byte field and a window
    /// descriptor; libzstd and our decoder read the header back. (Compressing
    /// that much in a test would take minutes; the encoder keeps positions in
    /// `Int` and rebases its 32-bit hash tables, see `ZstdMatchFinder`.)
    func testHeaderOfContentOver4GiB() throws {
        for (size, level) in [(5 << 30 + 3, 1), (Int(UInt32.max) + 1, 3), (Int(UInt32.max), 2)] {
            var header = [UInt8](repeating: 0, count: 32)
            let headerSize = header.withUnsafeMutableBufferPointer {
                ZstdEncoder.writeHeader(count: size, windowLog: 19 + level - 1, checksum: true, to: $0.baseAddress!)
            }
            header.removeLast(header.count - headerSize)
            let hex = header.map { String(format: "%02x", $0) }.joined()
            let output = try PythonRunner.runScript(
                "zstd_encoder_peer.py", in: "ArrowCompressionTests", arguments: ["header", hex],
                workDirectory: FileManager.default.temporaryDirectory)
            XCTAssertEqual(
                output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines), "\(size) \(1 << (19 + level - 1)) 1", hex)
            let parsed = try header.withUnsafeBufferPointer {
                try ZstdFrame.readHeader($0.baseAddress!, count: headerSize, at: 0)
            }
            XCTAssertEqual(parsed.contentSize, UInt64(size))
            XCTAssertEqual(parsed.size, headerSize)
        }
        XCTAssertEqual(Zstd.maxCompressedSize(5 << 30), (5 << 30) + 3 * ((5 << 30) >> 17) + 18)
    }

    /// A block of more than 0x7F00 sequences (the 3-byte count form),
    /// built from the encoder's own sections: 4 literals "abcd", then 40,000
    /// matches of 3 bytes at offset 4, which decode to "abcd" repeated.
    /// libzstd and our decoder read it back.
    func testBlockWithOver32512Sequences() throws {
        let sequences = 40_001
        let content = 4 + 3 * sequences
        var store = ZstdSequenceStore(blockSize: content)
        defer { store.deallocate() }
        for (i, byte) in "abcd".utf8.enumerated() { store.literals[i] = byte }
        store.literalCount = 4
        for i in 0..<sequences {
            store.literalLengths[i] = i == 0 ? 4 : 0
            store.matchLengths[i] = 3
            // Offset 4 spelled out every time (Offset_Value = offset + 3).
            store.offsetValues[i] = 4 + 3
        }
        store.count = sequences
        var frame = [UInt8](repeating: 0, count: 64 + 12 * sequences)
        let size = frame.withUnsafeMutableBufferPointer { buffer -> Int in
            let base = buffer.baseAddress!
            var out = ZstdEncoder.writeHeader(count: content, windowLog: 19, checksum: false, to: base)
            let blockHeader = out
            out += 3
            out += ZstdHuffmanEncoder.writeSection(store.literals, count: store.literalCount, to: base + out)
            out += ZstdSequenceEncoder.writeSection(store, to: base + out)
            _ = ZstdEncoder.writeBlockHeader(last: true, type: 2, size: out - blockHeader - 3, to: base + blockHeader)
            return out
        }
        frame.removeLast(frame.count - size)
        let expected = (0..<content).map { Array("abcd".utf8)[$0 % 4] }
        XCTAssertEqual(try Zstd.decompress(frame), expected)

        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "zstd-sequences")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(expected).write(to: directory.appendingPathComponent("abcd.raw"))
        try Data(frame).write(to: directory.appendingPathComponent("abcd.1.0.zst"))
        try "abcd 1 0\n".write(to: directory.appendingPathComponent("cases.txt"), atomically: true, encoding: .utf8)
        let output = try PythonRunner.runScript(
            "zstd_encoder_peer.py", in: "ArrowCompressionTests", arguments: ["decode", directory.path],
            workDirectory: directory)
        XCTAssertEqual(output.stdoutText, "checked 1\n")
    }

    /// Calls on many threads at once give the same frames as one at a time
    /// (no shared mutable state).
    func testConcurrentCallsGiveTheSameFrames() {
        let inputs = Self.sampleInputs(seed: 9).map(\.1).filter { $0.count > 1000 }
        let expected = inputs.map { Zstd.compress($0, level: 3, checksum: true) }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var frames: [Int: [UInt8]] = [:]
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: inputs.count * 4) { i in
            let frame = Zstd.compress(inputs[i % inputs.count], level: 3, checksum: true)
            results.lock.withLock { results.frames[i] = frame }
        }
        for i in 0..<inputs.count * 4 {
            XCTAssertEqual(results.frames[i], expected[i % inputs.count], "input \(i % inputs.count)")
        }
    }

    /// Compression must shrink what libzstd shrinks, and leave incompressible
    /// bytes at their size plus the headers (raw blocks).
    func testRunsAndRandomBytesTakeRLEAndRawBlocks() throws {
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        // Eight 128 KiB RLE blocks of 4 bytes each, plus the frame header.
        XCTAssertLessThan(Zstd.compress(zeros).count, 8 * 4 + 14)
        var rng = SplitMix64(seed: 5)
        let random = SampleData.random(&rng, 300_000)
        let frame = Zstd.compress(random)
        XCTAssertLessThanOrEqual(frame.count, random.count + 3 * 3 + 14)
        XCTAssertEqual(try Zstd.decompress(frame), random)
    }

    /// Every frame we write decodes with libzstd to the input, with the
    /// declared content size and checksum; prints our sizes next to libzstd's
    /// and asserts ours are within 10% (plus 16 bytes for tiny inputs).
    func testLibzstdDecodesOurFramesAndRatioIsClose() throws {
        _ = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "zstd-encoder-peer")
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines: [String] = []
        for (name, data) in Self.sampleInputs(seed: 2) {
            try Data(data).write(to: directory.appendingPathComponent("\(name).raw"))
            for level in [1, 2, 3] {
                for checksum in [0, 1] where checksum == 0 || level == 1 {
                    let frame = Zstd.compress(data, level: level, checksum: checksum == 1)
                    try Data(frame).write(to: directory.appendingPathComponent("\(name).\(level).\(checksum).zst"))
                    lines.append("\(name) \(level) \(checksum)")
                }
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("cases.txt"), atomically: true, encoding: .utf8)
        let output = try PythonRunner.runScript(
            "zstd_encoder_peer.py", in: "ArrowCompressionTests", arguments: ["check", directory.path],
            workDirectory: directory)
        let result = output.stdoutText.split(separator: "\n")
        XCTAssertEqual(result.first.map(String.init), "checked \(lines.count)")
        print("name level ours libzstd ratio")
        for line in result.dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count == 4, let ours = Double(fields[2]), let theirs = Double(fields[3]) else {
                XCTFail("bad peer line \(line)")
                continue
            }
            print("\(line) \(String(format: "%.3f", ours / theirs))")
            XCTAssertLessThanOrEqual(ours, theirs * 1.10 + 16, "\(line): more than 10% larger than libzstd's frame")
        }
    }
}

/// Seeded generators of test data.
enum SampleData {
    static func random(_ rng: inout SplitMix64, _ count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count {
            withUnsafeBytes(of: rng.next()) { out += $0 }
        }
        return Array(out.prefix(count))
    }

    /// Byte `i` repeated `counts[i]` times, in random order.
    static func shuffled(_ rng: inout SplitMix64, counts: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        for (symbol, count) in counts.enumerated() {
            out += [UInt8](repeating: UInt8(truncatingIfNeeded: symbol), count: count)
        }
        out.shuffle(using: &rng)
        return out
    }

    static func fibonacci(_ count: Int) -> [Int] {
        var values = [1, 1]
        while values.count < count { values.append(values[values.count - 1] + values[values.count - 2]) }
        return values
    }

    static func text(_ rng: inout SplitMix64, _ count: Int) -> [UInt8] {
        let words =
            ("arrow zstd frame block literal sequence offset match window huffman table state "
            + "column batch record schema buffer value null string int64 the of and a to in is").split(separator: " ")
        var out: [UInt8] = []
        out.reserveCapacity(count + 16)
        while out.count < count {
            var word = String(rng.pick(words))
            if rng.chance(10) { word = word.capitalized + rng.pick([".", ",", ";", "\n"]) }
            out += Array((word + " ").utf8)
        }
        return Array(out.prefix(count))
    }

    static func runs(_ rng: inout SplitMix64, _ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        while out.count < count {
            let byte = rng.pick([0, 0, 0, 255, UInt8(truncatingIfNeeded: rng.next())])
            out += [UInt8](repeating: byte, count: rng.int(1...5000))
        }
        return Array(out.prefix(count))
    }

    static func repetitive(_ rng: inout SplitMix64, _ count: Int) -> [UInt8] {
        let pattern = random(&rng, rng.int(1...40))
        return (0..<count).map { pattern[$0 % pattern.count] }
    }

    static func int64Small(_ rng: inout SplitMix64, _ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 8)
        for _ in 0..<count {
            withUnsafeBytes(of: Int64(rng.int(-1000...1000)).littleEndian) { out += $0 }
        }
        return out
    }

    static func int64Timestamps(_ rng: inout SplitMix64, _ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 8)
        var t: Int64 = 1_700_000_000_000_000
        for _ in 0..<count {
            t += Int64(rng.int(0...5_000_000))
            withUnsafeBytes(of: t.littleEndian) { out += $0 }
        }
        return out
    }

    /// Uniform doubles in [0, 1), like numpy's `random()`: high bytes repeat.
    static func float64(_ rng: inout SplitMix64, _ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 8)
        for _ in 0..<count {
            let value = Double(rng.next() >> 11) * 0x1p-53
            withUnsafeBytes(of: value.bitPattern.littleEndian) { out += $0 }
        }
        return out
    }

    /// An Arrow string column: int32 offsets, then the value bytes.
    static func utf8Column(_ rng: inout SplitMix64, _ count: Int) -> [UInt8] {
        var offsets: [UInt8] = []
        var values: [UInt8] = []
        withUnsafeBytes(of: Int32(0).littleEndian) { offsets += $0 }
        for _ in 0..<count {
            values += text(&rng, rng.int(0...30))
            withUnsafeBytes(of: Int32(values.count).littleEndian) { offsets += $0 }
        }
        return offsets + values
    }

    static func mixed(_ rng: inout SplitMix64, _ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count + 100_000)
        while out.count < count {
            let piece = rng.int(1...100_000)
            switch rng.int(0...5) {
            case 0: out += text(&rng, piece)
            case 1: out += random(&rng, piece)
            case 2: out += repetitive(&rng, piece)
            case 3: out += runs(&rng, piece)
            case 4: out += int64Small(&rng, max(1, piece / 8))
            default:
                if !out.isEmpty {
                    // A copy of earlier content: far back-references.
                    let start = rng.int(0...out.count - 1)
                    out += out[start..<min(out.count, start + piece)]
                }
            }
        }
        return Array(out.prefix(count))
    }
}
