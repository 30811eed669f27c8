import ArrowFlatBuffers
import ArrowMemory

/// Everything that can go wrong reading or writing Arrow data, with where it happened.
///
/// Every throwing API of the library throws this one type (typed throws), so a
/// `catch` sees an `ArrowError` without casting. `kind` says what class of problem
/// it is; `byteOffset`, `fieldPath` and `messageIndex` say where, when known.
/// `description` is one line with control characters from the input escaped,
/// safe to log.
///
/// ```swift
/// do {
///     let reader = try StreamReader(bytes: received)
///     while let batch = try reader.next() { print(batch.length) }
/// } catch {
///     // `error` is an ArrowError.
///     if error.kind == .invalidData { print("bad data at byte", error.byteOffset ?? -1) }
///     print(error)   // e.g. "invalid data: values buffer has 12 bytes, needs 24 (field 'id', message 1, byte 312)"
/// }
/// ```
public struct ArrowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of an error. The raw value is the text `description` starts with.
    ///
    /// A value over one of the `IPCReadLimits` is reported as `.invalidData`
    /// (`.invalidFormat` for message and footer lengths), with the limit's name in
    /// the message.
    public enum Kind: String, Sendable, Equatable {
        /// The framing of messages, the file magic or footer is wrong.
        case invalidFormat = "invalid format"
        /// A FlatBuffers metadata message is malformed or inconsistent.
        case invalidMetadata = "invalid metadata"
        /// Buffers, lengths, offsets or values contradict the type.
        case invalidData = "invalid data"
        /// Well-formed input that uses a feature this library does not support.
        case unsupported
        /// Reading or writing a file or pipe failed.
        case io = "I/O error"
        /// Arguments given by the caller are inconsistent.
        case invalidArgument = "invalid argument"
    }

    /// What class of problem this is.
    public var kind: Kind
    /// What went wrong, in words. May quote names and values from the input
    /// verbatim; `description` escapes their control characters.
    public var message: String
    /// Byte offset in the input, when known.
    public var byteOffset: Int?
    /// Dotted path of the field, e.g. `points.item.x`, when known.
    public var fieldPath: String?
    /// Index of the message in the stream or of the batch in the file, when known.
    public var messageIndex: Int?

    /// Creates an error, for code that extends the library or wraps it and wants
    /// errors of the same shape.
    ///
    /// ```swift
    /// throw ArrowError(.invalidArgument, "column 'x' is missing", fieldPath: "x")
    /// ```
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What went wrong.
    ///   - byteOffset: Byte offset in the input where it happened, if known.
    ///   - fieldPath: Dotted path of the field involved, if known.
    ///   - messageIndex: Index of the IPC message or file batch involved, if known.
    public init(_ kind: Kind, _ message: String, byteOffset: Int? = nil, fieldPath: String? = nil, messageIndex: Int? = nil) {
        self.kind = kind
        self.message = message
        self.byteOffset = byteOffset
        self.fieldPath = fieldPath
        self.messageIndex = messageIndex
    }

    /// One line; names and values from the input inside `message` and `fieldPath`
    /// have their control characters escaped (see `DisplayText`).
    public var description: String {
        var s = "\(kind.rawValue): \(DisplayText.escaped(message))"
        var place: [String] = []
        if let fieldPath { place.append("field '\(DisplayText.escaped(fieldPath))'") }
        if let messageIndex { place.append("message \(messageIndex)") }
        if let byteOffset { place.append("byte \(byteOffset)") }
        if !place.isEmpty { s += " (" + place.joined(separator: ", ") + ")" }
        return s
    }

    static func metadata(_ error: FlatBufferError, base: Int = 0) -> ArrowError {
        ArrowError(.invalidMetadata, "\(error)", byteOffset: base + error.offset)
    }

    static func data(_ message: String, field: String? = nil) -> ArrowError {
        ArrowError(.invalidData, message, fieldPath: field)
    }

    /// The same error, with `messageIndex` and `byteOffset` filled in where still unknown.
    func located(messageIndex: Int?, byteOffset: Int?) -> ArrowError {
        var e = self
        if e.messageIndex == nil { e.messageIndex = messageIndex }
        if e.byteOffset == nil { e.byteOffset = byteOffset }
        return e
    }

    func inField(_ name: String) -> ArrowError {
        var e = self
        e.fieldPath = e.fieldPath.map { "\(name).\($0)" } ?? name
        return e
    }
}

extension ByteStorageError {
    var arrowError: ArrowError { ArrowError(.io, description) }
}
