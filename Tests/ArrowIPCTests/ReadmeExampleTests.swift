import ArrowIPC
import ArrowMemory
import XCTest

/// The README's usage example, kept compiling and true.
final class ReadmeExampleTests: XCTestCase {
    func testReadmeExampleWritesAndReadsBack() throws {
        let batch = try RecordBatch([("x", ArrayData([1, nil, 3] as [Int64?])),
                                     ("s", ArrayData(["a", "b", nil] as [String?]))])
        let bytes = try StreamWriter.bytes(schema: batch.schema, batches: [batch])

        let reader = try StreamReader(buffer: ByteBuffer(copying: bytes))
        XCTAssertEqual(reader.schema.description, "x: int64\ns: string")
        var rows: [String] = []
        while let batch = try reader.next() {
            let xs = try PrimitiveArray<Int64>(batch.columns[0])
            let ss = try StringArray(batch.columns[1])
            for (x, s) in zip(xs, ss) { rows.append("\(x ?? 0) \(s ?? "null")") }
        }
        XCTAssertEqual(rows, ["1 a", "0 b", "3 null"])
    }
}
