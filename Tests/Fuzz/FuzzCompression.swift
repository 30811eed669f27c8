// Targets `zstd` and `lz4`: the bytes as compressed frames (a result or a
// CompressionError), then two properties: a decoded result decodes the same
// when its size is given up front (the IPC path), and the bytes themselves
// compress and decompress back to themselves (the encoder against the decoder).

/// Small, so that a frame claiming gigabytes is refused quickly rather than
/// reported as a memory blow-up; the limit check itself is what is exercised.
let fuzzDecodedLimit = 16 << 20

func fuzzZstd(_ bytes: ArrowBuffer) {
    let input = bytes.bytes
    if let out = try? Zstd.decompress(input, limit: fuzzDecodedLimit) {
        guard let sized = try? Zstd.decompress(input, expectedSize: out.count, limit: fuzzDecodedLimit), sized == out else {
            fuzzFailure("zstd: decoding with expectedSize \(out.count) differs from decoding without it")
        }
    }
    // A limit one short of a known size must throw, not truncate.
    if let out = try? Zstd.decompress(input, limit: fuzzDecodedLimit), !out.isEmpty,
        (try? Zstd.decompress(input, limit: out.count - 1)) != nil
    {
        fuzzFailure("zstd: \(out.count) decoded bytes passed a limit of \(out.count - 1)")
    }
    let level = input.first.map { Int($0 % 4) + 1 } ?? 1
    let packed = Zstd.compress(input, level: level, checksum: input.count % 2 == 0)
    guard let back = try? Zstd.decompress(packed, expectedSize: input.count), back == input else {
        fuzzFailure("zstd: round trip of \(input.count) bytes at level \(level) failed")
    }
}

func fuzzLZ4(_ bytes: ArrowBuffer) {
    let input = bytes.bytes
    if let out = try? LZ4Frame.decompress(input, limit: fuzzDecodedLimit) {
        guard let sized = try? LZ4Frame.decompress(input, expectedSize: out.count, limit: fuzzDecodedLimit), sized == out else {
            fuzzFailure("lz4: decoding with expectedSize \(out.count) differs from decoding without it")
        }
        if !out.isEmpty, (try? LZ4Frame.decompress(input, limit: out.count - 1)) != nil {
            fuzzFailure("lz4: \(out.count) decoded bytes passed a limit of \(out.count - 1)")
        }
    }
    let flags = input.first ?? 0
    let options = LZ4Frame.Options(contentSize: flags & 1 != 0, contentChecksum: flags & 2 != 0, independentBlocks: flags & 4 != 0)
    let packed = LZ4Frame.compress(input, options: options)
    guard let back = try? LZ4Frame.decompress(packed, expectedSize: input.count), back == input else {
        fuzzFailure("lz4: round trip of \(input.count) bytes with \(options) failed")
    }
}
