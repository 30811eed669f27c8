/// Compressed input could not be decoded: what was wrong and at which byte.
public struct CompressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which format was being decoded (`zstd`, `lz4 frame`).
    public var format: String
    /// What was wrong, in words (for example `block checksum mismatch`).
    public var message: String
    /// Byte offset in the compressed input where the problem was found.
    public var offset: Int

    /// Makes an error for `format` at byte `offset` of the compressed input.
    ///
    /// - Parameters:
    ///   - format: The format being decoded (`zstd`, `lz4 frame`).
    ///   - message: What was wrong.
    ///   - offset: The byte offset in the compressed input.
    public init(format: String, _ message: String, offset: Int) {
        self.format = format
        self.message = message
        self.offset = offset
    }

    /// `format: message (compressed byte offset)`.
    public var description: String { "\(format): \(message) (compressed byte \(offset))" }
}
