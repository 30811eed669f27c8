"""What the Zstandard and LZ4 cases share: their input (the benchmark table's
buffers) and the timing of compress + decompress, peer and ours alternating
in rounds, medians over all runs of a side.

Extras in the records: the compressed size, and the calling thread's CPU time
(all four codecs run on one thread), which other jobs on a shared machine
disturb less than wall time.
"""
import functools

from harness import median, peak_extra, record, runs, TempFiles
import read_bench

MIB = 1 << 20


@functools.lru_cache(maxsize=2)
def arrow_buffers(scale):
    """64 MiB x scale of the benchmark table's buffers (int64, float64, int32
    with nulls, utf8, bool), concatenated from 2M x scale rows."""
    size = 64 * MIB * scale
    t = read_bench.table.__wrapped__(2_000_000 * scale)  # not kept in the table cache
    data = b"".join(buf for column in t.columns for chunk in column.chunks
                    for buf in chunk.buffers() if buf is not None)
    assert len(data) >= size, len(data)
    return data[:size]


def measure(settings, data, prefix, peer_impl, compress, decompress, reference_frame, swift_args, decode,
            rounds, reps):
    """Records of PREFIX_compress and PREFIX_decompress.

    compress / decompress: the peer's calls (decompress decodes reference_frame);
    swift_args(input, out, reference): our binary's arguments, which compress
    input into out and decompress reference; decode: the peer's decoder, which
    must turn our frame back into data."""
    frame = compress()
    peer = {"compress": ([], [], peak_extra(compress)[0]), "decompress": ([], [], peak_extra(decompress)[0])}
    ours = {"compress": ([], [], 0), "decompress": ([], [], 0)}
    with TempFiles() as files:
        path = files.write("input.bin", data)
        reference = files.write("reference.frame", reference_frame)
        for _ in range(rounds):
            for op, fn in (("compress", compress), ("decompress", decompress)):
                wall, cpu, _ = runs(fn, reps)
                peer[op][0].extend(wall)
                peer[op][1].extend(cpu)
            out = settings.swift(*swift_args(path, files.path("ours.frame"), reference))
            for op, (wall, cpu, peak) in ours.items():
                wall.extend(out[op + "_ns"])
                cpu.extend(out[op + "_cpu_ns"])
                ours[op] = (wall, cpu, max(peak, out[op + "_peak_extra_bytes"]))
        with open(files.path("ours.frame"), "rb") as f:
            our_frame = f.read()
    assert decode(our_frame) == data, f"{peer_impl} decodes our frame wrongly"
    shape = f"{len(data) // MIB} MiB"
    records = []
    for op in ("compress", "decompress"):
        for impl, (wall, cpu, peak) in (("swift", ours[op]), (peer_impl, peer[op])):
            extra = {"compressed_bytes": len(our_frame if impl == "swift" else frame)} if op == "compress" else {}
            records.append(record(f"{prefix}_{op}", impl, median(wall) / 1e9, len(data), shape=shape,
                                  peak_rss_extra=peak,
                                  cpu_seconds=median(cpu) / 1e9, **extra))
    return records
