import ArrowIPC
import Foundation
import XCTest

/// `Data` and `[UInt8]` in and out, and a file's batches as a collection.
final class ConvenienceTests: XCTestCase {
    private func batch(_ start: Int64) throws -> RecordBatch {
        try RecordBatch([("x", ArrayData([start, start + 1, nil] as [Int64?]))])
    }

    func testDataRoundTripsThroughStreamsAndFiles() throws {
        let batches = [try batch(1), try batch(10)]
        let stream = try StreamWriter.data(schema: batches[0].schema, batches: batches)
        XCTAssertEqual(Array(stream), try StreamWriter.bytes(schema: batches[0].schema, batches: batches))
        let back = try StreamReader(data: stream).readAll()
        XCTAssertEqual(back.count, 2)
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(back[1].columns[0])), [10, 11, nil])

        let file = try FileWriter.data(schema: batches[0].schema, batches: batches)
        let reader = try FileReader(data: file)
        XCTAssertEqual(reader.batches.count, 2)
        let second = try reader.batches[1].get()
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(second.columns[0])), [10, 11, nil])
        let values = try reader.batches.map { try PrimitiveArray<Int64>(try $0.get().columns[0]).compactMap { $0 } }
        XCTAssertEqual(values, [[1, 2], [10, 11]])
    }

    func testBytesAreViewedAndOutliveTheCaller() throws {
        var reader: StreamReader<BufferSource>
        do {
            let bytes = try StreamWriter.bytes(schema: try batch(5).schema, batches: [try batch(5)])
            reader = try StreamReader(bytes: bytes)
        }
        // The array left scope; the reader's buffers keep its storage alive.
        let b = try XCTUnwrap(try reader.next())
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(b.columns[0])), [5, 6, nil])
    }

    func testDataIsViewedAndOutlivesTheCaller() throws {
        var reader: StreamReader<BufferSource>
        do {
            let data = try StreamWriter.data(schema: try batch(7).schema, batches: [try batch(7)])
            reader = try StreamReader(data: data)
        }
        let b = try XCTUnwrap(try reader.next())
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(b.columns[0])), [7, 8, nil])
        XCTAssertThrowsError(try StreamReader(data: Data([1, 2, 3])))
    }

    func testDamagedBatchIsAFailureElement() throws {
        var bytes = try FileWriter.bytes(schema: try batch(1).schema, batches: [try batch(1)])
        let reader0 = try FileReader(bytes: bytes)
        XCTAssertEqual(reader0.batches.count, 1)
        // Overwrite the record batch message's metadata (after the magic and the
        // schema message) with garbage; the footer still lists it.
        let schemaLength = Int(bytes[12]) | Int(bytes[13]) << 8
        let batchStart = 8 + 8 + schemaLength
        for k in (batchStart + 8)..<(batchStart + 24) { bytes[k] = 0xEE }
        let reader = try FileReader(bytes: bytes)
        guard case .failure = reader.batches[0] else { return XCTFail("a damaged batch decoded") }
    }
}
