/// Zstandard frames (RFC 8878 section 3.1): the frame header, the blocks and
/// the optional checksum; and skippable frames (section 3.1.2).
enum ZstdFrame {
    static let magic: UInt32 = 0xFD2F_B528
    static let skippableMagicMask: UInt32 = 0xFFFF_FFF0
    static let skippableMagic: UInt32 = 0x184D_2A50

    struct Header {
        /// Bytes from the magic number to the first block header.
        var size: Int
        /// Frame_Content_Size, when present.
        var contentSize: UInt64?
        var windowSize: UInt64
        var hasChecksum: Bool
    }

    static func readUInt32(_ input: UnsafePointer<UInt8>, _ at: Int) -> UInt32 {
        UInt32(input[at]) | UInt32(input[at + 1]) << 8 | UInt32(input[at + 2]) << 16 | UInt32(input[at + 3]) << 24
    }

    /// Parses the header of the frame at `input[start]`, whose magic number
    /// has been checked; `count` is the input's size.
    static func readHeader(_ input: UnsafePointer<UInt8>, count: Int, at start: Int) throws(CompressionError) -> Header {
        guard count - start >= 5 else {
            throw CompressionError(format: "zstd", "frame header is truncated", offset: start)
        }
        let descriptor = Int(input[start + 4])
        let contentSizeFlag = descriptor >> 6
        let singleSegment = descriptor & 0x20 != 0
        guard descriptor & 0x08 == 0 else {
            throw CompressionError(format: "zstd", "reserved bit set in frame header descriptor", offset: start + 4)
        }
        let dictionaryIDSize = descriptor & 3 == 3 ? 4 : descriptor & 3
        let contentSizeSize = contentSizeFlag == 0 ? (singleSegment ? 1 : 0) : 1 << contentSizeFlag
        let size = 5 + (singleSegment ? 0 : 1) + dictionaryIDSize + contentSizeSize
        guard count - start >= size else {
            throw CompressionError(format: "zstd", "frame header is truncated", offset: start)
        }
        var p = start + 5
        var windowSize: UInt64 = 0
        if !singleSegment {
            let windowDescriptor = UInt64(input[p])
            let windowLog = 10 + (windowDescriptor >> 3)
            let windowBase: UInt64 = 1 << windowLog
            windowSize = windowBase + (windowBase >> 3) * (windowDescriptor & 7)
            p += 1
        }
        var dictionaryID: UInt64 = 0
        for i in 0..<dictionaryIDSize {
            dictionaryID |= UInt64(input[p + i]) << UInt64(8 * i)
        }
        p += dictionaryIDSize
        guard dictionaryID == 0 else {
            throw CompressionError(format: "zstd", "dictionaries are not supported (dictionary ID \(dictionaryID))", offset: start + 5)
        }
        var contentSize: UInt64?
        if contentSizeSize > 0 {
            var value: UInt64 = 0
            for i in 0..<contentSizeSize {
                value |= UInt64(input[p + i]) << UInt64(8 * i)
            }
            contentSize = contentSizeSize == 2 ? value + 256 : value
        }
        if singleSegment {
            windowSize = contentSize ?? 0
        }
        return Header(size: size, contentSize: contentSize, windowSize: windowSize, hasChecksum: descriptor & 0x04 != 0)
    }

    /// Decodes the frame at `input[start]` (magic number checked) into
    /// `output`; returns the position after it.
    static func decode(
        _ input: UnsafePointer<UInt8>, count: Int, at start: Int,
        output: inout ZstdOutput, workspace: inout ZstdWorkspace?
    ) throws(CompressionError) -> Int {
        let header = try readHeader(input, count: count, at: start)
        let frameStart = output.count
        if let contentSize = header.contentSize {
            try output.check(Int(clamping: contentSize), offset: start)
            guard contentSize <= UInt64(maxDecodedSize(inputCount: count - start)) else {
                throw CompressionError(
                    format: "zstd", "frame content size \(contentSize) is more than the frame's \(count - start) bytes can hold",
                    offset: start)
            }
            try output.reserve(Int(contentSize), offset: start)
        }
        workspace?.startFrame()
        // Block_Maximum_Size. A single-segment frame's window is its content
        // size, which the output checks already enforce, so only a window
        // descriptor's window (at least 1 KiB) lowers the 128 KiB.
        let blockMax =
            header.windowSize >= 1024
            ? Int(min(header.windowSize, UInt64(ZstdWorkspace.maxBlockSize)))
            : ZstdWorkspace.maxBlockSize
        var p = start + header.size
        var last = false
        repeat {
            guard count - p >= 3 else {
                throw CompressionError(format: "zstd", "block header is truncated", offset: p)
            }
            let blockHeader = Int(input[p]) | Int(input[p + 1]) << 8 | Int(input[p + 2]) << 16
            let headerOffset = p
            p += 3
            last = blockHeader & 1 != 0
            let type = (blockHeader >> 1) & 3
            let size = blockHeader >> 3
            guard size <= blockMax else {
                throw CompressionError(
                    format: "zstd", "block size \(size) exceeds the maximum \(blockMax)", offset: headerOffset)
            }
            switch type {
            case 0:
                guard count - p >= size else {
                    throw CompressionError(format: "zstd", "raw block is truncated", offset: p)
                }
                try output.reserve(size, offset: headerOffset)
                (output.base + output.count).update(from: input + p, count: size)
                output.count += size
                p += size
            case 1:
                guard count - p >= 1 else {
                    throw CompressionError(format: "zstd", "RLE block is truncated", offset: p)
                }
                try output.reserve(size, offset: headerOffset)
                (output.base + output.count).update(repeating: input[p], count: size)
                output.count += size
                p += 1
            case 2:
                guard count - p >= size else {
                    throw CompressionError(format: "zstd", "compressed block is truncated", offset: p)
                }
                let space: ZstdWorkspace
                if let existing = workspace {
                    space = existing
                } else {
                    let literalCapacity =
                        output.growable
                        ? ZstdWorkspace.maxBlockSize
                        : min(ZstdWorkspace.maxBlockSize, output.room)
                    space = ZstdWorkspace(literalCapacity: literalCapacity)
                    workspace = space
                }
                output.prepare(blockMax)
                let literals = try ZstdLiterals.decode(space, input: input, at: p, end: p + size, inputEnd: count)
                let op = output.base + output.count
                let end = op + min(output.room, blockMax)
                let newOp = try ZstdSequences.execute(
                    space, input: input, at: p + literals.size, end: p + size, literals: literals.literals,
                    literalCount: literals.count,
                    frameStart: output.base + frameStart, output: op, outputEnd: end)
                output.count += newOp - op
                p += size
            default:
                throw CompressionError(format: "zstd", "reserved block type", offset: headerOffset)
            }
        } while !last

        let produced = output.count - frameStart
        if let contentSize = header.contentSize, UInt64(produced) != contentSize {
            throw CompressionError(
                format: "zstd", "frame decodes to \(produced) bytes, its header says \(contentSize)", offset: start)
        }
        if header.hasChecksum {
            guard count - p >= 4 else {
                throw CompressionError(format: "zstd", "content checksum is truncated", offset: p)
            }
            let expected = readUInt32(input, p)
            let actual = UInt32(truncatingIfNeeded: XXH64.hash(UnsafeRawBufferPointer(start: output.base + frameStart, count: produced)))
            guard expected == actual else {
                throw CompressionError(format: "zstd", "content checksum mismatch", offset: p)
            }
            p += 4
        }
        return p
    }

    /// The position after the skippable frame at `input[start]` (magic checked).
    static func skip(_ input: UnsafePointer<UInt8>, count: Int, at start: Int) throws(CompressionError) -> Int {
        guard count - start >= 8 else {
            throw CompressionError(format: "zstd", "skippable frame header is truncated", offset: start)
        }
        let size = Int(readUInt32(input, start + 4))
        guard count - start - 8 >= size else {
            throw CompressionError(format: "zstd", "skippable frame is truncated", offset: start)
        }
        return start + 8 + size
    }

    /// An upper bound of what `inputCount` compressed bytes can decode to:
    /// every block takes at least 4 bytes (3-byte header and content) and
    /// decodes to at most 128 KiB. Lets claimed sizes be refused before
    /// anything is allocated for them.
    static func maxDecodedSize(inputCount: Int) -> Int {
        let (bound, overflow) = (inputCount / 4 + 1).multipliedReportingOverflow(by: ZstdWorkspace.maxBlockSize)
        return overflow ? Int.max : bound
    }

    /// The total content size of all frames if every frame states it, nil if
    /// one does not or the input is malformed (decoding will then say how).
    /// Reads only frame and block headers.
    static func totalContentSize(_ input: UnsafePointer<UInt8>, count: Int) -> UInt64? {
        var total: UInt64 = 0
        var p = 0
        while p < count {
            guard count - p >= 4 else { return nil }
            let magicNumber = readUInt32(input, p)
            if magicNumber & skippableMagicMask == skippableMagic {
                guard let next = try? skip(input, count: count, at: p) else { return nil }
                p = next
                continue
            }
            guard magicNumber == magic,
                let header = try? readHeader(input, count: count, at: p),
                let contentSize = header.contentSize
            else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(contentSize)
            guard !overflow else { return nil }
            total = sum
            p += header.size
            var last = false
            repeat {
                guard count - p >= 3 else { return nil }
                let blockHeader = Int(input[p]) | Int(input[p + 1]) << 8 | Int(input[p + 2]) << 16
                last = blockHeader & 1 != 0
                let size = (blockHeader >> 1) & 3 == 1 ? 1 : blockHeader >> 3
                guard count - p - 3 >= size else { return nil }
                p += 3 + size
            } while !last
            if header.hasChecksum {
                p += 4
            }
        }
        return p == count ? total : nil
    }
}
