/// Writes an Arrow IPC stream: schema, then for each batch the dictionaries it
/// needs and the batch, then the end-of-stream marker on `finish()`. For the same
/// data and options the bytes equal pyarrow's `new_stream` output.
public final class StreamWriter {
    private let core: IPCWriterCore
    private var finished = false

    /// Starts a stream on `output` and writes the schema message.
    public init(output: IPCOutput, schema: Schema, options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) {
        core = try IPCWriterCore(schema: schema, options: options, output: output, isFile: false)
        try core.writeSchema()
    }

    /// The schema as written (dictionary ids renumbered in depth-first order).
    public var schema: Schema { core.schema }

    public func write(_ batch: RecordBatch) throws(ArrowError) {
        guard !finished else { throw ArrowError(.invalidArgument, "stream already finished") }
        try core.writeBatch(batch)
    }

    /// Writes the end-of-stream marker.
    public func finish() throws(ArrowError) {
        guard !finished else { return }
        finished = true
        try core.writeEndOfStream()
    }

    /// Writes a whole stream holding `batches` to `output`.
    public static func write(to output: IPCOutput, schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) {
        let w = try StreamWriter(output: output, schema: schema, options: options)
        for b in batches { try w.write(b) }
        try w.finish()
    }

    /// The bytes of a whole stream holding `batches`. A first pass counts the bytes
    /// (buffers are views, so it copies nothing), so the result is allocated once at
    /// its exact size: peak extra memory is the output itself.
    public static func bytes(schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) -> [UInt8] {
        try PointerOutput.exactBytes { (out) throws(ArrowError) in try write(to: out, schema: schema, batches: batches, options: options) }
    }
}

/// Writes an Arrow IPC file: magic, the stream messages, an end-of-stream marker,
/// the footer listing dictionary and record batch blocks, its length and magic.
/// For the same data the bytes equal pyarrow's `new_file` output.
public final class FileWriter {
    private let core: IPCWriterCore
    private let footerMetadata: [KeyValue]
    private var finished = false

    /// Starts a file on `output`: writes the magic and the schema message.
    /// `metadata` goes into the footer.
    public init(output: IPCOutput, schema: Schema, options: IPCWriteOptions = IPCWriteOptions(), metadata: [KeyValue] = []) throws(ArrowError) {
        core = try IPCWriterCore(schema: schema, options: options, output: output, isFile: true)
        footerMetadata = metadata
        try core.write(ArrowFormat.fileMagic)
        try core.pad(2)
        try core.writeSchema()
    }

    public var schema: Schema { core.schema }

    public func write(_ batch: RecordBatch) throws(ArrowError) {
        guard !finished else { throw ArrowError(.invalidArgument, "file already finished") }
        try core.writeBatch(batch)
    }

    /// Writes the end-of-stream marker, the footer and the trailing magic.
    public func finish() throws(ArrowError) {
        guard !finished else { return }
        finished = true
        try core.writeEndOfStream()
        let footer = try MetadataEncoder.footer(schema: core.schema, dictionaries: core.dictionaryBlocks,
                                            recordBatches: core.recordBatchBlocks, metadata: footerMetadata)
        try core.write(footer)
        try core.write(withUnsafeBytes(of: Int32(footer.count).littleEndian, Array.init))
        try core.write(ArrowFormat.fileMagic)
    }

    /// Writes a whole file holding `batches` to `output`.
    public static func write(to output: IPCOutput, schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions(), metadata: [KeyValue] = []) throws(ArrowError) {
        let w = try FileWriter(output: output, schema: schema, options: options, metadata: metadata)
        for b in batches { try w.write(b) }
        try w.finish()
    }

    /// The bytes of a whole file holding `batches`, allocated once at their exact size.
    public static func bytes(schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions(), metadata: [KeyValue] = []) throws(ArrowError) -> [UInt8] {
        try PointerOutput.exactBytes { (out) throws(ArrowError) in
            try write(to: out, schema: schema, batches: batches, options: options, metadata: metadata)
        }
    }
}
