"""Zstandard: our Zstd.compress / Zstd.decompress vs libzstd (the `zstandard`
package) on the same Arrow table buffers (codec_bench.py): 64 MiB at scale 1,
640 MiB at scale 10. Both sides compress the whole input in one call at level
1; libzstd decodes our frame to check it. Both decompressors decode libzstd's
level-1 frame.
"""
import zstandard

import codec_bench

LEVEL = 1


def run(settings, scale):
    data = codec_bench.arrow_buffers(scale)
    compressor = zstandard.ZstdCompressor(level=LEVEL)
    decompressor = zstandard.ZstdDecompressor()
    reference_frame = compressor.compress(data)
    reps = settings.reps(5 if scale == 1 else 3)
    return codec_bench.measure(
        settings, data, "zstd", "libzstd",
        compress=lambda: compressor.compress(data),
        decompress=lambda: decompressor.decompress(reference_frame),
        reference_frame=reference_frame,
        swift_args=lambda path, out, reference: ("zstd", path, reps, LEVEL, out, reference),
        decode=zstandard.ZstdDecompressor().decompress,
        rounds=settings.rounds(3), reps=reps)


CASES = ["zstd_compress", "zstd_decompress"]
