import ArrowCompression
import ArrowMemory

/// Decompression of record batch bodies (`BodyCompression`, method BUFFER).
///
/// Each non-empty buffer is an int64 little-endian uncompressed length followed by
/// the codec's frame; a length of -1 means the bytes follow uncompressed (writers
/// do that when compressing would not save space).
enum BodyDecompression {
    /// Largest uncompressed buffer accepted: a lying length prefix cannot make the
    /// reader allocate more.
    static let maximumBufferSize = 1 << 31

    static func decompressor(for codec: CompressionCodec) -> (ByteBuffer) throws(ArrowError) -> ByteBuffer {
        { (buffer: ByteBuffer) throws(ArrowError) -> ByteBuffer in
            try decompress(buffer, codec: codec)
        }
    }

    static func decompress(_ buffer: ByteBuffer, codec: CompressionCodec) throws(ArrowError) -> ByteBuffer {
        guard let length = buffer.readInteger(at: 0, as: Int64.self), let payload = buffer.slice(from: 8) else {
            throw ArrowError(.invalidData, "compressed buffer of \(buffer.count) bytes has no 8-byte length prefix")
        }
        if length == -1 { return payload }
        guard length >= 0, length <= Int64(maximumBufferSize) else {
            throw ArrowError(.invalidData, "compressed buffer claims \(length) uncompressed bytes")
        }
        if length == 0 { return .empty }
        let result: Result<[UInt8], CompressionError> = payload.withUnsafeBytes { input in
            do throws(CompressionError) {
                switch codec {
                case .zstd: return .success(try Zstd.decompress(input, expectedSize: Int(length), limit: Int(length)))
                case .lz4Frame: return .success(try LZ4Frame.decompress(input, expectedSize: Int(length), limit: Int(length)))
                }
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let bytes): return ByteBuffer(copying: bytes)
        case .failure(let error): throw ArrowError(.invalidData, "\(error)")
        }
    }
}
