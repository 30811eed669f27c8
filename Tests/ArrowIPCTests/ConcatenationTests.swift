import ArrowIPC
import XCTest

/// Dictionary deltas append to a dictionary: concatenation must keep every value.
final class ConcatenationTests: XCTestCase {
    private func values(_ data: ArrayData) throws -> [String] { try renderedValues(data) }

    func testConcatenatesSlicedStringsAndIntegers() throws {
        let a = try ArrayData(["a", nil, "ccc", "dd"] as [String?]).slice(offset: 1, length: 3)
        let b = try ArrayData(["", "e"] as [String?])
        let joined = try ArrayData.concatenating([a, b])
        try joined.validate(.full)
        XCTAssertEqual(try values(joined), ["null", "\"ccc\"", "\"dd\"", "\"\"", "\"e\""])
        let ints = try ArrayData.concatenating([try ArrayData([1, 2, nil] as [Int32?]).slice(offset: 1, length: 2), ArrayData([7] as [Int32?])])
        XCTAssertEqual(Array(try PrimitiveArray<Int32>(ints)), [2, nil, 7])
    }

    func testConcatenatesListsWithRebasedOffsets() throws {
        let a = try ArrayData.list([[1, 2], nil, [3]] as [[Int64?]?]).slice(offset: 1, length: 2)
        let b = try ArrayData.list([[], [4, nil]] as [[Int64?]?])
        let joined = try ArrayData.concatenating([a, b])
        try joined.validate(.full)
        XCTAssertEqual(try values(joined), ["null", "[3]", "[]", "[4, null]"])
    }

    func testConcatenatesViewsAndShiftsBufferIndexes() throws {
        let long1 = String(repeating: "x", count: 20), long2 = String(repeating: "y", count: 30)
        let a = try ArrayData.utf8View([long1, "short", nil])
        let b = try ArrayData.utf8View([long2, "s"])
        let joined = try ArrayData.concatenating([a, b])
        try joined.validate(.full)
        XCTAssertEqual(Array(try StringArray(joined)), [long1, "short", nil, long2, "s"])
    }

    func testUnsupportedTypeThrows() throws {
        let u = try ArrayData.sparseUnion(typeIds: [0], children: [ArrayData([1] as [Int32?])])
        XCTAssertThrowsError(try ArrayData.concatenating([u, u])) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .unsupported)
        }
    }
}
