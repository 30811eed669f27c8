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
    public var metadata: [KeyValue]
    /// The id of the dictionary when `type` is `.dictionary`.
    public var dictionaryId: Int64?

    public init(_ name: String, _ type: ArrowType, nullable: Bool = true, metadata: [KeyValue] = [], dictionaryId: Int64? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.metadata = metadata
        self.dictionaryId = dictionaryId
    }

    /// `ARROW:extension:name` when this field holds an extension type.
    public var extensionName: String? { metadata[key: "ARROW:extension:name"] }
    /// `ARROW:extension:metadata` when this field holds an extension type.
    public var extensionMetadata: String? { metadata[key: "ARROW:extension:metadata"] }
}

/// Byte order of the data in an IPC stream.
public enum Endianness: Int16, Sendable, Hashable {
    case little = 0, big = 1

    public static var native: Endianness {
        1.littleEndian == 1 ? .little : .big
    }
}

/// The fields of a record batch plus schema-level metadata.
public struct Schema: Sendable, Hashable {
    public var fields: [Field]
    public var metadata: [KeyValue]
    /// Byte order the data was written in (arrays we hand out are always native).
    public var endianness: Endianness
    /// `Schema.features` as written (1 = dictionary replacement, 2 = compressed body).
    public var features: [Int64]

    public init(_ fields: [Field], metadata: [KeyValue] = [], endianness: Endianness = .little, features: [Int64] = []) {
        self.fields = fields
        self.metadata = metadata
        self.endianness = endianness
        self.features = features
    }

    /// The first field called `name`.
    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}
