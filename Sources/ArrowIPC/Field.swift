/// One key-value pair of custom metadata. Metadata is a list, not a dictionary,
/// because Arrow keeps its order (and the bytes we write must keep it too).
/// Keys may repeat; lookups with `[key:]` find the first.
public struct KeyValue: Sendable, Hashable {
    /// The key, as written in the IPC metadata.
    public var key: String
    /// The value, as written in the IPC metadata.
    public var value: String

    /// Creates a pair.
    /// - Parameters:
    ///   - key: The metadata key.
    ///   - value: Its value.
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == KeyValue {
    /// The value of the first pair with `key`.
    /// - Parameter key: The key to look for.
    /// - Returns: The value of the first pair whose key equals `key`, or `nil` if none does.
    /// - Complexity: O(*n*), where *n* is the number of pairs.
    public subscript(key key: String) -> String? {
        first { $0.key == key }?.value
    }
}

/// A named, typed column or child of a nested type.
///
/// A value type: changing a copy does not change the schema it came from.
public struct Field: Sendable, Hashable {
    /// The field's name (not necessarily unique within a schema or struct).
    public var name: String
    /// The field's logical type.
    public var type: ArrowType
    /// Whether values may be null. Readers keep what the input declares and do not
    /// check it against the data.
    public var nullable: Bool
    /// Custom metadata: `nil` when the field carries none, `[]` when it carries an
    /// empty list (pyarrow's `None` and `{}`). Pairs keep the order they were read in.
    public var metadata: [KeyValue]?
    /// The id of the dictionary when `type` is `.dictionary`.
    public var dictionaryId: Int64?

    /// Creates a field.
    /// - Parameters:
    ///   - name: The field's name.
    ///   - type: Its logical type.
    ///   - nullable: Whether values may be null; `true` by default.
    ///   - metadata: Custom metadata, or `nil` (the default) for none.
    ///   - dictionaryId: The dictionary id when `type` is `.dictionary`. The
    ///     writers renumber dictionary fields 0, 1, 2, ... depth-first as Arrow
    ///     C++ does, whatever this holds.
    public init(_ name: String, _ type: ArrowType, nullable: Bool = true, metadata: [KeyValue]? = nil, dictionaryId: Int64? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.metadata = metadata
        self.dictionaryId = dictionaryId
    }

    /// The metadata key naming an extension type: `ARROW:extension:name`.
    public static let extensionNameKey = "ARROW:extension:name"
    /// The metadata key holding an extension type's serialized parameters: `ARROW:extension:metadata`.
    public static let extensionMetadataKey = "ARROW:extension:metadata"

    /// `ARROW:extension:name` when this field holds an extension type.
    public var extensionName: String? { metadata?[key: Self.extensionNameKey] }
    /// `ARROW:extension:metadata` when this field holds an extension type.
    public var extensionMetadata: String? { metadata?[key: Self.extensionMetadataKey] }

    /// `pairs` ordered as Arrow C++ writes the metadata of an extension type it
    /// built: the field's own pairs first, then `ARROW:extension:metadata`, then
    /// `ARROW:extension:name`. Metadata read from IPC keeps the order it was read
    /// in; use this for extension types described in Swift (the writer applies it
    /// itself to the extension types Arrow C++ registers, such as `arrow.uuid`).
    /// - Parameter pairs: Metadata of a field.
    /// - Returns: The same pairs reordered, or `pairs` unchanged when it has no
    ///   `ARROW:extension:name` key.
    /// - Complexity: O(*n*), where *n* is the number of pairs.
    public static func extensionKeysInCppOrder(_ pairs: [KeyValue]) -> [KeyValue] {
        guard pairs.contains(where: { $0.key == extensionNameKey }) else { return pairs }
        let own = pairs.filter { $0.key != extensionNameKey && $0.key != extensionMetadataKey }
        return own + pairs.filter { $0.key == extensionMetadataKey } + pairs.filter { $0.key == extensionNameKey }
    }
}

/// Byte order of the data in an IPC stream. Raw values are those of `Schema.fbs`.
public enum ArrowEndianness: Int16, Sendable, Hashable {
    /// Little-endian (0) or big-endian (1).
    case little = 0, big = 1

    /// The byte order of the machine running this code.
    public static var native: ArrowEndianness {
        1.littleEndian == 1 ? .little : .big
    }
}

/// The fields of a record batch plus schema-level metadata.
///
/// `description` prints one line per field, as pyarrow's `str(schema)` does
/// without metadata.
public struct Schema: Sendable, Hashable {
    /// The top-level fields, one per column, in column order.
    public var fields: [Field]
    /// Schema-level custom metadata: `nil` when absent, `[]` when present but empty
    /// (Arrow C++ writes an empty vector for the latter, so the bytes differ).
    public var metadata: [KeyValue]?
    /// Byte order the data was written in (arrays we hand out are always native).
    public var endianness: ArrowEndianness
    /// `Schema.features` as written (1 = dictionary replacement, 2 = compressed body).
    public var features: [Int64]

    /// Creates a schema.
    /// - Parameters:
    ///   - fields: The top-level fields, in column order.
    ///   - metadata: Schema-level custom metadata, or `nil` (the default) for none.
    ///   - endianness: Byte order the data was written in; `.little` by default.
    ///     Writers ignore it and always declare the native order, because
    ///     arrays in memory are native.
    ///   - features: `Schema.features` values; empty by default. Readers fill
    ///     it in; writers do not write it.
    public init(_ fields: [Field], metadata: [KeyValue]? = nil, endianness: ArrowEndianness = .little, features: [Int64] = []) {
        self.fields = fields
        self.metadata = metadata
        self.endianness = endianness
        self.features = features
    }

    /// The first field called `name`.
    /// - Parameter name: The field name to look for.
    /// - Returns: The first top-level field with that name, or `nil`.
    /// - Complexity: O(*n*), where *n* is the number of fields.
    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}
