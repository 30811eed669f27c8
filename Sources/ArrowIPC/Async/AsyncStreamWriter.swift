import ArrowMemory

/// Writes an Arrow IPC stream message by message to an async sink, so a
/// response body can stream while batches are produced: the schema message on
/// `init`, each dictionary batch and record batch as its own call of `sink`, and
/// the end-of-stream marker on `finish()`. The bytes, joined, equal what
/// `StreamWriter` writes for the same batches and options.
///
/// ```swift
/// let writer = try await AsyncStreamWriter(schema: schema) { message in
///     try await response.write(message)          // each message as one chunk
/// }
/// for try await batch in batches { try await writer.write(batch) }
/// try await writer.finish()
/// ```
///
/// One writer belongs to one task (it keeps the order of messages); the batches
/// it is given are `Sendable` and may come from anywhere.
public final class AsyncStreamWriter {
    /// Receives each encoded message (or the end-of-stream marker), in order.
    public typealias Sink = (_ message: [UInt8]) async throws -> Void

    private let core: IPCWriterCore
    private let output = MemoryOutput()
    private let sink: Sink
    private var finished = false
    /// The error of a `finish()` that failed: the sink may have received part of
    /// the ending, so the writer refuses everything after it.
    private var finishFailure: (any Error)?

    /// Starts a stream: encodes the schema message and hands it to `sink`.
    /// - Parameters:
    ///   - schema: The schema of every batch; its dictionary ids are renumbered.
    ///   - options: Metadata version, framing, alignment, compression, deltas.
    ///   - sink: Receives each message's bytes, in order.
    /// - Throws: `ArrowError` of kind `.invalidArgument` for invalid options, as
    ///   `StreamWriter.init(output:schema:options:)`; whatever `sink` throws.
    public init(schema: Schema, options: IPCWriteOptions = IPCWriteOptions(), sink: @escaping Sink) async throws {
        core = try IPCWriterCore(schema: schema, options: options, output: output, isFile: false)
        self.sink = sink
        try core.writeSchema()
        try await flush(cuts: [])
    }

    /// The schema as written (dictionary ids renumbered in depth-first order).
    public var schema: Schema { core.schema }

    /// Encodes `batch` (after the dictionaries it needs that differ from the last
    /// sent) and hands each message to the sink.
    /// - Parameter batch: A batch of this writer's schema.
    /// - Throws: `ArrowError` as `StreamWriter.write(_:)` does (`.invalidArgument`
    ///   after `finish()`); whatever `sink` throws; the error of a `finish()`
    ///   that failed.
    /// - Complexity: O(*n*) in the bytes written; each message is encoded into
    ///   a reused buffer, then copied into the array handed to the sink.
    public func write(_ batch: RecordBatch) async throws {
        if let finishFailure { throw finishFailure }
        guard !finished else { throw ArrowError(.invalidArgument, "stream already finished") }
        let dictionaries = core.dictionaryBlocks.count
        let batches = core.recordBatchBlocks.count
        try core.writeBatch(batch)
        let blocks = core.dictionaryBlocks[dictionaries...] + core.recordBatchBlocks[batches...]
        try await flush(cuts: blocks.map { Int($0.offset) })
    }

    /// Hands the end-of-stream marker to the sink. Calling it again after it
    /// succeeded does nothing. When the sink throws, the marker is not handed
    /// again: this and every later call (`write(_:)` too) throw that error again.
    /// - Throws: Whatever `sink` throws, and the same error on every later call.
    public func finish() async throws {
        if let finishFailure { throw finishFailure }
        guard !finished else { return }
        finished = true
        do {
            try core.writeEndOfStream()
            try await flush(cuts: [])
        } catch {
            finishFailure = error
            throw error
        }
    }

    /// Hands what was encoded since the last flush to the sink, one message per
    /// call; `cuts` are the stream positions where messages start.
    private func flush(cuts: [Int]) async throws {
        let bytes = output.bytes
        output.removeAll(keepingCapacity: true)
        let base = Int(core.position) - bytes.count
        var starts = cuts.map { $0 - base }.filter { $0 > 0 && $0 < bytes.count }.sorted()
        starts.append(bytes.count)
        var from = 0
        for end in starts where end > from {
            try await sink(Array(bytes[from..<end]))
            from = end
        }
    }
}
