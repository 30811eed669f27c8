import ArrowMemory

/// Reads an Arrow IPC stream one record batch at a time.
///
/// Memory is bounded by one message: each `next()` reads one more message from
/// the source (a zero-copy slice for in-memory input). Dictionary batches are
/// applied as they come (replacement and delta).
///
/// ```swift
/// let reader = try StreamReader(buffer: bytes)
/// while let batch = try reader.next() { ... }
/// ```
/// The reader is also a `Sequence` of `Result`s, so `for r in reader { let b = try r.get() }` works.
public final class StreamReader<Source: ByteSource> {
    public let schema: Schema
    /// Custom metadata of the schema message.
    public var messageMetadata: [KeyValue]
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

    /// The next record batch, or nil at the end of the stream.
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
                    return try decoder.readRecordBatch(header: header, body: framed.body, version: framed.message.version,
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
    public func readAll() throws(ArrowError) -> [RecordBatch] {
        var batches: [RecordBatch] = []
        while let b = try next() { batches.append(b) }
        return batches
    }
}

extension StreamReader where Source == BufferSource {
    /// Reads a stream held in memory; arrays view `buffer` without copying.
    public convenience init(buffer: ArrowBuffer, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(source: BufferSource(buffer), options: options)
    }

    /// Reads a stream from `bytes` without copying them: the arrays view the
    /// array, which is kept alive as long as they are.
    public convenience init(bytes: [UInt8], options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(buffer: ArrayByteOwner.buffer(bytes[...]), options: options)
    }
}

extension StreamReader where Source == FileDescriptorSource {
    /// Reads a stream from a pipe, socket or file, one message at a time.
    public convenience init(fileDescriptor: Int32, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(source: FileDescriptorSource(fileDescriptor: fileDescriptor), options: options)
    }

    /// Reads a stream from the file at `path`, one message at a time.
    public convenience init(path: String, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(source: FileDescriptorSource(path: path), options: options)
    }
}

extension StreamReader: Sequence {
    public struct Iterator: IteratorProtocol {
        let reader: StreamReader
        public mutating func next() -> Result<RecordBatch, ArrowError>? {
            do throws(ArrowError) {
                guard let batch = try reader.next() else { return nil }
                return .success(batch)
            } catch {
                return .failure(error)
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(reader: self) }
}
