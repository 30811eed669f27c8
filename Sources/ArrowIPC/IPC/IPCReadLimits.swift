/// Bounds on what one IPC input may make the reader do. Every reader checks them
/// before allocating or looping, so a hostile input gets a thrown error naming
/// the limit instead of memory or time in proportion to what it claims.
///
/// The defaults let every file written by Arrow implementations in the
/// arrow-testing corpus through; a service reading untrusted input can tighten
/// them, one that reads large trusted data can loosen them.
/// See `docs/validation.md` for why each default is what it is.
public struct IPCReadLimits: Sendable, Hashable {
    /// Deepest nesting of fields (a list of structs of lists... counts one per level).
    public var maxNestingDepth: Int
    /// Fields in one schema, nested fields included.
    public var maxFieldsPerSchema: Int
    /// Bytes of one message's FlatBuffer metadata (and of a file's footer).
    public var maxMetadataBytes: Int
    /// Rows in one record batch or dictionary batch, and values in one array node.
    /// Types with no bytes per value (null, struct<>, run-end encoded) can claim a
    /// length no body justifies; this caps what such a claim can make consumers do.
    public var maxRecordBatchLength: Int
    /// Bytes that decompressing one message's body may produce, summed over its
    /// buffers and checked against the claimed sizes before anything is allocated.
    public var maxDecodedBytesPerMessage: Int
    /// Bytes one dictionary may hold after its deltas are applied (each delta
    /// builds a new concatenated copy, checked before it is built).
    public var maxDictionaryBytes: Int

    /// Creates limits; each parameter defaults to the value shown.
    /// - Parameters:
    ///   - maxNestingDepth: Deepest field nesting; 64.
    ///   - maxFieldsPerSchema: Fields in one schema, nested ones included; 100 000.
    ///   - maxMetadataBytes: Bytes of one message's metadata or of the footer; 64 MiB.
    ///   - maxRecordBatchLength: Rows in one batch and values in one array node; `Int32.max`.
    ///   - maxDecodedBytesPerMessage: Bytes decompressing one body may produce; 1 GiB.
    ///   - maxDictionaryBytes: Bytes one dictionary may hold after its deltas; 128 MiB.
    public init(
        maxNestingDepth: Int = ArrowFormat.maxNestingDepth, maxFieldsPerSchema: Int = 100_000, maxMetadataBytes: Int = 64 << 20,
        maxRecordBatchLength: Int = Int(Int32.max), maxDecodedBytesPerMessage: Int = 1 << 30,
        maxDictionaryBytes: Int = 128 << 20
    ) {
        self.maxNestingDepth = maxNestingDepth
        self.maxFieldsPerSchema = maxFieldsPerSchema
        self.maxMetadataBytes = maxMetadataBytes
        self.maxRecordBatchLength = maxRecordBatchLength
        self.maxDecodedBytesPerMessage = maxDecodedBytesPerMessage
        self.maxDictionaryBytes = maxDictionaryBytes
    }

    /// The defaults.
    public static let `default` = IPCReadLimits()

    /// The error for a value over limit `name`, saying where.
    static func exceeded(
        _ name: String, limit: Int, value: Int, _ what: String, byteOffset: Int? = nil, field: String? = nil,
        kind: ArrowError.Kind = .invalidData
    ) -> ArrowError {
        ArrowError(kind, "\(what) (\(value)) exceeds IPCReadLimits.\(name) = \(limit)", byteOffset: byteOffset, fieldPath: field)
    }

    /// Throws when `value` is over `limit`.
    static func check(
        _ value: Int, _ limit: Int, _ name: String, _ what: String, byteOffset: Int? = nil,
        kind: ArrowError.Kind = .invalidData
    ) throws(ArrowError) {
        guard value <= limit else { throw exceeded(name, limit: limit, value: value, what, byteOffset: byteOffset, kind: kind) }
    }
}
