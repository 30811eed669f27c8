"""Writes the small seed frames of the `zstd` and `lz4` fuzz targets
(Tests/Fuzz/seeds/), made by the reference libraries (python-zstandard,
python-lz4) so that the fuzzer starts from frames of every kind.
Run: .venv/bin/python Tests/Fuzz/make_seeds.py"""
import os
import random

import lz4.frame
import zstandard

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")
rng = random.Random(10)
payloads = {
    "empty": b"",
    "text": b"Apache Arrow IPC " * 40 + bytes(range(256)),
    "zeros": bytes(3000),
    "random": bytes(rng.randrange(256) for _ in range(700)),
    "ints": b"".join(i.to_bytes(4, "little") for i in range(600)),
    "mixed": bytes(rng.randrange(4) for _ in range(2000)) + b"abcabcabd" * 100,
}


def write(kind, name, data):
    os.makedirs(os.path.join(here, kind), exist_ok=True)
    with open(os.path.join(here, kind, name), "wb") as f:
        f.write(data)


for name, data in payloads.items():
    for level in (1, 3, 19):
        write("zstd", f"{name}_l{level}.zst", zstandard.ZstdCompressor(level=level).compress(data))
    write("zstd", f"{name}_checksum.zst", zstandard.ZstdCompressor(write_checksum=True).compress(data))
    write("zstd", f"{name}_nosize.zst",
          zstandard.ZstdCompressor(write_content_size=False).compressobj().compress(data) +
          zstandard.ZstdCompressor(write_content_size=False).compressobj().flush())
    for block, linked, checksum, size in ((4, False, False, False), (4, True, True, True), (5, False, True, True)):
        write("lz4", f"{name}_b{block}{'_linked' if linked else ''}{'_sum' if checksum else ''}{'_size' if size else ''}.lz4",
              lz4.frame.compress(data, block_size=block, block_linked=linked, content_checksum=checksum,
                                 store_size=size, block_checksum=checksum))
# Two frames back to back, and a skippable frame before a zstd frame.
write("zstd", "two_frames.zst", zstandard.ZstdCompressor().compress(b"first") + zstandard.ZstdCompressor().compress(b"second"))
write("zstd", "skippable.zst", b"\x50\x2a\x4d\x18" + (4).to_bytes(4, "little") + b"skip" + zstandard.ZstdCompressor().compress(b"data"))
write("lz4", "two_frames.lz4", lz4.frame.compress(b"first") + lz4.frame.compress(b"second"))
