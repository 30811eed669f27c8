/// Converting between the stream and file formats, batch by batch (memory bounded
/// by one batch plus the dictionaries).
///
/// The output equals pyarrow's conversion of the same input: `new_file(sink,
/// reader.schema)` (or `new_stream`) with default options and `write_batch` for
/// each batch. As there, batch-level custom metadata is not carried over.
public enum IPCConversion {
    /// Rewrites the stream at `input` as an IPC file at `output`.
    public static func streamToFile(input: String, output: String, options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) {
        let reader = try StreamReader(path: input)
        let writer = try FileWriter(output: try FileDescriptorOutput(path: output), schema: reader.schema, options: options)
        while let batch = try reader.next() { try writer.write(withoutMetadata(batch)) }
        try writer.finish()
    }

    /// Rewrites the IPC file at `input` as a stream at `output`.
    public static func fileToStream(input: String, output: String, options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) {
        let reader = try FileReader(path: input)
        let writer = try StreamWriter(output: try FileDescriptorOutput(path: output), schema: reader.schema, options: options)
        for i in 0..<reader.recordBatchCount { try writer.write(withoutMetadata(try reader.recordBatch(at: i))) }
        try writer.finish()
    }

    private static func withoutMetadata(_ batch: RecordBatch) -> RecordBatch {
        RecordBatch(schema: batch.schema, length: batch.length, columns: batch.columns)
    }
}
