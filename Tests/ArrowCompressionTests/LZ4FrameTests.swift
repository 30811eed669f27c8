import ArrowCompression
import ArrowTestSupport
import Foundation
import XCTest

/// The LZ4 frame codec: against the Python `lz4` package (`lz4_peer.py`) in
/// both directions, known checksums, hand-built frames for each format rule,
/// and malformed input (truncations, byte flips, random blocks, huge sizes).
final class LZ4FrameTests: XCTestCase {
    // MARK: - Helpers

    /// Seeded inputs of the kinds Arrow bodies hold.
    private static func sampleInputs(seed: UInt64) -> [(String, [UInt8])] {
        var rng = SplitMix64(seed: seed)
        func random(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        func text(_ count: Int) -> [UInt8] {
            let words = ["arrow", "record", "batch", "null", "offset", "schema", "the", "lz4", "column"]
            var out: [UInt8] = []
            while out.count < count { out += Array((rng.pick(words) + " ").utf8) }
            return Array(out.prefix(count))
        }
        func int64s(_ count: Int) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(count * 8)
            var value: Int64 = 0
            for _ in 0..<count {
                value += Int64(rng.int(0...3))
                withUnsafeBytes(of: (rng.chance(5) ? 0 : value).littleEndian) { out += $0 }
            }
            return out
        }
        func mixed(_ count: Int) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(count + 40_000)
            while out.count < count {
                let n = rng.int(1...40_000)
                switch rng.int(0...4) {
                case 0: out += [UInt8](repeating: 0, count: n)
                case 1: out += random(n)
                case 2: out += text(n)
                case 3: out += int64s(max(1, n / 8))
                default:
                    let unit = random(rng.int(1...9))
                    for i in 0..<n { out.append(unit[i % unit.count]) }
                }
            }
            return Array(out.prefix(count))
        }
        return [
            ("empty", []),
            ("one", [0x2A]),
            ("twelve", Array("abcdefghijkl".utf8)),
            ("thirteen-repeat", [UInt8](repeating: 7, count: 13)),
            ("text", text(50_000)),
            ("random", random(70_000)),
            ("repetitive", Array(String(repeating: "abcabcabd", count: 20_000).utf8)),
            ("zeros", [UInt8](repeating: 0, count: 200_000)),
            ("block-exact", mixed(65_536)),
            ("block-plus-one", mixed(65_537)),
            ("int64", int64s(30_000)),
            ("mixed", mixed(1_200_000)),
        ]
    }

    private func decode(_ bytes: [UInt8], expectedSize: Int? = nil, limit: Int = 1 << 31) throws(CompressionError) -> [UInt8] {
        try LZ4Frame.decompress(bytes, expectedSize: expectedSize, limit: limit)
    }

    /// Asserts that decoding throws a `CompressionError` whose message contains `text`.
    private func assertThrows(
        _ bytes: [UInt8], _ text: String, expectedSize: Int? = nil, limit: Int = 1 << 31,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let result = try decode(bytes, expectedSize: expectedSize, limit: limit)
            XCTFail("decoded \(result.count) bytes, expected an error containing \"\(text)\"", file: file, line: line)
        } catch {
            XCTAssertEqual(error.format, "lz4 frame", file: file, line: line)
            if !text.isEmpty {
                XCTAssertTrue(error.message.contains(text), "\(error) does not contain \"\(text)\"", file: file, line: line)
            }
            XCTAssertTrue(error.offset >= 0 && error.offset <= bytes.count, "offset \(error.offset)", file: file, line: line)
        }
    }

    private static func le32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    private static func le64(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    private static func xxh32(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { XXH32.hash($0) } }

    /// A block of a hand-built frame.
    private struct Block {
        var data: [UInt8]
        var stored = false
    }

    /// Builds a frame from raw blocks, computing the header checksum and the
    /// requested checksums.
    private static func frame(
        _ blocks: [Block], independent: Bool = true, blockChecksum: Bool = false,
        contentSize: UInt64? = nil, contentChecksumOf content: [UInt8]? = nil, blockSizeCode: UInt8 = 4
    ) -> [UInt8] {
        var flags: UInt8 = 0x40
        if independent { flags |= 0x20 }
        if blockChecksum { flags |= 0x10 }
        if contentSize != nil { flags |= 0x08 }
        if content != nil { flags |= 0x04 }
        var descriptor: [UInt8] = [flags, blockSizeCode << 4]
        if let contentSize { descriptor += le64(contentSize) }
        var out = le32(0x184D_2204) + descriptor + [UInt8(truncatingIfNeeded: xxh32(descriptor) >> 8)]
        for block in blocks {
            out += le32(UInt32(block.data.count) | (block.stored ? 0x8000_0000 : 0))
            out += block.data
            if blockChecksum { out += le32(xxh32(block.data)) }
        }
        out += le32(0)
        if let content { out += le32(xxh32(content)) }
        return out
    }

    /// One LZ4 sequence: token, literals, offset and match length.
    private static func sequence(_ literals: [UInt8], offset: Int, matchLength: Int) -> [UInt8] {
        let matchCode = matchLength - 4
        var out: [UInt8] = [UInt8(min(literals.count, 15) << 4 | min(matchCode, 15))]
        if literals.count >= 15 { out += lengthBytes(literals.count - 15) }
        out += literals
        out += [UInt8(offset & 0xFF), UInt8(offset >> 8)]
        if matchCode >= 15 { out += lengthBytes(matchCode - 15) }
        return out
    }

    /// The final sequence: literals only.
    private static func lastLiterals(_ literals: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [UInt8(min(literals.count, 15) << 4)]
        if literals.count >= 15 { out += lengthBytes(literals.count - 15) }
        return out + literals
    }

    private static func lengthBytes(_ value: Int) -> [UInt8] {
        [UInt8](repeating: 255, count: value / 255) + [UInt8(value % 255)]
    }

    // MARK: - XXH32

    func testXXH32KnownAnswers() {
        XCTAssertEqual(Self.xxh32([]), 0x02CC_5D05)  // published value for the empty input, seed 0
        XCTAssertEqual(Self.xxh32(Array("abc".utf8)), 0x32D1_53FF)  // as in lz4.frame.compress(b"abc", content_checksum=True)
        // Hashing goes through 16-byte stripes, 4-byte words and single bytes:
        // every length agrees with frames that the Python peer checks (see
        // testPythonDecodesSwiftFrames); here, seeds shift the result.
        let data = [UInt8](0..<100)
        XCTAssertNotEqual(data.withUnsafeBytes { XXH32.hash($0, seed: 0) }, data.withUnsafeBytes { XXH32.hash($0, seed: 1) })
    }

    // MARK: - Python peer

    /// Frames from `lz4.frame.compress` under every level, block size, linking
    /// and checksum/size option decode to the original bytes.
    func testDecodesPythonFrames() throws {
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "lz4-peer")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try PythonRunner.runScript(
            "lz4_peer.py", in: "ArrowCompressionTests", arguments: ["compress", directory.path, "7"],
            workDirectory: directory)
        print(output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))

        let lines = try String(contentsOf: directory.appendingPathComponent("cases.txt"), encoding: .utf8)
            .split(separator: "\n")
        var raws: [String: [UInt8]] = [:]
        var decoded = 0
        var contentChecksums = 0
        for line in lines {
            let fields = line.split(separator: " ").map(String.init)
            let (frameFile, rawFile, label) = (fields[0], fields[1], fields[2])
            let frame = try [UInt8](Data(contentsOf: directory.appendingPathComponent(frameFile)))
            if raws[rawFile] == nil {
                raws[rawFile] = try [UInt8](Data(contentsOf: directory.appendingPathComponent(rawFile)))
            }
            let raw = raws[rawFile] ?? []
            do {
                let result = try decode(frame)
                XCTAssertTrue(result == raw, "\(frameFile): \(result.count) decoded bytes differ from \(raw.count)")
                let exact = try decode(frame, expectedSize: raw.count)
                XCTAssertTrue(exact == raw, "\(frameFile) with expected size")
                if !raw.isEmpty && raw.count < 200_000 {
                    assertThrows(frame, "limit", limit: raw.count - 1)
                    assertThrows(frame, "", expectedSize: raw.count - 1)
                }
                decoded += 1
            } catch {
                XCTFail("\(frameFile): \(error)")
            }
            if label.contains("cc1") {
                XCTAssertEqual(Array(frame.suffix(4)), Self.le32(Self.xxh32(raw)), "\(frameFile): content checksum")
                contentChecksums += 1
            }
        }
        print("decoded \(decoded) of \(lines.count) lz4.frame.compress frames; \(contentChecksums) content checksums equal XXH32")
        XCTAssertEqual(decoded, lines.count)
        XCTAssertGreaterThan(decoded, 250)
    }

    /// Frames from `LZ4Frame.compress` decode with `lz4.frame.decompress`.
    func testPythonDecodesSwiftFrames() throws {
        _ = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "lz4-peer")
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines: [String] = []
        var inputs = Self.sampleInputs(seed: 11)
        var rng = SplitMix64(seed: 12)
        for i in 0..<40 {  // every small length, for the checksums' tails
            inputs.append(("length\(i)", (0..<i).map { _ in UInt8(truncatingIfNeeded: rng.next() % 4) }))
        }
        for (name, data) in inputs {
            let frame = LZ4Frame.compress(data)
            try Data(data).write(to: directory.appendingPathComponent("\(name).raw"))
            try Data(frame).write(to: directory.appendingPathComponent("\(name).lz4"))
            lines.append("\(name).lz4 \(name).raw")
        }
        try (lines.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("swift.txt"), atomically: true, encoding: .utf8)
        let output = try PythonRunner.runScript(
            "lz4_peer.py", in: "ArrowCompressionTests", arguments: ["decompress", directory.path],
            workDirectory: directory)
        print("lz4.frame.decompress: \(output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) of \(lines.count) Swift frames")
        XCTAssertEqual(output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines), "checked \(lines.count)")
    }

    // MARK: - Round trips and the encoder's output

    func testRoundTrip() throws {
        for (name, data) in Self.sampleInputs(seed: 3) {
            let frame = LZ4Frame.compress(data)
            XCTAssertEqual(try decode(frame), data, name)
            XCTAssertEqual(try decode(frame, expectedSize: data.count), data, name)
            let viaPointer = data.withUnsafeBytes { LZ4Frame.compress($0) }
            XCTAssertEqual(viaPointer, frame, name)
        }
    }

    func testEncoderOutputShape() throws {
        // Empty input: FLG without content size, end mark, checksum of nothing.
        XCTAssertEqual(LZ4Frame.compress([]), [0x04, 0x22, 0x4D, 0x18, 0x64, 0x40, 0xA7, 0, 0, 0, 0, 0x05, 0x5D, 0xCC, 0x02])
        // Zeros shrink a lot; random bytes are stored, growing only by framing.
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        XCTAssertLessThan(LZ4Frame.compress(zeros).count, zeros.count / 200)
        var rng = SplitMix64(seed: 5)
        let random = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let frame = LZ4Frame.compress(random)
        XCTAssertEqual(frame.count, random.count + 4 + 11 + 5 * 4 + 8)
        XCTAssertEqual(frame[4] & 0x20, 0, "several blocks are linked")
        XCTAssertEqual(try decode(frame), random)
    }

    // MARK: - Format rules on hand-built frames

    func testStoredLinkedAndIndependentBlocks() throws {
        let a = Array("0123456789abcdef".utf8)
        // A stored block, then a compressed block matching into it.
        let second = Self.sequence([], offset: 16, matchLength: 16) + Self.lastLiterals(Array("tail!".utf8))
        let content = a + a + Array("tail!".utf8)
        let linked = Self.frame(
            [Block(data: a, stored: true), Block(data: second)], independent: false,
            contentSize: UInt64(content.count), contentChecksumOf: content)
        XCTAssertEqual(try decode(linked), content)
        let independent = Self.frame([Block(data: a, stored: true), Block(data: second)], independent: true)
        assertThrows(independent, "reaches before the start")

        // Overlapping matches of every small offset repeat the pattern.
        for offset in 1...20 {
            for length in [4, 5, 7, 8, 9, 15, 16, 17, 19, 40, 100, 300, 70_000] {
                let literals = (0..<offset).map { UInt8(($0 * 37 + offset) & 0xFF) }
                var expected = literals
                for i in 0..<length { expected.append(expected[i]) }
                expected += Array("12345".utf8)
                let block = Self.sequence(literals, offset: offset, matchLength: length) + Self.lastLiterals(Array("12345".utf8))
                let code: UInt8 = expected.count > 65_536 ? 5 : 4
                let bytes = Self.frame([Block(data: block)], contentChecksumOf: expected, blockSizeCode: code)
                XCTAssertEqual(try decode(bytes), expected, "offset \(offset) length \(length)")
                XCTAssertEqual(try decode(bytes, expectedSize: expected.count), expected, "offset \(offset) length \(length)")
            }
        }
    }

    func testSkippableAndConcatenatedFrames() throws {
        let one = LZ4Frame.compress(Array("first frame ".utf8))
        let two = LZ4Frame.compress([UInt8](repeating: 9, count: 100_000))
        let skippable = Self.le32(0x184D_2A5F) + Self.le32(3) + [1, 2, 3]
        let expected = Array("first frame ".utf8) + [UInt8](repeating: 9, count: 100_000)
        XCTAssertEqual(try decode(skippable + one + Self.le32(0x184D_2A50) + Self.le32(0) + two), expected)
        XCTAssertEqual(try decode(one + two, expectedSize: expected.count), expected)
        // Frames without content size, concatenated: the output grows.
        let unsized = Self.frame([Block(data: Self.lastLiterals(Array("abc".utf8)))])
        XCTAssertEqual(try decode(unsized + unsized + one), Array("abcabcfirst frame ".utf8))
        XCTAssertEqual(try decode(skippable), [])
        assertThrows(one + [0x04, 0x22], "truncated magic")
        assertThrows(one + [1, 2, 3, 4, 5], "bad magic")
        assertThrows(Self.le32(0x184D_2A51) + Self.le32(10) + [1, 2], "skippable frame")
        assertThrows(Self.le32(0x184C_2102) + [0, 0, 0, 0], "legacy")
        assertThrows([], "empty input")
    }

    func testContentSizeAndChecksums() throws {
        let content = Array("hello hello hello".utf8)
        let block = Block(data: Self.lastLiterals(content))
        // Content size zero means unknown, as the reference decoder reads it.
        XCTAssertEqual(try decode(Self.frame([block], contentSize: 0)), content)
        XCTAssertEqual(try decode(Self.frame([block], blockChecksum: true, contentSize: 17, contentChecksumOf: content)), content)
        assertThrows(Self.frame([block], contentSize: 18), "declares 18")
        assertThrows(Self.frame([block], contentSize: 16), "declared content size")
        assertThrows(Self.frame([block], contentChecksumOf: Array("other".utf8)), "content checksum mismatch")
        var badBlockChecksum = Self.frame([block], blockChecksum: true)
        badBlockChecksum[badBlockChecksum.count - 5] ^= 1
        assertThrows(badBlockChecksum, "block checksum mismatch")
        var badHeader = Self.frame([block])
        badHeader[6] ^= 0x55
        assertThrows(badHeader, "header checksum")
        assertThrows(Array(Self.frame([block], contentChecksumOf: content).dropLast(2)), "truncated content checksum")
        assertThrows(Self.frame([block]), "decodes to 17 bytes, expected 20", expectedSize: 20)
        assertThrows(Self.frame([block]), "more than the expected size", expectedSize: 10)
    }

    func testDescriptorErrors() {
        let block = Block(data: Self.lastLiterals([1, 2, 3]))
        func patched(_ change: (inout [UInt8]) -> Void) -> [UInt8] {
            var bytes = Self.frame([block])
            change(&bytes)
            let descriptor = Array(bytes[4..<6])
            bytes[6] = UInt8(truncatingIfNeeded: Self.xxh32(descriptor) >> 8)
            return bytes
        }
        assertThrows(patched { $0[4] = 0x80 | ($0[4] & 0x3F) }, "version")
        assertThrows(patched { $0[4] |= 0x02 }, "reserved FLG")
        assertThrows(patched { $0[4] |= 0x01 }, "dictionaries not supported")
        assertThrows(patched { $0[5] |= 0x80 }, "reserved BD")
        assertThrows(patched { $0[5] |= 0x01 }, "reserved BD")
        assertThrows(patched { $0[5] = 0x30 }, "block maximum size code")
        // A block larger than the block maximum size.
        let big = [UInt8](repeating: 1, count: 70_000)
        assertThrows(Self.frame([Block(data: big, stored: true)]), "exceeds the block maximum size")
        XCTAssertEqual(try? decode(Self.frame([Block(data: big, stored: true)], blockSizeCode: 5)), big)
        // A compressed block that decodes past the block maximum size.
        let long = Self.sequence([7], offset: 1, matchLength: 70_000) + Self.lastLiterals([1, 2, 3, 4, 5])
        assertThrows(Self.frame([Block(data: long)]), "block maximum size")
    }

    func testBlockErrors() {
        func block(_ data: [UInt8]) -> [UInt8] { Self.frame([Block(data: data)]) }
        assertThrows(block(Self.sequence([1, 2, 3, 4], offset: 0, matchLength: 4) + Self.lastLiterals([1, 2, 3, 4, 5])), "offset is zero")
        assertThrows(block(Self.sequence([1, 2, 3, 4], offset: 5, matchLength: 4) + Self.lastLiterals([1, 2, 3, 4, 5])), "reaches before")
        assertThrows(block(Self.sequence([1, 2, 3, 4], offset: 4, matchLength: 4)), "ends after a match")
        assertThrows(block([0xF0]), "inside a literal length")
        assertThrows(block([0xF0, 255]), "inside a literal length")
        assertThrows(block([0x50, 1, 2]), "literals run past")
        assertThrows(block([0x10, 1, 1]), "inside a match offset")
        assertThrows(block([0x1F, 1, 1, 0]), "inside a match length")
        assertThrows(block([0x1F, 1, 1, 0, 255]), "inside a match length")
        // Literal length with 255s summing past the block.
        assertThrows(block([0xF0] + [UInt8](repeating: 255, count: 300) + [0]), "literals run past")
        // Zero-literal final sequence and an empty block are fine.
        XCTAssertEqual(try? decode(block([0x00])), [])
        XCTAssertEqual(try? decode(block(Self.sequence([9], offset: 1, matchLength: 4) + [0x00])), [9, 9, 9, 9, 9])
    }

    // MARK: - Malformed input never traps

    /// Frames exercising every feature, without and with checksums.
    private static func validFrames() -> [[UInt8]] {
        var rng = SplitMix64(seed: 21)
        var text: [UInt8] = []
        while text.count < 140_000 { text += Array("value \(rng.int(0...999)) of column \(rng.int(0...9)); ".utf8) }
        let a = Array("0123456789abcdef".utf8)
        let linkedBlock = Self.sequence([], offset: 16, matchLength: 40) + Self.lastLiterals(Array("tail!".utf8))
        return [
            LZ4Frame.compress(Array(text.prefix(3_000))),
            LZ4Frame.compress(text),
            Self.frame(
                [Block(data: a, stored: true), Block(data: linkedBlock)], independent: false,
                blockChecksum: true, contentSize: 61),
            Self.frame([
                Block(
                    data: Self.sequence(Array("abcdefgh".utf8), offset: 3, matchLength: 30)
                        + Self.lastLiterals(Array("12345".utf8)))
            ]),
        ]
    }

    /// Every truncation of the small frames; of the large one, every
    /// truncation near either end and every 13th in between.
    func testEveryTruncationThrows() {
        var count = 0
        for frame in Self.validFrames() {
            XCTAssertNoThrow(try decode(frame))
            let lengths =
                frame.count <= 4096
                ? Array(0..<frame.count)
                : Array(0..<256) + Array(stride(from: 256, to: frame.count - 256, by: 13)) + Array((frame.count - 256)..<frame.count)
            for length in lengths {
                XCTAssertThrowsError(try decode(Array(frame.prefix(length))), "prefix \(length) of \(frame.count)")
                count += 1
            }
        }
        print("\(count) truncations threw")
    }

    func testRandomByteFlipsThrowOrDecode() {
        var rng = SplitMix64(seed: 99)
        var thrown = 0
        var decoded = 0
        let frames = Self.validFrames()
        for iteration in 0..<3_000 {
            var bytes = frames[iteration % frames.count]
            for _ in 0..<rng.int(1...4) {
                bytes[rng.int(0...(bytes.count - 1))] ^= UInt8(truncatingIfNeeded: rng.int(1...255))
            }
            do {
                let result = try decode(
                    bytes, expectedSize: rng.chance(30) ? rng.int(0...200_000) : nil,
                    limit: rng.chance(30) ? rng.int(0...200_000) : 1 << 31)
                XCTAssertLessThanOrEqual(result.count, 1 << 31)
                decoded += 1
            } catch {
                thrown += 1
            }
        }
        print("byte flips: \(thrown) threw, \(decoded) decoded")
        XCTAssertGreaterThan(thrown, 1_000)
    }

    /// Random block contents (no checksums to stop them) exercise the block
    /// decoder's bounds.
    func testRandomBlocksThrowOrDecode() {
        var rng = SplitMix64(seed: 1234)
        var thrown = 0
        var decoded = 0
        for _ in 0..<5_000 {
            let length = rng.int(1...300)
            var data = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if rng.chance(50) {  // small offsets, so some matches land
                for i in stride(from: 0, to: data.count, by: 7) { data[i] = UInt8(rng.int(0...40)) }
            }
            let bytes = Self.frame(
                [Block(data: Array("0123456789".utf8), stored: true), Block(data: data)],
                independent: rng.chance(50))
            do {
                _ = try decode(bytes, limit: rng.chance(20) ? rng.int(0...100) : 1 << 31)
                decoded += 1
            } catch {
                thrown += 1
            }
        }
        print("random blocks: \(thrown) threw, \(decoded) decoded")
        XCTAssertGreaterThan(thrown, 0)
    }

    /// A plain decoder of one block, written from the block format
    /// description: nil when the block is malformed or its output would
    /// exceed `limit`. Matches may reach into `history`.
    private static func referenceDecode(_ block: [UInt8], history: [UInt8], limit: Int) -> [UInt8]? {
        var out = history
        var i = 0
        func length(_ initial: Int) -> Int? {
            var value = initial
            guard value == 15 else { return value }
            while true {
                guard i < block.count else { return nil }
                let extra = Int(block[i])
                i += 1
                value += extra
                if extra != 255 { return value }
            }
        }
        while true {
            guard i < block.count else { return nil }
            let token = Int(block[i])
            i += 1
            guard let literals = length(token >> 4), literals <= block.count - i,
                out.count - history.count + literals <= limit
            else { return nil }
            out += block[i..<(i + literals)]
            i += literals
            if i == block.count { break }
            guard block.count - i >= 2 else { return nil }
            let offset = Int(block[i]) | Int(block[i + 1]) << 8
            i += 2
            guard offset > 0, offset <= out.count, let match = length(token & 15).map({ $0 + 4 }),
                out.count - history.count + match <= limit
            else { return nil }
            for _ in 0..<match { out.append(out[out.count - offset]) }
        }
        return Array(out[history.count...])
    }

    /// Plausible random blocks (right structure, random lengths and offsets,
    /// some corrupted) decode exactly as the plain reference decoder does.
    func testRandomSequencesMatchReferenceDecoder() {
        var rng = SplitMix64(seed: 777)
        let history = Array("history!!!".utf8)
        var agreedDecoded = 0
        var agreedThrown = 0
        for iteration in 0..<3_000 {
            let linked = rng.chance(50)
            var produced = linked ? history.count : 0
            var data: [UInt8] = []
            for _ in 0..<rng.int(0...10) {
                let literalCount = rng.chance(10) ? rng.int(15...400) : rng.int(0...20)
                let literals = (0..<literalCount).map { _ in UInt8(truncatingIfNeeded: rng.next() % 8) }
                produced += literalCount
                let offset = rng.chance(5) ? rng.int(0...70_000) : rng.int(max(1, produced - 40)...max(1, produced + 1))
                let matchLength = rng.chance(5) ? rng.int(4...40_000) : rng.int(4...60)
                data += Self.sequence(literals, offset: min(offset, 65_535), matchLength: matchLength)
                produced += matchLength
            }
            data += Self.lastLiterals((0..<rng.int(0...30)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            if rng.chance(20) { data[rng.int(0...(data.count - 1))] = UInt8(truncatingIfNeeded: rng.next()) }
            if rng.chance(10) { data.removeLast(rng.int(1...data.count)) }
            if data.isEmpty { data = [0] }

            let limit = rng.chance(20) ? rng.int(10...2_000) : 1 << 31
            let expected = Self.referenceDecode(data, history: linked ? history : [], limit: min(65_536, limit - 10))
            let frame = Self.frame([Block(data: history, stored: true), Block(data: data)], independent: !linked)
            let exactSize = expected.map { $0.count + history.count }
            let expectedSize = rng.chance(50) ? exactSize : nil
            do {
                let result = try decode(frame, expectedSize: expectedSize, limit: limit)
                XCTAssertEqual(result, expected.map { history + $0 }, "iteration \(iteration)")
                agreedDecoded += 1
            } catch {
                XCTAssertNil(expected, "iteration \(iteration): \(error)")
                agreedThrown += 1
            }
        }
        print("random sequences: \(agreedDecoded) decoded and \(agreedThrown) threw as the reference decoder")
        XCTAssertGreaterThan(agreedDecoded, 1_000)
        XCTAssertGreaterThan(agreedThrown, 300)
    }

    func testHugeSizesThrowBeforeAllocating() {
        let block = Block(data: Self.lastLiterals([1, 2, 3]))
        assertThrows(Self.frame([block], contentSize: 1 << 40), "exceeds the limit", limit: 1 << 20)
        assertThrows(Self.frame([block], contentSize: UInt64.max), "exceeds the limit")
        // Under the limit, but more than the input could ever decode to.
        assertThrows(Self.frame([block], contentSize: 1 << 30), "can decode to")
        assertThrows(Self.frame([block]), "exceeds the limit", expectedSize: 1 << 40, limit: 1 << 20)
        assertThrows(Self.frame([block]), "can decode to", expectedSize: 1 << 30)
        assertThrows(Self.frame([block]), "negative", expectedSize: -1)
        // Output without a declared size stops at the limit.
        let zeros = Self.sequence([0], offset: 1, matchLength: 60_000) + Self.lastLiterals([0, 0, 0, 0, 0])
        let frame = Self.frame([Block(data: zeros), Block(data: zeros)])
        XCTAssertEqual(try decode(frame).count, 120_012)
        assertThrows(frame, "limit", limit: 100_000)
        assertThrows(frame, "limit", limit: 0)
    }
}
