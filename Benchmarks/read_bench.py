"""Read benchmark: our StreamReader vs pyarrow on the same IPC stream bytes.

Builds a 1,000,000-row table (int64, float64, int32 with 10% nulls, ~10-char
utf8, bool), writes it once as an IPC stream, then times reading it from memory
into arrays: pyarrow's open_stream(BufferReader(buf)).read_all() and our
StreamReader(buffer:).readAll(), and prints the ratio of medians. The machine
is shared, so the two alternate in ROUNDS rounds of REPS runs each; medians are
over all runs of a side.
The same table is also written with ZSTD and with LZ4_FRAME body compression
(pyarrow's defaults), where reading includes decompressing every buffer, and as
an IPC file (`open_file` + every batch vs our FileReader).

Usage: read_bench.py PATH-TO-arrowipc-bench [--rows N] [--json]
  --rows N  table size (default 1,000,000; `make bench-json` also runs 10x)
  --json    one {"case", "impl", "seconds", "bytes", "rows"} object per line
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

def _read_file(buf):
    r = pa.ipc.open_file(pa.BufferReader(buf))
    return [r.get_batch(i) for i in range(r.num_record_batches)]


def measure(binary, t, compression, as_file=False, as_json=False):
    """Median read time of pyarrow and ours on the same stream (or file) bytes; prints the ratio."""
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression=compression)
    with (pa.ipc.new_file if as_file else pa.ipc.new_stream)(sink, t.schema, options=options) as w:
        w.write_table(t, max_chunksize=64 * 1024)
    buf = sink.getvalue()
    with tempfile.NamedTemporaryFile(suffix=".arrow" if as_file else ".stream", delete=False) as f:
        f.write(buf.to_pybytes())
        path = f.name
    times, our_times, cpu, our_cpu = [], [], [], []
    mode = "read-file" if as_file else "read-stream"
    for _ in range(ROUNDS):
        for _ in range(REPS):
            t0 = time.perf_counter_ns()
            c0 = time.process_time_ns()
            if as_file:
                _read_file(buf)
            else:
                pa.ipc.open_stream(pa.BufferReader(buf)).read_all()
            cpu.append(time.process_time_ns() - c0)
            times.append(time.perf_counter_ns() - t0)
        out = subprocess.run([binary, mode, path, str(REPS)], check=True, capture_output=True, text=True).stdout
        ours = json.loads(out)
        our_times += ours["times_ns"]
        our_cpu += ours["cpu_ns"]
    py = sorted(times)[len(times) // 2]
    ours["median_ns"] = sorted(our_times)[len(our_times) // 2]
    os.unlink(path)
    assert ours["rows"] == ROWS, ours
    case = ("file_read" if as_file else "stream_read") + (f"_{compression}" if compression else "")
    if as_json:
        for impl, ns in (("swift", ours["median_ns"]), ("pyarrow", py)):
            print(json.dumps({"case": case, "impl": impl, "seconds": ns / 1e9, "bytes": len(buf), "rows": ROWS}))
        return
    label = compression.upper() if compression else "uncompressed"
    print(f"read {ROWS} rows, {label} {'file' if as_file else 'stream'} of {len(buf) / 1e6:.1f} MB, {ROUNDS} rounds x {REPS} runs, median")
    print(f"  pyarrow {pa.__version__}: {py / 1e3:10.1f} us")
    print(f"  ArrowIPC (Swift):  {ours['median_ns'] / 1e3:10.1f} us")
    print(f"  ratio ArrowIPC / pyarrow = {ours['median_ns'] / py:.2f} (below 1 means faster)")
    if compression:
        # Both decompress buffers on several threads; their summed CPU time is
        # less disturbed by other jobs than the wall time.
        print(f"  CPU time of all threads: ratio ArrowIPC / pyarrow = "
              f"{sorted(our_cpu)[len(our_cpu) // 2] / sorted(cpu)[len(cpu) // 2]:.2f}")


def parse_rows(argv):
    global ROWS
    if "--rows" in argv:
        ROWS = int(argv[argv.index("--rows") + 1])


def main():
    binary = sys.argv[1]
    parse_rows(sys.argv)
    as_json = "--json" in sys.argv
    t = table()
    for compression in [None, "zstd", "lz4"]:
        measure(binary, t, compression, as_json=as_json)
    measure(binary, t, None, as_file=True, as_json=as_json)


if __name__ == "__main__":
    main()
