import ArrowCompression
import ArrowMemory
import Dispatch

/// Compresses a serialized body as Arrow C++'s `RecordBatchSerializer` does with
/// a codec set: every non-empty buffer becomes its uncompressed length (int64,
/// little-endian) followed by one codec frame; empty buffers stay empty (no
/// prefix). C++ compresses every non-empty buffer even when the frame is larger
/// (its `min_space_savings` option, off by default, would store such buffers
/// raw behind a length of -1); we do the same, so the layout matches pyarrow's.
enum BodyCompressor {
    /// Below this many uncompressed bytes in a batch, buffers are compressed one
    /// after another: threads cost more than they save on small bodies.
    static let parallelThreshold = 1 << 20

    static func compress(_ body: SerializedBody, _ compression: IPCCompression, useThreads: Bool) -> SerializedBody {
        let sources = body.buffers
        var compressed = [ArrowBuffer](repeating: .empty, count: sources.count)
        let total = sources.reduce(0) { $0 + $1.count }
        if useThreads, total >= parallelThreshold, sources.count > 1 {
            let slots = Slots(count: sources.count)
            let order = LargestFirst.order(sources.map(\.count))
            DispatchQueue.concurrentPerform(iterations: sources.count) { k in
                let i = order[k]
                slots.set(i, compressOne(sources[i], compression))
            }
            compressed = slots.take()
        } else {
            for (i, b) in sources.enumerated() { compressed[i] = compressOne(b, compression) }
        }
        var metas: [BodyBuffer] = []
        metas.reserveCapacity(compressed.count)
        var offset = 0
        for b in compressed {
            metas.append(BodyBuffer(offset: Int64(offset), length: Int64(b.count)))
            offset += BodySerializer.padded8(b.count)
        }
        var header = body.header
        header.buffers = metas
        header.compression = compression.codec
        return SerializedBody(header: header, buffers: compressed, bodyLength: Int64(offset))
    }

    /// One buffer: the length prefix and the frame, in one exactly sized buffer.
    static func compressOne(_ buffer: ArrowBuffer, _ compression: IPCCompression) -> ArrowBuffer {
        guard buffer.count > 0 else { return .empty }
        let frame: [UInt8] = buffer.withUnsafeBytes { raw in
            switch compression {
            case .zstd(let level): Zstd.compress(raw, level: level)
            case .lz4Frame: LZ4Frame.compress(raw, options: .arrow)
            }
        }
        let length = Int64(buffer.count)
        return ArrowBuffer(count: 8 + frame.count) { out in
            out.storeBytes(of: length.littleEndian, toByteOffset: 0, as: Int64.self)
            frame.withUnsafeBytes { source in
                guard let from = source.baseAddress, let to = out.baseAddress else { return }
                to.advanced(by: 8).copyMemory(from: from, byteCount: source.count)
            }
        }
    }
}

/// One result per buffer, each written by exactly one task of
/// `concurrentPerform` and read after it returns.
private final class Slots: @unchecked Sendable {
    private var values: [ArrowBuffer]
    private let base: UnsafeMutablePointer<ArrowBuffer>

    init(count: Int) {
        values = [ArrowBuffer](repeating: .empty, count: count)
        base = .allocate(capacity: count)
        base.initialize(repeating: .empty, count: count)
    }

    deinit {
        base.deinitialize(count: values.count)
        base.deallocate()
    }

    func set(_ i: Int, _ value: ArrowBuffer) { base[i] = value }

    func take() -> [ArrowBuffer] { Array(UnsafeBufferPointer(start: base, count: values.count)) }
}
