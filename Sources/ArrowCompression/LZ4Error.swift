/// Errors of the LZ4 frame codec.
enum LZ4Error {
    static let format = "lz4 frame"

    static func make(_ message: String, offset: Int) -> CompressionError {
        CompressionError(format: format, message, offset: offset)
    }
}
