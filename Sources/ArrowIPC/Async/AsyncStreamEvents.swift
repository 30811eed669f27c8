import ArrowMemory

/// The events of an Arrow IPC stream (schema, dictionaries, record batches)
/// decoded from an async sequence of byte chunks, such as an HTTP request body,
/// with a `StreamDecoder`. Each event comes as soon as its message is complete.
///
/// Reading stops when the task is cancelled: the next call to `next()` throws
/// `CancellationError` instead of asking for another chunk. An input that ends
/// inside a message or before the schema throws `ArrowError`.
public struct AsyncStreamEvents<Chunks: AsyncSequence>: AsyncSequence {
    /// Each event of the stream, in order: the schema first.
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

    /// Pulls chunks from the upstream sequence as events are asked for; one
    /// decoder per iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: Chunks.AsyncIterator
        var decoder: StreamDecoder
        let feed: Feed
        var pending: [StreamDecoder.Event] = []
        var nextPending = 0
        var ended = false

        /// The next event, pulling as many chunks as it takes to complete a message.
        /// - Returns: The event, or `nil` after the end-of-stream marker or when the
        ///   chunks end at a message boundary.
        /// - Throws: `CancellationError` when the task is cancelled; `ArrowError`, as
        ///   `StreamDecoder.feed(_:)` and `finish()` do (also when the chunks end
        ///   inside a message or before the schema); any error the upstream sequence throws.
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

    /// Starts decoding: a new iterator with a fresh `StreamDecoder`.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(upstream: chunks.makeAsyncIterator(), decoder: StreamDecoder(options: options, maxMessageBytes: maxMessageBytes), feed: feed)
    }
}

extension AsyncStreamEvents: Sendable where Chunks: Sendable {}

/// The record batches of an Arrow IPC stream decoded from an async sequence of
/// byte chunks (see `AsyncStreamEvents`; this one skips the schema and
/// dictionary events).
public struct AsyncRecordBatches<Chunks: AsyncSequence>: AsyncSequence {
    /// The record batches, in stream order.
    public typealias Element = RecordBatch
    /// The events these batches are taken from.
    public let events: AsyncStreamEvents<Chunks>

    /// Pulls events and skips all but the record batches.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var events: AsyncStreamEvents<Chunks>.AsyncIterator

        /// The next record batch.
        /// - Returns: The batch, or `nil` at the end of the stream.
        /// - Throws: As `AsyncStreamEvents.AsyncIterator.next()` does.
        public mutating func next() async throws -> RecordBatch? {
            while let event = try await events.next() {
                if case .recordBatch(let batch) = event { return batch }
            }
            return nil
        }
    }

    /// Starts decoding with a fresh `StreamDecoder`.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(events: events.makeAsyncIterator()) }
}

extension AsyncRecordBatches: Sendable where Chunks: Sendable {}

extension AsyncSequence where Element: Sequence & Sendable, Element.Element == UInt8 {
    /// The Arrow IPC stream events decoded from these byte chunks (`[UInt8]` and
    /// `ArraySlice<UInt8>` chunks are viewed without copying; other collections,
    /// such as NIO's `ByteBufferView` or `Data`, are copied once).
    /// - Parameters:
    ///   - options: Projection, validation level and limits.
    ///   - maxMessageBytes: Largest framed message accepted; 1 GiB by default.
    /// - Returns: An async sequence of `StreamDecoder.Event`s; nothing is read
    ///   until it is iterated.
    public func arrowStreamEvents(options: IPCReadOptions = IPCReadOptions(), maxMessageBytes: Int = StreamDecoder.defaultMaxMessageBytes) -> AsyncStreamEvents<
        Self
    > {
        AsyncStreamEvents(chunks: self, options: options, maxMessageBytes: maxMessageBytes) { (decoder, chunk) throws(ArrowError) in try decoder.feed(chunk) }
    }

    /// The record batches of the Arrow IPC stream in these byte chunks.
    ///
    /// ```swift
    /// for try await batch in request.body.arrowRecordBatches(maxMessageBytes: 64 << 20) {
    ///     print(batch.length, "rows")
    /// }
    /// ```
    /// - Parameters:
    ///   - options: Projection, validation level and limits.
    ///   - maxMessageBytes: Largest framed message accepted; 1 GiB by default.
    /// - Returns: An async sequence of `RecordBatch`; nothing is read until it is iterated.
    public func arrowRecordBatches(options: IPCReadOptions = IPCReadOptions(), maxMessageBytes: Int = StreamDecoder.defaultMaxMessageBytes)
        -> AsyncRecordBatches<Self>
    {
        AsyncRecordBatches(events: arrowStreamEvents(options: options, maxMessageBytes: maxMessageBytes))
    }
}

extension AsyncSequence where Element == ArrowBuffer {
    /// The Arrow IPC stream events decoded from these buffers (viewed, not copied).
    /// - Parameters:
    ///   - options: Projection, validation level and limits.
    ///   - maxMessageBytes: Largest framed message accepted; 1 GiB by default.
    /// - Returns: An async sequence of `StreamDecoder.Event`s; nothing is read
    ///   until it is iterated.
    public func arrowStreamEvents(options: IPCReadOptions = IPCReadOptions(), maxMessageBytes: Int = StreamDecoder.defaultMaxMessageBytes) -> AsyncStreamEvents<
        Self
    > {
        AsyncStreamEvents(chunks: self, options: options, maxMessageBytes: maxMessageBytes) { (decoder, chunk) throws(ArrowError) in try decoder.feed(chunk) }
    }

    /// The record batches of the Arrow IPC stream in these buffers.
    /// - Parameters:
    ///   - options: Projection, validation level and limits.
    ///   - maxMessageBytes: Largest framed message accepted; 1 GiB by default.
    /// - Returns: An async sequence of `RecordBatch`; nothing is read until it is iterated.
    public func arrowRecordBatches(options: IPCReadOptions = IPCReadOptions(), maxMessageBytes: Int = StreamDecoder.defaultMaxMessageBytes)
        -> AsyncRecordBatches<Self>
    {
        AsyncRecordBatches(events: arrowStreamEvents(options: options, maxMessageBytes: maxMessageBytes))
    }
}
