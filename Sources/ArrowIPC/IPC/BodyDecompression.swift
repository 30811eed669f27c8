import ArrowCompression
import ArrowMemory
import Dispatch

/// Decompression of record batch bodies (`BodyCompression`, method BUFFER).
///
/// Each non-empty buffer is an int64 little-endian uncompressed length followed by
/// the codec's frame; a length of -1 means the bytes follow uncompressed (writers
/// do that when compressing would not save space).
enum BodyDecompression {
    /// Largest uncompressed buffer accepted: a lying length prefix cannot make the
    /// reader allocate more.
    static let maximumBufferSize = 1 << 31

    /// Below this many compressed bytes in a batch, buffers are decompressed one
    /// after another: spreading tiny buffers over threads costs more than it saves.
    static let parallelThreshold = 1 << 20

    /// Every buffer of a compressed body, decompressed, in order. Buffers are
    /// independent, so large bodies are decompressed on all cores (as pyarrow does).
    /// The claimed sizes are summed and checked against `maxDecodedBytes` before
    /// any buffer is allocated, so neither one lying prefix nor many buffers
    /// decompressed on several threads at once can allocate more than the limit.
    static func decompressAll(
        _ slices: [ArrowBuffer], codec: CompressionCodec, useThreads: Bool = true,
        maxDecodedBytes: Int = IPCReadLimits.default.maxDecodedBytesPerMessage
    ) throws(ArrowError) -> [ArrowBuffer] {
        var claimed = 0
        for (i, s) in slices.enumerated() where s.count > 0 {
            claimed += try claimedSize(s, index: i)  // each at most maximumBufferSize: no overflow
            guard claimed <= maxDecodedBytes else {
                throw IPCReadLimits.exceeded(
                    "maxDecodedBytesPerMessage", limit: maxDecodedBytes, value: claimed,
                    "decompressed size claimed by buffers 0...\(i)")
            }
        }
        let total = slices.reduce(0) { $0 + $1.count }
        guard useThreads, total >= parallelThreshold, slices.count > 1 else {
            var out: [ArrowBuffer] = []
            out.reserveCapacity(slices.count)
            for s in slices { out.append(s.count > 0 ? try decompress(s, codec: codec) : s) }
            return out
        }
        let results = ResultSlots(count: slices.count)
        defer { results.release() }
        let order = LargestFirst.order(slices.map(\.count))
        DispatchQueue.concurrentPerform(iterations: slices.count) { k in
            let i = order[k]
            let s = slices[i]
            do throws(ArrowError) {
                results.set(i, .success(s.count > 0 ? try decompress(s, codec: codec) : s))
            } catch {
                results.set(i, .failure(error))
            }
        }
        var out: [ArrowBuffer] = []
        out.reserveCapacity(slices.count)
        for i in 0..<slices.count {
            switch results.get(i) {
            case .success(let b): out.append(b)
            case .failure(let e): throw e
            }
        }
        return out
    }

    /// The bytes buffer `index` will occupy once decoded: its length prefix, or
    /// the bytes after the prefix when it holds them uncompressed (-1).
    static func claimedSize(_ buffer: ArrowBuffer, index: Int) throws(ArrowError) -> Int {
        guard let length = buffer.getInteger(at: 0, as: Int64.self) else {
            throw ArrowError(.invalidData, "compressed buffer \(index) of \(buffer.count) bytes has no 8-byte length prefix")
        }
        if length == -1 { return 0 }  // a view of the input, nothing allocated
        guard length >= 0, length <= Int64(maximumBufferSize) else {
            throw ArrowError(.invalidData, "compressed buffer \(index) claims \(length) uncompressed bytes")
        }
        return Int(length)
    }

    /// One buffer: the length prefix, then the frame decoded straight into the
    /// new buffer's storage (one pass, no copy).
    static func decompress(_ buffer: ArrowBuffer, codec: CompressionCodec) throws(ArrowError) -> ArrowBuffer {
        guard let length = buffer.getInteger(at: 0, as: Int64.self), let payload = buffer.getSlice(from: 8) else {
            throw ArrowError(.invalidData, "compressed buffer of \(buffer.count) bytes has no 8-byte length prefix")
        }
        if length == -1 { return payload }
        guard length >= 0, length <= Int64(maximumBufferSize) else {
            throw ArrowError(.invalidData, "compressed buffer claims \(length) uncompressed bytes")
        }
        if length == 0 { return .empty }
        if let problem = plausibility(payload, claimed: Int(length), codec: codec) {
            throw ArrowError(.invalidData, problem)
        }
        let storage = ByteStorage(allocatingUninitialized: Int(length))
        let output = UnsafeMutableRawBufferPointer(start: storage.base, count: storage.count)
        if let failure = payload.withUnsafeBytes({ input in decode(input, into: output, codec: codec) }) {
            throw ArrowError(.invalidData, "\(failure)")
        }
        return ArrowBuffer(storage: storage)
    }

    /// Refuses, before allocating, a claim that no frame of `payload`'s size can
    /// reach. A Zstandard block yields at most 128 KiB and takes at least 4 bytes
    /// (3-byte header, 1 RLE byte): at most 32,768 bytes out per byte in. An LZ4
    /// sequence grows its match by 255 per length byte: at most 255 out per byte in.
    /// So a 7-byte frame cannot hold 2 GiB.
    private static func plausibility(_ payload: ArrowBuffer, claimed: Int, codec: CompressionCodec) -> String? {
        let maxRatio: Int
        switch codec {
        case .zstd: maxRatio = 1 << 15
        case .lz4Frame: maxRatio = 255
        }
        let (bound, overflow) = payload.count.multipliedReportingOverflow(by: maxRatio)
        guard overflow || claimed <= bound else {
            return "\(payload.count) compressed bytes cannot decode to the claimed \(claimed) bytes"
        }
        return nil
    }

    /// Decodes `input` into exactly `output`; the error, if any.
    private static func decode(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
        codec: CompressionCodec
    ) -> CompressionError? {
        do throws(CompressionError) {
            switch codec {
            case .zstd: try Zstd.decompress(input, into: output)
            case .lz4Frame: try LZ4Frame.decompress(input, into: output)
            }
            return nil
        } catch {
            return error
        }
    }
}

/// One result slot per buffer, each written by exactly one task of
/// `concurrentPerform` and read after it returns.
private final class ResultSlots: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Result<ArrowBuffer, ArrowError>>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: .success(.empty), count: count)
    }

    func set(_ i: Int, _ value: Result<ArrowBuffer, ArrowError>) { slots[i] = value }
    func get(_ i: Int) -> Result<ArrowBuffer, ArrowError> { slots[i] }

    func release() {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
}
