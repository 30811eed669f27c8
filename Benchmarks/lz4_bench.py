"""LZ4 frame: our LZ4Frame.compress / LZ4Frame.decompress vs liblz4 (the `lz4`
package's `lz4.frame`) on the same Arrow table buffers as zstd_bench.py.

Compression writes the frame Arrow C++'s IPC writer writes (independent 64 KB
blocks, no content size, no checksum; `LZ4Frame.Options.arrow`) on both
sides; liblz4 decodes our frame to check it. Both decompressors decode
liblz4's frame of the same blocks with the content size stored, so neither
side has to guess the output size (Arrow IPC records it next to the frame).
"""
import lz4.frame

import codec_bench

ARROW_FORM = dict(block_size=lz4.frame.BLOCKSIZE_MAX64KB, block_linked=False,
                  content_checksum=False, compression_level=0)


def run(settings, scale):
    data = codec_bench.arrow_buffers(scale)
    reference_frame = lz4.frame.compress(data, store_size=True, **ARROW_FORM)
    assert lz4.frame.decompress(reference_frame) == data
    reps = settings.reps(5 if scale == 1 else 3)
    return codec_bench.measure(
        settings, data, "lz4", "liblz4",
        compress=lambda: lz4.frame.compress(data, store_size=False, **ARROW_FORM),
        decompress=lambda: lz4.frame.decompress(reference_frame),
        reference_frame=reference_frame,
        swift_args=lambda path, out, reference: ("lz4", path, reps, out, reference),
        decode=lz4.frame.decompress,
        rounds=settings.rounds(5 if scale == 1 else 3), reps=reps)


CASES = ["lz4_compress", "lz4_decompress"]
