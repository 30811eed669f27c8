import ArrowIPC
import XCTest

/// A `finish()` that failed is not silently skipped when called again.
final class WriterFinishFailureTests: XCTestCase {
    /// Takes bytes until `failing` is set, then throws.
    private final class FlakyOutput: IPCOutput {
        var failing = false
        var bytes: [UInt8] = []

        func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
            if failing { throw ArrowError(.io, "disk full") }
            bytes.append(contentsOf: chunk)
        }
    }

    private let schema = Schema([Field("a", .int64)])
    private var batch: RecordBatch { RecordBatch(schema: schema, length: 2, columns: [ArrayData([1, 2] as [Int64?])]) }

    func testStreamWriterFinishFailureIsReportedAgain() throws {
        let output = FlakyOutput()
        let writer = try StreamWriter(output: output, schema: schema)
        try writer.write(batch)
        output.failing = true
        XCTAssertThrowsError(try writer.finish()) { XCTAssertEqual(($0 as? ArrowError)?.kind, .io) }
        output.failing = false
        let written = output.bytes.count
        XCTAssertThrowsError(try writer.finish()) { XCTAssertEqual(($0 as? ArrowError)?.kind, .io) }
        XCTAssertThrowsError(try writer.write(batch)) { XCTAssertEqual(($0 as? ArrowError)?.kind, .io) }
        XCTAssertEqual(output.bytes.count, written, "nothing is written after a failed finish")
    }

    func testFileWriterFinishFailureIsReportedAgain() throws {
        let output = FlakyOutput()
        let writer = try FileWriter(output: output, schema: schema)
        try writer.write(batch)
        output.failing = true
        XCTAssertThrowsError(try writer.finish()) { XCTAssertEqual(($0 as? ArrowError)?.kind, .io) }
        output.failing = false
        XCTAssertThrowsError(try writer.finish()) { XCTAssertEqual(($0 as? ArrowError)?.kind, .io) }
        XCTAssertThrowsError(try writer.write(batch))
    }

    func testSuccessfulFinishStillEndsQuietly() throws {
        let output = FlakyOutput()
        let writer = try StreamWriter(output: output, schema: schema)
        try writer.finish()
        let written = output.bytes.count
        try writer.finish()
        XCTAssertEqual(output.bytes.count, written)
        XCTAssertThrowsError(try writer.write(batch)) { XCTAssertEqual(($0 as? ArrowError)?.kind, .invalidArgument) }
    }

    func testAsyncStreamWriterFinishFailureIsReportedAgain() async throws {
        final class Sink: @unchecked Sendable {
            var failing = false
            var messages: [[UInt8]] = []
        }
        let sink = Sink()
        let writer = try await AsyncStreamWriter(schema: schema) { message in
            if sink.failing { throw ArrowError(.io, "peer gone") }
            sink.messages.append(message)
        }
        try await writer.write(batch)
        sink.failing = true
        do {
            try await writer.finish()
            XCTFail("finish should throw")
        } catch {}
        sink.failing = false
        do {
            try await writer.finish()
            XCTFail("a failed finish must not end quietly when called again")
        } catch {
            XCTAssertEqual((error as? ArrowError)?.kind, .io)
        }
    }
}
