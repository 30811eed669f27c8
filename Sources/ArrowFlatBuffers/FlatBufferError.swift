/// A FlatBuffer could not be read: what was wrong and at which byte.
public struct FlatBufferError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem; associated values carry the limit or value involved.
    public enum Reason: Sendable, Equatable {
        /// An offset, length or value points outside the buffer.
        case outOfBounds
        /// A vtable is shorter than its header or not a multiple of 2 bytes,
        /// or a field's offset points outside its table.
        case invalidVTable
        /// Nesting is deeper than the reader's limit.
        case tooDeep(limit: Int)
        /// More tables were visited than the reader's limit.
        case tooManyTables(limit: Int)
        /// The tables, strings and vectors visited add up to more bytes than the
        /// reader's budget for a buffer of this size (shared objects read many times).
        case tooMuchWork(limit: Int)
        /// A vector claims more elements than its buffer could hold.
        case vectorTooLong(count: Int)
        /// A required field is absent.
        case missingRequiredField
        /// A union has a type tag this reader does not know.
        case unknownUnionType(UInt8)
        /// An enum or scalar holds a value the schema does not allow.
        case invalidValue(Int64)
    }

    /// What was wrong.
    public let reason: Reason
    /// Byte offset in the FlatBuffer where the problem was found.
    public let offset: Int
    /// The schema field being read, e.g. `Field.children`.
    public let field: String

    /// Makes an error of kind `reason` found at byte `offset` while reading `field`.
    ///
    /// - Parameters:
    ///   - reason: What was wrong.
    ///   - offset: The byte offset in the FlatBuffer.
    ///   - field: The schema field being read, e.g. `Field.children`.
    public init(_ reason: Reason, offset: Int, field: String) {
        self.reason = reason
        self.offset = offset
        self.field = field
    }

    /// `flatbuffer: <what> reading <field> at byte <offset>`.
    public var description: String {
        let what: String
        switch reason {
        case .outOfBounds: what = "offset or length out of bounds"
        case .invalidVTable: what = "invalid vtable"
        case .tooDeep(let limit): what = "nesting deeper than \(limit)"
        case .tooManyTables(let limit): what = "more than \(limit) tables"
        case .tooMuchWork(let limit): what = "objects visited exceed \(limit) bytes (shared tables or strings?)"
        case .vectorTooLong(let count): what = "vector of \(count) elements does not fit"
        case .missingRequiredField: what = "required field missing"
        case .unknownUnionType(let tag): what = "unknown union type \(tag)"
        case .invalidValue(let value): what = "value \(value) not allowed"
        }
        return "flatbuffer: \(what) reading \(field) at byte \(offset)"
    }
}
