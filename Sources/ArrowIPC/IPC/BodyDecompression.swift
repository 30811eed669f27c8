import ArrowMemory

/// Decompression of record batch bodies (`BodyCompression`).
enum BodyDecompression {
    static func decompressor(for codec: CompressionCodec) throws(ArrowError) -> (ByteBuffer) throws(ArrowError) -> ByteBuffer {
        throw ArrowError(.unsupported, "body compression \(codec == .zstd ? "ZSTD" : "LZ4_FRAME") is not supported yet")
    }
}
