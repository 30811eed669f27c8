import ArrowIPC
import FlameCache
import FlamePickle

/// `arrowipc-bench flame PATH REPS`: PATH holds one Flame cache blob. Times
/// `FlameBlobDecoder().decode` REPS times from bytes already in memory, after
/// one untimed run that measures peak memory, and keeps each result alive
/// until the next run so nothing is optimized away. Prints one JSON object
/// with every run's time; flame_bench.py times the Python peers.
func flameBench(_ blob: ArrowBuffer, reps: Int) throws {
    let (first, peak) = try peakExtraBytes { try FlameBlobDecoder().decode(blob) }
    var kept = first
    var times: [UInt64] = []
    for _ in 0..<reps {
        let t0 = now()
        let value = try FlameBlobDecoder().decode(blob)
        times.append(now() - t0)
        kept = value
    }
    var rows = 0
    switch kept {
    case .table(_, let batches): rows = batches.reduce(0) { $0 + $1.length }
    case .pickle(.dict(let items), _, _): rows = items.count
    default: break
    }
    print("{\"times_ns\": \(times), \"rows\": \(rows), \"peak_extra_bytes\": \(peak)}")
}
