import ArrowIPC

#if canImport(Glibc)
    import Glibc
#endif

/// The `zstd` and `lz4` modes: one codec against its peer on the same bytes.
/// Compresses `input` `reps` times and decompresses the peer's frame (read from
/// `referencePath`, the frame the peer decodes too) `reps` times, after one
/// untimed run of each that measures peak memory; checks every decoded result,
/// writes our last frame to `outputPath` (the peer checks it decodes) and
/// prints wall and thread-CPU times as one JSON object.
func codecBench(
    input: [UInt8], reps: Int, referencePath: String, outputPath: String,
    compress: (UnsafeRawBufferPointer) -> [UInt8],
    decompress: (UnsafeRawBufferPointer, Int) throws -> [UInt8]
) throws {
    let (firstFrame, compressPeak) = peakExtraBytes { input.withUnsafeBytes(compress) }
    var frame = firstFrame
    var times: [UInt64] = []
    var cpuTimes: [UInt64] = []
    for _ in 0..<reps {
        let t0 = now()
        let c0 = cpuNow()
        frame = input.withUnsafeBytes(compress)
        cpuTimes.append(cpuNow() - c0)
        times.append(now() - t0)
    }
    let reference = ArrowBuffer(storage: try ByteStorage.readFile(atPath: referencePath)).bytes
    let decompressPeak = try peakExtraBytes { try reference.withUnsafeBytes { try decompress($0, input.count) } }.1
    var decodeTimes: [UInt64] = []
    var decodeCPUTimes: [UInt64] = []
    for _ in 0..<reps {
        let t0 = now()
        let c0 = cpuNow()
        let decoded = try reference.withUnsafeBytes { try decompress($0, input.count) }
        decodeCPUTimes.append(cpuNow() - c0)
        decodeTimes.append(now() - t0)
        precondition(decoded == input)
    }
    let file = fopen(outputPath, "wb")
    _ = frame.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    print(
        "{\"bytes\": \(frame.count), \"compress_ns\": \(times), \"decompress_ns\": \(decodeTimes), \"compress_cpu_ns\": \(cpuTimes), \"decompress_cpu_ns\": \(decodeCPUTimes), \"compress_peak_extra_bytes\": \(compressPeak), \"decompress_peak_extra_bytes\": \(decompressPeak)}"
    )
}
