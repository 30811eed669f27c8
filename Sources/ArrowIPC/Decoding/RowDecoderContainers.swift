// Keyed and unkeyed containers of the row decoder.

/// A struct column or the batch's columns, by name, at one row.
struct RowRecordContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let children: [String: RowCursor]
    let names: [String]
    let row: Int
    let rowIndex: Int
    let codingPath: [any CodingKey]

    var allKeys: [Key] { names.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { children[key.stringValue] != nil }

    private func child(_ key: Key) throws -> RowValueDecoder {
        guard let cursor = children[key.stringValue] else {
            throw RowDecoding.error("no column '\(key.stringValue)'", row: rowIndex, codingPath + [key])
        }
        return RowValueDecoder(cursor: cursor, row: row, rowIndex: rowIndex, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let cursor = children[key.stringValue] else { return true }
        return cursor.resolve(row) == nil
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder {
        throw RowDecoding.error("super decoders are not supported", row: rowIndex, codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

/// One map value as a keyed container: string keys (or integer keys, for
/// `[Int: V]`) name the entries.
struct RowMapContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let values: RowCursor
    let rowIndex: Int
    let codingPath: [any CodingKey]
    /// Entry row of each key (the last one when a key repeats).
    private let entries: [String: Int]
    let allKeys: [Key]

    init(entries range: Range<Int>, keys: RowCursor, values: RowCursor, rowIndex: Int, codingPath: [any CodingKey]) throws {
        self.values = values
        self.rowIndex = rowIndex
        self.codingPath = codingPath
        var entries: [String: Int] = [:]
        var allKeys: [Key] = []
        for entry in range {
            guard let (c, r) = keys.resolve(entry) else {
                throw RowDecoding.error("map key is null", row: rowIndex, codingPath)
            }
            let key: Key?
            switch c.kind {
            case .string(let s):
                key = s[r].flatMap { Key(stringValue: $0) }
            case .signed(let v):
                key = Int(exactly: v(r)).flatMap { Key(intValue: $0) }
            case .unsigned(let v):
                key = Int(exactly: v(r)).flatMap { Key(intValue: $0) }
            default:
                throw RowDecoding.error("map keys of type \(c.typeName) cannot be dictionary keys; decode the map as an array", row: rowIndex, codingPath)
            }
            guard let key else { throw RowDecoding.error("map key does not fit the dictionary's key type", row: rowIndex, codingPath) }
            if entries[key.stringValue] == nil { allKeys.append(key) }
            entries[key.stringValue] = entry
        }
        self.entries = entries
        self.allKeys = allKeys
    }

    func contains(_ key: Key) -> Bool { entries[key.stringValue] != nil }

    private func child(_ key: Key) throws -> RowValueDecoder {
        guard let entry = entries[key.stringValue] else {
            throw RowDecoding.error("map has no key '\(key.stringValue)'", row: rowIndex, codingPath + [key])
        }
        return RowValueDecoder(cursor: values, row: entry, rowIndex: rowIndex, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let entry = entries[key.stringValue] else { return true }
        return values.resolve(entry) == nil
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder {
        throw RowDecoding.error("super decoders are not supported", row: rowIndex, codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

/// Sequential access to the items of one list, or the keys and values of one map in turn.
protocol RowSequenceContainer: UnkeyedDecodingContainer {
    var rowIndex: Int { get }
    /// The item at position `index` of the sequence.
    func item(_ index: Int) -> (RowCursor, Int)
}

extension RowSequenceContainer {
    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    func next() throws -> RowValueDecoder {
        let path = codingPath + [RowIndexKey(currentIndex)]
        guard !isAtEnd else { throw RowDecoding.error("no more items", row: rowIndex, path) }
        let (cursor, row) = item(currentIndex)
        return RowValueDecoder(cursor: cursor, row: row, rowIndex: rowIndex, codingPath: path)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw RowDecoding.error("nested containers in arrays are not supported; decode the items as values", row: rowIndex, codingPath)
    }

    func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw RowDecoding.error("nested containers in arrays are not supported; decode the items as values", row: rowIndex, codingPath)
    }

    func superDecoder() throws -> any Decoder {
        throw RowDecoding.error("super decoders are not supported", row: rowIndex, codingPath)
    }
}

struct RowListContainer: RowSequenceContainer {
    let items: RowCursor
    let rows: Range<Int>
    let rowIndex: Int
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: RowCursor, rows: Range<Int>, rowIndex: Int, codingPath: [any CodingKey]) {
        self.items = items
        self.rows = rows
        self.rowIndex = rowIndex
        self.codingPath = codingPath
    }

    var count: Int? { rows.count }
    func item(_ index: Int) -> (RowCursor, Int) { (items, rows.lowerBound + index) }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if items.resolve(rows.lowerBound + currentIndex) == nil {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try next().decode(type)
        currentIndex += 1
        return value
    }
}

/// A map read as key, value, key, value... (how `Dictionary` decodes keys that
/// are neither strings nor integers).
struct RowMapEntriesContainer: RowSequenceContainer {
    let keys: RowCursor
    let values: RowCursor
    let entries: Range<Int>
    let rowIndex: Int
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(keys: RowCursor, values: RowCursor, entries: Range<Int>, rowIndex: Int, codingPath: [any CodingKey]) {
        self.keys = keys
        self.values = values
        self.entries = entries
        self.rowIndex = rowIndex
        self.codingPath = codingPath
    }

    var count: Int? { entries.count * 2 }
    func item(_ index: Int) -> (RowCursor, Int) { (index % 2 == 0 ? keys : values, entries.lowerBound + index / 2) }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        let (cursor, row) = item(currentIndex)
        if cursor.resolve(row) == nil {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try next().decode(type)
        currentIndex += 1
        return value
    }
}
