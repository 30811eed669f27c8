extension RecordBatch {
    /// A batch of named columns; the schema has one nullable field per column
    /// with the column's type (dictionary-encoded columns get their dictionary
    /// type; the writers number the dictionaries).
    ///
    /// ```swift
    /// let batch = try RecordBatch([("id", ArrayData([1, 2, 3])), ("name", try ArrayData(["a", nil, "c"]))])
    /// ```
    /// Zero-copy: the batch holds the arrays as they are.
    ///
    /// - Parameters:
    ///   - columns: Each column's name and array, in schema order.
    ///   - schemaMetadata: Custom metadata of the schema; default none.
    /// - Throws: `ArrowError` (`.invalidArgument`, naming the column in `fieldPath`)
    ///   when the columns differ in length.
    /// - Complexity: O(c) for c columns.
    public init(_ columns: [(String, ArrayData)], schemaMetadata: [KeyValue]? = nil) throws(ArrowError) {
        try self.init(fields: columns.map { (Field($0.0, $0.1.type), $0.1) }, schemaMetadata: schemaMetadata)
    }

    /// A batch of named columns; see `init(_:schemaMetadata:)`.
    ///
    /// ```swift
    /// let batch = try RecordBatch(columns: ["id": ArrayData([1, 2]), "ok": ArrayData([true, nil])])
    /// ```
    /// - Parameters:
    ///   - columns: Each column's name and array, in schema order.
    ///   - schemaMetadata: Custom metadata of the schema; default none.
    /// - Throws: `ArrowError` (`.invalidArgument`, naming the column in `fieldPath`)
    ///   when the columns differ in length.
    /// - Complexity: O(c) for c columns.
    public init(columns: KeyValuePairs<String, ArrayData>, schemaMetadata: [KeyValue]? = nil) throws(ArrowError) {
        try self.init(columns.map { ($0.key, $0.value) }, schemaMetadata: schemaMetadata)
    }

    /// A batch of columns with explicit fields (names, nullability, metadata).
    ///
    /// Zero-copy: the batch holds the arrays as they are. A non-nullable field is
    /// not checked against its column's nulls.
    /// - Parameters:
    ///   - fields: Each column's field and array, in schema order; the batch's
    ///     length is the first column's (0 with no columns).
    ///   - schemaMetadata: Custom metadata of the schema; default none.
    /// - Throws: `ArrowError` (`.invalidArgument`, naming the field in `fieldPath`)
    ///   when the columns differ in length, a field's type is not its column's
    ///   type, or a column's child arrays or dictionary are not of the types its
    ///   type says (the check the writers make).
    /// - Complexity: O(c) for c columns, plus the nested arrays of each.
    public init(fields: [(Field, ArrayData)], schemaMetadata: [KeyValue]? = nil) throws(ArrowError) {
        let length = fields.first?.1.length ?? 0
        for (field, column) in fields {
            guard column.length == length else {
                throw ArrowError(.invalidArgument, "column has \(column.length) rows, the first has \(length)", fieldPath: field.name)
            }
            guard field.type == column.type else {
                throw ArrowError(.invalidArgument, "field has type \(field.type), its column is \(column.type)", fieldPath: field.name)
            }
            try ColumnTypeCheck.check(column, against: field)
        }
        self.init(schema: Schema(fields.map(\.0), metadata: schemaMetadata), length: length, columns: fields.map(\.1))
    }
}
