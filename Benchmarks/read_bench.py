"""Reading: our StreamReader / FileReader vs pyarrow on the same IPC bytes.

The benchmark table (int64, float64, int32 with 10% nulls, ~10-char utf8,
bool) is written once as an IPC stream in 64 Ki-row batches; both sides read
it from memory into arrays: pyarrow's open_stream(BufferReader(buf)).read_all()
against StreamReader(buffer:).readAll(). The same table is also read with
ZSTD and with LZ4_FRAME body compression (pyarrow's defaults), where reading
includes decompressing every buffer, and as an IPC file (open_file + every
batch against FileReader). The two sides alternate in rounds; medians are over
all runs of a side. Both decompress on several threads, so the CPU figure is
the whole process's (all threads).
"""
import functools, time

import numpy as np
import pyarrow as pa

from harness import median, peak_extra, record, runs, TempFiles

BATCH_ROWS = 64 * 1024


@functools.lru_cache(maxsize=2)
def table(rows):
    """The benchmark table of `rows` rows (the same for every seed-42 run)."""
    rng = np.random.default_rng(42)
    ints32 = pa.array(rng.integers(-2**31, 2**31 - 1, rows, dtype=np.int32), mask=rng.random(rows) < 0.1)
    words = np.array(["".join(chr(97 + (i * 7 + k) % 26) for k in range(10)) for i in range(1000)])
    return pa.table({
        "i64": pa.array(rng.integers(-2**62, 2**62, rows, dtype=np.int64)),
        "f64": pa.array(rng.random(rows)),
        "i32": ints32,
        "s": pa.array(words[rng.integers(0, 1000, rows)]),
        "b": pa.array(rng.random(rows) < 0.5),
    })


def stream_bytes(t, compression=None, as_file=False):
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression=compression)
    with (pa.ipc.new_file if as_file else pa.ipc.new_stream)(sink, t.schema, options=options) as w:
        w.write_table(t, max_chunksize=BATCH_ROWS)
    return sink.getvalue()


def _read_file(buf):
    r = pa.ipc.open_file(pa.BufferReader(buf))
    return [r.get_batch(i) for i in range(r.num_record_batches)]


def _read_stream(buf):
    return pa.ipc.open_stream(pa.BufferReader(buf)).read_all()


def _measure(settings, files, rows, compression, as_file, rounds, reps):
    buf = stream_bytes(table(rows), compression, as_file)
    path = files.write("input.arrow" if as_file else "input.stream", buf)
    read = (lambda: _read_file(buf)) if as_file else (lambda: _read_stream(buf))
    peer_peak, _ = peak_extra(read)
    peer, peer_cpu, ours, our_cpu = [], [], [], []
    our_peak = 0
    for _ in range(rounds):
        wall, cpu, _ = runs(read, reps, clock=time.process_time_ns)
        peer += wall
        peer_cpu += cpu
        out = settings.swift("read-file" if as_file else "read-stream", path, reps)
        assert out["rows"] == rows, out
        ours += out["times_ns"]
        our_cpu += out["cpu_ns"]
        our_peak = max(our_peak, out["peak_extra_bytes"])
    case = ("file_read" if as_file else "stream_read") + (f"_{compression}" if compression else "")
    extra = {"rows": rows, "shape": f"{rows // 1_000_000}M rows"}
    return [
        record(case, "swift", median(ours) / 1e9, len(buf), **extra, peak_rss_extra=our_peak,
               cpu_seconds=median(our_cpu) / 1e9),
        record(case, "pyarrow", median(peer) / 1e9, len(buf), **extra, peak_rss_extra=peer_peak,
               cpu_seconds=median(peer_cpu) / 1e9),
    ]


def run(settings, scale):
    """Records of stream_read, stream_read_zstd, stream_read_lz4 and file_read
    on the 1M-row table (scale 1) or the 10M-row one (scale 10)."""
    rows = 1_000_000 * scale
    rounds, reps = (3, 15) if scale == 1 else (3, 5)
    out = []
    with TempFiles() as files:
        for compression, as_file in [(None, False), ("zstd", False), ("lz4", False), (None, True)]:
            out += _measure(settings, files, rows, compression, as_file,
                            settings.rounds(rounds), settings.reps(reps))
    return out


CASES = ["stream_read", "stream_read_zstd", "stream_read_lz4", "file_read"]
