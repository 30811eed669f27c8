"""Zstandard peer for ZstdEncoderTests: libzstd (the `zstandard` package)
checks the frames our encoder wrote, and compresses the same inputs for the
ratio comparison.

    zstd_encoder_peer.py check DIR
        DIR/cases.txt lists "NAME LEVEL CHECKSUM" lines; DIR/NAME.raw is the
        input and DIR/NAME.LEVEL.CHECKSUM.zst our frame. Each frame must
        decompress to the input, declare its content size and checksum flag,
        and (for checksummed frames) fail when its checksum is altered.
        Prints "checked N" and, per line, NAME LEVEL OUR_SIZE LIBZSTD_SIZE.
        Frame headers must equal libzstd's for the same input and level.
    zstd_encoder_peer.py decode DIR
        as check, for hand-assembled frames: no header comparison, and only
        the "checked N" line.
    zstd_encoder_peer.py header HEX
        prints the content size, window size and checksum flag libzstd reads
        from the frame header HEX.
"""

import os
import sys

import zstandard


def check(directory, compare_headers=True, print_sizes=True):
    lines = open(os.path.join(directory, "cases.txt")).read().split("\n")
    checked = 0
    sizes = []
    for line in lines:
        if not line:
            continue
        name, level, checksum = line.split(" ")
        with open(os.path.join(directory, name + ".raw"), "rb") as f:
            original = f.read()
        with open(os.path.join(directory, "%s.%s.%s.zst" % (name, level, checksum)), "rb") as f:
            frame = f.read()
        params = zstandard.get_frame_parameters(frame)
        assert params.content_size == len(original), (name, params.content_size, len(original))
        assert params.has_checksum == (checksum == "1"), (name, params.has_checksum)
        # The header libzstd writes for one-shot compression: the same window
        # (single segment when the input fits it) and content size field.
        if compare_headers:
            reference = zstandard.ZstdCompressor(level=int(level), write_checksum=checksum == "1").compress(original)
            header_size = zstandard.frame_header_size(frame)
            assert frame[:header_size] == reference[:zstandard.frame_header_size(reference)], (
                name, level, frame[:header_size].hex(), reference[:18].hex())
        result = zstandard.ZstdDecompressor().decompress(frame)
        assert result == original, "%s level %s: decoded %d bytes differ" % (name, level, len(result))
        # The streaming decoder, which does not trust the content size.
        streamed = zstandard.ZstdDecompressor().decompressobj().decompress(frame)
        assert streamed == original, name
        if not original:
            # python-zstandard returns b"" for a content size of 0 without
            # reading further: compare with libzstd's own empty frame instead.
            expected = zstandard.ZstdCompressor(level=int(level), write_checksum=checksum == "1").compress(b"")
            assert frame == expected, (name, frame.hex(), expected.hex())
        elif checksum == "1":
            broken = bytearray(frame)
            broken[-1] ^= 0x55
            try:
                zstandard.ZstdDecompressor().decompress(bytes(broken))
                raise AssertionError("%s: altered checksum accepted" % name)
            except zstandard.ZstdError:
                pass
        theirs = len(zstandard.ZstdCompressor(level=int(level)).compress(original))
        sizes.append("%s %s %d %d" % (name, level, len(frame), theirs))
        checked += 1
    print("checked %d" % checked)
    if print_sizes:
        for line in sizes:
            print(line)


def header(hex_bytes):
    """Prints the content size and window size libzstd reads from a frame header."""
    params = zstandard.get_frame_parameters(bytes.fromhex(hex_bytes))
    print(params.content_size, params.window_size, int(params.has_checksum))


def main():
    if sys.argv[1] == "check":
        check(sys.argv[2])
    elif sys.argv[1] == "decode":
        # Hand-assembled frames: everything but the header comparison, and
        # only the "checked" line.
        check(sys.argv[2], compare_headers=False, print_sizes=False)
    elif sys.argv[1] == "header":
        header(sys.argv[2])
    else:
        raise SystemExit("unknown command %r" % sys.argv[1])


if __name__ == "__main__":
    main()
