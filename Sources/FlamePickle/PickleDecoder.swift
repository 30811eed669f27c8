/// Decodes a pickle straight into a `Decodable` type where the shapes agree:
/// a dict with string (or int) keys into a struct or `[String: X]` / `[Int: X]`,
/// a list, tuple, set or frozenset into an array, bytes into `[UInt8]`, and
/// None, bool, int, float and str into optionals and scalars. A mismatch is a
/// `DecodingError` whose context names the key path; a broken pickle is a
/// `PickleError`.
public struct PickleDecoder: Sendable {
    /// The resource limits the pickle reader enforces.
    public var limits: PickleLimits
    /// Values handed to `Decodable` implementations as `decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// A decoder with the given pickle limits.
    ///
    /// - Parameter limits: Resource limits (default `.default`).
    public init(limits: PickleLimits = .default) {
        self.limits = limits
    }

    /// Reads the pickle in `bytes`, then decodes the value as `T`.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - bytes: The pickle.
    /// - Returns: The decoded value.
    /// - Throws: `PickleError` when the pickle is malformed or over `limits`
    ///   (see `PickleReader.decode(_:)`); `DecodingError` (`typeMismatch`,
    ///   `keyNotFound`, ...) with the key path when the value does not fit `T`;
    ///   and whatever `T`'s `init(from:)` throws.
    /// - Complexity: O(n) in the pickle size.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try decode(type, from: try PickleReader(limits: limits).decode(bytes))
    }

    /// Decodes an already-read value as `T`.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - value: The value tree.
    /// - Returns: The decoded value.
    /// - Throws: `DecodingError` with the key path when the value does not fit
    ///   `T`, and whatever `T`'s `init(from:)` throws.
    /// - Complexity: O(n) in the size of the value.
    public func decode<T: Decodable>(_ type: T.Type, from value: PickleValue) throws -> T {
        try T(from: PickleValueDecoder(value: value, codingPath: [], userInfo: userInfo))
    }
}

struct PickleValueDecoder: Decoder {
    let value: PickleValue
    let codingPath: [any CodingKey]
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    init(value: PickleValue, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.value = value
        self.codingPath = codingPath
        sendableUserInfo = userInfo
    }

    var userInfo: [CodingUserInfoKey: Any] { sendableUserInfo }

    func mismatch(_ expected: Any.Type, _ found: PickleValue) -> DecodingError {
        .typeMismatch(
            expected,
            .init(
                codingPath: codingPath,
                debugDescription: "expected \(expected), found Python \(found.typeName)"))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .dict(let items) = value else { throw mismatch([String: Any].self, value) }
        return KeyedDecodingContainer(PickleKeyedDecoding<Key>(items: items, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .list(let items), .tuple(let items), .set(let items), .frozenset(let items):
            return PickleUnkeyedDecoding(items: items, decoder: self)
        case .bytes(let data), .bytearray(let data):
            return PickleUnkeyedDecoding(items: data.map { .int(Int64($0)) }, decoder: self)
        default:
            throw mismatch([Any].self, value)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        PickleSingleValueDecoding(decoder: self)
    }

    func child(_ value: PickleValue, key: any CodingKey) -> PickleValueDecoder {
        PickleValueDecoder(value: value, codingPath: codingPath + [key], userInfo: sendableUserInfo)
    }
}

/// A key of an unkeyed container's element (its index) or of a dict.
struct PickleCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

struct PickleKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let items: [PickleDictItem]
    let decoder: PickleValueDecoder
    private let byString: [String: PickleValue]
    private let byInt: [Int64: PickleValue]

    init(items: [PickleDictItem], decoder: PickleValueDecoder) {
        self.items = items
        self.decoder = decoder
        var byString: [String: PickleValue] = [:]
        var byInt: [Int64: PickleValue] = [:]
        for item in items {
            switch item.key {
            case .string(let key): byString[key] = item.value
            case .int(let key): byInt[key] = item.value
            default: break
            }
        }
        self.byString = byString
        self.byInt = byInt
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        items.compactMap { item in
            switch item.key {
            case .string(let key): Key(stringValue: key)
            case .int(let key): Key(intValue: Int(key)) ?? Key(stringValue: String(key))
            default: nil
            }
        }
    }

    private func lookup(_ key: Key) -> PickleValue? {
        if let number = key.intValue, let value = byInt[Int64(number)] { return value }
        return byString[key.stringValue]
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    private func value(_ key: Key) throws -> PickleValue {
        guard let value = lookup(key) else {
            throw DecodingError.keyNotFound(
                key,
                .init(
                    codingPath: codingPath,
                    debugDescription: "dict has no key '\(key.stringValue)'"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .none }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: decoder.child(try value(key), key: key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(try value(key), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(try value(key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder.child(byString["super"] ?? .none, key: PickleCodingKey(stringValue: "super"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(try value(key), key: key)
    }
}

struct PickleUnkeyedDecoding: UnkeyedDecodingContainer {
    let items: [PickleValue]
    let decoder: PickleValueDecoder
    var currentIndex = 0

    init(items: [PickleValue], decoder: PickleValueDecoder) {
        self.items = items
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next(_ type: Any.Type) throws -> PickleValueDecoder {
        let key = PickleCodingKey(intValue: currentIndex)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: codingPath + [key],
                    debugDescription: "only \(items.count) items"))
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: key)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .none else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: try next(type))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next([String: Any].self).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next([Any].self).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try next(Any.self)
    }
}

struct PickleSingleValueDecoding: SingleValueDecodingContainer {
    let decoder: PickleValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    private var value: PickleValue { decoder.value }

    func decodeNil() -> Bool { value == .none }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw decoder.mismatch(type, value) }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw decoder.mismatch(type, value) }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .float(let number): return number
        // A Python int where a float is expected (json-like data writes 1, not 1.0), if exact.
        case .int(let number):
            guard let exact = Double(exactly: number) else { throw decoder.mismatch(type, value) }
            return exact
        default: throw decoder.mismatch(type, value)
        }
    }

    func decode(_ type: Float.Type) throws -> Float {
        let number = try decode(Double.self)
        guard number.isNaN || Double(Float(number)) == number || number.isInfinite else {
            throw DecodingError.dataCorruptedError(in: self, debugDescription: "\(number) does not fit in Float")
        }
        return Float(number)
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .int(let number) = value else { throw decoder.mismatch(type, value) }
        guard let exact = T(exactly: number) else {
            throw DecodingError.dataCorruptedError(in: self, debugDescription: "\(number) does not fit in \(type)")
        }
        return exact
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 {
        if case .bigInt(let big) = value, !big.isNegative, big.littleEndianBytes.count <= 9,
            big.littleEndianBytes.count < 9 || big.littleEndianBytes[8] == 0
        {
            // 2^63 ... 2^64-1 arrive as LONG1 with a ninth, zero sign byte.
            return big.littleEndianBytes.prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        return try integer(type)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: decoder)
    }
}
