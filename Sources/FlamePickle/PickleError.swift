/// A pickle could not be decoded or a value could not be encoded: what was
/// wrong, at which byte of the pickle and under which opcode.
public struct PickleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, in words.
    public var message: String
    /// Byte offset in the pickle of the opcode being run (0 when encoding).
    public var offset: Int
    /// The opcode's name (`BINUNICODE`), or nil when no opcode was involved.
    public var opcode: String?

    /// Makes an error.
    ///
    /// - Parameters:
    ///   - message: What was wrong.
    ///   - offset: The byte offset of the opcode in the pickle (0, or the output
    ///     size so far, when encoding).
    ///   - opcode: The opcode's name, when one was being run.
    public init(_ message: String, offset: Int, opcode: String? = nil) {
        self.message = message
        self.offset = offset
        self.opcode = opcode
    }

    /// `pickle: message (opcode NAME at byte N)`, or `(byte N)` without an opcode.
    public var description: String {
        if let opcode {
            return "pickle: \(message) (opcode \(opcode) at byte \(offset))"
        }
        return "pickle: \(message) (byte \(offset))"
    }
}
