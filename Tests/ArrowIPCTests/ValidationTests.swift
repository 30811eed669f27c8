import ArrowIPC
import ArrowMemory
import XCTest

/// Arrays whose buffers lie must be refused before any value is read.
final class ValidationTests: XCTestCase {
    private func int32s(_ values: [Int32]) -> ArrowBuffer {
        ArrowBuffer(copying: values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
    }

    private func strings(offsets: [Int32], data: String) -> ArrayData {
        ArrayData(type: .utf8, length: offsets.count - 1, buffers: [int32s(offsets), ArrowBuffer(copying: Array(data.utf8))])
    }

    func testGoodStringsRead() throws {
        let a = try StringArray(strings(offsets: [0, 2, 2, 5], data: "hiabc"))
        XCTAssertEqual(Array(a), ["hi", "", "abc"])
    }

    func testDecreasingOffsetsAreRefused() {
        XCTAssertThrowsError(try StringArray(strings(offsets: [0, 3, 1, 5], data: "hiabc"))) { error in
            XCTAssertTrue("\(error)".contains("offsets decrease at index 2"), "\(error)")
        }
    }

    func testOffsetsPastDataAreRefused() {
        XCTAssertThrowsError(try StringArray(strings(offsets: [0, 2, 9], data: "hiabc"))) { error in
            XCTAssertTrue("\(error)".contains("beyond data"), "\(error)")
        }
    }

    func testInvalidUTF8OnlyFailsFullValidation() throws {
        let data = ArrayData(type: .utf8, length: 1, buffers: [int32s([0, 2]), ArrowBuffer(copying: [0xC3, 0x28])])
        XCTAssertNoThrow(try data.validate(.values))
        XCTAssertThrowsError(try data.validate(.full))
        XCTAssertEqual(try StringArray(data)[0], "\u{FFFD}(", "reading repairs instead of trapping")
    }

    func testDictionaryIndexOutOfRangeIsRefused() {
        let values = strings(offsets: [0, 1, 2], data: "ab")
        let data = ArrayData(
            type: .dictionary(indexType: .int32, valueType: .utf8, ordered: false), length: 2,
            buffers: [int32s([1, 2])], dictionary: values)
        XCTAssertThrowsError(try DictionaryArray(data)) { error in
            XCTAssertTrue("\(error)".contains("dictionary index 2 at 1"), "\(error)")
        }
    }

    func testRunEndsMustIncrease() {
        let runEnds = ArrayData(type: .int32, length: 2, buffers: [int32s([3, 2])])
        let values = ArrayData(type: .int32, length: 2, buffers: [int32s([7, 8])])
        let data = ArrayData(
            type: .runEndEncoded(runEnds: Field("run_ends", .int32, nullable: false), values: Field("values", .int32)),
            length: 3, children: [runEnds, values])
        XCTAssertThrowsError(try RunEndEncodedArray(data))
    }

    func testListOffsetsPastChildAreRefused() {
        let child = ArrayData(type: .int32, length: 2, buffers: [int32s([1, 2])])
        let data = ArrayData(type: .list(Field("item", .int32)), length: 1, buffers: [int32s([0, 3])], children: [child])
        XCTAssertThrowsError(try ListArray(data))
    }

    func testShortValuesBufferIsRefused() {
        let data = ArrayData(type: .int64, length: 3, buffers: [ArrowBuffer(copying: [UInt8](repeating: 0, count: 16))])
        XCTAssertThrowsError(try PrimitiveArray<Int64>(data))
    }

    func testDenseUnionOffsetOutsideChildIsRefused() {
        let child = ArrayData(type: .int32, length: 1, buffers: [int32s([5])])
        let data = ArrayData(
            type: .union(.dense, fields: [Field("a", .int32)], typeIds: [0]), length: 1,
            buffers: [ArrowBuffer(copying: [0]), int32s([4])], children: [child])
        XCTAssertThrowsError(try UnionArray(data))
    }

    func testViewPointingOutsideItsBufferIsRefused() {
        var view = [UInt8](repeating: 0, count: 16)
        view[0] = 20  // 20 bytes, out of line
        view[8] = 0  // buffer 0
        view[12] = 10  // offset 10 in a 16-byte buffer: 10 + 20 > 16
        let data = ArrayData(
            type: .binaryView, length: 1,
            buffers: [ArrowBuffer(copying: view), ArrowBuffer(copying: [UInt8](repeating: 65, count: 16))])
        XCTAssertThrowsError(try BinaryArray(data))
    }

    func testSliceKeepsValuesAndCountsNulls() throws {
        let validity = ArrowBuffer(copying: [0b1111_0101])
        let data = ArrayData(type: .int32, length: 5, nullCount: 1, validity: validity, buffers: [int32s([1, 2, 3, 4, 5])])
        let slice = try data.slice(offset: 1, length: 3)
        XCTAssertEqual(slice.nullCount, 2)
        XCTAssertEqual(Array(try PrimitiveArray<Int32>(slice)), [nil, 3, nil])
    }

    /// Offsets and sizes under a null list view entry are not checked; reading and
    /// writing must still never trap on them.
    func testGarbageUnderNullListViewEntryNeverTraps() throws {
        let child = ArrayData(type: .int32, length: 2, buffers: [int32s([1, 2])])
        let data = ArrayData(
            type: .listView(Field("item", .int32)), length: 2, nullCount: 1,
            validity: ArrowBuffer(copying: [0b01]),
            buffers: [int32s([0, Int32.max]), int32s([2, Int32.max])], children: [child])
        let lists = try ListArray(data)
        XCTAssertEqual(lists[0]?.length, 2)
        XCTAssertNil(lists[1])
        XCTAssertEqual(lists.valueRange(at: 1).count, Int(Int32.max))
        let negative = ArrayData(
            type: .listView(Field("item", .int32)), length: 2, nullCount: 1,
            validity: ArrowBuffer(copying: [0b01]),
            buffers: [int32s([0, Int32.min]), int32s([2, -5])], children: [child])
        XCTAssertTrue(try ListArray(negative).valueRange(at: 1).isEmpty)
        // Written as a slice, the garbage entry is part of the range C++ would compute: an error, not a trap.
        let batch = RecordBatch(schema: Schema([Field("l", negative.type)]), length: 1, columns: [try negative.slice(offset: 1, length: 1)])
        XCTAssertThrowsError(try StreamWriter.bytes(schema: batch.schema, batches: [batch]))
    }
}
