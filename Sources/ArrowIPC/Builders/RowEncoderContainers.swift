// The keyed, unkeyed and single-value containers of `RowEncoder`.

struct RowKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: RowNode
    let context: RowEncoding
    let codingPath: [any CodingKey]

    private func set(_ scalar: RowScalar, _ key: Key) { node.field(key.stringValue).kind = .scalar(scalar) }

    private func setOptional(_ scalar: RowScalar?, _ type: ArrowType, _ key: Key) {
        let child = node.field(key.stringValue)
        child.isOptional = true
        child.hint = RowShape(kind: .scalar(type), nullable: true)
        child.kind = scalar.map { .scalar($0) } ?? .null
    }

    mutating func encodeNil(forKey key: Key) throws { node.field(key.stringValue).kind = .null }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.float(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(Int64(value), .int64), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.int(Int64(value), .int8), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.int(Int64(value), .int16), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int(Int64(value), .int32), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int(value, .int64), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.uint(UInt64(value), .uint64), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.uint(UInt64(value), .uint8), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.uint(UInt64(value), .uint16), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.uint(UInt64(value), .uint32), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.uint(value, .uint64), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try context.encode(value, into: node.field(key.stringValue), path: codingPath + [key])
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { setOptional(value.map { .bool($0) }, .bool, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { setOptional(value.map { .string($0) }, .utf8, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { setOptional(value.map { .double($0) }, .float64, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { setOptional(value.map { .float($0) }, .float32, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { setOptional(value.map { .int(Int64($0), .int64) }, .int64, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { setOptional(value.map { .int(Int64($0), .int8) }, .int8, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { setOptional(value.map { .int(Int64($0), .int16) }, .int16, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { setOptional(value.map { .int(Int64($0), .int32) }, .int32, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { setOptional(value.map { .int($0, .int64) }, .int64, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { setOptional(value.map { .uint(UInt64($0), .uint64) }, .uint64, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { setOptional(value.map { .uint(UInt64($0), .uint8) }, .uint8, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { setOptional(value.map { .uint(UInt64($0), .uint16) }, .uint16, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { setOptional(value.map { .uint(UInt64($0), .uint32) }, .uint32, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { setOptional(value.map { .uint($0, .uint64) }, .uint64, key) }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        let child = node.field(key.stringValue)
        child.isOptional = true
        if let value {
            try context.encode(value, into: child, path: codingPath + [key])
        } else {
            child.kind = .null
            if var hint = context.hint(T.self) {
                hint.nullable = true
                child.hint = hint
            }
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        RowEncoder(node: node.field(key.stringValue), context: context, codingPath: codingPath + [key])
            .container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        RowEncoder(node: node.field(key.stringValue), context: context, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = RowIndexKey(stringValue: "super") ?? RowIndexKey(0)
        return RowEncoder(node: node.field("super"), context: context, codingPath: codingPath + [key])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        RowEncoder(node: node.field(key.stringValue), context: context, codingPath: codingPath + [key])
    }
}

struct RowUnkeyedContainer: UnkeyedEncodingContainer {
    let node: RowNode
    let context: RowEncoding
    let codingPath: [any CodingKey]
    var count: Int { node.items.count }

    private func append(_ scalar: RowScalar) { node.appendItem().kind = .scalar(scalar) }
    private var nextPath: [any CodingKey] { codingPath + [RowIndexKey(node.items.count)] }

    mutating func encodeNil() throws { node.appendItem().kind = .null }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.double(value)) }
    mutating func encode(_ value: Float) throws { append(.float(value)) }
    mutating func encode(_ value: Int) throws { append(.int(Int64(value), .int64)) }
    mutating func encode(_ value: Int8) throws { append(.int(Int64(value), .int8)) }
    mutating func encode(_ value: Int16) throws { append(.int(Int64(value), .int16)) }
    mutating func encode(_ value: Int32) throws { append(.int(Int64(value), .int32)) }
    mutating func encode(_ value: Int64) throws { append(.int(value, .int64)) }
    mutating func encode(_ value: UInt) throws { append(.uint(UInt64(value), .uint64)) }
    mutating func encode(_ value: UInt8) throws { append(.uint(UInt64(value), .uint8)) }
    mutating func encode(_ value: UInt16) throws { append(.uint(UInt64(value), .uint16)) }
    mutating func encode(_ value: UInt32) throws { append(.uint(UInt64(value), .uint32)) }
    mutating func encode(_ value: UInt64) throws { append(.uint(value, .uint64)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath
        try context.encode(value, into: node.appendItem(), path: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return RowEncoder(node: node.appendItem(), context: context, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return RowEncoder(node: node.appendItem(), context: context, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return RowEncoder(node: node.appendItem(), context: context, codingPath: path)
    }
}

struct RowSingleValueContainer: SingleValueEncodingContainer {
    let node: RowNode
    let context: RowEncoding
    let codingPath: [any CodingKey]

    private func set(_ scalar: RowScalar) { node.kind = .scalar(scalar) }

    mutating func encodeNil() throws { node.kind = .null }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.double(value)) }
    mutating func encode(_ value: Float) throws { set(.float(value)) }
    mutating func encode(_ value: Int) throws { set(.int(Int64(value), .int64)) }
    mutating func encode(_ value: Int8) throws { set(.int(Int64(value), .int8)) }
    mutating func encode(_ value: Int16) throws { set(.int(Int64(value), .int16)) }
    mutating func encode(_ value: Int32) throws { set(.int(Int64(value), .int32)) }
    mutating func encode(_ value: Int64) throws { set(.int(value, .int64)) }
    mutating func encode(_ value: UInt) throws { set(.uint(UInt64(value), .uint64)) }
    mutating func encode(_ value: UInt8) throws { set(.uint(UInt64(value), .uint8)) }
    mutating func encode(_ value: UInt16) throws { set(.uint(UInt64(value), .uint16)) }
    mutating func encode(_ value: UInt32) throws { set(.uint(UInt64(value), .uint32)) }
    mutating func encode(_ value: UInt64) throws { set(.uint(value, .uint64)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try context.encode(value, into: node, path: codingPath)
    }
}
