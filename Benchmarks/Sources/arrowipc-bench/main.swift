// Times our side of a benchmark; Benchmarks/*.py runs the peer (pyarrow) on the
// same bytes in the same run and prints the ratio.
//
//   arrowipc-bench read-stream PATH REPS   -> prints {"median_ns": ..., "rows": ...}
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

func median(_ xs: [UInt64]) -> UInt64 {
    let s = xs.sorted()
    return s[s.count / 2]
}

let args = CommandLine.arguments
guard args.count == 4, args[1] == "read-stream", let reps = Int(args[3]) else {
    print("usage: arrowipc-bench read-stream PATH REPS")
    exit(2)
}
do {
    let buffer = ByteBuffer(storage: try ByteStorage.readFile(atPath: args[2]))
    var times: [UInt64] = []
    var rows = 0
    for _ in 0..<reps {
        let t0 = now()
        let reader = try StreamReader(buffer: buffer)
        let batches = try reader.readAll()
        let t1 = now()
        rows = batches.reduce(0) { $0 + $1.length }
        times.append(t1 - t0)
    }
    print("{\"median_ns\": \(median(times)), \"rows\": \(rows)}")
} catch {
    print("error: \(error)")
    exit(1)
}
