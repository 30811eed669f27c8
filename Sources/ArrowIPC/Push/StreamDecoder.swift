import ArrowMemory

/// Decodes an Arrow IPC stream from byte chunks pushed as they arrive (from a
/// socket, an HTTP body), handing back the schema, dictionaries and record
/// batches as soon as each message is complete.
///
/// Messages that lie inside one chunk are sliced out of it without copying; only
/// a message that spans chunks is joined, into storage that grows with the bytes
/// that arrived. A message larger than `maxMessageBytes` is refused with an error
/// as soon as its header says so, which bounds what the decoder buffers.
/// Both framings (continuation marker and pre-0.15) are read. Batches equal those
/// of `StreamReader` on the same bytes, however the bytes are split.
///
/// ```swift
/// var decoder = StreamDecoder(options: IPCReadOptions(validation: .values), maxMessageBytes: 64 << 20)
/// for try await chunk in body {                       // [UInt8], ArrowBuffer, Data, ...
///     for event in try decoder.feed(chunk) {
///         switch event {
///         case .schema(let schema): print(schema)
///         case .dictionary: break
///         case .recordBatch(let batch): print(batch.length, "rows")
///         }
///     }
/// }
/// try decoder.finish()                                 // throws if the input stopped mid-message
/// ```
/// After an error the decoder stays failed: every later call throws the same error.
///
/// `Sendable`, and a value type: a copy made at any point, even in the middle
/// of a message, decodes independently of the original (the bytes of a partly
/// received message are copied when either one is fed next).
public struct StreamDecoder: Sendable {
    /// What one complete message produced.
    public enum Event: Sendable {
        /// The stream's schema (always the first event).
        case schema(Schema)
        /// A dictionary batch was applied (a new or replacing dictionary, or a delta).
        case dictionary(id: Int64, isDelta: Bool)
        /// A record batch, its columns viewing the chunk that completed it when the
        /// message lay inside one chunk.
        case recordBatch(RecordBatch)
    }

    /// Default for `maxMessageBytes`: 1 GiB.
    public static let defaultMaxMessageBytes = 1 << 30

    /// Largest framed message (prefix, metadata and body) accepted.
    public let maxMessageBytes: Int
    /// The options the decoder was created with (projection, validation, limits).
    public let options: IPCReadOptions
    /// The schema, once its message was read (the selected fields, with a projection).
    public private(set) var schema: Schema?
    /// Custom metadata of the schema message.
    public private(set) var messageMetadata: [KeyValue] = []
    /// Whether the stream used the pre-0.15 framing (known after the schema).
    public private(set) var legacyFraming = false
    /// Whether the end-of-stream marker was read; later bytes are ignored, as
    /// `StreamReader` ignores what follows the marker.
    public private(set) var isFinished = false
    /// Stream offset of the first byte not yet part of a complete message.
    public private(set) var messageStart = 0

    private var decoder: IPCDecoder?
    private var framing = MessageFraming()
    private var partial = PartialMessage()
    private var messageIndex = 0
    private var failure: ArrowError?

    /// Creates a decoder waiting for the schema message.
    /// - Parameters:
    ///   - options: Projection, validation level and limits; the defaults by default.
    ///   - maxMessageBytes: Largest framed message accepted (prefix, metadata and
    ///     body); at least 8. `defaultMaxMessageBytes` (1 GiB) by default.
    public init(options: IPCReadOptions = IPCReadOptions(), maxMessageBytes: Int = StreamDecoder.defaultMaxMessageBytes) {
        self.options = options
        self.maxMessageBytes = max(maxMessageBytes, 8)
        framing = MessageFraming(maxMetadataLength: options.limits.maxMetadataBytes)
    }

    /// The dictionaries read so far, by id.
    public var dictionaries: [Int64: ArrayData] { decoder?.dictionaries ?? [:] }

    /// Bytes held for a message that is not complete yet.
    public var bufferedByteCount: Int { partial.count }

    /// Decodes what `chunk` completes. The arrays of the batches view `chunk`
    /// (it is kept alive by them) unless their message spanned chunks.
    /// Bytes after the end-of-stream marker are ignored.
    /// - Parameter chunk: The next bytes of the stream, of any size (empty is fine).
    /// - Returns: The events of the messages completed by this chunk, in stream
    ///   order; empty when none was completed.
    /// - Throws: `ArrowError`, with `messageIndex` and `byteOffset` in the stream:
    ///   `.invalidFormat` for bad framing, a message over `maxMessageBytes`, a
    ///   first message that is not a schema, a second schema or a tensor message;
    ///   `.invalidMetadata` for a malformed message; `.invalidData` when buffers
    ///   contradict the header, a limit of `options.limits` is exceeded or (with
    ///   `.values` validation) a value check fails; `.invalidArgument` when the
    ///   projection names a missing column; `.unsupported` for a dictionary delta
    ///   that cannot be concatenated. Events of messages completed earlier in the
    ///   same chunk are lost with the error.
    /// - Complexity: O(*n*) in the chunk's size for framing, plus the cost of
    ///   decoding each completed message (O(metadata) unless decompressing,
    ///   byte swapping or validating values).
    public mutating func feed(_ chunk: ArrowBuffer) throws(ArrowError) -> [Event] {
        if let failure { throw failure }
        var events: [Event] = []
        do throws(ArrowError) {
            try consume(chunk, into: &events)
        } catch {
            failure = error
            throw error
        }
        return events
    }

    /// Decodes what `bytes` completes; the array is kept alive, not copied.
    /// - Parameter bytes: The next bytes of the stream.
    /// - Returns: The events of the messages completed, in order.
    /// - Throws: `ArrowError`, as `feed(_:)` with an `ArrowBuffer` does.
    public mutating func feed(_ bytes: [UInt8]) throws(ArrowError) -> [Event] {
        try feed(ArrayByteOwner.buffer(bytes[...]))
    }

    /// Decodes what `bytes` completes; its base array is kept alive, not copied.
    /// - Parameter bytes: The next bytes of the stream.
    /// - Returns: The events of the messages completed, in order.
    /// - Throws: `ArrowError`, as `feed(_:)` with an `ArrowBuffer` does.
    public mutating func feed(_ bytes: ArraySlice<UInt8>) throws(ArrowError) -> [Event] {
        try feed(ArrayByteOwner.buffer(bytes))
    }

    /// Decodes what `bytes` completes (any byte collection, `Data` or a NIO
    /// `ByteBufferView` included). The bytes are copied once, since they must
    /// outlive the call for the arrays to view them; `[UInt8]` and
    /// `ArraySlice<UInt8>` are still viewed without copying.
    /// - Parameter bytes: The next bytes of the stream.
    /// - Returns: The events of the messages completed, in order.
    /// - Throws: `ArrowError`, as `feed(_:)` with an `ArrowBuffer` does.
    /// - Complexity: O(*n*) in the chunk's size for the copy, plus decoding.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) throws(ArrowError) -> [Event] where Bytes.Element == UInt8 {
        // Generic callers (the async sequences) reach the zero-copy paths too.
        if let array = bytes as? [UInt8] { return try feed(array) }
        if let slice = bytes as? ArraySlice<UInt8> { return try feed(slice) }
        return try feed(ArrowBuffer(copying: Array(bytes)))
    }

    /// Declares the end of the input: throws if it ended inside a message or
    /// before the schema. Ending without the end-of-stream marker is accepted,
    /// as `StreamReader` accepts it; so is a lone continuation marker at the end.
    /// - Throws: `ArrowError` of kind `.invalidFormat` when the input ended inside
    ///   a message or had no schema message, or the error the decoder failed with
    ///   earlier.
    public mutating func finish() throws(ArrowError) {
        if let failure { throw failure }
        if isFinished { return }
        let continuationOnly = partial.count == 4 && partial.view.getInteger(at: 0, as: UInt32.self) == ArrowFormat.continuationMarker
        if !partial.isEmpty && !continuationOnly {
            let error = ArrowError(
                .invalidFormat, "stream ends inside a message (\(partial.count) of \(framing.needed) bytes needed for its next part)",
                byteOffset: messageStart, messageIndex: messageIndex)
            failure = error
            throw error
        }
        guard schema != nil else {
            let error = ArrowError(.invalidFormat, "empty stream: no schema message", byteOffset: 0)
            failure = error
            throw error
        }
        isFinished = true
    }

    private mutating func consume(_ chunk: ArrowBuffer, into events: inout [Event]) throws(ArrowError) {
        var position = 0
        while position < chunk.count && !isFinished {
            let step: MessageFraming.Step
            let bytes: ArrowBuffer
            if partial.isEmpty {
                // Fast path: the message starts in this chunk; slice it if it ends here too.
                bytes = chunk.getSlice(from: position) ?? .empty
                step = try framing.advance(bytes, offset: messageStart, limit: maxMessageBytes)
                if case .needMore = step {
                    partial.append(bytes, needed: framing.needed)
                    return
                }
            } else {
                // Join: take from this chunk only what the next step of the message needs.
                let take = min(framing.needed - partial.count, chunk.count - position)
                partial.append(chunk.getSlice(at: position, length: take) ?? .empty, needed: framing.needed)
                bytes = partial.view
                step = try framing.advance(bytes, offset: messageStart, limit: maxMessageBytes)
                if case .needMore = step {
                    position += take
                    continue
                }
                // The message (or marker) ends inside `take`: count it from its start.
                position -= partial.count - take
            }
            switch step {
            case .needMore:
                return
            case .endOfStream(let length):
                isFinished = true
                position += length
                messageStart += length
            case .complete(let length):
                let message = partial.isEmpty ? (bytes.getSlice(at: 0, length: length) ?? .empty) : partial.take()
                try deliver(message, into: &events)
                position += length
                messageStart += length
            }
            if !partial.isEmpty { _ = partial.take() }
            framing = MessageFraming(maxMetadataLength: options.limits.maxMetadataBytes)
        }
    }

    /// Applies one complete message, as `StreamReader.next()` does.
    private mutating func deliver(_ bytes: ArrowBuffer, into events: inout [Event]) throws(ArrowError) {
        guard let message = framing.message,
            let body = bytes.getSlice(at: framing.prefixLength + framing.metadataLength, length: Int(message.bodyLength))
        else {
            throw ArrowError(.invalidFormat, "message is shorter than its header says", byteOffset: messageStart)
        }
        let index = messageIndex
        messageIndex += 1
        do throws(ArrowError) {
            guard var decoder else {
                guard case .schema(let schema) = message.header else {
                    throw ArrowError(.invalidFormat, "first message is not a schema")
                }
                let decoder = try IPCDecoder(schema: schema, options: options)
                self.decoder = decoder
                self.schema = decoder.outputSchema
                messageMetadata = message.metadata
                legacyFraming = framing.prefixLength == 4
                events.append(.schema(decoder.outputSchema))
                return
            }
            switch message.header {
            case .schema:
                throw ArrowError(.invalidFormat, "a second schema message in the stream")
            case .dictionaryBatch(let id, let data, let isDelta):
                self.decoder = nil  // keeps the dictionaries uniquely referenced while they change
                defer { self.decoder = decoder }
                try decoder.readDictionary(id: id, header: data, body: body, isDelta: isDelta, version: message.version)
                events.append(.dictionary(id: id, isDelta: isDelta))
            case .recordBatch(let header):
                events.append(
                    .recordBatch(
                        try decoder.readRecordBatch(
                            header: header, body: body, version: message.version,
                            metadata: message.metadata)))
            case .tensor, .sparseTensor:
                throw ArrowError(.invalidFormat, "tensor message inside a record batch stream")
            }
        } catch {
            throw error.located(messageIndex: index, byteOffset: messageStart)
        }
    }
}
