import ArrowIPC
import ArrowTestSupport
import Foundation
import XCTest

/// Byte chunks of a whole stream, as an async sequence (an HTTP body stand-in).
struct ChunkedBytes<Chunk: Sendable>: AsyncSequence, Sendable {
    typealias Element = Chunk
    let chunks: [Chunk]

    struct AsyncIterator: AsyncIteratorProtocol {
        var rest: ArraySlice<Chunk>
        mutating func next() async throws -> Chunk? { rest.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: chunks[...]) }
}

/// A stream that never ends: the schema message, then one batch message forever.
/// Counts how many chunks were asked for.
struct EndlessBatches: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let schemaMessage: [UInt8]
    let batchMessage: [UInt8]
    let pulls: PullCounter

    struct AsyncIterator: AsyncIteratorProtocol {
        let source: EndlessBatches
        var sentSchema = false
        mutating func next() async throws -> [UInt8]? {
            source.pulls.add()
            if !sentSchema {
                sentSchema = true
                return source.schemaMessage
            }
            return source.batchMessage
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self) }
}

final class PullCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

final class AsyncStreamTests: XCTestCase {
    static func chunks(_ bytes: [UInt8], seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        var out: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let n = min(Int.random(in: 1...700, using: &rng), bytes.count - start)
            out.append(Array(bytes[start..<start + n]))
            start += n
        }
        return out
    }

    func testAsyncBatchesEqualTheWholeBufferReaderForEveryFixtureAndChunkType() async throws {
        var total = 0
        for url in try TestSupport.fixtures(".stream") {
            let bytes = try TestSupport.bytes(url)
            let expected = try StreamReader(bytes: bytes).readAll()
            let pieces = Self.chunks(bytes, seed: 7)
            var got: [RecordBatch] = []
            for try await b in ChunkedBytes(chunks: pieces).arrowRecordBatches() { got.append(b) }
            assertIdentical(got, expected, "\(url.lastPathComponent) [UInt8] chunks")
            got = []
            for try await b in ChunkedBytes(chunks: pieces.map { ArrowBuffer(copying: $0) }).arrowRecordBatches() { got.append(b) }
            assertIdentical(got, expected, "\(url.lastPathComponent) ArrowBuffer chunks")
            got = []
            for try await b in ChunkedBytes(chunks: pieces.map { Data($0) }).arrowRecordBatches() { got.append(b) }
            assertIdentical(got, expected, "\(url.lastPathComponent) Data chunks")
            total += expected.count
        }
        XCTAssertGreaterThan(total, 20)
    }

    func testEventsStartWithTheSchema() async throws {
        let bytes = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent("dictionaries.stream"))
        let reader = try StreamReader(bytes: bytes)
        var events: [StreamDecoder.Event] = []
        for try await e in ChunkedBytes(chunks: Self.chunks(bytes, seed: 3)).arrowStreamEvents() { events.append(e) }
        guard case .schema(let schema) = events.first else { return XCTFail("first event is not the schema") }
        XCTAssertEqual(schema, reader.schema)
        XCTAssertTrue(events.contains { if case .dictionary = $0 { true } else { false } })
    }

    func testTruncatedBodyThrows() async throws {
        let bytes = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent("integers.stream"))
        do {
            for try await _ in ChunkedBytes(chunks: [Array(bytes.dropLast(30))]).arrowRecordBatches() {}
            XCTFail("a stream cut inside a message must throw")
        } catch let e as ArrowError {
            XCTAssertEqual(e.kind, .invalidFormat)
        }
    }

    /// Cancelling the reading task stops it asking for chunks, even from a source that never ends.
    func testCancellationStopsReading() async throws {
        let bytes = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent("integers.stream"))
        let schemaLength = 8 + Int(bytes[4]) | Int(bytes[5]) << 8
        let batchMessage = Array(bytes[schemaLength..<bytes.count - 8])
        XCTAssertEqual(try StreamReader(bytes: Array(bytes[0..<schemaLength]) + batchMessage + batchMessage).readAll().count, 2)
        let pulls = PullCounter()
        let source = EndlessBatches(schemaMessage: Array(bytes[0..<schemaLength]), batchMessage: batchMessage, pulls: pulls)
        let task = Task { () -> (Int, Error?) in
            var seen = 0
            do {
                for try await _ in source.arrowRecordBatches() {
                    seen += 1
                    if seen == 5 { withUnsafeCurrentTask { $0?.cancel() } }
                }
                return (seen, nil)
            } catch {
                return (seen, error)
            }
        }
        let (seen, error) = await task.value
        XCTAssertEqual(seen, 5)
        XCTAssertTrue(error is CancellationError, "\(String(describing: error))")
        XCTAssertEqual(pulls.value, 6, "schema chunk plus five batch chunks, nothing after cancelling")
    }

    func testAsyncWriterHandsOneMessagePerCallAndEqualsStreamWriter() async throws {
        for name in ["dictionaries.stream", "integers.stream", "nested_dictionaries.stream", "dictionary_delta.stream", "dictionary_replacement.stream"] {
            let url = TestSupport.fixtureDirectory.appendingPathComponent(name)
            let reader = try StreamReader(bytes: try TestSupport.bytes(url))
            let batches = try reader.readAll()
            for options in [IPCWriteOptions(), IPCWriteOptions(emitDictionaryDeltas: true, compression: .zstd)] {
                let expected = try StreamWriter.bytes(schema: reader.schema, batches: batches, options: options)
                final class Messages { var list: [[UInt8]] = [] }
                let messages = Messages()
                let writer = try await AsyncStreamWriter(schema: reader.schema, options: options) { messages.list.append($0) }
                XCTAssertEqual(messages.list.count, 1, "the schema is sent on init")
                for b in batches { try await writer.write(b) }
                try await writer.finish()
                XCTAssertEqual(Array(messages.list.joined()), expected, name)
                // Each call holds exactly one message: decoding it alone completes one event.
                var decoder = StreamDecoder()
                var batchEvents = 0
                for (i, m) in messages.list.enumerated() {
                    let events = try decoder.feed(m)
                    if i == messages.list.count - 1 {
                        XCTAssertTrue(events.isEmpty)
                        XCTAssertTrue(decoder.isFinished, "the last call is the end-of-stream marker")
                    } else {
                        XCTAssertEqual(events.count, 1, "\(name) message \(i)")
                        XCTAssertEqual(decoder.bufferedByteCount, 0)
                    }
                    batchEvents += events.filter { if case .recordBatch = $0 { true } else { false } }.count
                }
                XCTAssertEqual(batchEvents, batches.count)
                do {
                    try await writer.write(batches[0])
                    XCTFail("writing after finish must throw")
                } catch let e as ArrowError {
                    XCTAssertEqual(e.kind, .invalidArgument)
                }
            }
        }
    }
}
