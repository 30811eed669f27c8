import ArrowFlatBuffers
import ArrowMemory

/// Everything that can go wrong reading or writing Arrow data, with where it happened.
public struct ArrowError: Error, Sendable, Equatable, CustomStringConvertible {
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

    public var kind: Kind
    public var message: String
    /// Byte offset in the input, when known.
    public var byteOffset: Int?
    /// Dotted path of the field, e.g. `points.item.x`, when known.
    public var fieldPath: String?
    /// Index of the message in the stream or of the batch in the file, when known.
    public var messageIndex: Int?

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
