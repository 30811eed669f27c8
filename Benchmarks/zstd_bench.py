"""Zstandard codec benchmark: our Zstd.compress / Zstd.decompress vs libzstd
(the `zstandard` package) on the same 64 MiB of Arrow table buffers.

The buffers are those of read_bench.py's table (int64, float64, int32 with
nulls, utf8, bool) at 2,000,000 rows, concatenated and cut to 64 MiB. Both
sides compress the whole input in one call at the same level and print
medians; libzstd also decodes our frame to check it. Both decompressors are
timed on libzstd's frame. The machine is shared, so peer and ours alternate
in ROUNDS rounds of REPS runs; medians are over all runs of a side, and the
per-round ratios are printed too.
"""
import json, os, subprocess, sys, tempfile, time
import zstandard
import read_bench

ROUNDS = 3
REPS = 5
SIZE = 64 << 20


def arrow_buffers():
    read_bench.ROWS = 2_000_000
    t = read_bench.table()
    parts = []
    for column in t.columns:
        for chunk in column.chunks:
            for buf in chunk.buffers():
                if buf is not None:
                    parts.append(buf.to_pybytes())
    data = b"".join(parts)
    assert len(data) >= SIZE, len(data)
    return data[:SIZE]


def runs(f):
    """REPS calls of f: (wall times, thread CPU times, last result)."""
    times, cpu = [], []
    result = None
    for _ in range(REPS):
        t0 = time.perf_counter_ns()
        c0 = time.thread_time_ns()
        result = f()
        cpu.append(time.thread_time_ns() - c0)
        times.append(time.perf_counter_ns() - t0)
    return times, cpu, result


def median(xs):
    return sorted(xs)[len(xs) // 2]


def rounds(ratios):
    return " ".join(f"{r:.2f}" for r in ratios)


def main():
    binary = sys.argv[1]
    data = arrow_buffers()
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "input.bin")
        with open(path, "wb") as f:
            f.write(data)
        for level in (1, 3):
            compressor = zstandard.ZstdCompressor(level=level)
            decompressor = zstandard.ZstdDecompressor()
            frame = compressor.compress(data)
            reference_path = os.path.join(directory, "libzstd.zst")
            with open(reference_path, "wb") as f:
                f.write(frame)
            out_path = os.path.join(directory, "ours.zst")
            peer_c, peer_d, ours_c, ours_d, round_c, round_d = [], [], [], [], [], []
            cpu = {"peer_c": [], "peer_d": [], "ours_c": [], "ours_d": []}
            for _ in range(ROUNDS):
                c, cpu_c, _ = runs(lambda: compressor.compress(data))
                d, cpu_d, _ = runs(lambda: decompressor.decompress(frame))
                ours = json.loads(subprocess.run(
                    [binary, "zstd", path, str(REPS), str(level), out_path, reference_path],
                    check=True, capture_output=True, text=True).stdout)
                peer_c += c
                peer_d += d
                ours_c += ours["compress_ns"]
                ours_d += ours["decompress_ns"]
                cpu["peer_c"] += cpu_c
                cpu["peer_d"] += cpu_d
                cpu["ours_c"] += ours["compress_cpu_ns"]
                cpu["ours_d"] += ours["decompress_cpu_ns"]
                round_c.append(median(ours["compress_ns"]) / median(c))
                round_d.append(median(ours["decompress_ns"]) / median(d))
            c_ns, d_ns = median(peer_c), median(peer_d)
            our_c_ns, our_d_ns = median(ours_c), median(ours_d)
            with open(out_path, "rb") as f:
                our_frame = f.read()
            assert zstandard.ZstdDecompressor().decompress(our_frame) == data, "libzstd decodes our frame wrongly"
            mb = len(data) / 1e6
            print(f"zstd level {level} on {mb:.1f} MB of Arrow table buffers, {ROUNDS} rounds x {REPS} runs, median")
            print(f"  compress   libzstd {zstandard.ZSTD_VERSION}: {c_ns / 1e6:8.1f} ms ({mb / (c_ns / 1e9):6.0f} MB/s), "
                  f"ratio {len(data) / len(frame):.3f}")
            print(f"  compress   ArrowIPC (Swift): {our_c_ns / 1e6:8.1f} ms "
                  f"({mb / (our_c_ns / 1e9):6.0f} MB/s), ratio {len(data) / len(our_frame):.3f}")
            print(f"  time ratio ArrowIPC / libzstd = {our_c_ns / c_ns:.2f} (rounds {rounds(round_c)}); "
                  f"size ratio ArrowIPC / libzstd = {len(our_frame) / len(frame):.3f}")
            print(f"  decompress libzstd's frame: libzstd {d_ns / 1e6:8.1f} ms; ArrowIPC "
                  f"{our_d_ns / 1e6:8.1f} ms; ratio {our_d_ns / d_ns:.2f} (rounds {rounds(round_d)})")
            print(f"  thread CPU time ratios (less disturbed by other jobs): compress "
                  f"{median(cpu['ours_c']) / median(cpu['peer_c']):.2f}, decompress "
                  f"{median(cpu['ours_d']) / median(cpu['peer_d']):.2f}")

if __name__ == "__main__":
    main()
