import ArrowMemory

/// Zstandard compression (RFC 8878) of one buffer into one frame, the way
/// libzstd's one-shot compression lays it out: content size in the header
/// (single segment when the input fits the window), blocks of at most
/// 128 KiB, each stored raw, as RLE or compressed, whichever is smallest,
/// and an optional XXH64 checksum.
///
/// Levels 1 (and below) use the fast strategy, 2 and 3 (and above) the
/// double fast strategy; see `ZstdMatchFinder`. Every call uses its own
/// memory, so concurrent calls are safe.
extension Zstd {
    /// The largest frame `compress` can produce for `count` input bytes.
    ///
    /// - Parameter count: The input size in bytes.
    /// - Returns: `count` plus 3 bytes per 128 KiB block, the largest frame
    ///   header and a 4-byte checksum.
    public static func maxCompressedSize(_ count: Int) -> Int {
        let blocks = max(1, (count + ZstdEncoder.blockSize - 1) / ZstdEncoder.blockSize)
        return count + 3 * blocks + ZstdEncoder.maxHeaderSize + 4
    }

    /// Compresses `input` into one frame.
    ///
    /// - Parameters:
    ///   - input: The bytes to compress; may be empty.
    ///   - level: 1 or below selects the fast strategy, 2 or above double fast
    ///     (default 1).
    ///   - checksum: Append the XXH64-based content checksum (default `false`).
    /// - Returns: One complete Zstandard frame with the content size in its header.
    /// - Complexity: O(n) in the input size.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int = 1, checksum: Bool = false) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: maxCompressedSize(input.count)) { buffer, initialized in
            HugePageAdvice.adviseFresh(buffer.baseAddress.unsafelyUnwrapped, count: buffer.count)
            initialized = ZstdEncoder.compress(
                input, level: level, checksum: checksum, into: buffer.baseAddress.unsafelyUnwrapped)
        }
    }

    /// Compresses `input` into one frame; see the `UnsafeRawBufferPointer` overload.
    ///
    /// - Parameters:
    ///   - input: The bytes to compress; may be empty.
    ///   - level: 1 or below selects the fast strategy, 2 or above double fast.
    ///   - checksum: Append the content checksum (default `false`).
    /// - Returns: One complete Zstandard frame.
    /// - Complexity: O(n) in the input size.
    public static func compress(_ input: [UInt8], level: Int = 1, checksum: Bool = false) -> [UInt8] {
        input.withUnsafeBytes { compress($0, level: level, checksum: checksum) }
    }

    /// Compresses `input` into `output`, which must hold at least
    /// `maxCompressedSize(input.count)` bytes; returns the frame's size, or
    /// nil when `output` is too small (nothing is written then).
    ///
    /// - Parameters:
    ///   - input: The bytes to compress; may be empty.
    ///   - output: Where the frame is written; checked against the worst case,
    ///     not the actual frame size.
    ///   - level: 1 or below selects the fast strategy, 2 or above double fast.
    ///   - checksum: Append the content checksum (default `false`).
    /// - Returns: The number of bytes written, or `nil` when `output` is smaller
    ///   than `maxCompressedSize(input.count)` or has no base address.
    /// - Complexity: O(n) in the input size.
    public static func compress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, level: Int = 1, checksum: Bool = false
    ) -> Int? {
        guard output.count >= maxCompressedSize(input.count), let base = output.baseAddress else { return nil }
        return ZstdEncoder.compress(
            input, level: level, checksum: checksum, into: base.assumingMemoryBound(to: UInt8.self))
    }
}

/// The frame and block layer of `Zstd.compress`.
enum ZstdEncoder {
    static let blockSize = 1 << 17
    /// Magic, descriptor, window descriptor and an 8-byte content size.
    static let maxHeaderSize = 4 + 1 + 1 + 8
    /// Blocks smaller than this are stored raw: a compressed block's headers
    /// would eat the gain.
    static let minCompressedBlock = 16

    /// Writes the frame for `input` at `output` (room for
    /// `Zstd.maxCompressedSize`); returns its size.
    static func compress(
        _ input: UnsafeRawBufferPointer, level: Int, checksum: Bool, into output: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let count = input.count
        let parameters = ZstdMatchFinder.Parameters(level: level, count: count)
        var out = writeHeader(count: count, windowLog: parameters.windowLog, checksum: checksum, to: output)

        guard let raw = input.baseAddress, count > 0 else {
            out += writeBlockHeader(last: true, type: 0, size: 0, to: output + out)
            if checksum { out += writeChecksum(XXH64.hash(input), to: output + out) }
            return out
        }
        let source = raw.assumingMemoryBound(to: UInt8.self)
        var finder = ZstdMatchFinder(parameters)
        // Sized for the largest block this input has: small buffers (Arrow
        // validity bitmaps, offsets) stay off the allocator's mmap path.
        let largestBlock = min(blockSize, count)
        var store = ZstdSequenceStore(blockSize: largestBlock)
        // Literals are at most a block, sequences at most 11 bytes per 3 input bytes.
        let scratchSize = 5 * largestBlock + 4096
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: scratchSize)
        defer {
            finder.deallocate()
            store.deallocate()
            scratch.deallocate()
        }

        var start = 0
        while start < count {
            let end = min(start + blockSize, count)
            let last = end == count
            let size = end - start
            if isRun(source + start, count: size) {
                out += writeBlockHeader(last: last, type: 1, size: size, to: output + out)
                output[out] = source[start]
                out += 1
            } else {
                var compressedSize = 0
                if size >= minCompressedBlock {
                    let savedRepeats = finder.repeats
                    store.reset()
                    finder.findSequences(source, count: count, start: start, end: end, into: &store)
                    compressedSize = ZstdHuffmanEncoder.writeSection(store.literals, count: store.literalCount, to: scratch)
                    compressedSize += ZstdSequenceEncoder.writeSection(store, to: scratch + compressedSize)
                    if compressedSize >= size {
                        // A raw block leaves the decoder's repeat offsets as they were.
                        finder.repeats = savedRepeats
                        compressedSize = 0
                    }
                }
                if compressedSize > 0 {
                    out += writeBlockHeader(last: last, type: 2, size: compressedSize, to: output + out)
                    (output + out).update(from: scratch, count: compressedSize)
                    out += compressedSize
                } else {
                    out += writeBlockHeader(last: last, type: 0, size: size, to: output + out)
                    (output + out).update(from: source + start, count: size)
                    out += size
                }
            }
            start = end
        }
        if checksum { out += writeChecksum(XXH64.hash(input), to: output + out) }
        return out
    }

    /// Magic number and frame header: single segment when the whole input
    /// fits the window (no window descriptor then), and the content size in
    /// the fewest bytes that hold it.
    static func writeHeader(count: Int, windowLog: Int, checksum: Bool, to output: UnsafeMutablePointer<UInt8>) -> Int {
        output[0] = 0x28
        output[1] = 0xB5
        output[2] = 0x2F
        output[3] = 0xFD
        let singleSegment = count <= 1 << windowLog
        let sizeFlag: Int
        if count < 256 && singleSegment {
            sizeFlag = 0
        } else if count < 65536 + 256 {
            sizeFlag = 1
        } else if UInt64(count) <= UInt64(UInt32.max) {
            sizeFlag = 2
        } else {
            sizeFlag = 3
        }
        output[4] = UInt8(sizeFlag << 6 | (singleSegment ? 0x20 : 0) | (checksum ? 0x04 : 0))
        var p = 5
        if !singleSegment {
            // Exponent windowLog - 10, mantissa 0.
            output[p] = UInt8((windowLog - 10) << 3)
            p += 1
        }
        let value = UInt64(count) - (sizeFlag == 1 ? 256 : 0)
        let sizeBytes = sizeFlag == 0 ? 1 : 1 << sizeFlag
        for i in 0..<sizeBytes {
            output[p + i] = UInt8(truncatingIfNeeded: value >> UInt64(8 * i))
        }
        return p + sizeBytes
    }

    static func writeBlockHeader(last: Bool, type: Int, size: Int, to output: UnsafeMutablePointer<UInt8>) -> Int {
        let value = (last ? 1 : 0) | type << 1 | size << 3
        output[0] = UInt8(truncatingIfNeeded: value)
        output[1] = UInt8(truncatingIfNeeded: value >> 8)
        output[2] = UInt8(truncatingIfNeeded: value >> 16)
        return 3
    }

    private static func writeChecksum(_ hash: UInt64, to output: UnsafeMutablePointer<UInt8>) -> Int {
        for i in 0..<4 {
            output[i] = UInt8(truncatingIfNeeded: hash >> UInt64(8 * i))
        }
        return 4
    }

    /// True when all `count` bytes at `p` are equal (and `count` > 0).
    private static func isRun(_ p: UnsafePointer<UInt8>, count: Int) -> Bool {
        let first = p[0]
        guard count >= 8 else {
            for i in 1..<max(count, 1) where p[i] != first { return false }
            return true
        }
        let pattern = UInt64(first) &* 0x0101_0101_0101_0101
        var i = 0
        while i + 8 <= count {
            if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) != pattern { return false }
            i += 8
        }
        return UnsafeRawPointer(p + count - 8).loadUnaligned(as: UInt64.self) == pattern
    }
}
