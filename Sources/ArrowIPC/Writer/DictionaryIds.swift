/// Dictionary ids as Arrow C++ numbers them, and the dictionaries a batch needs.
enum DictionaryIds {
    /// Numbers dictionary-encoded fields 0, 1, 2, ... in depth-first pre-order
    /// (C++ `DictionaryFieldMapper`), whatever ids the schema carried.
    static func assign(_ schema: Schema) -> Schema {
        var next: Int64 = 0
        func visit(_ field: Field) -> Field {
            var f = field
            if case .dictionary(let index, let value, let ordered) = field.type {
                f.dictionaryId = next
                next += 1
                f.type = .dictionary(indexType: index, valueType: withChildren(value, visit), ordered: ordered)
            } else {
                f.dictionaryId = nil
                f.type = withChildren(field.type, visit)
            }
            return f
        }
        var s = schema
        s.fields = schema.fields.map(visit)
        return s
    }

    /// `type` with its child fields replaced by `transform` of each.
    static func withChildren(_ type: ArrowType, _ transform: (Field) -> Field) -> ArrowType {
        switch type {
        case .list(let f): .list(transform(f))
        case .largeList(let f): .largeList(transform(f))
        case .listView(let f): .listView(transform(f))
        case .largeListView(let f): .largeListView(transform(f))
        case .fixedSizeList(let f, let n): .fixedSizeList(transform(f), listSize: n)
        case .struct(let fs): .struct(fs.map(transform))
        case .map(let e, let s): .map(entries: transform(e), keysSorted: s)
        case .union(let m, let fs, let ids): .union(m, fields: fs.map(transform), typeIds: ids)
        case .runEndEncoded(let r, let v): .runEndEncoded(runEnds: transform(r), values: transform(v))
        default: type
        }
    }

    static func hasNestedDictionary(_ type: ArrowType) -> Bool {
        let fields: [Field]
        if case .dictionary(_, let value, _) = type { fields = value.children } else { fields = type.children }
        return fields.contains { if case .dictionary = $0.type { true } else { hasNestedDictionary($0.type) } }
    }

    /// C++ `DictionaryCollector`: nested dictionaries before their parent.
    static func collect(_ field: Field, _ array: ArrayData, into out: inout [(Int64, ArrayData)], depth: Int) throws(ArrowError) {
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError(.invalidArgument, "fields nested deeper than \(ArrowFormat.maxNestingDepth)") }
        if case .dictionary(_, let value, _) = field.type {
            guard let dictionary = array.dictionary, let id = field.dictionaryId else {
                throw ArrowError(.invalidArgument, "dictionary-encoded column without dictionary", fieldPath: field.name)
            }
            for (f, c) in zip(value.children, dictionary.children) { try collect(f, c, into: &out, depth: depth + 1) }
            out.append((id, dictionary))
        } else {
            for (f, c) in zip(field.type.children, array.children) { try collect(f, c, into: &out, depth: depth + 1) }
        }
    }
}
