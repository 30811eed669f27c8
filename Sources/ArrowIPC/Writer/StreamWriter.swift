/// Writes an Arrow IPC stream: schema, then for each batch the dictionaries it
/// needs and the batch, then the end-of-stream marker on `finish()`. For the same
/// data and options the bytes equal pyarrow's `new_stream` output.
///
/// A dictionary is sent again only when it changed (as a delta when
/// `emitDictionaryDeltas` allows and it only grew). Bytes go to the `IPCOutput`
/// as each call encodes them; nothing is buffered between calls.
///
/// ```swift
/// let output = try FileDescriptorOutput(path: "out.arrows")
/// let writer = try StreamWriter(output: output, schema: batch.schema,
///                               options: IPCWriteOptions(compression: .zstd))
/// try writer.write(batch)
/// try writer.finish()
///
/// let bytes = try StreamWriter.bytes(schema: batch.schema, batches: [batch])   // all at once
/// ```
///
/// A class with mutable state, not `Sendable`: use it from one task at a time.
public final class StreamWriter {
    private let core: IPCWriterCore
    private var finished = false
    /// The error of a `finish()` that failed: the output may hold part of the
    /// ending, so the writer refuses everything after it.
    private var finishFailure: ArrowError?

    /// Starts a stream on `output` and writes the schema message.
    /// - Parameters:
    ///   - output: Where the bytes go.
    ///   - schema: The schema of every batch; its dictionary ids are renumbered.
    ///   - options: Metadata version, framing, alignment, compression, deltas.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when the options are
    ///   invalid (metadata version before V4, alignment not a multiple of 8, zstd
    ///   level outside 1...22) or the schema's metadata could not fit a FlatBuffer;
    ///   whatever `output` throws (`.io` for a file descriptor).
    public init(output: IPCOutput, schema: Schema, options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) {
        core = try IPCWriterCore(schema: schema, options: options, output: output, isFile: false)
        try core.writeSchema()
    }

    /// The schema as written (dictionary ids renumbered in depth-first order).
    public var schema: Schema { core.schema }

    /// Writes the dictionaries `batch` needs that differ from those last sent,
    /// then the batch.
    /// - Parameter batch: A batch of this writer's schema.
    /// - Throws: `ArrowError` of kind `.invalidArgument` after `finish()`, when
    ///   the batch's column count differs from the schema's or a column's length
    ///   from the batch's, a column (or one of its children or dictionaries) is not
    ///   of its field's type (naming it in `fieldPath`; nested field names,
    ///   nullability and metadata are not compared), or a dictionary-encoded
    ///   column has no dictionary;
    ///   `.invalidData` when a column's buffers are too short for its length;
    ///   whatever `output` throws; the error of a `finish()` that failed.
    /// - Complexity: O(*n*) in the bytes written, plus O(*d*) in a dictionary's
    ///   length to compare it with the one last sent.
    public func write(_ batch: RecordBatch) throws(ArrowError) {
        if let finishFailure { throw finishFailure }
        guard !finished else { throw ArrowError(.invalidArgument, "stream already finished") }
        try core.writeBatch(batch)
    }

    /// Writes the end-of-stream marker. Calling it again after it succeeded does
    /// nothing. When it fails, the output may hold part of the marker, so it is
    /// not retried: this and every later call (`write(_:)` too) throw that error
    /// again.
    /// - Throws: Whatever `output` throws, and the same error on every later call.
    public func finish() throws(ArrowError) {
        if let finishFailure { throw finishFailure }
        guard !finished else { return }
        finished = true
        do throws(ArrowError) {
            try core.writeEndOfStream()
        } catch {
            finishFailure = ArrowError(error.kind, "finish() failed earlier: \(error.message)", byteOffset: error.byteOffset, fieldPath: error.fieldPath)
            throw error
        }
    }

    /// Writes a whole stream holding `batches` to `output`.
    /// - Parameters:
    ///   - output: Where the bytes go.
    ///   - schema: The schema of every batch.
    ///   - batches: The batches, in order.
    ///   - options: Metadata version, framing, alignment, compression, deltas.
    /// - Throws: `ArrowError`, as `init(output:schema:options:)` and `write(_:)` do.
    /// - Complexity: O(*n*) in the bytes written.
    public static func write(to output: IPCOutput, schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) {
        let w = try StreamWriter(output: output, schema: schema, options: options)
        for b in batches { try w.write(b) }
        try w.finish()
    }

    /// The bytes of a whole stream holding `batches`. A first pass counts the bytes
    /// (buffers are views, so it copies nothing), so the result is allocated once at
    /// its exact size: peak extra memory is the output itself. With compression,
    /// bodies are compressed in both passes.
    /// - Parameters:
    ///   - schema: The schema of every batch.
    ///   - batches: The batches, in order.
    ///   - options: Metadata version, framing, alignment, compression, deltas.
    /// - Returns: The encoded stream.
    /// - Throws: `ArrowError`, as `write(to:schema:batches:options:)` does.
    /// - Complexity: O(*n*) in the bytes written, twice.
    public static func bytes(schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) -> [UInt8] {
        try PointerOutput.exactBytes { (out) throws(ArrowError) in try write(to: out, schema: schema, batches: batches, options: options) }
    }
}

/// Writes an Arrow IPC file: magic, the stream messages, an end-of-stream marker,
/// the footer listing dictionary and record batch blocks, its length and magic.
/// For the same data the bytes equal pyarrow's `new_file` output.
///
/// A file holds one dictionary per field: a dictionary that changes between
/// batches throws, unless it only grew and `emitDictionaryDeltas` is on.
///
/// ```swift
/// let writer = try FileWriter(output: FileDescriptorOutput(path: "out.arrow"), schema: batch.schema)
/// try writer.write(batch)
/// try writer.finish()               // the footer: without it the file cannot be read
/// ```
///
/// A class with mutable state, not `Sendable`: use it from one task at a time.
public final class FileWriter {
    private let core: IPCWriterCore
    private let footerMetadata: [KeyValue]
    private var finished = false
    /// The error of a `finish()` that failed: the output may hold part of the
    /// ending, so the writer refuses everything after it.
    private var finishFailure: ArrowError?

    /// Starts a file on `output`: writes the magic and the schema message.
    /// `metadata` goes into the footer.
    /// - Parameters:
    ///   - output: Where the bytes go.
    ///   - schema: The schema of every batch; its dictionary ids are renumbered.
    ///   - options: Metadata version, alignment, compression, deltas.
    ///   - metadata: Custom metadata of the footer; empty by default.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when the options are
    ///   invalid (metadata version before V4, alignment not a multiple of 8, zstd
    ///   level outside 1...22) or the schema's metadata could not fit a FlatBuffer;
    ///   whatever `output` throws.
    public init(output: IPCOutput, schema: Schema, options: IPCWriteOptions = IPCWriteOptions(), metadata: [KeyValue] = []) throws(ArrowError) {
        core = try IPCWriterCore(schema: schema, options: options, output: output, isFile: true)
        footerMetadata = metadata
        try core.write(ArrowFormat.fileMagic)
        try core.pad(2)
        try core.writeSchema()
    }

    /// The schema as written (dictionary ids renumbered in depth-first order).
    public var schema: Schema { core.schema }

    /// Writes the dictionaries `batch` needs that were not written yet (or their
    /// deltas), then the batch.
    /// - Parameter batch: A batch of this writer's schema.
    /// - Throws: `ArrowError` of kind `.invalidArgument` after `finish()`, when
    ///   the column count or a column's length does not match, a column (or one of
    ///   its children or dictionaries) is not of its field's type (naming it in
    ///   `fieldPath`), a dictionary-encoded column has no dictionary, or a dictionary differs from the one already
    ///   written other than by growing (with `emitDictionaryDeltas`); `.invalidData`
    ///   when a column's buffers are too short for its length; whatever `output`
    ///   throws; the error of a `finish()` that failed.
    /// - Complexity: O(*n*) in the bytes written, plus O(*d*) in a dictionary's
    ///   length to compare it with the one already written.
    public func write(_ batch: RecordBatch) throws(ArrowError) {
        if let finishFailure { throw finishFailure }
        guard !finished else { throw ArrowError(.invalidArgument, "file already finished") }
        try core.writeBatch(batch)
    }

    /// Writes the end-of-stream marker, the footer and the trailing magic.
    /// Calling it again after it succeeded does nothing. When it fails, the
    /// output may hold part of the ending, so it is not retried: this and every
    /// later call (`write(_:)` too) throw that error again.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when the footer could not
    ///   fit a FlatBuffer; whatever `output` throws; the same error on every
    ///   later call once it failed.
    public func finish() throws(ArrowError) {
        if let finishFailure { throw finishFailure }
        guard !finished else { return }
        finished = true
        do throws(ArrowError) {
            try core.writeEndOfStream()
            let footer = try MetadataEncoder.footer(
                schema: core.schema, dictionaries: core.dictionaryBlocks,
                recordBatches: core.recordBatchBlocks, metadata: footerMetadata)
            try core.write(footer)
            try core.write(withUnsafeBytes(of: Int32(footer.count).littleEndian, Array.init))
            try core.write(ArrowFormat.fileMagic)
        } catch {
            finishFailure = ArrowError(error.kind, "finish() failed earlier: \(error.message)", byteOffset: error.byteOffset, fieldPath: error.fieldPath)
            throw error
        }
    }

    /// Writes a whole file holding `batches` to `output`.
    /// - Parameters:
    ///   - output: Where the bytes go.
    ///   - schema: The schema of every batch.
    ///   - batches: The batches, in order.
    ///   - options: Metadata version, alignment, compression, deltas.
    ///   - metadata: Custom metadata of the footer.
    /// - Throws: `ArrowError`, as `init(output:schema:options:metadata:)`,
    ///   `write(_:)` and `finish()` do.
    /// - Complexity: O(*n*) in the bytes written.
    public static func write(
        to output: IPCOutput, schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions(), metadata: [KeyValue] = []
    ) throws(ArrowError) {
        let w = try FileWriter(output: output, schema: schema, options: options, metadata: metadata)
        for b in batches { try w.write(b) }
        try w.finish()
    }

    /// The bytes of a whole file holding `batches`, allocated once at their exact
    /// size (a first pass counts them).
    /// - Parameters:
    ///   - schema: The schema of every batch.
    ///   - batches: The batches, in order.
    ///   - options: Metadata version, alignment, compression, deltas.
    ///   - metadata: Custom metadata of the footer.
    /// - Returns: The encoded file.
    /// - Throws: `ArrowError`, as `write(to:schema:batches:options:metadata:)` does.
    /// - Complexity: O(*n*) in the bytes written, twice.
    public static func bytes(schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions(), metadata: [KeyValue] = []) throws(ArrowError)
        -> [UInt8]
    {
        try PointerOutput.exactBytes { (out) throws(ArrowError) in
            try write(to: out, schema: schema, batches: batches, options: options, metadata: metadata)
        }
    }
}
