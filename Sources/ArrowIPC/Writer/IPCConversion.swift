/// Converting between the stream and file formats, batch by batch (memory bounded
/// by one batch plus the dictionaries).
///
/// The output equals pyarrow's conversion of the same input: `new_file(sink,
/// reader.schema)` (or `new_stream`) with default options and `write_batch` for
/// each batch. As there, batch-level custom metadata is not carried over, and map
/// fields get the canonical names `entries`, `key`, `value` (Arrow C++ gives them
/// those names when it reads a map, whatever the input said).
public enum IPCConversion {
    /// Rewrites the stream at `input` as an IPC file at `output` (created or
    /// truncated). On an error the output is left as far as it was written.
    /// - Parameters:
    ///   - input: Path of the stream, read message by message.
    ///   - output: Path of the file to write.
    ///   - options: Write options; pyarrow's defaults by default.
    /// - Throws: `ArrowError` of kind `.io` when a file cannot be opened, read or
    ///   written; the reading errors of `StreamReader.next()`; `.invalidArgument`
    ///   when the stream replaces a dictionary, which a file cannot hold (a
    ///   dictionary that only grew is written only with `emitDictionaryDeltas`).
    /// - Complexity: O(*n*) in the bytes, one batch (plus the dictionaries) in memory.
    public static func streamToFile(input: String, output: String, options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) {
        let reader = try StreamReader(path: input)
        let writer = try FileWriter(output: try FileDescriptorOutput(path: output), schema: canonicalMapNames(reader.schema), options: options)
        while let batch = try reader.next() { try writer.write(withoutMetadata(batch)) }
        try writer.finish()
    }

    /// Rewrites the IPC file at `input` as a stream at `output` (created or
    /// truncated). On an error the output is left as far as it was written.
    /// - Parameters:
    ///   - input: Path of the file, memory-mapped.
    ///   - output: Path of the stream to write.
    ///   - options: Write options; pyarrow's defaults by default.
    /// - Throws: `ArrowError` of kind `.io` when a file cannot be opened, mapped
    ///   or written; the reading errors of `FileReader.init(path:options:)` and
    ///   `recordBatch(at:)`.
    /// - Complexity: O(*n*) in the bytes, one batch (plus the dictionaries) in memory.
    public static func fileToStream(input: String, output: String, options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) {
        let reader = try FileReader(path: input)
        let writer = try StreamWriter(output: try FileDescriptorOutput(path: output), schema: canonicalMapNames(reader.schema), options: options)
        for i in 0..<reader.recordBatchCount { try writer.write(withoutMetadata(try reader.recordBatch(at: i))) }
        try writer.finish()
    }

    /// `schema` with every map's entries, key and value fields named as Arrow C++
    /// names them on reading (`entries`, `key`, `value`), at every depth.
    /// - Parameter schema: A schema.
    /// - Returns: The schema with map field names replaced; everything else as it was.
    /// - Complexity: O(*n*) in the number of fields, nested ones included.
    public static func canonicalMapNames(_ schema: Schema) -> Schema {
        func visit(_ field: Field) -> Field {
            var f = field
            if case .dictionary(let index, let value, let ordered) = field.type {
                f.type = .dictionary(indexType: index, valueType: canonical(value), ordered: ordered)
            } else {
                f.type = canonical(field.type)
            }
            return f
        }
        func canonical(_ type: ArrowType) -> ArrowType {
            guard case .map(var entries, let sorted) = type, case .struct(var kv) = entries.type, kv.count == 2 else {
                return DictionaryIds.withChildren(type, visit)
            }
            kv[0].name = "key"
            kv[1].name = "value"
            entries.name = "entries"
            entries.type = .struct(kv.map(visit))
            return .map(entries: entries, keysSorted: sorted)
        }
        var s = schema
        s.fields = schema.fields.map(visit)
        return s
    }

    private static func withoutMetadata(_ batch: RecordBatch) -> RecordBatch {
        RecordBatch(schema: batch.schema, length: batch.length, columns: batch.columns)
    }
}
