"""Peer for LZ4FrameTests: the Python `lz4` package (pinned 4.4.5) on the other side.

  lz4_peer.py compress DIR SEED
      Writes seeded inputs (NAME.raw) and their frames from lz4.frame.compress
      under many option sets (NAME.OPTIONS.lz4) into DIR, and DIR/cases.txt
      with one line per frame: "frame-file raw-file options". Prints counts.

  lz4_peer.py decompress DIR
      For every line "frame-file raw-file" of DIR/swift.txt, decompresses the
      frame with lz4.frame.decompress and compares with the raw file. Prints
      "checked N" and exits 1 on any mismatch.
"""

import os
import random
import struct
import sys

import lz4
import lz4.frame


LEVELS = [0, 3, 9, 16]
BLOCK_SIZES = [
    ("64KB", lz4.frame.BLOCKSIZE_MAX64KB),
    ("256KB", lz4.frame.BLOCKSIZE_MAX256KB),
    ("1MB", lz4.frame.BLOCKSIZE_MAX1MB),
    ("4MB", lz4.frame.BLOCKSIZE_MAX4MB),
]


def text(rng, size):
    words = ["arrow", "column", "batch", "schema", "lz4", "frame", "the", "of",
             "buffer", "offset", "validity", "dictionary", "null", "record"]
    out = []
    length = 0
    while length < size:
        word = rng.choice(words)
        out.append(word)
        length += len(word) + 1
    return " ".join(out).encode()[:size]


def int64_array(rng, count):
    # Arrow-like: small increasing values, some repeats, little-endian int64.
    value = 0
    values = []
    for _ in range(count):
        value += rng.randint(0, 3)
        values.append(value if rng.random() > 0.05 else 0)
    return struct.pack("<%dq" % count, *values)


def mixed(rng, size):
    parts = []
    total = 0
    while total < size:
        kind = rng.randint(0, 4)
        n = rng.randint(1, 40000)
        if kind == 0:
            part = bytes(n)  # zeros (null buffers, padding)
        elif kind == 1:
            part = rng.randbytes(n)
        elif kind == 2:
            part = text(rng, n)
        elif kind == 3:
            part = int64_array(rng, max(1, n // 8))
        else:
            unit = rng.randbytes(rng.randint(1, 9))
            part = (unit * (n // len(unit) + 1))[:n]
        parts.append(part)
        total += len(part)
    return b"".join(parts)[:size]


def inputs(seed):
    rng = random.Random(seed)
    return [
        ("empty", b""),
        ("one", b"\x2a"),
        ("short", b"abcdefghijkl"),
        ("text", text(rng, 50000)),
        ("random", rng.randbytes(70000)),
        ("repetitive", b"abcabcabd" * 30000),
        ("zeros", bytes(300000)),
        ("int64", int64_array(rng, 10000)),
        ("mixed", mixed(rng, 1_100_000)),
    ]


def option_sets(large):
    """All levels x block sizes x linked (for a large input, the slow level 16
    only with linked 64 KB and independent 1 MB blocks); the three flags take
    all 8 combinations across each group of 8 consecutive sets."""
    index = 0
    for level in LEVELS:
        for block_name, block_size in BLOCK_SIZES:
            for linked in (True, False):
                if large and level == 16 and (block_name, linked) not in (("64KB", True), ("1MB", False)):
                    index += 1
                    continue
                flags = index % 8
                index += 1
                yield {
                    "compression_level": level,
                    "block_size": block_size,
                    "block_linked": linked,
                    "content_checksum": bool(flags & 1),
                    "block_checksum": bool(flags & 2),
                    "store_size": bool(flags & 4),
                }, "l%d-%s-%s-cc%d-bc%d-ss%d" % (
                    level, block_name, "linked" if linked else "indep",
                    flags & 1, (flags >> 1) & 1, (flags >> 2) & 1)


def compress(directory, seed):
    lines = []
    for name, data in inputs(seed):
        raw_file = name + ".raw"
        with open(os.path.join(directory, raw_file), "wb") as handle:
            handle.write(data)
        for options, label in option_sets(len(data) > 1_000_000):
            frame = lz4.frame.compress(data, **options)
            frame_file = "%s.%s.lz4" % (name, label)
            with open(os.path.join(directory, frame_file), "wb") as handle:
                handle.write(frame)
            lines.append("%s %s %s" % (frame_file, raw_file, label))
    # A large input crossing several 4 MB blocks.
    rng = random.Random(seed + 1)
    big = mixed(rng, 9_000_000)
    with open(os.path.join(directory, "big.raw"), "wb") as handle:
        handle.write(big)
    for linked in (True, False):
        label = "l0-4MB-%s-cc1-bc1-ss1" % ("linked" if linked else "indep")
        frame = lz4.frame.compress(big, block_size=lz4.frame.BLOCKSIZE_MAX4MB, block_linked=linked,
                                   content_checksum=True, block_checksum=True, store_size=True)
        frame_file = "big.%s.lz4" % label
        with open(os.path.join(directory, frame_file), "wb") as handle:
            handle.write(frame)
        lines.append("%s %s %s" % (frame_file, "big.raw", label))
    with open(os.path.join(directory, "cases.txt"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    print("lz4 %s wrote %d frames" % (lz4.__version__, len(lines)))


def decompress(directory):
    checked = 0
    failures = []
    with open(os.path.join(directory, "swift.txt")) as handle:
        for line in handle:
            if not line.strip():
                continue
            frame_file, raw_file = line.split()[:2]
            with open(os.path.join(directory, frame_file), "rb") as f:
                frame = f.read()
            with open(os.path.join(directory, raw_file), "rb") as f:
                raw = f.read()
            try:
                decoded = lz4.frame.decompress(frame)
            except Exception as error:  # noqa: BLE001 - report every failure
                failures.append("%s: %s" % (frame_file, error))
                continue
            if decoded != raw:
                failures.append("%s: decoded %d bytes differ from %d raw bytes" % (frame_file, len(decoded), len(raw)))
                continue
            checked += 1
    print("checked %d" % checked)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "compress":
        compress(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "decompress":
        decompress(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
