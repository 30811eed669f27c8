import ArrowIPC
import ArrowMemory
import ArrowTensor

/// `arrowipc-bench tensor PATH REPS`: PATH holds one Float32 Tensor message
/// (`pa.ipc.write_tensor` output). Times, median of REPS runs each:
/// - decode_view: decoding the message into a `Tensor<Float>` view (no copy);
/// - decode_copy: that plus materializing a `[Float]` in C order;
/// - decode_copy_unaligned: the same with the message 4 bytes into a buffer,
///   as after flamepy's type prefix;
/// - encode: `[Float]` + shape into one `[UInt8]` message, checked equal to PATH.
/// Each case first runs once untimed, measuring its peak memory.
/// Prints one JSON object with every run's time; tensor_bench.py times the
/// Python peers.
func tensorBench(_ file: ArrowBuffer, reps: Int) throws {
    // The input in huge-page-backed memory, as pyarrow's buffer is in its pool's:
    // page-table misses on the source are then comparable.
    let storage = ByteStorage(allocatingUninitialized: file.count)
    adviseHugePages(storage.base, count: file.count)
    file.withUnsafeBytes { raw in
        if let source = raw.baseAddress { storage.base.copyMemory(from: source, byteCount: file.count) }
    }
    let buffer = ArrowBuffer(storage: storage)
    var viewTimes: [UInt64] = []
    var copyTimes: [UInt64] = []
    var unalignedTimes: [UInt64] = []
    var encodeTimes: [UInt64] = []
    var checksum: Float = 0
    let viewPeak = try peakExtraBytes { try Tensor<Float>(decoding: buffer) }.1
    let copyPeak = try peakExtraBytes { try Tensor<Float>(decoding: buffer).toArray(order: .c) }.1
    for _ in 0..<reps {
        let t0 = now()
        let view = try Tensor<Float>(decoding: buffer)
        let t1 = now()
        viewTimes.append(t1 - t0)
        checksum += view[0, 0]
    }
    var values: [Float] = []
    var shape: [Int] = []
    for _ in 0..<reps {
        let t0 = now()
        let view = try Tensor<Float>(decoding: buffer)
        values = view.toArray(order: .c)
        let t1 = now()
        copyTimes.append(t1 - t0)
        shape = view.shape
    }
    let shifted = ArrowBuffer(copying: [0, 0, 0, 0] + buffer.bytes).getSlice(from: 4) ?? .empty
    for _ in 0..<reps {
        let t0 = now()
        let copy = try Tensor<Float>(decoding: shifted).toArray(order: .c)
        let t1 = now()
        unalignedTimes.append(t1 - t0)
        checksum += copy[copy.count - 1]
    }
    var identical = true
    let encodePeak = try peakExtraBytes { try TensorEncoder.encode(values, shape: shape) }.1
    for _ in 0..<reps {
        let t0 = now()
        let bytes = try TensorEncoder.encode(values, shape: shape)
        let t1 = now()
        encodeTimes.append(t1 - t0)
        identical = identical && bytes.count == buffer.count
    }
    let once = try TensorEncoder.encode(values, shape: shape)
    identical = identical && once == buffer.bytes
    print(
        "{\"decode_view_ns\": \(viewTimes), \"decode_copy_ns\": \(copyTimes), "
            + "\"decode_copy_unaligned_ns\": \(unalignedTimes), \"encode_ns\": \(encodeTimes), "
            + "\"decode_view_peak_extra_bytes\": \(viewPeak), \"decode_copy_peak_extra_bytes\": \(copyPeak), "
            + "\"encode_peak_extra_bytes\": \(encodePeak), "
            + "\"elements\": \(values.count), \"identical\": \(identical), \"checksum_nan\": \(checksum.isNaN)}")
}
