"""Read benchmark: our StreamReader vs pyarrow on the same IPC stream bytes.

Builds a 1,000,000-row table (int64, float64, int32 with 10% nulls, ~10-char
utf8, bool), writes it once as an IPC stream, then times reading it from memory
into arrays: pyarrow's open_stream(BufferReader(buf)).read_all() and our
StreamReader(buffer:).readAll(), and prints the ratio of medians. The machine
is shared, so the two alternate in ROUNDS rounds of REPS runs each; medians are
over all runs of a side.
The same table is also written with ZSTD and with LZ4_FRAME body compression
(pyarrow's defaults), where reading includes decompressing every buffer.
"""
import json, os, subprocess, sys, tempfile, time
import numpy as np
import pyarrow as pa

ROUNDS = 3
REPS = 15
ROWS = 1_000_000

def table():
    rng = np.random.default_rng(42)
    ints32 = pa.array(rng.integers(-2**31, 2**31 - 1, ROWS, dtype=np.int32), mask=rng.random(ROWS) < 0.1)
    words = np.array(["".join(chr(97 + (i * 7 + k) % 26) for k in range(10)) for i in range(1000)])
    return pa.table({
        "i64": pa.array(rng.integers(-2**62, 2**62, ROWS, dtype=np.int64)),
        "f64": pa.array(rng.random(ROWS)),
        "i32": ints32,
        "s": pa.array(words[rng.integers(0, 1000, ROWS)]),
        "b": pa.array(rng.random(ROWS) < 0.5),
    })

def measure(binary, t, compression):
    """Median read time of pyarrow and ours on the same stream bytes; prints the ratio."""
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression=compression)
    with pa.ipc.new_stream(sink, t.schema, options=options) as w:
        w.write_table(t, max_chunksize=64 * 1024)
    buf = sink.getvalue()
    with tempfile.NamedTemporaryFile(suffix=".stream", delete=False) as f:
        f.write(buf.to_pybytes())
        path = f.name
    times, our_times, cpu, our_cpu = [], [], [], []
    for _ in range(ROUNDS):
        for _ in range(REPS):
            t0 = time.perf_counter_ns()
            c0 = time.process_time_ns()
            pa.ipc.open_stream(pa.BufferReader(buf)).read_all()
            cpu.append(time.process_time_ns() - c0)
            times.append(time.perf_counter_ns() - t0)
        out = subprocess.run([binary, "read-stream", path, str(REPS)], check=True, capture_output=True, text=True).stdout
        ours = json.loads(out)
        our_times += ours["times_ns"]
        our_cpu += ours["cpu_ns"]
    py = sorted(times)[len(times) // 2]
    ours["median_ns"] = sorted(our_times)[len(our_times) // 2]
    os.unlink(path)
    assert ours["rows"] == ROWS, ours
    label = compression.upper() if compression else "uncompressed"
    print(f"read {ROWS} rows, {label} stream of {len(buf) / 1e6:.1f} MB, {ROUNDS} rounds x {REPS} runs, median")
    print(f"  pyarrow {pa.__version__}: {py / 1e3:10.1f} us")
    print(f"  ArrowIPC (Swift):  {ours['median_ns'] / 1e3:10.1f} us")
    print(f"  ratio ArrowIPC / pyarrow = {ours['median_ns'] / py:.2f} (below 1 means faster)")
    if compression:
        # Both decompress buffers on several threads; their summed CPU time is
        # less disturbed by other jobs than the wall time.
        print(f"  CPU time of all threads: ratio ArrowIPC / pyarrow = "
              f"{sorted(our_cpu)[len(our_cpu) // 2] / sorted(cpu)[len(cpu) // 2]:.2f}")


def main():
    binary = sys.argv[1]
    t = table()
    for compression in [None, "zstd", "lz4"]:
        measure(binary, t, compression)


if __name__ == "__main__":
    main()
