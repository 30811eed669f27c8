import ArrowIPC
import XCTest

/// Asserts that two arrays are the same down to their bytes: type, length, nulls,
/// offset, validity, every buffer, children and dictionary. Two readers of the same
/// bytes must agree this closely, not only logically.
func assertIdentical(_ a: ArrayData, _ b: ArrayData, _ path: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.type, b.type, "type of \(path)", file: file, line: line)
    XCTAssertEqual(a.length, b.length, "length of \(path)", file: file, line: line)
    XCTAssertEqual(a.nullCount, b.nullCount, "null count of \(path)", file: file, line: line)
    XCTAssertEqual(a.offset, b.offset, "offset of \(path)", file: file, line: line)
    XCTAssertEqual(a.validity?.bytes, b.validity?.bytes, "validity of \(path)", file: file, line: line)
    XCTAssertEqual(a.buffers.count, b.buffers.count, "buffer count of \(path)", file: file, line: line)
    for (i, (x, y)) in zip(a.buffers, b.buffers).enumerated() {
        XCTAssertTrue(x.contentEquals(y), "buffer \(i) of \(path)", file: file, line: line)
    }
    XCTAssertEqual(a.children.count, b.children.count, "child count of \(path)", file: file, line: line)
    for (i, (x, y)) in zip(a.children, b.children).enumerated() { assertIdentical(x, y, "\(path).\(i)", file: file, line: line) }
    XCTAssertEqual(a.dictionary == nil, b.dictionary == nil, "dictionary presence of \(path)", file: file, line: line)
    if let x = a.dictionary, let y = b.dictionary { assertIdentical(x, y, "\(path).dictionary", file: file, line: line) }
}

func assertIdentical(_ a: [RecordBatch], _ b: [RecordBatch], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "batch count of \(what)", file: file, line: line)
    for (k, (x, y)) in zip(a, b).enumerated() {
        XCTAssertEqual(x.schema, y.schema, "schema of batch \(k) of \(what)", file: file, line: line)
        XCTAssertEqual(x.length, y.length, "length of batch \(k) of \(what)", file: file, line: line)
        XCTAssertEqual(x.metadata, y.metadata, "metadata of batch \(k) of \(what)", file: file, line: line)
        XCTAssertEqual(x.columns.count, y.columns.count, "columns of batch \(k) of \(what)", file: file, line: line)
        for (i, (c, d)) in zip(x.columns, y.columns).enumerated() {
            assertIdentical(c, d, "\(what) batch \(k) column \(i)", file: file, line: line)
        }
    }
}
