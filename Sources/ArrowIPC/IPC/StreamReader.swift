import ArrowMemory

/// Reads an Arrow IPC stream one record batch at a time.
///
/// Memory is bounded by one message: each `next()` reads one more message from
/// the source (a zero-copy slice for in-memory input, so reading is
/// O(metadata) per batch and arrays view the input bytes). Dictionary batches
/// are applied as they come (replacement and delta). Both the current framing
/// and the pre-0.15 one (no continuation marker) are read.
///
/// ```swift
/// let reader = try StreamReader(path: "data.arrows")
/// print(reader.schema)
/// while let batch = try reader.next() {
///     let ids = try PrimitiveArray<Int64>(batch.columns[0])
///     print(batch.length, ids[0] ?? 0)
/// }
/// ```
/// The reader is also a `Sequence` of `Result`s, so `for r in reader { let b = try r.get() }` works.
///
/// A reader is a class with mutable state and is not `Sendable`: use it from
/// one task at a time. The batches it returns are `Sendable`.
public final class StreamReader<Source: ByteSource> {
    /// The stream's schema; with a projection in the options, only the selected
    /// fields, in the projection's order.
    public let schema: Schema
    /// Custom metadata of the schema message.
    public let messageMetadata: [KeyValue]
    private var messages: MessageReader<Source>
    private var decoder: IPCDecoder
    private var messageIndex = 1
    private var finished = false
    /// Metadata version of the schema message.
    public let metadataVersion: MetadataVersion
    /// Whether the stream used the pre-0.15 framing (no continuation marker).
    public let legacyFraming: Bool

    /// Starts reading `source`: reads and decodes the schema message. With a
    /// projection in `options`, `schema` holds the selected fields.
    /// - Parameters:
    ///   - source: Where the bytes come from.
    ///   - options: Projection, validation level and limits; the defaults by default.
    /// - Throws: `ArrowError` of kind `.invalidFormat` when the input is empty, the
    ///   framing is wrong or the first message is not a schema; `.invalidMetadata`
    ///   when the schema message is malformed; `.invalidData` when it exceeds
    ///   `options.limits` (nesting, field count); `.invalidArgument` when the
    ///   projection names a column the schema lacks; `.io` when reading fails.
    /// - Complexity: O(schema metadata).
    public init(source: Source, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        messages = MessageReader(source: source, maxMetadataLength: options.limits.maxMetadataBytes)
        guard let first = try messages.next() else {
            throw ArrowError(.invalidFormat, "empty stream: no schema message", byteOffset: 0)
        }
        guard case .schema(let schema) = first.message.header else {
            throw ArrowError(.invalidFormat, "first message is not a schema", byteOffset: first.offset, messageIndex: 0)
        }
        messageMetadata = first.message.metadata
        metadataVersion = first.message.version
        legacyFraming = first.legacyFraming
        decoder = try IPCDecoder(schema: schema, options: options)
        self.schema = decoder.outputSchema
    }

    /// The limits this reader enforces (`options.limits`).
    public var limits: IPCReadLimits { decoder.limits }

    /// The dictionaries read so far, by id.
    public var dictionaries: [Int64: ArrayData] { decoder.dictionaries }

    /// The next record batch, or nil at the end of the stream. Dictionary batches
    /// before it are read and applied on the way.
    ///
    /// After an error the reader is finished: later calls return `nil`.
    /// - Returns: The batch, its columns viewing the input where possible, or
    ///   `nil` when the stream ends (end-of-stream marker or end of input).
    /// - Throws: `ArrowError`, with `messageIndex` and `byteOffset` set:
    ///   `.invalidFormat` for bad framing, a second schema or a tensor message;
    ///   `.invalidMetadata` for a malformed batch header; `.invalidData` when
    ///   buffers contradict the header, a limit of `options.limits` is exceeded,
    ///   or (with `.values` or `.full` validation) a value check fails;
    ///   `.unsupported` for a dictionary delta of a type that cannot be
    ///   concatenated; `.io` when reading the source fails.
    /// - Complexity: O(metadata) of the messages read, plus decompression and
    ///   byte swapping where needed and O(length) with `.values` validation.
    public func next() throws(ArrowError) -> RecordBatch? {
        while !finished {
            let index = messageIndex
            let position = messages.source.position
            do throws(ArrowError) {
                guard let framed = try messages.next() else {
                    finished = true
                    return nil
                }
                messageIndex += 1
                switch framed.message.header {
                case .schema:
                    throw ArrowError(.invalidFormat, "a second schema message in the stream", byteOffset: framed.offset)
                case .dictionaryBatch(let id, let data, let isDelta):
                    try decoder.readDictionary(id: id, header: data, body: framed.body, isDelta: isDelta, version: framed.message.version)
                case .recordBatch(let header):
                    return try decoder.readRecordBatch(
                        header: header, body: framed.body, version: framed.message.version,
                        metadata: framed.message.metadata)
                case .tensor, .sparseTensor:
                    throw ArrowError(.invalidFormat, "tensor message inside a record batch stream", byteOffset: framed.offset)
                }
            } catch {
                finished = true
                throw error.located(messageIndex: index, byteOffset: position)
            }
        }
        return nil
    }

    /// Reads every remaining batch.
    /// - Returns: The batches in stream order.
    /// - Throws: `ArrowError`, as `next()` does.
    /// - Complexity: O(*n*) in the number of messages, as `next()` per message.
    public func readAll() throws(ArrowError) -> [RecordBatch] {
        var batches: [RecordBatch] = []
        while let b = try next() { batches.append(b) }
        return batches
    }
}

extension StreamReader where Source == BufferSource {
    /// Reads a stream held in memory; arrays view `buffer` without copying.
    /// - Parameters:
    ///   - buffer: The whole stream.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError`, as `init(source:options:)` does.
    /// - Complexity: O(schema metadata).
    public convenience init(buffer: ArrowBuffer, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(source: BufferSource(buffer), options: options)
    }

    /// Reads a stream from `bytes` without copying them: the arrays view the
    /// array, which is kept alive as long as they are.
    /// - Parameters:
    ///   - bytes: The whole stream.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError`, as `init(source:options:)` does.
    /// - Complexity: O(schema metadata).
    public convenience init(bytes: [UInt8], options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(buffer: ArrayByteOwner.buffer(bytes[...]), options: options)
    }
}

extension StreamReader where Source == FileDescriptorSource {
    /// Reads a stream from a pipe, socket or file, one message at a time. Each
    /// message's bytes are read into memory owned by its arrays; the descriptor is
    /// not closed by the reader.
    /// - Parameters:
    ///   - fileDescriptor: An open descriptor positioned at the start of the stream.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError`, as `init(source:options:)` does (`.io` when `read` fails).
    /// - Complexity: O(schema metadata); blocks until the schema message arrived.
    public convenience init(fileDescriptor: Int32, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(source: FileDescriptorSource(fileDescriptor: fileDescriptor), options: options)
    }

    /// Reads a stream from the file at `path`, one message at a time (with `read`,
    /// not memory-mapped: memory holds one message at a time). The file is closed
    /// when the reader is released.
    /// - Parameters:
    ///   - path: Path of the stream file.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError` of kind `.io` when the file cannot be opened or read;
    ///   otherwise as `init(source:options:)`.
    /// - Complexity: O(schema metadata).
    public convenience init(path: String, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(source: FileDescriptorSource(path: path), options: options)
    }
}

extension StreamReader: Sequence {
    /// Iterates the remaining batches of a `StreamReader`, each as a `Result`.
    public struct Iterator: IteratorProtocol {
        let reader: StreamReader
        /// The next batch as `.success`, an error as `.failure` (after which the
        /// iteration ends), or `nil` at the end of the stream.
        /// - Returns: The result of the reader's `next()`, or `nil` when it returned `nil`.
        public mutating func next() -> Result<RecordBatch, ArrowError>? {
            do throws(ArrowError) {
                guard let batch = try reader.next() else { return nil }
                return .success(batch)
            } catch {
                return .failure(error)
            }
        }
    }

    /// An iterator over the remaining batches; it shares this reader's position.
    /// - Returns: The iterator.
    public func makeIterator() -> Iterator { Iterator(reader: self) }
}
