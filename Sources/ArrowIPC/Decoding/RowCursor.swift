import ArrowMemory

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One column prepared for reading rows into Swift values: its typed view is made
/// (and its values checked) once, not once per row; nested columns hold cursors
/// of their children, already sliced so that a row index maps straight to them.
final class RowCursor {
    enum Kind {
        case null
        case bool(BooleanArray)
        case signed((Int) -> Int64)
        case unsigned((Int) -> UInt64)
        case float((Int) -> Float)
        case double((Int) -> Double)
        case string(StringArray)
        case binary(BinaryArray)
        case timestamp(TimestampArray)
        case date(DateArray)
        /// Lists of every layout; the cursor indexes the list's child array.
        case list(ListArray, RowCursor)
        /// Maps: entry ranges, then the keys and values cursors over the entries.
        case map(ListArray, keys: RowCursor, values: RowCursor)
        /// Struct children by name, sliced to the struct's rows; or a batch's columns.
        case record([String: RowCursor], names: [String])
        /// Dictionary-encoded: indices into the dictionary's cursor.
        case dictionary(DictionaryArray, RowCursor)
        case runEndEncoded(RunEndEncodedArray, RowCursor)
        case unsupported(ArrowType)
    }

    /// The array, or nil for a record batch's top level (never null).
    let data: ArrayData?
    let length: Int
    let kind: Kind

    init(batch: RecordBatch) throws(ArrowError) {
        var children: [String: RowCursor] = [:]
        var names: [String] = []
        for (field, column) in zip(batch.schema.fields, batch.columns) where children[field.name] == nil {
            do throws(ArrowError) {
                children[field.name] = try RowCursor(column, depth: 1)
            } catch {
                throw error.inField(field.name)
            }
            names.append(field.name)
        }
        data = nil
        length = batch.length
        kind = .record(children, names: names)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    init(_ data: ArrayData, depth: Int) throws(ArrowError) {
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError.data("arrays nested deeper than \(ArrowFormat.maxNestingDepth)") }
        self.data = data
        length = data.length
        switch data.type {
        case .null: kind = .null
        case .bool: kind = .bool(try BooleanArray(data))
        case .int8:
            let v = try PrimitiveArray<Int8>(data)
            kind = .signed { Int64(v.value(at: $0)) }
        case .int16:
            let v = try PrimitiveArray<Int16>(data)
            kind = .signed { Int64(v.value(at: $0)) }
        case .int32:
            let v = try PrimitiveArray<Int32>(data)
            kind = .signed { Int64(v.value(at: $0)) }
        case .int64:
            let v = try PrimitiveArray<Int64>(data)
            kind = .signed { v.value(at: $0) }
        case .uint8:
            let v = try PrimitiveArray<UInt8>(data)
            kind = .unsigned { UInt64(v.value(at: $0)) }
        case .uint16:
            let v = try PrimitiveArray<UInt16>(data)
            kind = .unsigned { UInt64(v.value(at: $0)) }
        case .uint32:
            let v = try PrimitiveArray<UInt32>(data)
            kind = .unsigned { UInt64(v.value(at: $0)) }
        case .uint64:
            let v = try PrimitiveArray<UInt64>(data)
            kind = .unsigned { v.value(at: $0) }
        case .float32:
            let v = try PrimitiveArray<Float>(data)
            kind = .float { v.value(at: $0) }
        case .float64:
            let v = try PrimitiveArray<Double>(data)
            kind = .double { v.value(at: $0) }
        case .utf8, .largeUtf8, .utf8View: kind = .string(try StringArray(data))
        case .binary, .largeBinary, .binaryView, .fixedSizeBinary: kind = .binary(try BinaryArray(data))
        case .timestamp: kind = .timestamp(try TimestampArray(data))
        case .date32, .date64: kind = .date(try DateArray(data))
        case .list(let f), .largeList(let f), .listView(let f), .largeListView(let f), .fixedSizeList(let f, _):
            let lists = try ListArray(data)
            do throws(ArrowError) {
                kind = .list(lists, try RowCursor(lists.values, depth: depth + 1))
            } catch {
                throw error.inField(f.name)
            }
        case .map(let entries, _):
            let lists = try ListArray(data)
            let entryArray = try StructArray(lists.values)
            guard entryArray.fields.count == 2 else { throw ArrowError.data("map entries have \(entryArray.fields.count) fields, not 2", field: entries.name) }
            kind = .map(
                lists, keys: try RowCursor(try entryArray.column(0), depth: depth + 1),
                values: try RowCursor(try entryArray.column(1), depth: depth + 1))
        case .struct(let fields):
            let s = try StructArray(data)
            var children: [String: RowCursor] = [:]
            var names: [String] = []
            for (i, field) in fields.enumerated() where children[field.name] == nil {
                do throws(ArrowError) {
                    children[field.name] = try RowCursor(try s.column(i), depth: depth + 1)
                } catch {
                    throw error.inField(field.name)
                }
                names.append(field.name)
            }
            kind = .record(children, names: names)
        case .dictionary:
            let d = try DictionaryArray(data)
            kind = .dictionary(d, try RowCursor(d.dictionary, depth: depth + 1))
        case .runEndEncoded:
            let r = try RunEndEncodedArray(data)
            kind = .runEndEncoded(r, try RowCursor(r.values, depth: depth + 1))
        default:
            kind = .unsupported(data.type)
        }
    }

    /// The cursor and row holding the value of `row`, following dictionaries and
    /// runs; nil when the value is null.
    func resolve(_ row: Int) -> (RowCursor, Int)? {
        guard row >= 0, row < length else { return nil }
        switch kind {
        case .dictionary(let d, let values):
            guard let index = d[row] else { return nil }
            return values.resolve(index)
        case .runEndEncoded(let r, let values):
            return values.resolve(r.physicalIndex(at: row))
        case .null:
            return nil
        default:
            if let data, data.isNull(row) { return nil }
            return (self, row)
        }
    }

    var typeName: String { data.map { "\($0.type)" } ?? "record batch" }
}
