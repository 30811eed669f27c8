import ArrowMemory

/// What stream and file readers share: the schema, the dictionaries read so far,
/// and turning dictionary and record batch messages into arrays.
struct IPCDecoder: Sendable {
    let schema: Schema
    /// The dictionary-encoded field for every dictionary id in the schema (the first
    /// one where several fields share an id: they decode against one dictionary).
    let dictionaryFields: [Int64: Field]
    private(set) var dictionaries: [Int64: ArrayData] = [:]
    let swapEndianness: Bool
    let limits: IPCReadLimits

    init(schema: Schema, limits: IPCReadLimits = .default) throws(ArrowError) {
        self.schema = schema
        self.swapEndianness = schema.endianness != .native
        self.limits = limits
        var found: [Int64: Field] = [:]
        var fieldCount = 0
        func collect(_ fields: [Field], depth: Int) throws(ArrowError) {
            guard depth < limits.maxNestingDepth else {
                throw IPCReadLimits.exceeded("maxNestingDepth", limit: limits.maxNestingDepth, value: depth + 1, "schema nesting depth",
                                             field: fields.first?.name)
            }
            fieldCount += fields.count
            guard fieldCount <= limits.maxFieldsPerSchema else {
                throw IPCReadLimits.exceeded("maxFieldsPerSchema", limit: limits.maxFieldsPerSchema, value: fieldCount, "fields in the schema (counted so far)")
            }
            for f in fields {
                if let id = f.dictionaryId {
                    if let first = found[id] {
                        // The format lets fields share a dictionary; its values must then agree.
                        guard case .dictionary(_, let a, _) = first.type, case .dictionary(_, let b, _) = f.type, a == b else {
                            throw ArrowError(.invalidMetadata, "dictionary id \(id) is shared by fields whose value types differ (\(first.type) and \(f.type))", fieldPath: f.name)
                        }
                    } else {
                        found[id] = f
                    }
                }
                if case .dictionary(_, let value, _) = f.type {
                    try collect(value.children, depth: depth + 1)
                } else {
                    try collect(f.type.children, depth: depth + 1)
                }
            }
        }
        try collect(schema.fields, depth: 0)
        dictionaryFields = found
    }

    private func loader(_ header: RecordBatchHeader, _ body: ByteBuffer, _ version: MetadataVersion) throws(ArrowError) -> BatchLoader {
        var decompressed: [ByteBuffer]? = nil
        if let codec = header.compression {
            decompressed = try BodyDecompression.decompressAll(try BatchLoader.slices(header, body), codec: codec,
                                                               maxDecodedBytes: limits.maxDecodedBytesPerMessage)
        }
        return BatchLoader(header: header, body: body, version: version, swapEndianness: swapEndianness,
                           dictionaries: dictionaries, decompressed: decompressed, limits: limits)
    }

    /// Applies a dictionary batch: a new or replacing dictionary, or a delta appended to one.
    mutating func readDictionary(id: Int64, header: RecordBatchHeader, body: ByteBuffer, isDelta: Bool, version: MetadataVersion) throws(ArrowError) {
        guard let field = dictionaryFields[id], case .dictionary(_, let valueType, _) = field.type else {
            throw ArrowError(.invalidMetadata, "dictionary batch for unknown id \(id)")
        }
        var l = try loader(header, body, version)
        let values = try l.loadColumns([Field(field.name, valueType, nullable: true)])[0]
        if isDelta, let existing = dictionaries[id] {
            dictionaries[id] = try ArrayConcatenation.concatenate([existing, values], maxBytes: limits.maxDictionaryBytes)
        } else {
            let bytes = ArrayConcatenation.heldBytes(values)
            guard bytes <= limits.maxDictionaryBytes else {
                throw IPCReadLimits.exceeded("maxDictionaryBytes", limit: limits.maxDictionaryBytes, value: bytes, "dictionary \(id) bytes")
            }
            dictionaries[id] = values
        }
    }

    /// Decodes a record batch against the schema and current dictionaries.
    func readRecordBatch(header: RecordBatchHeader, body: ByteBuffer, version: MetadataVersion, metadata: [KeyValue]) throws(ArrowError) -> RecordBatch {
        var l = try loader(header, body, version)
        let columns = try l.loadColumns(schema.fields)
        return RecordBatch(schema: schema, length: Int(header.length), columns: columns, metadata: metadata)
    }
}
