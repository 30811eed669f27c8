// Type names print exactly as pyarrow's `str(type)` (Arrow C++ `DataType::ToString`),
// because users compare what they see in Swift with what Python shows them.

extension ArrowType: CustomStringConvertible {
    /// The type as pyarrow's `str(type)` prints it, such as `int64`,
    /// `timestamp[ms, tz=UTC]` or `list<item: string>`.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .uint8: "uint8"
        case .uint16: "uint16"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .float16: "halffloat"
        case .float32: "float"
        case .float64: "double"
        case .decimal(let p, let s, let bits): "decimal\(bits)(\(p), \(s))"
        case .date32: "date32[day]"
        case .date64: "date64[ms]"
        case .time32(let u): "time32[\(u.abbreviation)]"
        case .time64(let u): "time64[\(u.abbreviation)]"
        case .timestamp(let u, let tz):
            if let tz { "timestamp[\(u.abbreviation), tz=\(tz)]" } else { "timestamp[\(u.abbreviation)]" }
        case .duration(let u): "duration[\(u.abbreviation)]"
        case .interval(.yearMonth): "month_interval"
        case .interval(.dayTime): "day_time_interval"
        case .interval(.monthDayNano): "month_day_nano_interval"
        case .binary: "binary"
        case .largeBinary: "large_binary"
        case .utf8: "string"
        case .largeUtf8: "large_string"
        case .binaryView: "binary_view"
        case .utf8View: "string_view"
        case .fixedSizeBinary(let w): "fixed_size_binary[\(w)]"
        case .list(let f): "list<\(f.typeDescription)>"
        case .largeList(let f): "large_list<\(f.typeDescription)>"
        case .listView(let f): "list_view<\(f.typeDescription)>"
        case .largeListView(let f): "large_list_view<\(f.typeDescription)>"
        case .fixedSizeList(let f, let n): "fixed_size_list<\(f.typeDescription)>[\(n)]"
        case .struct(let fs): "struct<\(fs.map(\.typeDescription).joined(separator: ", "))>"
        case .map(let entries, let sorted): Self.mapDescription(entries, keysSorted: sorted)
        case .union(let mode, let fs, let ids):
            "\(mode == .sparse ? "sparse" : "dense")_union<"
                + zip(fs, ids).map { "\($0.typeDescription)=\($1)" }.joined(separator: ", ") + ">"
        case .dictionary(let index, let value, let ordered):
            "dictionary<values=\(value), indices=\(index), ordered=\(ordered ? 1 : 0)>"
        case .runEndEncoded(let r, let v): "run_end_encoded<run_ends: \(r.type), values: \(v.type)>"
        }
    }

    private static func mapDescription(_ entries: Field, keysSorted: Bool) -> String {
        func named(_ field: Field?, standard: String) -> String {
            guard let field, field.name != standard else { return "" }
            return " ('\(field.name)')"
        }
        let kv = entries.type.children
        let key = kv.first
        let value = kv.count > 1 ? kv[1] : nil
        var s = "map<"
        s += (key.map { "\($0.type)" } ?? "?") + named(key, standard: "key")
        s += ", " + (value.map { "\($0.type)" } ?? "?") + named(value, standard: "value")
        if keysSorted { s += ", keys_sorted" }
        s += named(entries, standard: "entries") + ">"
        return s
    }
}

extension Field: CustomStringConvertible {
    /// `name: type` plus ` not null` when the field is not nullable, as pyarrow prints nested fields.
    public var typeDescription: String {
        "\(name): \(type)" + (nullable ? "" : " not null")
    }

    /// The same as `typeDescription`.
    public var description: String { typeDescription }
}

extension Schema: CustomStringConvertible {
    /// One line per field, like pyarrow's `str(schema)` without metadata.
    public var description: String {
        fields.map(\.typeDescription).joined(separator: "\n")
    }
}
