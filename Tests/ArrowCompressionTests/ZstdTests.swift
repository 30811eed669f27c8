import ArrowCompression
import ArrowTestSupport
import Foundation
import XCTest

/// Zstandard decompression: XXH64, hand-made frames, malformed input, and a
/// differential test against libzstd (the Python `zstandard` package).
final class ZstdTests: XCTestCase {
    // MARK: XXH64

    func testXXH64OfEmptyInputIsThePublishedValue() {
        XCTAssertEqual(XXH64.hash(UnsafeRawBufferPointer(start: nil, count: 0)), 0xEF46_DB37_51D8_E999)
        XCTAssertEqual([UInt8]().withUnsafeBytes { XXH64.hash($0) }, 0xEF46_DB37_51D8_E999)
    }

    func testXXH64SeedChangesTheHash() {
        let bytes = Array("xxhash".utf8)
        let a = bytes.withUnsafeBytes { XXH64.hash($0, seed: 0) }
        let b = bytes.withUnsafeBytes { XXH64.hash($0, seed: 1) }
        XCTAssertNotEqual(a, b)
    }

    // MARK: Hand-made frames

    /// A frame header: magic, descriptor, optional window byte, content size.
    private func frameHeader(contentSize: UInt64?, checksum: Bool = false, dictionaryID: UInt32? = nil) -> [UInt8] {
        var out: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]
        var descriptor: UInt8 = checksum ? 0x04 : 0
        var sizeBytes: [UInt8] = []
        if let contentSize {
            descriptor |= 0xC0 | 0x20  // 8-byte content size, single segment
            for i in 0..<8 { sizeBytes.append(UInt8(truncatingIfNeeded: contentSize >> (8 * UInt64(i)))) }
        }
        var dictionaryBytes: [UInt8] = []
        if let dictionaryID {
            descriptor |= 3
            for i in 0..<4 { dictionaryBytes.append(UInt8(truncatingIfNeeded: dictionaryID >> (8 * UInt32(i)))) }
        }
        out.append(descriptor)
        if contentSize == nil {
            out.append(0x50)  // window 2^20
        }
        return out + dictionaryBytes + sizeBytes
    }

    /// A block header: last flag, type (0 raw, 1 RLE, 2 compressed), size.
    private func blockHeader(last: Bool, type: Int, size: Int) -> [UInt8] {
        let value = (last ? 1 : 0) | type << 1 | size << 3
        return [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF)]
    }

    private func checksum(_ bytes: [UInt8]) -> [UInt8] {
        let h = bytes.withUnsafeBytes { XXH64.hash($0) }
        return (0..<4).map { UInt8(truncatingIfNeeded: h >> (8 * UInt64($0))) }
    }

    func testRawAndRLEBlocksWithChecksum() throws {
        let payload = Array("hello, zstd".utf8)
        let expected = payload + [UInt8](repeating: 0x2A, count: 1000)
        let frame =
            frameHeader(contentSize: UInt64(expected.count), checksum: true)
            + blockHeader(last: false, type: 0, size: payload.count) + payload
            + blockHeader(last: true, type: 1, size: 1000) + [0x2A]
            + checksum(expected)
        XCTAssertEqual(try Zstd.decompress(frame), expected)
        XCTAssertEqual(try Zstd.decompress(frame, expectedSize: expected.count), expected)

        var corrupted = frame
        corrupted[corrupted.count - 1] ^= 1
        XCTAssertThrowsError(try Zstd.decompress(corrupted)) { error in
            XCTAssertTrue("\(error)".contains("checksum"), "\(error)")
        }
    }

    /// A compressed block whose raw literals the sequences use: 20 sequences
    /// (RLE codes: 4 literals, then a 4-byte match 4 back) and 5 last literals.
    /// When at least 32 input bytes follow the literals, the decoder reads them
    /// in place; at the end of the input it copies them first. Both must agree.
    func testRawLiteralsReadInPlaceOrCopiedNearTheInputEnd() throws {
        let sequences = 20
        let literals: [UInt8] = (0..<(4 * sequences + 5)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var expected: [UInt8] = []
        for i in 0..<sequences {
            let four = Array(literals[(4 * i)..<(4 * i + 4)])
            expected += four + four
        }
        expected += literals.suffix(5)
        let count = literals.count
        let literalsSection: [UInt8] = [UInt8((1 << 2) | (count & 0xF) << 4), UInt8(count >> 4)] + literals
        // Codes: literal length 4 (no extra bits), offset code 2 (value 4 + 2
        // extra bits "11" = 7, offset 4), match length code 1 (4). The
        // bitstream is 2 bits per sequence, all ones, under the end marker.
        let bitCount = 2 * sequences + 1
        let stream: [UInt8] = (0..<((bitCount + 7) / 8)).map { i in
            let bits = max(0, min(8, bitCount - 8 * i))
            return UInt8((1 << bits) - 1)
        }
        let sequencesSection: [UInt8] = [UInt8(sequences), 0x54, 4, 2, 1] + stream
        let block = literalsSection + sequencesSection
        let trailer: [UInt8] = Array(repeating: 0x5A, count: 40)

        let atEnd =
            frameHeader(contentSize: UInt64(expected.count))
            + blockHeader(last: true, type: 2, size: block.count) + block
        XCTAssertEqual(try Zstd.decompress(atEnd), expected, "literals followed by fewer than 32 bytes")

        let followed =
            frameHeader(contentSize: UInt64(expected.count + trailer.count))
            + blockHeader(last: false, type: 2, size: block.count) + block
            + blockHeader(last: true, type: 0, size: trailer.count) + trailer
        XCTAssertEqual(try Zstd.decompress(followed), expected + trailer, "literals read in place")
        var output = [UInt8](repeating: 0, count: expected.count + trailer.count)
        try followed.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { try Zstd.decompress(input, into: $0) }
        }
        XCTAssertEqual(output, expected + trailer)
    }

    func testFrameWithoutContentSizeAndEmptyFrames() throws {
        let payload: [UInt8] = Array(0..<200)
        let frame = frameHeader(contentSize: nil) + blockHeader(last: true, type: 0, size: payload.count) + payload
        XCTAssertEqual(try Zstd.decompress(frame), payload)
        let empty = frameHeader(contentSize: 0) + blockHeader(last: true, type: 0, size: 0)
        XCTAssertEqual(try Zstd.decompress(empty), [])
        XCTAssertEqual(try Zstd.decompress(empty + frame + empty), payload)
        XCTAssertEqual(try Zstd.decompress([UInt8]()), [])
        XCTAssertThrowsError(try Zstd.decompress([UInt8](), expectedSize: 1))
    }

    func testSkippableFramesAreSkipped() throws {
        let payload = Array("data".utf8)
        let frame = frameHeader(contentSize: 4) + blockHeader(last: true, type: 0, size: 4) + payload
        let skippable: [UInt8] = [0x5E, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3]
        XCTAssertEqual(try Zstd.decompress(skippable + frame + skippable), payload)
        XCTAssertEqual(try Zstd.decompress(skippable), [])
        XCTAssertThrowsError(try Zstd.decompress(Array(skippable.dropLast())))
    }

    func testDictionaryFramesAreRefused() {
        let frame = frameHeader(contentSize: 1, dictionaryID: 1234) + blockHeader(last: true, type: 0, size: 1) + [7]
        XCTAssertThrowsError(try Zstd.decompress(frame)) { error in
            XCTAssertTrue("\(error)".contains("dictionaries are not supported"), "\(error)")
        }
    }

    func testStructuralErrors() {
        let good = frameHeader(contentSize: 3) + blockHeader(last: true, type: 0, size: 3) + [1, 2, 3]
        XCTAssertEqual(try Zstd.decompress(good), [1, 2, 3])
        // Wrong magic, trailing garbage, reserved descriptor bit, reserved block type.
        var badMagic = good
        badMagic[0] = 0
        XCTAssertThrowsError(try Zstd.decompress(badMagic))
        XCTAssertThrowsError(try Zstd.decompress(good + [1, 2]))
        var reservedBit = good
        reservedBit[4] |= 0x08
        XCTAssertThrowsError(try Zstd.decompress(reservedBit))
        let reservedType = frameHeader(contentSize: 3) + blockHeader(last: true, type: 3, size: 3) + [1, 2, 3]
        XCTAssertThrowsError(try Zstd.decompress(reservedType))
        // Content size that disagrees with the blocks; expected size that disagrees.
        let wrongSize = frameHeader(contentSize: 4) + blockHeader(last: true, type: 0, size: 3) + [1, 2, 3]
        XCTAssertThrowsError(try Zstd.decompress(wrongSize))
        XCTAssertThrowsError(try Zstd.decompress(good, expectedSize: 2))
        XCTAssertThrowsError(try Zstd.decompress(good, expectedSize: 4))
        // Blocks larger than 128 KiB.
        let hugeRLE = frameHeader(contentSize: nil) + blockHeader(last: true, type: 1, size: (1 << 17) + 1) + [0]
        XCTAssertThrowsError(try Zstd.decompress(hugeRLE))
    }

    func testHugeContentSizeIsRefusedBeforeAllocating() {
        // Claims 1 TiB; the limit is 1 MiB. Must throw at once, without
        // trying to allocate the claimed size.
        let frame = frameHeader(contentSize: 1 << 40) + blockHeader(last: true, type: 1, size: 100) + [0]
        XCTAssertThrowsError(try Zstd.decompress(frame, limit: 1 << 20)) { error in
            XCTAssertTrue("\(error)".contains("limit"), "\(error)")
        }
        // Also with the default limit (2 GiB), and as the second frame after
        // one without a content size (the growing-output path).
        XCTAssertThrowsError(try Zstd.decompress(frame))
        let first = frameHeader(contentSize: nil) + blockHeader(last: true, type: 0, size: 1) + [9]
        XCTAssertThrowsError(try Zstd.decompress(first + frame, limit: 1 << 20)) { error in
            XCTAssertTrue("\(error)".contains("limit"), "\(error)")
        }
        // Claims more than the input could decode to (4 input bytes per
        // 128 KiB at best): refused whatever the limit.
        let tooLarge = frameHeader(contentSize: 1 << 30) + blockHeader(last: true, type: 1, size: 100) + [0]
        XCTAssertThrowsError(try Zstd.decompress(tooLarge, limit: Int.max)) { error in
            XCTAssertTrue("\(error)".contains("can hold"), "\(error)")
        }
        XCTAssertThrowsError(try Zstd.decompress(first + tooLarge, limit: Int.max)) { error in
            XCTAssertTrue("\(error)".contains("can hold"), "\(error)")
        }
        XCTAssertThrowsError(try Zstd.decompress(first, expectedSize: 1 << 30, limit: Int.max)) { error in
            XCTAssertTrue("\(error)".contains("cannot decode"), "\(error)")
        }
        // RLE blocks without a content size stop at the limit.
        var blocks = frameHeader(contentSize: nil)
        for i in 0..<20 {
            blocks += blockHeader(last: i == 19, type: 1, size: 1 << 17) + [1]
        }
        XCTAssertThrowsError(try Zstd.decompress(blocks, limit: 1 << 20))
        XCTAssertEqual(try Zstd.decompress(blocks, limit: 20 << 17).count, 20 << 17)
        XCTAssertThrowsError(try Zstd.decompress(blocks, expectedSize: 1 << 20, limit: 1 << 19))
    }

    /// Frames libzstd made from empty input (content size 0) decode into an
    /// empty output buffer, which has no base address; LZ4 already accepted
    /// that. A frame holding bytes, or a damaged frame, still throws.
    func testEmptyFramesDecodeIntoAnEmptyBuffer() throws {
        let python = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "zstd-empty")
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            import zstandard
            c = zstandard.ZstdCompressor()
            print(c.compress(b"").hex())
            print(c.compress(b"x").hex())
            print(zstandard.ZstdCompressor(write_checksum=True).compress(b"").hex())
            """
        let output = try PythonRunner.run(python, arguments: ["-c", script], workDirectory: directory)
        XCTAssertEqual(output.status, 0, output.stderrText)
        let frames = output.stdoutText.split(separator: "\n").map { EmbeddedFrame(name: "", originalCount: 0, originalFNV1a: 0, hex: String($0)).bytes }
        XCTAssertEqual(frames.count, 3)
        guard frames.count == 3 else { return }
        let (empty, one, emptyChecked) = (frames[0], frames[1], frames[2])
        let noMemory = UnsafeMutableRawBufferPointer(start: nil, count: 0)

        func decodeIntoEmpty(_ input: [UInt8]) throws(CompressionError) {
            let result: Result<Void, CompressionError> = input.withUnsafeBytes { raw in
                Result { () throws(CompressionError) in try Zstd.decompress(raw, into: noMemory) }
            }
            try result.get()
        }
        let skippable: [UInt8] = [0x50, 0x2A, 0x4D, 0x18, 2, 0, 0, 0, 7, 7]
        for input in [empty, emptyChecked, empty + emptyChecked, skippable + empty + skippable] {
            XCTAssertNoThrow(try decodeIntoEmpty(input), "\(input)")
        }
        XCTAssertThrowsError(try decodeIntoEmpty(one)) { error in
            XCTAssertTrue("\(error)".contains("exceed the expected 0 bytes"), "\(error)")
        }
        var damaged = emptyChecked
        damaged[damaged.count - 1] ^= 1
        XCTAssertThrowsError(try decodeIntoEmpty(damaged)) { error in
            XCTAssertTrue("\(error)".contains("checksum"), "\(error)")
        }
        XCTAssertThrowsError(try decodeIntoEmpty(Array(empty.dropLast())))
    }

    /// A frame of one compressed block holding `content`.
    private func compressedFrame(_ content: [UInt8], before: [UInt8] = []) -> [UInt8] {
        var frame = frameHeader(contentSize: nil)
        if !before.isEmpty {
            frame += blockHeader(last: false, type: 0, size: before.count) + before
        }
        return frame + blockHeader(last: true, type: 2, size: content.count) + content
    }

    func testRLELiteralsInEverySizeFormat() throws {
        // Literals header: type 1 (RLE); 5-, 12- and 20-bit sizes; no sequences.
        XCTAssertEqual(try Zstd.decompress(compressedFrame([1 | 20 << 3, 0x78, 0])), [UInt8](repeating: 0x78, count: 20))
        let size12 = 3000
        let header12: [UInt8] = [UInt8(1 | 1 << 2 | (size12 & 15) << 4), UInt8(size12 >> 4)]
        XCTAssertEqual(try Zstd.decompress(compressedFrame(header12 + [0x79, 0])), [UInt8](repeating: 0x79, count: size12))
        let size20 = 100_000
        let header20: [UInt8] = [UInt8(1 | 3 << 2 | (size20 & 15) << 4), UInt8((size20 >> 4) & 0xFF), UInt8(size20 >> 12)]
        XCTAssertEqual(try Zstd.decompress(compressedFrame(header20 + [0x7A, 0])), [UInt8](repeating: 0x7A, count: size20))
        // Bytes after an empty sequences section are an error.
        XCTAssertThrowsError(try Zstd.decompress(compressedFrame([1 | 20 << 3, 0x78, 0, 0])))
    }

    func testHuffmanLiteralsWithDirectWeights() throws {
        // Weights written directly (header 127 + 98): symbol 0x61 has weight
        // 1, and the implied last symbol 0x62 gets weight 1 too: one bit each,
        // 'a' = 0 and 'b' = 1.
        var tree: [UInt8] = [127 + 98]
        tree += [UInt8](repeating: 0, count: 49)
        tree[1 + 0x61 / 2] = 0x01  // odd symbol: low nibble
        let literals = Array("abbabaaabbbbabab".utf8)
        // The first literal is read first, from the stream's end: write the
        // codes last literal first, then the end marker.
        var bits: [Int] = literals.reversed().map { $0 == 0x62 ? 1 : 0 }
        bits.append(1)
        var stream = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for (i, bit) in bits.enumerated() where bit == 1 {
            stream[i / 8] |= 1 << (i % 8)
        }
        let compressedSize = tree.count + stream.count
        let header = 2 | literals.count << 4 | compressedSize << 14
        let section: [UInt8] = [UInt8(header & 0xFF), UInt8((header >> 8) & 0xFF), UInt8(header >> 16)] + tree + stream
        XCTAssertEqual(try Zstd.decompress(compressedFrame(section + [0])), literals)

        // The same literals again without a tree (treeless) in a second block.
        let treeless = 3 | literals.count << 4 | stream.count << 14
        let treelessSection: [UInt8] = [UInt8(treeless & 0xFF), UInt8((treeless >> 8) & 0xFF), UInt8(treeless >> 16)] + stream
        var twoBlocks = frameHeader(contentSize: nil)
        twoBlocks += blockHeader(last: false, type: 2, size: section.count + 1) + section + [0]
        twoBlocks += blockHeader(last: true, type: 2, size: treelessSection.count + 1) + treelessSection + [0]
        XCTAssertEqual(try Zstd.decompress(twoBlocks), literals + literals)
        // Treeless literals with no earlier tree in the frame. Decompressions
        // reuse workspaces (ZstdWorkspacePool): the one that just decoded the
        // tree above must forget it when the next frame starts, however often.
        for _ in 0..<3 {
            XCTAssertEqual(try Zstd.decompress(twoBlocks), literals + literals)
            XCTAssertThrowsError(try Zstd.decompress(compressedFrame(treelessSection + [0]))) { error in
                XCTAssertTrue("\(error)".contains("treeless"), "\(error)")
            }
            // Two frames in one call: the second may not use the first's tree either.
            XCTAssertThrowsError(try Zstd.decompress(twoBlocks + compressedFrame(treelessSection + [0]))) { error in
                XCTAssertTrue("\(error)".contains("treeless"), "\(error)")
            }
        }
        // A stream with a bit too many or too few.
        var longer = section
        longer[longer.count - 1] = 0x03
        XCTAssertThrowsError(try Zstd.decompress(compressedFrame(longer + [0])))
    }

    func testManySequencesWithRLETablesAndRepeatOffsets() throws {
        // 0x7F00 + 300 sequences (the 3-byte count), every table in RLE mode:
        // literal length code 0, offset code 0 (offset value 1), match length
        // code 0 (3 bytes). With no literals, offset value 1 means the second
        // repeat offset, which then swaps with the first: offsets 4, 1, 4, 1...
        let count = 0x7F00 + 300
        let sequences: [UInt8] = [255, UInt8(300 & 0xFF), UInt8(300 >> 8), 0b0101_0100, 0, 0, 0, 0x01]
        let content: [UInt8] = [0] + sequences  // raw literals, none
        let frame = compressedFrame(content, before: Array("abcd".utf8))
        var expected = Array("abcd".utf8)
        for i in 0..<count {
            let offset = i % 2 == 0 ? 4 : 1
            for _ in 0..<3 { expected.append(expected[expected.count - offset]) }
        }
        XCTAssertEqual(try Zstd.decompress(frame), expected)
        // The first match must not reach before the frame's first byte.
        XCTAssertThrowsError(try Zstd.decompress(compressedFrame(content, before: Array("abc".utf8))))
        // Repeat mode with no earlier table.
        let repeatMode: [UInt8] = [0, 1, 0b1111_1100, 0x01]
        XCTAssertThrowsError(try Zstd.decompress(compressedFrame(repeatMode, before: Array("abcd".utf8)))) { error in
            XCTAssertTrue("\(error)".contains("repeat mode"), "\(error)")
        }
    }

    /// A compressed block with `literals` (raw) and one sequence (literal
    /// length `literals.count`, `offset`, `matchLength`) in RLE modes, the
    /// extra bits in the bitstream.
    private func oneSequenceBlock(literals: [UInt8], offset: Int, matchLength: Int) -> [UInt8] {
        let matchBases: [(base: Int, bits: Int)] = [
            (35, 1), (37, 1), (39, 1), (41, 1), (43, 2), (47, 2), (51, 3), (59, 3), (67, 4), (83, 4), (99, 5),
            (131, 7), (259, 8), (515, 9), (1027, 10), (2051, 11), (4099, 12), (8195, 13), (16387, 14),
            (32771, 15), (65539, 16),
        ]
        var mlCode = matchLength - 3
        var mlExtra = 0
        var mlBits = 0
        if matchLength - 3 >= 32 {
            let index = matchBases.lastIndex { $0.base <= matchLength } ?? 0
            mlCode = 32 + index
            mlExtra = matchLength - matchBases[index].base
            mlBits = matchBases[index].bits
        }
        let offsetValue = offset + 3
        let ofCode = Int.bitWidth - 1 - offsetValue.leadingZeroBitCount
        let ofExtra = offsetValue - (1 << ofCode)
        // Literal lengths below 16 are their own codes, without extra bits.
        precondition(literals.count < 16)
        // Written in the reverse of the reading order (offset, match length,
        // literal length), then the end marker.
        let value = mlExtra | ofExtra << mlBits | 1 << (mlBits + ofCode)
        var stream: [UInt8] = []
        var rest = value
        while rest > 0 {
            stream.append(UInt8(rest & 0xFF))
            rest >>= 8
        }
        let section: [UInt8] =
            [UInt8(literals.count << 3)] + literals
            + [1, 0b0101_0100, UInt8(literals.count), UInt8(ofCode), UInt8(mlCode)] + stream
        return blockHeader(last: true, type: 2, size: section.count) + section
    }

    func testMatchCopiesForShortAndLongOffsets() throws {
        let prefix: [UInt8] = (0..<40).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var checked = 0
        for offset in 1...40 {
            for matchLength in [3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 40, 63, 100, 1000, 5000] {
                for literalCount in [0, 1, 5] {
                    let literals = Array(prefix.prefix(literalCount).reversed())
                    var frame = frameHeader(contentSize: nil)
                    frame += blockHeader(last: false, type: 0, size: prefix.count) + prefix
                    frame += oneSequenceBlock(literals: literals, offset: offset, matchLength: matchLength)
                    var expected = prefix + literals
                    for _ in 0..<matchLength {
                        expected.append(expected[expected.count - offset])
                    }
                    // Room to spare (growing output) and none (exact size).
                    XCTAssertEqual(try Zstd.decompress(frame), expected, "offset \(offset), length \(matchLength)")
                    XCTAssertEqual(
                        try Zstd.decompress(frame, expectedSize: expected.count), expected,
                        "offset \(offset), length \(matchLength), exact size")
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 40 * 19 * 3)
        // An offset reaching one byte before the frame.
        var frame = frameHeader(contentSize: nil) + blockHeader(last: false, type: 0, size: 10) + Array(prefix.prefix(10))
        frame += oneSequenceBlock(literals: [1], offset: 12, matchLength: 3)
        XCTAssertThrowsError(try Zstd.decompress(frame))
    }

    func testBlockLargerThanTheWindowIsRefused() {
        // Window descriptor 0: a 1 KiB window, so blocks hold at most 1 KiB.
        var frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00]
        frame += blockHeader(last: true, type: 0, size: 1025) + [UInt8](repeating: 1, count: 1025)
        XCTAssertThrowsError(try Zstd.decompress(frame))
        var small: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00]
        small += blockHeader(last: true, type: 0, size: 1024) + [UInt8](repeating: 1, count: 1024)
        XCTAssertEqual(try Zstd.decompress(small).count, 1024)
    }

    // MARK: Embedded libzstd frames

    struct EmbeddedFrame {
        var name: String
        var originalCount: Int
        var originalFNV1a: UInt64
        var hex: String

        var bytes: [UInt8] {
            let digits = Array(hex.utf8.filter { !$0.isWhiteSpaceByte })
            return stride(from: 0, to: digits.count, by: 2).map { i in
                UInt8(hexDigit(digits[i]) << 4 | hexDigit(digits[i + 1]))
            }
        }

        private func hexDigit(_ c: UInt8) -> UInt8 {
            c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10
        }
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x100_0000_01B3
        }
        return h
    }

    /// Small frames made by libzstd 1.5 (python-zstandard 0.25.0) from seeded
    /// inputs: Huffman literals with one and four streams, FSE, RLE and
    /// repeat sequence tables, frames with and without checksum and content
    /// size, and two frames around a skippable frame.
    static let embedded: [EmbeddedFrame] = [
        EmbeddedFrame(
            name: "text level 3, checksum", originalCount: 700, originalFNV1a: 0xA4A8_49B0_5E6A_3464,
            hex: """
                28b52ffd64bc019d0800d2891e1d6045db06006c5a38b889c26abafb9d23a3a01e4c79a1b3e1a1a083200e78bddb1472
                aa3634d9d7c87200b3ac442184baa4da94a35cbc46c5598bc73dce467b83dc0806ad0a37080792f03ac9816531df9366
                01bf94ca613f72f10ccfa3b22d32fb9a7532d57523dbdee1998ef5cae94b4f28c4cdae52db75024da8c1a20432244965
                6b0c3042a298dc031018062571650dab584eb93d70ad34e9ac57331ab51aacac9c7731432fec3023efb4db09ca68f197
                cbdbff592b08673c06d58d0b9eb8b94f85ae1482cacfe4002ae2d59ca7fc2ca7459105774db0f3018786a1151a0bec9d
                8223b6ab502e25d492219412cb0739e888969142164d835a41e97c055130c2d2389bcd20fb7ab4739ddf3e4a0dd132ce
                96
                """),
        EmbeddedFrame(
            name: "int64 level 19, checksum", originalCount: 2400, originalFNV1a: 0xE437_578E_B27F_544B,
            hex: """
                28b52ffd646008ad1200041323fdff4e0300aaff09e502a601b534709600bad086f8fe18c148ccacd936b12790b56596
                edad3c19356be76973b1fc5802c5473703bb760babc755f620a6895b4b2930c1a5672f6b2ecc7479456279d52fee8923
                6e5ccb9b8da84b6fee899a07f877464c5903a89271ad4c907bb5ec50c59d5fbe0a8400e419b1304b74c95b2a3244206d
                ec0f5ad4f203f52dd7fb61d047843dd5911895998d8701fb44103cd343f08831f11b6d8c70de5b73faa0a5f56fe91637
                bc1aa16218cd6c49a5141e99ce75c444417fae5d27a42f2460928a756a15088381ac6aec67f28fa1ddc567b589b95e1b
                9a42f9e87a4ca47d3d34ff9a67014a7231d14d4aea7c495887ca07462cd7a1d892209ea452cbb5254cb888207f952221
                8fbb3589481e8e3e601e4296e8a9af6bf5d39226ebfdd20c1c5ff4f68127a821f80ea13081829833e9112408bded7ba8
                d9011e4e9b5d3b68d99b1ee435af6657f7dae62fc7330436b9ba37b7abcbb1e878c97a43ac4f1e67cac0e2c6b3534ccf
                1c7180c169a77ddf4d8d3ced5f379e299f62ac3ac0a033f671f1d594767d0f1c06268eb132fbe6be41b4382c234db03b
                ce5af2aab9b8cd1afa008a1d1a761587a44968de741a3f8c5f5a1d783260eefc60df0693cbf5a50ca049308047181d43
                931bafb6cdec3632c9787d7623671d60fde48169d3b436db1aa636bbae7463405b17c378dd00f359ad6e39cdc7259cac
                fdc061b67d37b078ed69bfecc4b0bb3c034c6f7a8e1e8739b666addab38ec34695fd2a34ab0586798c1a39f1c3e5eb44
                b4bb3a149db4d7e55e1f71cc637043e0616b11785ed5753ec3ae2a810ab8aa27197cbe
                """),
        EmbeddedFrame(
            name: "repetitive level 1, no checksum, no size", originalCount: 900, originalFNV1a: 0x9B98_7F02_26C1_E1D4,
            hex: """
                28b52ffd00004d0100040235b7da196f9c33e7cc2c2279bce53f2cd7af412aa684accc81eaded98b133c3d0100083b2a
                f504
                """),
        EmbeddedFrame(
            name: "runs and text level 9, size", originalCount: 3400, originalFNV1a: 0x2020_51A0_F41A_9C8F,
            hex: """
                28b52ffd60480c8d060082481b1c6045db06006c5a38b84522d3a2d7f6b41a810c092f343d720a820eda8d32736de080
                2b0d20e174c88945dc4ab1add505835e648acaa91b64b9fe2018c3d3181be59a9eb39446754eba5952b20871bcc5b540
                f5a455c00fe5da0a5f12b35d71299144ac8f6a7cbeba329d610428a8012a9a199a2dac593b3042c228bc011140309463
                cbb4ffffbf01fba8055fabc2821e44209b8b3c2668789efa9ad107e3196439d709cecc979fb0ff127bbb7ac1036a088c
                759a9660ccbd0211a4964fb7a3c951cf4af33f7b757cd3ec548007
                """),
        EmbeddedFrame(
            name: "two frames around a skippable frame", originalCount: 964, originalFNV1a: 0xCBC8_3BE6_74B6_E2D4,
            hex: """
                28b52ffd642c005d06005409687566666d616e2062617463682073657175656e636520636f6c756d6e206672616d6520
                627566666572426c6f636b2e2077696e646f77206c69746572616c20737472696e677265636f72646f66667365746d61
                74636820737472696e677461626c6520636f6c756d6e204672616d652e626c6f636b696e7436346172726f7773746174
                6576616c7565696e743634206261746368140066c89aa8ac4b8dd04a206219b418a00fa2b7203ab212d04054aa113019
                34bd1c3e8985995355a5626670142940459cc0a6ca632a49d1532a4d1805000000736b69702128b52ffd6498014d0a00
                528c2c2a804f0757f430debe5de2bd1509663ad9d911ed24444829443522d396337b44c5c17b67eb494cb506da0189a7
                91c669d86c80a5ece89d9dacafd9d0d32b0fc250f6811e2834da875cce3222fa6ccb483c8d7feb73fb6e5bc85be57d4f
                a7159ba91c8d990799fbabe1f70b61ede960cbab526efdecdf7fff4a58b6f58fd2b67508bb8dbd938d617fd4bb8bdfd8
                cbd55aa1482311a8c39970f2602c14054d03086632184b95429d4ca5d0c7b3e9488330d00264a8f1c414445290cab006
                b0249032ebf084cc6438011998cba131b65368fd4c9bfc353cec520198b2b26e1ffdb0bc52fa3447f9caaa77fc28a739
                acf3247103a122cd5950c710b3f047dbd96d980630cf8282410052b96889bff423f92e288581a299348253277fd799c0
                050c2989a7845c38e84dc63856eba6675216fe21b571d24dd8f201fe2c407c258d1b2d73a44f40e05b6e53de15
                """),
    ]

    func testEmbeddedFramesDecode() throws {
        for frame in Self.embedded {
            let bytes = frame.bytes
            let decoded = try Zstd.decompress(bytes)
            XCTAssertEqual(decoded.count, frame.originalCount, frame.name)
            XCTAssertEqual(Self.fnv1a(decoded), frame.originalFNV1a, frame.name)
            XCTAssertEqual(try Zstd.decompress(bytes, expectedSize: frame.originalCount), decoded, frame.name)
            if frame.originalCount > 0 {
                XCTAssertThrowsError(try Zstd.decompress(bytes, limit: frame.originalCount - 1), frame.name)
            }
        }
    }

    // MARK: Malformed input

    /// Decodes `bytes`; returns true if it threw. A trap would end the test run.
    private func decodeOrThrow(_ bytes: [UInt8], limit: Int = 1 << 22) -> Bool {
        do {
            _ = try Zstd.decompress(bytes, limit: limit)
            return false
        } catch {
            return true
        }
    }

    func testEveryTruncationThrowsOrDecodes() {
        var thrown = 0
        var decoded = 0
        for frame in Self.embedded {
            let bytes = frame.bytes
            for length in 0..<bytes.count {
                let prefix = Array(bytes[0..<length])
                if decodeOrThrow(prefix) {
                    thrown += 1
                } else {
                    decoded += 1
                    // Only a prefix ending at a frame boundary may decode.
                    XCTAssertTrue(length == 0 || frame.name.contains("frames"), "\(frame.name): prefix \(length) decoded")
                }
                // The same prefix with the expected size.
                _ = try? Zstd.decompress(prefix, expectedSize: frame.originalCount)
            }
        }
        print("zstd truncations: \(thrown) threw, \(decoded) decoded")
        XCTAssertGreaterThan(thrown, 1000)
    }

    func testRandomByteFlipsThrowOrDecode() {
        var random = SplitMix64(seed: 0x2575)
        var thrown = 0
        var decoded = 0
        for frame in Self.embedded {
            let bytes = frame.bytes
            for _ in 0..<1500 {
                var mutated = bytes
                for _ in 0..<random.int(1...4) {
                    let index = random.int(0...mutated.count - 1)
                    if random.chance(50) {
                        mutated[index] ^= UInt8(1 << random.int(0...7))
                    } else {
                        mutated[index] = UInt8(truncatingIfNeeded: random.next())
                    }
                }
                if decodeOrThrow(mutated) { thrown += 1 } else { decoded += 1 }
            }
        }
        print("zstd byte flips: \(thrown) threw, \(decoded) decoded")
        XCTAssertGreaterThan(thrown, decoded)
    }

    func testRandomGarbageAfterValidHeaderThrowsOrDecodes() {
        var random = SplitMix64(seed: 77)
        var thrown = 0
        for _ in 0..<3000 {
            // A valid header and a compressed block of random content.
            let size = random.int(1...300)
            var frame = frameHeader(contentSize: random.chance(50) ? nil : UInt64(random.int(0...5000)))
            frame += blockHeader(last: random.chance(80), type: 2, size: size)
            for _ in 0..<size { frame.append(UInt8(truncatingIfNeeded: random.next())) }
            if decodeOrThrow(frame) { thrown += 1 }
        }
        print("zstd random blocks: \(thrown) of 3000 threw")
        XCTAssertGreaterThan(thrown, 2500)
    }

    // MARK: Differential against libzstd

    func testDifferentialAgainstLibzstd() throws {
        _ = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "zstd-peer")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try PythonRunner.runScript(
            "zstd_peer.py", in: "ArrowCompressionTests", arguments: ["generate", directory.path], workDirectory: directory)
        print(output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))

        let manifest = try String(contentsOf: directory.appendingPathComponent("cases.tsv"), encoding: .utf8)
        var decoded = 0
        var refused = 0
        var bytes = 0
        var checksummed = 0
        for line in manifest.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(fields.count, 4, String(line))
            guard fields.count == 4 else { continue }
            let (name, kind) = (fields[0], fields[3])
            let original = try [UInt8](Data(contentsOf: directory.appendingPathComponent(fields[1])))
            let compressed = try [UInt8](Data(contentsOf: directory.appendingPathComponent(fields[2])))
            if kind == "dict" {
                XCTAssertThrowsError(try Zstd.decompress(compressed), name) { error in
                    XCTAssertTrue("\(error)".contains("dictionaries are not supported"), "\(name): \(error)")
                }
                refused += 1
                continue
            }
            do {
                let result = try Zstd.decompress(compressed)
                XCTAssertTrue(result == original, "\(name): \(result.count) bytes decoded, \(original.count) expected")
                let sized = try Zstd.decompress(compressed, expectedSize: original.count)
                XCTAssertTrue(sized == original, "\(name) with expected size")
                if !original.isEmpty {
                    XCTAssertThrowsError(try Zstd.decompress(compressed, limit: original.count - 1), name)
                }
                decoded += 1
                bytes += original.count
            } catch {
                XCTFail("\(name): \(error)")
            }
            // XXH64: a single frame with a checksum ends with its low 32 bits.
            if name.contains("checksum=1") {
                let stored = compressed.suffix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
                let hash = original.withUnsafeBytes { XXH64.hash($0) }
                XCTAssertEqual(UInt32(truncatingIfNeeded: hash), stored, name)
                checksummed += 1
            }
        }
        print("zstd differential: \(decoded) inputs decoded (\(bytes) bytes), \(checksummed) XXH64 checks, \(refused) dictionary frames refused")
        XCTAssertGreaterThan(decoded, 500)
        XCTAssertGreaterThan(checksummed, 100)
    }
}

extension UInt8 {
    fileprivate var isWhiteSpaceByte: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}
