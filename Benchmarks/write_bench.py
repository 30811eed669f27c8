"""Write benchmark: our StreamWriter vs pyarrow on the same 1,000,000-row table.

pyarrow builds the table of read_bench.py, writes it once as a stream (the input
of our side), then times new_stream + write_table into a BufferOutputStream.
Our main figure writes into one reused MemoryOutput; the second figure
allocates a new array per stream (StreamWriter.bytes).
Our side reads that stream once and times StreamWriter.bytes on its batches;
it also reports its peak extra memory while writing and whether its bytes equal
pyarrow's.

Usage: write_bench.py PATH-TO-arrowipc-bench [--rows N] [--json]
"""
import json, os, subprocess, sys, tempfile, time
import pyarrow as pa
import read_bench
from read_bench import table

REPS = 41

def write(t):
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, t.schema) as w:
        w.write_table(t, max_chunksize=64 * 1024)
    return sink.getvalue()

def main():
    read_bench.parse_rows(sys.argv)
    ROWS = read_bench.ROWS
    t = table()
    buf = write(t)
    with tempfile.NamedTemporaryFile(suffix=".stream", delete=False) as f:
        f.write(buf.to_pybytes())
        path = f.name
    batches = pa.ipc.open_stream(buf).read_all()
    times = []
    for _ in range(REPS):
        t0 = time.perf_counter_ns()
        write(batches)
        times.append(time.perf_counter_ns() - t0)
    py = sorted(times)[REPS // 2]
    out = subprocess.run([sys.argv[1], "write-stream", path, str(REPS)], check=True, capture_output=True, text=True).stdout
    ours = json.loads(out)
    os.unlink(path)
    if "--json" in sys.argv:
        for impl, ns in (("swift", ours["median_ns"]), ("pyarrow", py)):
            print(json.dumps({"case": "stream_write", "impl": impl, "seconds": ns / 1e9, "bytes": ours["bytes"], "rows": ROWS}))
        return
    print(f"write {ROWS} rows to an in-memory stream of {ours['bytes'] / 1e6:.1f} MB, {REPS} runs, median")
    print(f"  pyarrow {pa.__version__}: {py / 1e3:10.1f} us")
    print(f"  ArrowIPC (Swift):  {ours['median_ns'] / 1e3:10.1f} us")
    print(f"  ratio ArrowIPC / pyarrow = {ours['median_ns'] / py:.2f} (below 1 means faster)")
    print(f"  ArrowIPC into a new array each time (StreamWriter.bytes): {ours['fresh_median_ns'] / 1e3:10.1f} us, "
          f"ratio {ours['fresh_median_ns'] / py:.2f}")
    print(f"  peak extra memory while writing: {ours['peak_extra_bytes'] / 1e6:.1f} MB "
          f"= {ours['peak_extra_bytes'] / ours['bytes']:.2f} x output size")
    print(f"  bytes identical to pyarrow's: {ours['identical']}")

if __name__ == "__main__":
    main()
