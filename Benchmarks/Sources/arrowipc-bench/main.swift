// Times our side of a benchmark; Benchmarks/bench.py runs the peer (pyarrow,
// libzstd, ...) on the same data in the same run and prints the ratio.
// Every mode runs each operation once untimed first (the warm-up), measuring the
// resident memory it adds at its peak ("..._peak_extra_bytes", see Memory.swift),
// then REPS timed runs, and prints one JSON object with every run's time.
//
//   arrowipc-bench read-stream PATH REPS   -> {"median_ns": ..., "rows": ..., "times_ns": [every run],
//                                             "cpu_ns": [every run's process CPU time, all threads],
//                                             "peak_extra_bytes": ...}
//   arrowipc-bench read-file PATH REPS     -> the same for an IPC file
//   arrowipc-bench write-stream PATH REPS  -> {"times_ns": [...], "fresh_times_ns": [...], "bytes": ...,
//                                             "peak_extra_bytes": ..., "identical": ...}
//     (reads PATH once, then times writing its batches to a reused in-memory
//     output, and into a new array each time; "identical": our bytes equal PATH's)
//   arrowipc-bench tensor PATH REPS        -> see TensorBench.swift
//   arrowipc-bench flame PATH REPS         -> see FlameBench.swift
//   arrowipc-bench zstd PATH REPS LEVEL OUT LIBZSTD_FRAME
//     -> {"bytes": ..., "compress_ns": [every run], "decompress_ns": [every run], the same
//         as the thread's CPU time: "compress_cpu_ns", "decompress_cpu_ns", and
//         "compress_peak_extra_bytes", "decompress_peak_extra_bytes"}
//     (compresses PATH's bytes as one frame and writes it to OUT; times
//     decompressing LIBZSTD_FRAME, which must decode to PATH's bytes)
//   arrowipc-bench lz4 PATH REPS OUT LIBLZ4_FRAME -> the same keys as zstd
//     (compresses PATH's bytes as one LZ4 frame in Arrow IPC's form and writes
//     it to OUT; times decompressing LIBLZ4_FRAME, which must decode to PATH's bytes)
//   arrowipc-bench decompress-only zstd|lz4 FRAME REPS -> {"median_ns": ..., "cpu_median_ns": ..., "bytes": ...}
//     (decodes FRAME REPS times and nothing else: for profilers)
//   arrowipc-bench zstd-large OUT GIB
//     -> {"input_bytes": ..., "frame_bytes": ..., "compress_ns": ...}
//     (compresses GIB GiB + 12345 bytes of generated data with a checksum and
//     writes the frame to OUT; zstd_large_check.py has libzstd verify it)
import ArrowCompression
import ArrowIPC
import ArrowMemory

#if canImport(Glibc)
    import Glibc
#endif

func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// CPU time of the calling thread: less disturbed than wall time by other
/// jobs on a shared machine (the codecs run on one thread, as the peers do).
func cpuNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// CPU time of the whole process, every thread.
func processCPUNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func median(_ xs: [UInt64]) -> UInt64 {
    let s = xs.sorted()
    return s[s.count / 2]
}

let args = CommandLine.arguments
if args.count == 4, args[1] == "zstd-large", let gib = Int(args[3]) {
    // 1 MiB of text-like and random bytes, repeated with a rotation and a
    // changed byte per copy: matches at every distance, no trivial runs.
    var seed: UInt64 = 42
    var unit = [UInt8](repeating: 0, count: 1 << 20)
    for i in 0..<unit.count {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        unit[i] = i % 4096 < 2048 ? UInt8(97 + (seed >> 59)) : UInt8(truncatingIfNeeded: seed >> 56)
    }
    let count = gib << 30 + 12345
    let input = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        var p = 0
        var copy = 0
        while p < count {
            let rotation = (copy &* 7919) % unit.count
            let n = min(unit.count - rotation, count - p)
            unit.withUnsafeBufferPointer { u in
                UnsafeMutableRawPointer(buffer.baseAddress! + p).copyMemory(from: u.baseAddress! + rotation, byteCount: n)
            }
            buffer[p] = UInt8(truncatingIfNeeded: copy)
            p += n
            copy += 1
        }
        initialized = count
    }
    let t0 = now()
    let frame = input.withUnsafeBytes { Zstd.compress($0, level: 1, checksum: true) }
    let elapsed = now() - t0
    let file = fopen(args[2], "wb")
    _ = frame.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    print("{\"input_bytes\": \(count), \"frame_bytes\": \(frame.count), \"compress_ns\": \(elapsed)}")
    exit(0)
}
if args.count == 5, args[1] == "decompress-only", let reps = Int(args[4]) {
    do {
        let frame = ArrowBuffer(storage: try ByteStorage.readFile(atPath: args[3])).bytes
        var times: [UInt64] = []
        var cpuTimes: [UInt64] = []
        var size = 0
        for _ in 0..<reps {
            let t0 = now()
            let c0 = cpuNow()
            let decoded = try frame.withUnsafeBytes { bytes in
                args[2] == "lz4" ? try LZ4Frame.decompress(bytes) : try Zstd.decompress(bytes)
            }
            cpuTimes.append(cpuNow() - c0)
            times.append(now() - t0)
            size = decoded.count
        }
        print("{\"median_ns\": \(median(times)), \"cpu_median_ns\": \(median(cpuTimes)), \"bytes\": \(size)}")
        exit(0)
    } catch {
        print("error: \(error)")
        exit(1)
    }
}
guard args.count >= 4, let reps = Int(args[3]) else {
    print(
        "usage: arrowipc-bench read-stream|read-file|write-stream|tensor|flame PATH REPS | zstd PATH REPS LEVEL OUT LIBZSTD_FRAME | lz4 PATH REPS OUT LIBLZ4_FRAME"
    )
    exit(2)
}
do {
    let buffer = ArrowBuffer(storage: try ByteStorage.readFile(atPath: args[2]))
    switch args[1] {
    case "read-stream", "read-file":
        // Times reading every batch into arrays; the batches are kept until the
        // next run so nothing is optimized away.
        let asFile = args[1] == "read-file"
        let peak = try peakExtraBytes {
            asFile ? try FileReader(buffer: buffer).readAll() : try StreamReader(buffer: buffer).readAll()
        }.1
        var times: [UInt64] = []
        var cpuTimes: [UInt64] = []
        var rows = 0
        for _ in 0..<reps {
            let t0 = now()
            let c0 = processCPUNow()
            let batches = asFile ? try FileReader(buffer: buffer).readAll() : try StreamReader(buffer: buffer).readAll()
            let c1 = processCPUNow()
            let t1 = now()
            rows = batches.reduce(0) { $0 + $1.length }
            times.append(t1 - t0)
            cpuTimes.append(c1 - c0)
        }
        print("{\"median_ns\": \(median(times)), \"rows\": \(rows), \"times_ns\": \(times), \"cpu_ns\": \(cpuTimes), \"peak_extra_bytes\": \(peak)}")
    case "write-stream":
        let reader = try StreamReader(buffer: buffer)
        let batches = try reader.readAll()
        // Memory first, in a clean state.
        let (first, peakExtra) = try peakExtraBytes { try StreamWriter.bytes(schema: reader.schema, batches: batches) }
        // Time writing into one reused in-memory output, as a service writing many
        // streams would (pyarrow's memory pool likewise keeps freed pages mapped).
        let output = MemoryOutput(reservingCapacity: first.count)
        var times: [UInt64] = []
        for _ in 0..<reps {
            output.removeAll(keepingCapacity: true)
            let t0 = now()
            try StreamWriter.write(to: output, schema: reader.schema, batches: batches)
            let t1 = now()
            precondition(output.bytes.count == first.count)
            times.append(t1 - t0)
        }
        var freshTimes: [UInt64] = []
        for _ in 0..<reps {
            let t0 = now()
            let bytes = try StreamWriter.bytes(schema: reader.schema, batches: batches)
            freshTimes.append(now() - t0)
            precondition(bytes.count == first.count)
        }
        print(
            "{\"times_ns\": \(times), \"bytes\": \(first.count), \"peak_extra_bytes\": \(peakExtra), \"fresh_times_ns\": \(freshTimes), \"identical\": \(first == buffer.bytes)}"
        )
    case "tensor":
        try tensorBench(buffer, reps: reps)
    case "flame":
        try flameBench(buffer, reps: reps)
    case "zstd":
        guard args.count == 7, let level = Int(args[4]) else {
            print("usage: arrowipc-bench zstd PATH REPS LEVEL OUT LIBZSTD_FRAME")
            exit(2)
        }
        try codecBench(
            input: buffer.bytes, reps: reps, referencePath: args[6], outputPath: args[5],
            compress: { Zstd.compress($0, level: level) },
            decompress: { try Zstd.decompress($0, expectedSize: $1) })
    case "lz4":
        guard args.count == 6 else {
            print("usage: arrowipc-bench lz4 PATH REPS OUT LIBLZ4_FRAME")
            exit(2)
        }
        try codecBench(
            input: buffer.bytes, reps: reps, referencePath: args[5], outputPath: args[4],
            compress: { LZ4Frame.compress($0, options: .arrow) },
            decompress: { try LZ4Frame.decompress($0, expectedSize: $1) })
    default:
        print("unknown mode \(args[1])")
        exit(2)
    }
} catch {
    print("error: \(error)")
    exit(1)
}
