import ArrowIPC
import FlameCache
import FlamePickle

/// `arrowipc-bench flame PATH REPS`: PATH holds one Flame cache blob. Times
/// `FlameBlobDecoder().decode` (median of REPS runs) from bytes already in
/// memory, and keeps each result alive until the next run so nothing is
/// optimized away. Prints one JSON object; flame_bench.py times the Python peers.
func flameBench(_ blob: ArrowBuffer, reps: Int) throws {
    var times: [UInt64] = []
    var kept: FlameValue? = nil
    var rows = 0
    for _ in 0..<reps {
        let t0 = now()
        let value = try FlameBlobDecoder().decode(blob)
        times.append(now() - t0)
        switch value {
        case .table(_, let batches): rows = batches.reduce(0) { $0 + $1.length }
        case .pickle(.dict(let items), _, _): rows = items.count
        default: break
        }
        kept = value
    }
    _ = kept
    print("{\"median_ns\": \(median(times)), \"rows\": \(rows)}")
}
