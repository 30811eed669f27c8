import ArrowIPC
import XCTest

/// `StreamDecoder` is a value type: a copy made in the middle of a message
/// decodes what it is fed, whatever the original is fed.
final class StreamDecoderCopyTests: XCTestCase {
    private func batches(_ events: [StreamDecoder.Event]) -> [RecordBatch] {
        events.compactMap { if case .recordBatch(let b) = $0 { b } else { nil } }
    }

    func testCopyMidMessageDecodesWhatItIsFed() throws {
        // Two pyarrow streams that differ only in the last value of the batch.
        let script = """
            import json, pyarrow as pa
            def stream(values):
                batch = pa.RecordBatch.from_pydict({'a': pa.array(values, pa.int64())})
                sink = pa.BufferOutputStream()
                with pa.ipc.new_stream(sink, batch.schema) as w:
                    w.write_batch(batch)
                return {'bytes': sink.getvalue().to_pybytes().hex(), 'values': values}
            print(json.dumps([stream([1, 2, 3]), stream([1, 2, 4])]))
            """
        let output = try pythonJSON(script)
        let streams = try XCTUnwrap(output as? [[String: Any]])
        XCTAssertEqual(streams.count, 2)
        let a = try bytesFromHex(try XCTUnwrap(streams[0]["bytes"] as? String))
        let b = try bytesFromHex(try XCTUnwrap(streams[1]["bytes"] as? String))
        let valuesA = try XCTUnwrap(streams[0]["values"] as? [Int]).map { Int64($0) }
        let valuesB = try XCTUnwrap(streams[1]["values"] as? [Int]).map { Int64($0) }
        XCTAssertEqual(a.count, b.count)
        let split = try XCTUnwrap(zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset)

        // A byte at a time, so the message is joined in the decoder's own storage.
        var original = StreamDecoder()
        var before: [StreamDecoder.Event] = []
        for byte in a[..<split] { before += try original.feed([byte]) }
        XCTAssertTrue(batches(before).isEmpty)
        XCTAssertGreaterThan(original.bufferedByteCount, 0, "the copy must be made inside the batch message")

        var copy = original
        let fromOriginal = batches(try original.feed(Array(a[split...])))
        let fromCopy = batches(try copy.feed(Array(b[split...])))
        try original.finish()
        try copy.finish()
        XCTAssertEqual(fromOriginal.count, 1)
        XCTAssertEqual(fromCopy.count, 1)
        // Read after both were fed: the original's batch must not see the copy's bytes.
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(try XCTUnwrap(fromOriginal.first).columns[0])), valuesA)
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(try XCTUnwrap(fromCopy.first).columns[0])), valuesB)
    }
}
