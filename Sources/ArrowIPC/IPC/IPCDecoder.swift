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
    let options: IPCReadOptions
    /// The columns read, as indices into `schema.fields` (all when no projection).
    let selected: [Int]
    /// The schema of the batches handed out: the selected fields.
    let outputSchema: Schema
    /// Dictionaries the selected columns use (nested ones included); others are skipped.
    let neededDictionaries: Set<Int64>

    init(schema: Schema, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        self.schema = schema
        self.options = options
        self.swapEndianness = schema.endianness != .native
        let limits = options.limits
        var found: [Int64: Field] = [:]
        var fieldCount = 0
        func collect(_ fields: [Field], depth: Int) throws(ArrowError) {
            guard depth < limits.maxNestingDepth else {
                throw IPCReadLimits.exceeded(
                    "maxNestingDepth", limit: limits.maxNestingDepth, value: depth + 1, "schema nesting depth",
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
                            throw ArrowError(
                                .invalidMetadata, "dictionary id \(id) is shared by fields whose value types differ (\(first.type) and \(f.type))",
                                fieldPath: f.name)
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
        selected = try Self.resolve(options.projection, in: schema)
        var output = schema
        output.fields = selected.map { schema.fields[$0] }
        outputSchema = output
        var needed: Set<Int64> = []
        func need(_ fields: [Field]) {
            for f in fields {
                if let id = f.dictionaryId { needed.insert(id) }
                if case .dictionary(_, let value, _) = f.type { need(value.children) } else { need(f.type.children) }
            }
        }
        need(output.fields)  // depth already checked by `collect`
        neededDictionaries = needed
    }

    /// The indices a projection selects, checked against the schema.
    private static func resolve(_ projection: IPCReadOptions.Projection?, in schema: Schema) throws(ArrowError) -> [Int] {
        var indices: [Int] = []
        switch projection {
        case nil: return Array(schema.fields.indices)
        case .indices(let list):
            for i in list {
                guard schema.fields.indices.contains(i) else {
                    throw ArrowError(.invalidArgument, "projection index \(i) outside the schema's \(schema.fields.count) fields")
                }
                indices.append(i)
            }
        case .names(let names):
            for name in names {
                guard let i = schema.fields.firstIndex(where: { $0.name == name }) else {
                    throw ArrowError(.invalidArgument, "projection names a field the schema does not have", fieldPath: name)
                }
                indices.append(i)
            }
        }
        guard Set(indices).count == indices.count else { throw ArrowError(.invalidArgument, "projection selects a column twice") }
        return indices
    }

    private var projects: Bool { selected != Array(schema.fields.indices) }

    var limits: IPCReadLimits { options.limits }

    private func loader(_ header: RecordBatchHeader, _ body: ArrowBuffer, _ version: MetadataVersion, keep: [Bool]? = nil) throws(ArrowError) -> BatchLoader {
        var decompressed: [ArrowBuffer]? = nil
        if let codec = header.compression {
            var slices = try BatchLoader.slices(header, body)
            if let keep {
                // Buffers of unselected columns stay compressed: they are never read.
                for i in slices.indices where i >= keep.count || !keep[i] { slices[i] = .empty }
            }
            decompressed = try BodyDecompression.decompressAll(
                slices, codec: codec, useThreads: options.useThreads,
                maxDecodedBytes: limits.maxDecodedBytesPerMessage)
        }
        return BatchLoader(
            header: header, body: body, version: version, swapEndianness: swapEndianness,
            dictionaries: dictionaries, decompressed: decompressed, limits: limits)
    }

    /// Runs the value checks the options ask for.
    private func check(_ data: ArrayData) throws(ArrowError) {
        if options.validation != .structure { try data.validate(options.validation) }
    }

    /// Applies a dictionary batch: a new or replacing dictionary, or a delta appended to one.
    mutating func readDictionary(id: Int64, header: RecordBatchHeader, body: ArrowBuffer, isDelta: Bool, version: MetadataVersion) throws(ArrowError) {
        guard let field = dictionaryFields[id], case .dictionary(_, let valueType, _) = field.type else {
            throw ArrowError(.invalidMetadata, "dictionary batch for unknown id \(id)")
        }
        guard neededDictionaries.contains(id) else { return }
        var l = try loader(header, body, version)
        let values = try l.loadColumns([Field(field.name, valueType, nullable: true)])[0]
        do throws(ArrowError) {
            try check(values)
        } catch {
            throw error.inField(field.name)
        }
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
    func readRecordBatch(header: RecordBatchHeader, body: ArrowBuffer, version: MetadataVersion, metadata: [KeyValue]) throws(ArrowError) -> RecordBatch {
        let columns =
            projects
            ? try readProjected(header: header, body: body, version: version)
            : try { () throws(ArrowError) -> [ArrayData] in
                var l = try loader(header, body, version)
                return try l.loadColumns(schema.fields)
            }()
        if options.validation != .structure {
            for (column, field) in zip(columns, outputSchema.fields) {
                do throws(ArrowError) {
                    try check(column)
                } catch {
                    throw error.inField(field.name)
                }
            }
        }
        return RecordBatch(schema: outputSchema, length: Int(header.length), columns: columns, metadata: metadata)
    }

    /// Loads the selected columns only, stepping over the others' nodes and buffers.
    private func readProjected(header: RecordBatchHeader, body: ArrowBuffer, version: MetadataVersion) throws(ArrowError) -> [ArrayData] {
        guard header.length >= 0 else { throw ArrowError(.invalidMetadata, "negative record batch length \(header.length)") }
        guard header.length <= Int64(limits.maxRecordBatchLength) else {
            throw IPCReadLimits.exceeded("maxRecordBatchLength", limit: limits.maxRecordBatchLength, value: Int(header.length), "record batch length")
        }
        var layouts: [FieldLayout] = []
        var keep: [Bool] = []
        var variadic = 0
        let wanted = Set(selected)
        for (i, field) in schema.fields.enumerated() {
            let layout = try FieldLayout.of(field, version: version, variadic: header.variadicBufferCounts, nextVariadic: variadic)
            variadic += layout.variadicCounts
            layouts.append(layout)
            keep += repeatElement(wanted.contains(i), count: layout.buffers)
        }
        var l = try loader(header, body, version, keep: keep)
        var loaded: [Int: ArrayData] = [:]
        for (i, field) in schema.fields.enumerated() {
            guard wanted.contains(i) else {
                l.skip(layouts[i])
                continue
            }
            do throws(ArrowError) {
                let column = try l.load(field, depth: 0)
                guard column.length == header.length else {
                    throw ArrowError.data("column length \(column.length) differs from batch length \(header.length)")
                }
                loaded[i] = column
            } catch {
                throw error.inField(field.name)
            }
        }
        return selected.compactMap { loaded[$0] }
    }
}
