/// Converting between the stream and file formats, batch by batch (memory bounded
/// by one batch plus the dictionaries).
///
/// The output equals pyarrow's conversion of the same input: `new_file(sink,
/// reader.schema)` (or `new_stream`) with default options and `write_batch` for
/// each batch. As there, batch-level custom metadata is not carried over, and map
/// fields get the canonical names `entries`, `key`, `value` (Arrow C++ gives them
/// those names when it reads a map, whatever the input said).
public enum IPCConversion {
    /// How far a conversion has come, reported after each batch written.
    public struct Progress: Sendable {
        /// Record batches written so far.
        public var batches: Int
        /// Rows written so far (saturating at `Int.max`).
        public var rows: Int
        /// Bytes written to the output so far.
        public var bytesWritten: Int
        /// Bytes of the input read so far (for a file: up to the end of the last
        /// batch's block).
        public var bytesRead: Int
    }

    /// Rewrites the stream at `input` as an IPC file at `output` (created or
    /// truncated). On an error the output is left as far as it was written.
    /// - Parameters:
    ///   - input: Path of the stream, read message by message.
    ///   - output: Path of the file to write.
    ///   - options: Write options; pyarrow's defaults by default.
    ///   - progress: Called after each batch written, on the calling thread.
    /// - Throws: `ArrowError` of kind `.io` when a file cannot be opened, read or
    ///   written; the reading errors of `StreamReader.next()`; `.invalidArgument`
    ///   when the stream replaces a dictionary, which a file cannot hold (a
    ///   dictionary that only grew is written only with `emitDictionaryDeltas`).
    /// - Complexity: O(*n*) in the bytes, one batch (plus the dictionaries) in memory.
    public static func streamToFile(
        input: String, output: String, options: IPCWriteOptions = IPCWriteOptions(),
        progress: ((Progress) -> Void)? = nil
    ) throws(ArrowError) {
        let source = try FileDescriptorSource(path: input)
        let reader = try StreamReader(source: source)
        let out = ByteCountingOutput(try FileDescriptorOutput(path: output))
        let writer = try FileWriter(output: out, schema: canonicalMapNames(reader.schema), options: options)
        var done = Progress(batches: 0, rows: 0, bytesWritten: 0, bytesRead: 0)
        while let batch = try reader.next() {
            try writer.write(withoutMetadata(batch))
            if let progress {
                done.batches += 1
                done.rows = done.rows.addingReportingOverflow(batch.length).overflow ? Int.max : done.rows + batch.length
                (done.bytesWritten, done.bytesRead) = (out.count, source.position)
                progress(done)
            }
        }
        try writer.finish()
    }

    /// Rewrites the IPC file at `input` as a stream at `output` (created or
    /// truncated). On an error the output is left as far as it was written.
    /// - Parameters:
    ///   - input: Path of the file, memory-mapped.
    ///   - output: Path of the stream to write.
    ///   - options: Write options; pyarrow's defaults by default.
    ///   - progress: Called after each batch written, on the calling thread.
    /// - Throws: `ArrowError` of kind `.io` when a file cannot be opened, mapped
    ///   or written; the reading errors of `FileReader.init(path:options:)` and
    ///   `recordBatch(at:)`.
    /// - Complexity: O(*n*) in the bytes, one batch (plus the dictionaries) in memory.
    public static func fileToStream(
        input: String, output: String, options: IPCWriteOptions = IPCWriteOptions(),
        progress: ((Progress) -> Void)? = nil
    ) throws(ArrowError) {
        let reader = try FileReader(path: input)
        let out = ByteCountingOutput(try FileDescriptorOutput(path: output))
        let writer = try StreamWriter(output: out, schema: canonicalMapNames(reader.schema), options: options)
        var done = Progress(batches: 0, rows: 0, bytesWritten: 0, bytesRead: 0)
        for i in 0..<reader.recordBatchCount {
            let batch = try reader.recordBatch(at: i)
            try writer.write(withoutMetadata(batch))
            if let progress {
                done.batches += 1
                done.rows = done.rows.addingReportingOverflow(batch.length).overflow ? Int.max : done.rows + batch.length
                // Batches are usually in file order; the fraction of batches is the
                // honest measure without trusting block offsets.
                done.bytesWritten = out.count
                done.bytesRead = Int(Double(reader.buffer.count) * Double(i + 1) / Double(reader.recordBatchCount))
                progress(done)
            }
        }
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

/// Passes bytes on to another output and counts them (for progress reports).
final class ByteCountingOutput: IPCOutput {
    private let base: IPCOutput
    private(set) var count = 0

    init(_ base: IPCOutput) { self.base = base }

    func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        try base.write(chunk)
        count += chunk.count
    }
}
