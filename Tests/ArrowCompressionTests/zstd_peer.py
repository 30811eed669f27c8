"""Zstandard peer for ZstdTests: compresses seeded inputs with the `zstandard`
package (libzstd) so the Swift decoder can be checked against it.

    zstd_peer.py generate DIR   writes DIR/cases.tsv and the files it names
    zstd_peer.py decompress IN OUT REPEATS
                                decompresses IN with libzstd REPEATS times,
                                writes OUT, prints the best time in seconds

cases.tsv has one tab-separated line per case: name, original file,
compressed file, and a kind: "ok" (must decode to the original), "dict"
(needs a dictionary: must be refused).
"""

import os
import random
import struct
import sys
import time

import zstandard

LEVELS = [-5, 1, 3, 9, 19, 22]
WORDS = (
    "arrow zstd frame block literal sequence offset match window huffman "
    "table state column batch record schema buffer value null string int64"
).split()


def text(rng, size):
    out = []
    total = 0
    while total < size:
        word = rng.choice(WORDS)
        if rng.random() < 0.1:
            word = word.capitalize() + rng.choice([".", ",", ";", "\n"])
        out.append(word)
        total += len(word) + 1
    return " ".join(out).encode()[:size]


def random_bytes(rng, size):
    return bytes(rng.getrandbits(8) for _ in range(size))


def repetitive(rng, size):
    pattern = random_bytes(rng, rng.randint(1, 40))
    return (pattern * (size // len(pattern) + 1))[:size]


def runs(rng, size):
    out = bytearray()
    while len(out) < size:
        out += bytes([rng.choice([0, 0, 0, 255, rng.getrandbits(8)])]) * rng.randint(1, 5000)
    return bytes(out[:size])


def int64_small(rng, count):
    return struct.pack("<%dq" % count, *(rng.randint(-1000, 1000) for _ in range(count)))


def int64_timestamps(rng, count):
    t = 1_700_000_000_000_000
    values = []
    for _ in range(count):
        t += rng.randint(0, 5_000_000)
        values.append(t)
    return struct.pack("<%dq" % count, *values)


def utf8_column(rng, count):
    """Arrow string column: int32 offsets followed by the value bytes."""
    offsets = [0]
    data = bytearray()
    for _ in range(count):
        value = text(rng, rng.randint(0, 30))
        data += value
        offsets.append(len(data))
    return struct.pack("<%di" % len(offsets), *offsets) + bytes(data)


def mixed(rng, size):
    out = bytearray()
    makers = [text, random_bytes, repetitive, runs]
    while len(out) < size:
        piece = rng.randint(1, 100_000)
        choice = rng.randrange(6)
        if choice < 4:
            out += makers[choice](rng, piece)
        elif choice == 4:
            out += int64_small(rng, piece // 8)
        elif len(out) > 0:
            # A long copy of earlier content: far back-references.
            start = rng.randrange(len(out))
            out += out[start:start + piece]
    return bytes(out[:size])


def inputs():
    rng = random.Random(20240601)
    yield "empty", b""
    yield "one-byte", b"\x42"
    yield "two-bytes", b"ab"
    for size in (10, 100, 1000, 5000, 70_000, 300_000):
        yield "text-%d" % size, text(rng, size)
    for size in (16, 1000, 140_000):
        yield "random-%d" % size, random_bytes(rng, size)
    for size in (50, 3000, 200_000):
        yield "repetitive-%d" % size, repetitive(rng, size)
    for size in (1000, 400_000):
        yield "runs-%d" % size, runs(rng, size)
    yield "zeros-1m", bytes(1 << 20)
    yield "int64-small", int64_small(rng, 40_000)
    yield "int64-timestamps", int64_timestamps(rng, 40_000)
    yield "utf8-column", utf8_column(rng, 10_000)
    yield "mixed-1.2m", mixed(rng, 1_200_000)


def skippable(rng, index):
    payload = random_bytes(rng, rng.randint(0, 40))
    return struct.pack("<II", 0x184D2A50 + index, len(payload)) + payload


class Writer:
    def __init__(self, directory):
        self.directory = directory
        self.lines = []
        self.originals = {}

    def add(self, name, original, compressed, kind="ok"):
        index = len(self.lines)
        orig_name = self.originals.get(original)
        if orig_name is None:
            # Each distinct original is written once.
            orig_name = "%04d.orig" % index
            self.originals[original] = orig_name
            with open(os.path.join(self.directory, orig_name), "wb") as f:
                f.write(original)
        comp_name = "%04d.zst" % index
        with open(os.path.join(self.directory, comp_name), "wb") as f:
            f.write(compressed)
        self.lines.append("\t".join([name, orig_name, comp_name, kind]))

    def finish(self):
        with open(os.path.join(self.directory, "cases.tsv"), "w") as f:
            f.write("\n".join(self.lines) + "\n")


def generate(directory):
    writer = Writer(directory)
    rng = random.Random(7)
    originals = list(inputs())
    for name, data in originals:
        big = len(data) > 500_000
        for level in LEVELS:
            flags = [(True, True), (False, False)] if big else [(c, s) for c in (True, False) for s in (True, False)]
            for checksum, content_size in flags:
                compressor = zstandard.ZstdCompressor(
                    level=level, write_checksum=checksum, write_content_size=content_size)
                writer.add("%s/level%d/checksum=%d/size=%d" % (name, level, checksum, content_size),
                           data, compressor.compress(data))

    # Streaming compression: no content size, many blocks of varied sizes,
    # flushed (possibly empty) blocks.
    for name, data in originals:
        for level in (1, 19):
            compressor = zstandard.ZstdCompressor(level=level, write_checksum=True)
            chunker = compressor.compressobj()
            out = bytearray()
            position = 0
            while position < len(data):
                step = rng.randint(1, 200_000)
                out += chunker.compress(data[position:position + step])
                if rng.random() < 0.5:
                    out += chunker.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
                position += step
            out += chunker.flush()
            writer.add("%s/stream-level%d" % (name, level), data, bytes(out))

    # Small windows (back-references bounded by the window) and a long
    # window with long-distance matching.
    for name, data in originals:
        if len(data) < 1000:
            continue
        for window_log in (10, 17):
            params = zstandard.ZstdCompressionParameters.from_level(
                9, window_log=window_log, write_checksum=1)
            compressor = zstandard.ZstdCompressor(compression_params=params)
            writer.add("%s/window%d" % (name, window_log), data, compressor.compress(data))
        params = zstandard.ZstdCompressionParameters.from_level(
            19, window_log=24, enable_ldm=True, write_checksum=1)
        writer.add("%s/ldm" % name, data, zstandard.ZstdCompressor(compression_params=params).compress(data))

    # Concatenated frames, with skippable frames among them.
    for case in range(12):
        pieces = rng.sample(originals, rng.randint(2, 5))
        original = bytearray()
        compressed = bytearray()
        for index, (_, data) in enumerate(pieces):
            if len(data) > 300_000:
                data = data[:rng.randint(0, 300_000)]
            if rng.random() < 0.3:
                compressed += skippable(rng, index)
            compressor = zstandard.ZstdCompressor(
                level=rng.choice(LEVELS), write_checksum=rng.random() < 0.5,
                write_content_size=rng.random() < 0.5)
            compressed += compressor.compress(data)
            original += data
        if rng.random() < 0.5:
            compressed += skippable(rng, 15)
        writer.add("multi-%d" % case, bytes(original), bytes(compressed))
    writer.add("skippable-only", b"", skippable(rng, 3) + skippable(rng, 4))

    # A frame that needs a dictionary.
    samples = [text(rng, rng.randint(200, 2000)) for _ in range(400)]
    dictionary = zstandard.train_dictionary(4096, samples)
    compressor = zstandard.ZstdCompressor(level=3, dict_data=dictionary, write_dict_id=True)
    writer.add("dictionary", samples[0], compressor.compress(samples[0]), kind="dict")

    writer.finish()
    print("wrote %d cases" % len(writer.lines))


def decompress(source, destination, repeats):
    with open(source, "rb") as f:
        compressed = f.read()
    decompressor = zstandard.ZstdDecompressor()
    best = None
    result = b""
    for _ in range(repeats):
        start = time.perf_counter()
        result = decompressor.decompress(compressed)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    with open(destination, "wb") as f:
        f.write(result)
    print("%.6f" % best)


def main():
    command = sys.argv[1]
    if command == "generate":
        generate(sys.argv[2])
    elif command == "decompress":
        decompress(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        raise SystemExit("unknown command %r" % command)


if __name__ == "__main__":
    main()
