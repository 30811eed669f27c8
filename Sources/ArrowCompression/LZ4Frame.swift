import ArrowMemory

/// The LZ4 frame format (`lz4.frame` in Python, `LZ4_FRAME` in Arrow IPC).
///
/// Decoding accepts every frame option except dictionaries: linked or
/// independent blocks, stored blocks, block and content checksums (checked),
/// content size (checked), skippable frames and concatenated frames (their
/// outputs are joined). Malformed input throws `CompressionError`.
public enum LZ4Frame {
    /// Decodes all frames of `input`.
    ///
    /// Without `expectedSize`, the output is sized from the frames' declared
    /// content sizes or block counts when those fit `limit`, and grows
    /// (never past `limit`) otherwise.
    ///
    /// - Parameters:
    ///   - input: One or more LZ4 frames (skippable frames allowed).
    ///   - expectedSize: when given, the output must have exactly this many
    ///     bytes (it is allocated up front).
    ///   - limit: the most bytes the output may have; larger output throws
    ///     before it is allocated. Defaults to 2 GiB; must not be negative.
    /// - Returns: The decompressed bytes of all frames, concatenated.
    /// - Throws: `CompressionError` with format `lz4 frame` and the byte offset
    ///   (0, before any decoding) when `limit` is negative; with the byte offset
    ///   when `expectedSize` is negative, above `limit` or more than 255 times the
    ///   input; when the input is empty, truncated, has a bad magic number, a
    ///   legacy or dictionary frame, reserved bits, a bad header, block or content
    ///   checksum, a malformed block, or a declared content size that is not met;
    ///   and when the output would exceed `limit` or differ from `expectedSize`.
    /// - Complexity: O(n) in the input plus output size.
    public static func decompress(
        _ input: UnsafeRawBufferPointer, expectedSize: Int? = nil, limit: Int = 1 << 31
    ) throws(CompressionError) -> [UInt8] {
        // A caller error, reported as Zstd.decompress reports it.
        guard limit >= 0 else { throw LZ4Error.make("negative output limit \(limit)", offset: 0) }
        // Each input byte decodes to at most 255 bytes.
        let (product, overflow) = input.count.multipliedReportingOverflow(by: 255)
        let inputBound = overflow ? Int.max : product

        if let expected = expectedSize {
            guard expected >= 0 else {
                throw LZ4Error.make("negative expected size \(expected)", offset: 0)
            }
            guard expected <= limit else {
                throw LZ4Error.make("expected size \(expected) exceeds the limit \(limit)", offset: 0)
            }
            guard expected <= inputBound else {
                throw LZ4Error.make(
                    "expected size \(expected) is more than \(input.count) bytes of input can decode to", offset: 0)
            }
            let result = try decodeFixed(input, size: expected, bound: .expectedSize)
            guard result.count == expected else {
                throw LZ4Error.make("input decodes to \(result.count) bytes, expected \(expected)", offset: input.count)
            }
            return result
        }
        if let sizes = LZ4FrameSizeScan(input) {
            if let total = sizes.declaredTotal, total <= limit {
                return try decodeFixed(input, size: total, bound: .limit)
            }
            if sizes.upperBound <= limit {
                // Usually tight: blocks other than a frame's last are full.
                let result = try decodeFixed(input, size: sizes.upperBound, bound: .limit)
                if sizes.upperBound - result.count > max(1 << 20, result.count) {
                    return [UInt8](unsafeUninitializedCapacity: result.count) { buffer, initializedCount in
                        result.withUnsafeBytes { bytes in
                            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes)
                        }
                        initializedCount = result.count
                    }
                }
                return result
            }
        }
        var output = try LZ4OutputBuffer(
            growingFrom: max(input.count * 4, 64 << 10), maximum: limit, bound: .limit)
        defer { output.release() }
        try LZ4FrameDecoder.decodeFrames(input, into: &output)
        return Array(UnsafeBufferPointer(start: output.base, count: output.count))
    }

    /// Decodes all frames of `input`; see the raw-buffer variant.
    ///
    /// - Parameters:
    ///   - input: One or more LZ4 frames.
    ///   - expectedSize: When given, the exact output size.
    ///   - limit: The most bytes the output may have (default 2 GiB); must not
    ///     be negative.
    /// - Returns: The decompressed bytes of all frames, concatenated.
    /// - Throws: `CompressionError` (format `lz4 frame`) in the same cases as the
    ///   raw-buffer variant.
    /// - Complexity: O(n) in the input plus output size.
    public static func decompress(
        _ input: [UInt8], expectedSize: Int? = nil, limit: Int = 1 << 31
    ) throws(CompressionError) -> [UInt8] {
        var result: Result<[UInt8], CompressionError> = .success([])
        input.withUnsafeBytes { bytes in
            result = Result { () throws(CompressionError) -> [UInt8] in
                try decompress(bytes, expectedSize: expectedSize, limit: limit)
            }
        }
        return try result.get()
    }

    /// Frame options of the encoder.
    public struct Options: Sendable, Hashable {
        /// Store the uncompressed size in the frame header.
        public var contentSize: Bool
        /// Append the XXH32 of the content.
        public var contentChecksum: Bool
        /// Compress each 64 KB block on its own (no matches into earlier blocks).
        public var independentBlocks: Bool

        /// Options with the given flags; the defaults match
        /// `lz4.frame.compress(data, content_checksum=True)`.
        ///
        /// - Parameters:
        ///   - contentSize: Store the uncompressed size in the header (default `true`).
        ///   - contentChecksum: Append the XXH32 of the content (default `true`).
        ///   - independentBlocks: Compress each block on its own (default `false`:
        ///     linked blocks).
        public init(contentSize: Bool = true, contentChecksum: Bool = true, independentBlocks: Bool = false) {
            self.contentSize = contentSize
            self.contentChecksum = contentChecksum
            self.independentBlocks = independentBlocks
        }

        /// What Arrow C++'s IPC writer (pyarrow's `compression="lz4"`) writes:
        /// independent 64 KB blocks, no content size, no checksum.
        public static let arrow = Options(contentSize: false, contentChecksum: false, independentBlocks: true)
    }

    /// Encodes `input` as one frame of 64 KB blocks; by default linked blocks,
    /// content size and content checksum (the options of
    /// `lz4.frame.compress(data, content_checksum=True)`).
    ///
    /// - Parameters:
    ///   - input: The bytes to compress; may be empty.
    ///   - options: Frame options; use `.arrow` for what Arrow C++ writes.
    /// - Returns: One complete LZ4 frame.
    /// - Complexity: O(n) in the input size.
    public static func compress(_ input: UnsafeRawBufferPointer, options: Options = Options()) -> [UInt8] {
        LZ4FrameEncoder.encode(input, options: options)
    }

    /// Encodes `input` as one frame; see the raw-buffer variant.
    ///
    /// - Parameters:
    ///   - input: The bytes to compress; may be empty.
    ///   - options: Frame options; use `.arrow` for what Arrow C++ writes.
    /// - Returns: One complete LZ4 frame.
    /// - Complexity: O(n) in the input size.
    public static func compress(_ input: [UInt8], options: Options = Options()) -> [UInt8] {
        input.withUnsafeBytes { LZ4FrameEncoder.encode($0, options: options) }
    }

    /// Decompresses all frames in `input` straight into `output`, which must be
    /// exactly the decompressed size (as Arrow IPC records it): no allocation.
    ///
    /// - Parameters:
    ///   - input: One or more LZ4 frames.
    ///   - output: Memory of exactly the decompressed size; on a throw its
    ///     contents are unspecified.
    /// - Throws: `CompressionError` with format `lz4 frame` when `output` is
    ///   larger than 255 times the input, when the frames are malformed (as for
    ///   `decompress(_:expectedSize:limit:)`), or when they decode to more or
    ///   fewer bytes than `output.count`.
    /// - Complexity: O(n) in the input plus output size.
    public static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(CompressionError) {
        let size = output.count
        let (product, overflow) = input.count.multipliedReportingOverflow(by: 255)
        guard overflow || size <= product else {
            throw LZ4Error.make("expected size \(size) is more than \(input.count) bytes of input can decode to", offset: 0)
        }
        guard size > 0, let base = output.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            _ = try decodeFixed(input, size: 0, bound: .expectedSize)
            return
        }
        var out = LZ4OutputBuffer(fixed: base, capacity: size, bound: .expectedSize)
        try LZ4FrameDecoder.decodeFrames(input, into: &out)
        guard out.count == size else {
            throw LZ4Error.make("input decodes to \(out.count) bytes, expected \(size)", offset: input.count)
        }
    }

    /// Decodes into a new array of exactly `size` bytes of capacity; the
    /// array holds what was decoded.
    private static func decodeFixed(
        _ input: UnsafeRawBufferPointer, size: Int, bound: LZ4OutputBound
    ) throws(CompressionError) -> [UInt8] {
        if size == 0 {
            var output = try LZ4OutputBuffer(growingFrom: 0, maximum: 0, bound: bound)
            defer { output.release() }
            try LZ4FrameDecoder.decodeFrames(input, into: &output)
            return []
        }
        var failure: CompressionError?
        let result = [UInt8](unsafeUninitializedCapacity: size) { buffer, initializedCount in
            HugePageAdvice.adviseFresh(buffer.baseAddress.unsafelyUnwrapped, count: size)
            var output = LZ4OutputBuffer(fixed: buffer.baseAddress.unsafelyUnwrapped, capacity: size, bound: bound)
            do throws(CompressionError) {
                try LZ4FrameDecoder.decodeFrames(input, into: &output)
            } catch {
                failure = error
            }
            initializedCount = output.count
        }
        if let failure { throw failure }
        return result
    }
}
