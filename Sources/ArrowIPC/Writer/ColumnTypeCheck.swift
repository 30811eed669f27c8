/// Checks that a column's arrays have the types its schema field declares, so a
/// written body never contradicts the schema written before it.
///
/// Types are compared with the names, nullability, metadata and dictionary ids
/// of nested fields left out: those are the schema's to say and change no byte
/// of the body (a list built with child `item` can be written under a field whose
/// child is `element`). Everything else must match: type parameters (units,
/// time zones, widths, keys-sorted, union type ids), the index and value types
/// of dictionaries, and, recursively, the types of the children and
/// dictionaries the arrays hold.
enum ColumnTypeCheck {
    /// Throws `.invalidArgument` naming the column (and the child path) when
    /// `column` or one of its children or dictionaries is not of `field`'s type.
    static func check(_ column: ArrayData, against field: Field) throws(ArrowError) {
        try check(column, field.type, path: field.name, depth: 0)
    }

    private static func check(_ data: ArrayData, _ expected: ArrowType, path: String, depth: Int) throws(ArrowError) {
        guard depth < ArrowFormat.maxNestingDepth else {
            throw ArrowError(.invalidArgument, "arrays nested deeper than \(ArrowFormat.maxNestingDepth)", fieldPath: path)
        }
        guard head(data.type) == head(expected) else {
            throw ArrowError(.invalidArgument, "column '\(path)' holds \(data.type) values, its schema field says \(expected)", fieldPath: path)
        }
        if case .dictionary(_, let valueType, _) = expected {
            guard let dictionary = data.dictionary else {
                throw ArrowError(.invalidArgument, "dictionary-encoded column without dictionary", fieldPath: path)
            }
            try check(dictionary, valueType, path: path + ".dictionary", depth: depth + 1)
            return
        }
        let fields = expected.children
        guard data.children.count == fields.count else {
            throw ArrowError(.invalidArgument, "column '\(path)' has \(data.children.count) child arrays, its type has \(fields.count)", fieldPath: path)
        }
        for (child, field) in zip(data.children, fields) {
            try check(child, field.type, path: path + "." + field.name, depth: depth + 1)
        }
    }

    /// `type` without its children: nested fields become placeholders, since
    /// the children's types are checked against the child arrays one level down.
    /// A dictionary keeps its index type and `ordered`; its value type is checked
    /// against the dictionary array.
    static func head(_ type: ArrowType) -> ArrowType {
        if case .dictionary(let index, _, let ordered) = type { return .dictionary(indexType: index, valueType: .null, ordered: ordered) }
        return DictionaryIds.withChildren(type) { _ in Field("", .null) }
    }
}
