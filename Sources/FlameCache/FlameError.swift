import ArrowIPC

/// Why a Flame cache blob, object file or server answer could not be decoded or
/// encoded: what went wrong and where (byte offset in the input, or the path of
/// the file or field).
public struct FlameError: Error, Sendable, CustomStringConvertible {
    /// Which layer failed; the message says what exactly.
    public enum Kind: Sendable, Hashable {
        /// The bytes are not what the format says (bad magic byte, wrong schema, ...).
        case invalidFormat
        /// An Arrow stream or file inside failed to decode.
        case arrow
        /// A pickle inside failed to decode or encode.
        case pickle
        /// A tensor inside failed to decode or encode.
        case tensor
        /// A property list inside failed to decode or encode.
        case propertyList
        /// The value cannot be represented in the requested form.
        case unsupported
        /// Reading a file or folder failed.
        case io
    }

    /// Which layer failed.
    public var kind: Kind
    /// What went wrong; for `.arrow`, `.pickle` and `.tensor` the inner error's text.
    public var message: String
    /// Byte offset in the blob or file, when known.
    public var byteOffset: Int?
    /// The file (or `field[row]`) the error is about, when known.
    public var location: String?

    /// Makes an error.
    ///
    /// - Parameters:
    ///   - kind: Which layer failed.
    ///   - message: What went wrong.
    ///   - byteOffset: The byte offset in the blob or file, when known.
    ///   - location: The file or `field[row]` concerned, when known.
    public init(_ kind: Kind, _ message: String, byteOffset: Int? = nil, location: String? = nil) {
        self.kind = kind
        self.message = message
        self.byteOffset = byteOffset
        self.location = location
    }

    /// `location: message (at byte N)`, leaving out the parts not known.
    public var description: String {
        var s = message
        if let byteOffset { s += " (at byte \(byteOffset))" }
        if let location { s = "\(location): " + s }
        return s
    }

    /// An Arrow error from IPC bytes that start at `base` in the input (its own
    /// offsets count from there).
    static func arrow(_ error: ArrowError, base: Int = 0, location: String? = nil) -> FlameError {
        FlameError(.arrow, base == 0 ? "\(error)" : "Arrow IPC starting at byte \(base): \(error)", location: location)
    }

    /// This error seen from an enclosing file or row.
    func located(_ where: String) -> FlameError {
        var e = self
        e.location = location.map { "\(`where`): \($0)" } ?? `where`
        return e
    }
}
