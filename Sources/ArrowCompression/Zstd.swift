import ArrowMemory

/// Zstandard decompression (RFC 8878), as used for Arrow IPC bodies
/// compressed with `ZSTD`.
///
/// Supports frames with or without content size and checksum (verified),
/// skippable frames (skipped), concatenated frames, and every block,
/// literals and sequences encoding. Frames that need a dictionary are
/// refused. Malformed input throws `CompressionError`; the output never
/// grows past `limit`.
public enum Zstd {
    /// Decompresses all frames in `input`.
    ///
    /// - Parameters:
    ///   - input: One or more Zstandard frames (skippable frames allowed).
    ///   - expectedSize: when given, the result must have exactly this size
    ///     (Arrow IPC stores the uncompressed length); the output is then
    ///     allocated once.
    ///   - limit: the most bytes the output may hold; input that would
    ///     decode to more throws before the memory is allocated. Defaults to
    ///     2 GiB; must not be negative.
    /// - Returns: The decompressed bytes of all frames, concatenated. Empty input
    ///   gives an empty result when no (or a zero) `expectedSize` is given.
    /// - Throws: `CompressionError` with format `zstd` and the byte offset (0,
    ///   before any decoding) when `limit` is negative (message `negative output
    ///   limit`, as `LZ4Frame` reports it); when `expectedSize` is negative,
    ///   above `limit`, or more than the input can decode to; when the frames' declared content
    ///   sizes exceed `limit` or what the input can hold; when a frame is
    ///   truncated, has an unknown magic number, needs a dictionary, has a bad
    ///   header, block, literals or sequences section, or a checksum mismatch;
    ///   and when the output would exceed `limit` or differ from the expected size.
    /// - Complexity: O(n) in the input plus output size.
    public static func decompress(
        _ input: UnsafeRawBufferPointer, expectedSize: Int? = nil, limit: Int = 1 << 31
    ) throws(CompressionError) -> [UInt8] {
        guard limit >= 0 else {
            throw CompressionError(format: "zstd", "negative output limit \(limit)", offset: 0)
        }
        if let expectedSize {
            guard expectedSize >= 0, expectedSize <= limit else {
                throw CompressionError(
                    format: "zstd", "expected size \(expectedSize) is negative or exceeds the limit of \(limit) bytes", offset: 0)
            }
        }
        guard let raw = input.baseAddress, input.count > 0 else {
            guard expectedSize ?? 0 == 0 else {
                throw CompressionError(format: "zstd", "empty input, expected \(expectedSize ?? 0) bytes", offset: 0)
            }
            return []
        }
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        let count = input.count
        let possible = ZstdFrame.maxDecodedSize(inputCount: count)

        var knownSize = expectedSize
        if let expectedSize, expectedSize > possible {
            throw CompressionError(
                format: "zstd", "\(count) compressed bytes cannot decode to the expected \(expectedSize) bytes", offset: 0)
        }
        if knownSize == nil, let total = ZstdFrame.totalContentSize(bytes, count: count) {
            guard total <= UInt64(limit) else {
                throw CompressionError(
                    format: "zstd", "frames' content sizes total \(total) bytes, more than the limit of \(limit)", offset: 0)
            }
            guard total <= UInt64(possible) else {
                throw CompressionError(
                    format: "zstd", "frames' content sizes total \(total) bytes, more than \(count) compressed bytes can hold",
                    offset: 0)
            }
            knownSize = Int(total)
        }

        if let knownSize {
            var failure: CompressionError?
            let result = [UInt8](unsafeUninitializedCapacity: max(knownSize, 1)) { buffer, initialized in
                initialized = 0
                guard let base = buffer.baseAddress else {
                    failure = CompressionError(format: "zstd", "could not allocate the output", offset: 0)
                    return
                }
                HugePageAdvice.adviseFresh(base, count: knownSize)
                var output = ZstdOutput(fixed: base, capacity: knownSize)
                do throws(CompressionError) {
                    try decodeFrames(bytes, count: count, into: &output)
                    initialized = output.count
                } catch {
                    failure = error
                }
            }
            if let failure {
                throw failure
            }
            guard result.count == knownSize else {
                throw CompressionError(
                    format: "zstd", "decompressed \(result.count) bytes, expected \(knownSize)", offset: count)
            }
            return result
        }

        var output = ZstdOutput(growableCapacity: max(1 << 16, count.multipliedReportingOverflow(by: 4).partialValue), limit: limit)
        defer { output.deallocateIfOwned() }
        try decodeFrames(bytes, count: count, into: &output)
        return Array(UnsafeBufferPointer(start: output.base, count: output.count))
    }

    /// Decompresses all frames in `input` straight into `output`, which must be
    /// exactly the decompressed size (as Arrow IPC records it): no allocation.
    ///
    /// - Parameters:
    ///   - input: One or more Zstandard frames.
    ///   - output: Memory of exactly the decompressed size; on a throw its
    ///     contents are unspecified. It may be empty, even without a base
    ///     address: the frames are then checked and must hold 0 bytes.
    /// - Throws: `CompressionError` with format `zstd` when `input` is empty but
    ///   `output` is not, when `output` is larger than the input can decode to,
    ///   when the frames are malformed (as for
    ///   `decompress(_:expectedSize:limit:)`), or when they decode to more or
    ///   fewer bytes than `output.count`.
    /// - Complexity: O(n) in the input plus output size.
    public static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(CompressionError) {
        let size = output.count
        guard let raw = input.baseAddress, input.count > 0 else {
            guard size == 0 else { throw CompressionError(format: "zstd", "empty input, expected \(size) bytes", offset: 0) }
            return
        }
        guard size <= ZstdFrame.maxDecodedSize(inputCount: input.count) else {
            throw CompressionError(format: "zstd", "\(input.count) compressed bytes cannot decode to the expected \(size) bytes", offset: 0)
        }
        guard let base = output.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            // Only an empty buffer lacks a base address (an empty Array's bytes,
            // for one). Its frames are still decoded, and must hold 0 bytes: a
            // fixed output of capacity 0 throws at the first byte, but needs a
            // valid pointer nonetheless.
            let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            defer { scratch.deallocate() }
            var empty = ZstdOutput(fixed: scratch, capacity: 0)
            try decodeFrames(raw.assumingMemoryBound(to: UInt8.self), count: input.count, into: &empty)
            return
        }
        var out = ZstdOutput(fixed: base, capacity: size)
        try decodeFrames(raw.assumingMemoryBound(to: UInt8.self), count: input.count, into: &out)
        guard out.count == size else {
            throw CompressionError(format: "zstd", "decompressed \(out.count) bytes, expected \(size)", offset: input.count)
        }
    }

    /// Decompresses all frames in `input`; see the `UnsafeRawBufferPointer` overload.
    ///
    /// - Parameters:
    ///   - input: One or more Zstandard frames.
    ///   - expectedSize: When given, the exact output size.
    ///   - limit: The most bytes the output may hold (default 2 GiB); must not
    ///     be negative.
    /// - Returns: The decompressed bytes of all frames, concatenated.
    /// - Throws: `CompressionError` (format `zstd`) in the same cases as the
    ///   `UnsafeRawBufferPointer` overload.
    /// - Complexity: O(n) in the input plus output size.
    public static func decompress(
        _ input: [UInt8], expectedSize: Int? = nil, limit: Int = 1 << 31
    ) throws(CompressionError) -> [UInt8] {
        let result: Result<[UInt8], CompressionError> = input.withUnsafeBytes { raw in
            do throws(CompressionError) {
                return .success(try decompress(raw, expectedSize: expectedSize, limit: limit))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func decodeFrames(
        _ input: UnsafePointer<UInt8>, count: Int, into output: inout ZstdOutput
    ) throws(CompressionError) {
        var workspace = ZstdWorkspacePool.take()
        defer { if let workspace { ZstdWorkspacePool.give(workspace) } }
        var p = 0
        while p < count {
            guard count - p >= 4 else {
                throw CompressionError(format: "zstd", "truncated frame magic number", offset: p)
            }
            let magic = ZstdFrame.readUInt32(input, p)
            if magic == ZstdFrame.magic {
                p = try ZstdFrame.decode(input, count: count, at: p, output: &output, workspace: &workspace)
            } else if magic & ZstdFrame.skippableMagicMask == ZstdFrame.skippableMagic {
                p = try ZstdFrame.skip(input, count: count, at: p)
            } else {
                throw CompressionError(format: "zstd", "unknown frame magic number 0x\(String(magic, radix: 16))", offset: p)
            }
        }
    }
}
