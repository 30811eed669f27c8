"""Writing: our StreamWriter vs pyarrow on the benchmark table (read_bench.py's).

pyarrow writes the table once as a stream (the input of our side, and the
batches both sides write), then both write those batches to an in-memory
stream in 64 Ki-row batches: pyarrow's new_stream + write_table into a
BufferOutputStream against StreamWriter into one reused MemoryOutput (a
service writing many streams reuses its buffer as pyarrow's pool keeps freed
pages). Extras: our time into a new array per stream (StreamWriter.bytes) and
whether our bytes equal pyarrow's.
"""
import pyarrow as pa

from harness import median, peak_extra, record, runs, TempFiles
from read_bench import stream_bytes, table


def _write(batches):
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batches.schema) as w:
        w.write_table(batches, max_chunksize=64 * 1024)
    return sink.getvalue()


def run(settings, scale):
    rows = 1_000_000 * scale
    rounds, reps = settings.rounds(3), settings.reps(11 if scale == 1 else 3)
    buf = stream_bytes(table(rows))
    batches = pa.ipc.open_stream(buf).read_all()
    peer_peak, _ = peak_extra(lambda: _write(batches))
    peer, ours, fresh = [], [], []
    identical = True
    with TempFiles() as files:
        path = files.write("input.stream", buf)
        for _ in range(rounds):
            peer += runs(lambda: _write(batches), reps)[0]
            out = settings.swift("write-stream", path, reps)
            ours += out["times_ns"]
            fresh += out["fresh_times_ns"]
            identical = identical and out["identical"]
            size, our_peak = out["bytes"], out["peak_extra_bytes"]
    shape = f"{rows // 1_000_000}M rows"
    return [
        record("stream_write", "swift", median(ours) / 1e9, size, rows=rows, shape=shape, peak_rss_extra=our_peak,
               fresh_array_seconds=median(fresh) / 1e9, identical_to_pyarrow=identical),
        record("stream_write", "pyarrow", median(peer) / 1e9, len(buf), rows=rows, shape=shape,
               peak_rss_extra=peer_peak),
    ]


CASES = ["stream_write"]
