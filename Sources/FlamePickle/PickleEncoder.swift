/// Encodes an `Encodable` value as a protocol-5 pickle of plain Python data:
/// keyed containers become dicts with str keys (in encoding order), unkeyed
/// ones lists, and scalars None/bool/int/float/str. `cloudpickle.loads` and
/// `pickle.loads` return those plain values; nothing names a class.
public struct PickleEncoder: Sendable {
    /// Values handed to `Encodable` implementations as `encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// An encoder with no `userInfo`.
    public init() {}

    /// Encodes `value` as a protocol-5 pickle of plain data.
    ///
    /// Unsigned integers above `Int64.max` become Python ints of any size; a
    /// value that encodes nothing becomes an empty dict.
    ///
    /// - Parameter value: The value.
    /// - Returns: The pickle bytes (`PickleWriter` with its default depth limit).
    /// - Throws: `PickleError` when the value nests deeper than 900, and
    ///   whatever `value`'s `encode(to:)` throws.
    /// - Complexity: O(n) in the size of the value.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try PickleWriter().encode(try encodeValue(value))
    }

    /// The plain-data value `value` encodes to.
    ///
    /// - Parameter value: The value.
    /// - Returns: Its `PickleValue` tree (keyed containers as dicts with str keys
    ///   in encoding order, unkeyed ones as lists).
    /// - Throws: Whatever `value`'s `encode(to:)` throws.
    /// - Complexity: O(n) in the size of the value.
    public func encodeValue<T: Encodable>(_ value: T) throws -> PickleValue {
        let root = PickleEncodingNode()
        try value.encode(to: PickleValueEncoder(node: root, codingPath: [], userInfo: userInfo))
        return root.value
    }
}

/// A value being built; containers are shared between the encoder and the
/// containers it hands out, so they are references.
final class PickleEncodingNode {
    enum Content {
        case empty
        case single(PickleValue)
        case keyed([(String, PickleEncodingNode)])
        case unkeyed([PickleEncodingNode])
    }

    var content: Content = .empty

    var value: PickleValue {
        switch content {
        case .empty: .dict([PickleDictItem]())  // an Encodable that encodes nothing: an empty dict, as JSONEncoder writes {}
        case .single(let value): value
        case .keyed(let items): .dict(items.map { PickleDictItem(key: .string($0.0), value: $0.1.value) })
        case .unkeyed(let items): .list(items.map(\.value))
        }
    }

    func keyedChild(_ key: String) -> PickleEncodingNode {
        var items: [(String, PickleEncodingNode)] = []
        if case .keyed(let existing) = content { items = existing }
        if let found = items.first(where: { $0.0 == key }) { return found.1 }
        let child = PickleEncodingNode()
        items.append((key, child))
        content = .keyed(items)
        return child
    }

    func unkeyedChild() -> PickleEncodingNode {
        var items: [PickleEncodingNode] = []
        if case .unkeyed(let existing) = content { items = existing }
        let child = PickleEncodingNode()
        items.append(child)
        content = .unkeyed(items)
        return child
    }
}

struct PickleValueEncoder: Encoder {
    let node: PickleEncodingNode
    let codingPath: [any CodingKey]
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    init(node: PickleEncodingNode, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.node = node
        self.codingPath = codingPath
        sendableUserInfo = userInfo
    }

    var userInfo: [CodingUserInfoKey: Any] { sendableUserInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = node.content {} else { node.content = .keyed([]) }
        return KeyedEncodingContainer(PickleKeyedEncoding<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = node.content {} else { node.content = .unkeyed([]) }
        return PickleUnkeyedEncoding(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        PickleSingleValueEncoding(encoder: self)
    }

    func child(_ node: PickleEncodingNode, key: any CodingKey) -> PickleValueEncoder {
        PickleValueEncoder(node: node, codingPath: codingPath + [key], userInfo: sendableUserInfo)
    }
}

struct PickleKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: PickleValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func child(_ key: Key) -> PickleValueEncoder {
        encoder.child(encoder.node.keyedChild(key.stringValue), key: key)
    }

    mutating func encodeNil(forKey key: Key) throws {
        child(key).node.content = .single(.none)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try value.encode(to: child(key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        child(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        child(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.child(encoder.node.keyedChild("super"), key: PickleCodingKey(stringValue: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        child(key)
    }
}

struct PickleUnkeyedEncoding: UnkeyedEncodingContainer {
    let encoder: PickleValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int {
        if case .unkeyed(let items) = encoder.node.content { return items.count }
        return 0
    }

    private func next() -> PickleValueEncoder {
        let key = PickleCodingKey(intValue: count)
        return encoder.child(encoder.node.unkeyedChild(), key: key)
    }

    mutating func encodeNil() throws {
        next().node.content = .single(.none)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: next())
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        next().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        next().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        next()
    }
}

struct PickleSingleValueEncoding: SingleValueEncodingContainer {
    let encoder: PickleValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: PickleValue) {
        encoder.node.content = .single(value)
    }

    mutating func encodeNil() throws { set(.none) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.float(value)) }
    mutating func encode(_ value: Float) throws { set(.float(Double(value))) }
    mutating func encode(_ value: Int) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { set(.int(value)) }
    mutating func encode(_ value: UInt) throws { try encode(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws {
        if let small = Int64(exactly: value) {
            set(.int(small))
        } else {
            var bytes = (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
            bytes.append(0)
            set(.bigInt(PickleBigInt(littleEndianTwosComplement: bytes)))
        }
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: encoder)
    }
}
