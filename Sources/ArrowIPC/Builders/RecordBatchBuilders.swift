extension RecordBatch {
    /// A batch of named columns; the schema has one nullable field per column
    /// with the column's type (dictionary-encoded columns get their dictionary
    /// type; the writers number the dictionaries).
    ///
    /// ```swift
    /// let batch = try RecordBatch([("id", ArrayData([1, 2, 3])), ("name", try ArrayData(["a", nil, "c"]))])
    /// ```
    /// - Parameter schemaMetadata: custom metadata of the schema.
    /// - Throws: `ArrowError.Kind.invalidArgument` when the columns differ in length.
    public init(_ columns: [(String, ArrayData)], schemaMetadata: [KeyValue]? = nil) throws(ArrowError) {
        try self.init(fields: columns.map { (Field($0.0, $0.1.type), $0.1) }, schemaMetadata: schemaMetadata)
    }

    /// A batch of named columns; see `init(_:schemaMetadata:)`.
    ///
    /// ```swift
    /// let batch = try RecordBatch(columns: ["id": ArrayData([1, 2]), "ok": ArrayData([true, nil])])
    /// ```
    public init(columns: KeyValuePairs<String, ArrayData>, schemaMetadata: [KeyValue]? = nil) throws(ArrowError) {
        try self.init(columns.map { ($0.key, $0.value) }, schemaMetadata: schemaMetadata)
    }

    /// A batch of columns with explicit fields (names, nullability, metadata).
    /// - Throws: `ArrowError.Kind.invalidArgument` when the columns differ in
    ///   length or a field's type is not its column's type.
    public init(fields: [(Field, ArrayData)], schemaMetadata: [KeyValue]? = nil) throws(ArrowError) {
        let length = fields.first?.1.length ?? 0
        for (field, column) in fields {
            guard column.length == length else {
                throw ArrowError(.invalidArgument, "column has \(column.length) rows, the first has \(length)", fieldPath: field.name)
            }
            guard field.type == column.type else {
                throw ArrowError(.invalidArgument, "field has type \(field.type), its column is \(column.type)", fieldPath: field.name)
            }
        }
        self.init(schema: Schema(fields.map(\.0), metadata: schemaMetadata), length: length, columns: fields.map(\.1))
    }
}
