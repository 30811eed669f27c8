"""LZ4 frame codec benchmark: our LZ4Frame.compress / LZ4Frame.decompress vs
liblz4 (the `lz4` package's `lz4.frame`) on the same 64 MiB of Arrow table
buffers as zstd_bench.py.

Compression writes the frame Arrow C++'s IPC writer writes (independent 64 KB
blocks, no content size, no checksum; `LZ4Frame.Options.arrow`) on both
sides; liblz4 also decodes our frame to check it. Both decompressors decode
liblz4's frame of the same blocks with the content size stored, so neither
side has to guess the output size (Arrow IPC records it next to the frame).

The machine is shared, so peer and ours alternate in ROUNDS rounds of REPS
runs each; medians are over all runs of a side, and the ratio of medians is
printed with the per-round ratios.
"""
import json, os, subprocess, sys, tempfile, time
import lz4
import lz4.frame
import zstd_bench

ROUNDS = 5
REPS = 5

ARROW_FORM = dict(block_size=lz4.frame.BLOCKSIZE_MAX64KB, block_linked=False,
                  content_checksum=False, compression_level=0)


def times(f, reps):
    """reps calls of f: (wall times, thread CPU times, last result)."""
    out, cpu = [], []
    result = None
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        c0 = time.thread_time_ns()
        result = f()
        cpu.append(time.thread_time_ns() - c0)
        out.append(time.perf_counter_ns() - t0)
    return out, cpu, result


def median(xs):
    return sorted(xs)[len(xs) // 2]


def main():
    binary = sys.argv[1]
    data = zstd_bench.arrow_buffers()
    peer_c, peer_d, ours_c, ours_d = [], [], [], []
    round_c, round_d = [], []
    cpu = {"peer_c": [], "peer_d": [], "ours_c": [], "ours_d": []}
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "input.bin")
        with open(path, "wb") as f:
            f.write(data)
        reference = lz4.frame.compress(data, store_size=True, **ARROW_FORM)
        reference_path = os.path.join(directory, "liblz4.lz4")
        with open(reference_path, "wb") as f:
            f.write(reference)
        out_path = os.path.join(directory, "ours.lz4")
        frame = b""
        for _ in range(ROUNDS):
            c, cpu_c, frame = times(lambda: lz4.frame.compress(data, store_size=False, **ARROW_FORM), REPS)
            d, cpu_d, decoded = times(lambda: lz4.frame.decompress(reference), REPS)
            assert decoded == data
            ours = json.loads(subprocess.run(
                [binary, "lz4", path, str(REPS), out_path, reference_path],
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
        with open(out_path, "rb") as f:
            our_frame = f.read()
    assert lz4.frame.decompress(our_frame) == data, "liblz4 decodes our frame wrongly"
    mb = len(data) / 1e6
    pc, pd, oc, od = median(peer_c), median(peer_d), median(ours_c), median(ours_d)
    print(f"lz4 frame (Arrow IPC form: independent 64 KB blocks) on {mb:.1f} MB of Arrow table buffers, "
          f"{ROUNDS} rounds x {REPS} runs, median")
    print(f"  compress   liblz4 {lz4.library_version_string()}: {pc / 1e6:8.1f} ms ({mb / (pc / 1e9):6.0f} MB/s), "
          f"ratio {len(data) / len(frame):.3f}")
    print(f"  compress   ArrowIPC (Swift): {oc / 1e6:8.1f} ms ({mb / (oc / 1e9):6.0f} MB/s), "
          f"ratio {len(data) / len(our_frame):.3f}")
    print(f"  time ratio ArrowIPC / liblz4 = {oc / pc:.2f} (rounds {' '.join(f'{r:.2f}' for r in round_c)}); "
          f"size ratio ArrowIPC / liblz4 = {len(our_frame) / len(frame):.3f}")
    print(f"  decompress liblz4's frame: liblz4 {pd / 1e6:8.1f} ms; ArrowIPC {od / 1e6:8.1f} ms; "
          f"ratio {od / pd:.2f} (rounds {' '.join(f'{r:.2f}' for r in round_d)})")
    print(f"  thread CPU time ratios (less disturbed by other jobs): compress "
          f"{median(cpu['ours_c']) / median(cpu['peer_c']):.2f}, decompress "
          f"{median(cpu['ours_d']) / median(cpu['peer_d']):.2f}")


if __name__ == "__main__":
    main()
