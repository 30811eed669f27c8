/// Compressed input could not be decoded: what was wrong and at which byte.
public struct CompressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which format was being decoded (`zstd`, `lz4 frame`).
    public var format: String
    public var message: String
    /// Byte offset in the compressed input where the problem was found.
    public var offset: Int

    public init(format: String, _ message: String, offset: Int) {
        self.format = format
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(format): \(message) (compressed byte \(offset))" }
}
