import ArrowMemory

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// The reverse of `RecordBatch(rows:)`: a small `Decoder` that reads one row of a
// batch into a `Decodable` value. Columns are matched to properties by name;
// `Optional` properties take nulls and missing columns.

extension RecordBatch {
    /// The rows of this batch as `Row` values, one per row.
    ///
    /// | column | Swift property |
    /// |---|---|
    /// | integers | any integer type the value fits in |
    /// | float32, float64 | `Float`, `Double` |
    /// | bool, utf8 (and large, view) | `Bool`, `String` |
    /// | binary (every layout) | `Data`, `[UInt8]` |
    /// | timestamp, date32, date64 | `Date` |
    /// | list (every layout) | `[T]`, `Set<T>` |
    /// | map | `[K: V]` (or anything decoding keys and values in turn) |
    /// | struct | a nested `Decodable` type |
    /// | dictionary-encoded, run-end encoded | what their values decode to |
    ///
    /// ```swift
    /// struct Person: Decodable { var name: String; var age: Int?; var tags: [String] }
    /// let people = try batch.decode(Person.self)
    /// ```
    /// - Parameter type: The row type; inferred from the context when left out.
    /// - Returns: One value per row, in row order.
    /// - Throws: `ArrowError` with the row in the message and the property path
    ///   (`friends.2.name`) in `fieldPath`: `invalidArgument` for a null or missing
    ///   value where the type needs one, a column of another type, or a value the
    ///   Swift type cannot hold; the rows' own decoding errors likewise.
    ///   `.invalidData` when a column fails the value checks of its view.
    /// - Complexity: O(*n*) in the number of values decoded.
    public func decode<Row: Decodable>(_ type: Row.Type = Row.self) throws(ArrowError) -> [Row] {
        let root = try RowCursor(batch: self)
        var rows: [Row] = []
        rows.reserveCapacity(length)
        for i in 0..<length {
            do {
                rows.append(try Row(from: RowValueDecoder(cursor: root, row: i, rowIndex: i, codingPath: [])))
            } catch let error as ArrowError {
                throw error
            } catch let error as DecodingError {
                throw RowDecoding.arrowError(error, row: i)
            } catch {
                throw ArrowError(.invalidArgument, "row \(i): \(error)")
            }
        }
        return rows
    }
}

enum RowDecoding {
    static func path(_ codingPath: [any CodingKey]) -> String? {
        codingPath.isEmpty ? nil : codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    static func error(_ message: String, row: Int, _ codingPath: [any CodingKey]) -> ArrowError {
        ArrowError(.invalidArgument, "row \(row): \(message)", fieldPath: path(codingPath))
    }

    static func arrowError(_ error: DecodingError, row: Int) -> ArrowError {
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            return ArrowError(.invalidArgument, "row \(row): \(c.debugDescription)", fieldPath: path(c.codingPath))
        @unknown default:
            return ArrowError(.invalidArgument, "row \(row): \(error)")
        }
    }
}

/// Decodes the value at `row` of `cursor`.
struct RowValueDecoder: Decoder {
    let cursor: RowCursor
    let row: Int
    /// The batch row, for errors.
    let rowIndex: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func fail(_ message: String) -> ArrowError { RowDecoding.error(message, row: rowIndex, codingPath) }

    /// The non-null value's cursor and row.
    func value(_ what: String) throws -> (RowCursor, Int) {
        guard let resolved = cursor.resolve(row) else { throw fail("null where \(what) needs a value") }
        return resolved
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let (c, r) = try value("a keyed value")
        switch c.kind {
        case .record(let children, let names):
            return KeyedDecodingContainer(RowRecordContainer<Key>(children: children, names: names, row: r, rowIndex: rowIndex, codingPath: codingPath))
        case .map(let lists, let keys, let values):
            return KeyedDecodingContainer(
                try RowMapContainer<Key>(
                    entries: lists.valueRange(at: r), keys: keys, values: values,
                    rowIndex: rowIndex, codingPath: codingPath))
        default:
            throw fail("cannot decode a keyed value from \(c.typeName)")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (c, r) = try value("an array")
        switch c.kind {
        case .list(let lists, let items):
            return RowListContainer(items: items, rows: lists.valueRange(at: r), rowIndex: rowIndex, codingPath: codingPath)
        case .map(let lists, let keys, let values):
            return RowMapEntriesContainer(keys: keys, values: values, entries: lists.valueRange(at: r), rowIndex: rowIndex, codingPath: codingPath)
        default:
            throw fail("cannot decode an array from \(c.typeName)")
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { RowSingleValueDecodingContainer(decoder: self) }

    /// Decodes `T`, recognising the types that have their own Arrow column types.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Date.self {
            let (c, r) = try value("Date")
            switch c.kind {
            case .timestamp(let t): if let d = t[r] as? T { return d }
            case .date(let d): if let v = d[r] as? T { return v }
            default: break
            }
            throw fail("cannot decode Date from \(c.typeName)")
        }
        if T.self == Data.self || T.self == [UInt8].self {
            let (c, r) = try value("\(T.self)")
            if case .binary(let b) = c.kind {
                let bytes = b.buffer(at: r)
                if T.self == Data.self, let d = bytes.withUnsafeBytes({ Data($0) }) as? T { return d }
                if let a = bytes.bytes as? T { return a }
            }
            // [UInt8] also decodes from a list of uint8, through the generic path.
            if T.self == Data.self { throw fail("cannot decode Data from \(c.typeName)") }
        }
        return try T(from: self)
    }
}

struct RowSingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: RowValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.cursor.resolve(decoder.row) == nil }

    func decode(_ type: Bool.Type) throws -> Bool {
        let (c, r) = try decoder.value("Bool")
        guard case .bool(let b) = c.kind, let v = b[r] else { throw decoder.fail("cannot decode Bool from \(c.typeName)") }
        return v
    }

    func decode(_ type: String.Type) throws -> String {
        let (c, r) = try decoder.value("String")
        guard case .string(let s) = c.kind, let v = s[r] else { throw decoder.fail("cannot decode String from \(c.typeName)") }
        return v
    }

    func decode(_ type: Double.Type) throws -> Double {
        let (c, r) = try decoder.value("Double")
        switch c.kind {
        case .double(let v): return v(r)
        case .float(let v): return Double(v(r))
        default: throw decoder.fail("cannot decode Double from \(c.typeName)")
        }
    }

    func decode(_ type: Float.Type) throws -> Float {
        let (c, r) = try decoder.value("Float")
        switch c.kind {
        case .float(let v): return v(r)
        case .double(let v): return Float(v(r))
        default: throw decoder.fail("cannot decode Float from \(c.typeName)")
        }
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let (c, r) = try decoder.value("\(T.self)")
        switch c.kind {
        case .signed(let v):
            let x = v(r)
            guard let exact = T(exactly: x) else { throw decoder.fail("\(x) does not fit in \(T.self)") }
            return exact
        case .unsigned(let v):
            let x = v(r)
            guard let exact = T(exactly: x) else { throw decoder.fail("\(x) does not fit in \(T.self)") }
            return exact
        default:
            throw decoder.fail("cannot decode \(T.self) from \(c.typeName)")
        }
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
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}
