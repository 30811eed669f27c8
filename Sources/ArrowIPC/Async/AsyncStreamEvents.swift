import ArrowMemory

/// The events of an Arrow IPC stream (schema, dictionaries, record batches)
/// decoded from an async sequence of byte chunks, such as an HTTP request body,
/// with a `StreamDecoder`. Each event comes as soon as its message is complete.
///
/// Reading stops when the task is cancelled: the next call to `next()` throws
/// `CancellationError` instead of asking for another chunk. An input that ends
/// inside a message or before the schema throws `ArrowError`.
public struct AsyncStreamEvents<Chunks: AsyncSequence>: AsyncSequence {
    public typealias Element = StreamDecoder.Event
    typealias Feed = @Sendable (inout StreamDecoder, Chunks.Element) throws(ArrowError) -> [StreamDecoder.Event]

    let chunks: Chunks
    let options: IPCReadOptions
    let maxMessageBytes: Int
    let feed: Feed

    init(chunks: Chunks, options: IPCReadOptions, maxMessageBytes: Int, feed: @escaping Feed) {
        self.chunks = chunks
        self.options = options
        self.maxMessageBytes = maxMessageBytes
        self.feed = feed
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: Chunks.AsyncIterator
        var decoder: StreamDecoder
        let feed: Feed
        var pending: [StreamDecoder.Event] = []
        var nextPending = 0
        var ended = false

        public mutating func next() async throws -> StreamDecoder.Event? {
            while true {
                if nextPending < pending.count {
                    defer { nextPending += 1 }
                    return pending[nextPending]
                }
                if ended { return nil }
                try Task.checkCancellation()
                guard let chunk = try await upstream.next() else {
                    ended = true
                    try decoder.finish()
                    return nil
                }
                pending = try feed(&decoder, chunk)
                nextPending = 0
                if decoder.isFinished { ended = true }
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(upstream: chunks.makeAsyncIterator(), decoder: StreamDecoder(options: options, maxMessageBytes: maxMessageBytes), feed: feed)
    }
}

extension AsyncStreamEvents: Sendable where Chunks: Sendable {}

/// The record batches of an Arrow IPC stream decoded from an async sequence of
/// byte chunks (see `AsyncStreamEvents`; this one skips the schema and
/// dictionary events).
public struct AsyncRecordBatches<Chunks: AsyncSequence>: AsyncSequence {
    public typealias Element = RecordBatch
    public let events: AsyncStreamEvents<Chunks>

    public struct AsyncIterator: AsyncIteratorProtocol {
        var events: AsyncStreamEvents<Chunks>.AsyncIterator

        public mutating func next() async throws -> RecordBatch? {
            while let event = try await events.next() {
                if case .recordBatch(let batch) = event { return batch }
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(events: events.makeAsyncIterator()) }
}

extension AsyncRecordBatches: Sendable where Chunks: Sendable {}

extension AsyncSequence where Element: Sequence & Sendable, Element.Element == UInt8 {
    /// The Arrow IPC stream events decoded from these byte chunks (`[UInt8]` and
    /// `ArraySlice<UInt8>` chunks are viewed without copying; other collections,
    /// such as NIO's `ByteBufferView` or `Data`, are copied once).
    public func arrowStreamEvents(options: IPCReadOptions = IPCReadOptions(), maxMessageBytes: Int = StreamDecoder.defaultMaxMessageBytes) -> AsyncStreamEvents<Self> {
        AsyncStreamEvents(chunks: self, options: options, maxMessageBytes: maxMessageBytes) { (decoder, chunk) throws(ArrowError) in try decoder.feed(chunk) }
    }

    /// The record batches of the Arrow IPC stream in these byte chunks.
    public func arrowRecordBatches(options: IPCReadOptions = IPCReadOptions(), maxMessageBytes: Int = StreamDecoder.defaultMaxMessageBytes) -> AsyncRecordBatches<Self> {
        AsyncRecordBatches(events: arrowStreamEvents(options: options, maxMessageBytes: maxMessageBytes))
    }
}

extension AsyncSequence where Element == ArrowBuffer {
    /// The Arrow IPC stream events decoded from these buffers (viewed, not copied).
    public func arrowStreamEvents(options: IPCReadOptions = IPCReadOptions(), maxMessageBytes: Int = StreamDecoder.defaultMaxMessageBytes) -> AsyncStreamEvents<Self> {
        AsyncStreamEvents(chunks: self, options: options, maxMessageBytes: maxMessageBytes) { (decoder, chunk) throws(ArrowError) in try decoder.feed(chunk) }
    }

    /// The record batches of the Arrow IPC stream in these buffers.
    public func arrowRecordBatches(options: IPCReadOptions = IPCReadOptions(), maxMessageBytes: Int = StreamDecoder.defaultMaxMessageBytes) -> AsyncRecordBatches<Self> {
        AsyncRecordBatches(events: arrowStreamEvents(options: options, maxMessageBytes: maxMessageBytes))
    }
}
