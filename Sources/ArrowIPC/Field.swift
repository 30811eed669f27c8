/// One key-value pair of custom metadata. Metadata is a list, not a dictionary,
/// because Arrow keeps its order (and the bytes we write must keep it too).
public struct KeyValue: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == KeyValue {
    /// The value of the first pair with `key`.
    public subscript(key key: String) -> String? {
        first { $0.key == key }?.value
    }
}

/// A named, typed column or child of a nested type.
public struct Field: Sendable, Hashable {
    public var name: String
    public var type: ArrowType
    public var nullable: Bool
    /// Custom metadata: `nil` when the field carries none, `[]` when it carries an
    /// empty list (pyarrow's `None` and `{}`). Pairs keep the order they were read in.
    public var metadata: [KeyValue]?
    /// The id of the dictionary when `type` is `.dictionary`.
    public var dictionaryId: Int64?

    public init(_ name: String, _ type: ArrowType, nullable: Bool = true, metadata: [KeyValue]? = nil, dictionaryId: Int64? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.metadata = metadata
        self.dictionaryId = dictionaryId
    }

    public static let extensionNameKey = "ARROW:extension:name"
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
    public static func extensionKeysInCppOrder(_ pairs: [KeyValue]) -> [KeyValue] {
        guard pairs.contains(where: { $0.key == extensionNameKey }) else { return pairs }
        let own = pairs.filter { $0.key != extensionNameKey && $0.key != extensionMetadataKey }
        return own + pairs.filter { $0.key == extensionMetadataKey } + pairs.filter { $0.key == extensionNameKey }
    }
}

/// Byte order of the data in an IPC stream.
public enum ArrowEndianness: Int16, Sendable, Hashable {
    case little = 0, big = 1

    public static var native: ArrowEndianness {
        1.littleEndian == 1 ? .little : .big
    }
}

/// The fields of a record batch plus schema-level metadata.
public struct Schema: Sendable, Hashable {
    public var fields: [Field]
    /// Schema-level custom metadata: `nil` when absent, `[]` when present but empty
    /// (Arrow C++ writes an empty vector for the latter, so the bytes differ).
    public var metadata: [KeyValue]?
    /// Byte order the data was written in (arrays we hand out are always native).
    public var endianness: ArrowEndianness
    /// `Schema.features` as written (1 = dictionary replacement, 2 = compressed body).
    public var features: [Int64]

    public init(_ fields: [Field], metadata: [KeyValue]? = nil, endianness: ArrowEndianness = .little, features: [Int64] = []) {
        self.fields = fields
        self.metadata = metadata
        self.endianness = endianness
        self.features = features
    }

    /// The first field called `name`.
    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}
