import ArrowIPC
import ArrowMemory
import Foundation
import XCTest

/// The array builders: values read back through the typed views, buffers laid
/// out byte for byte as Arrow C++ builders lay them out, and whole streams equal
/// to what pyarrow writes for the same data.
final class BuilderTests: XCTestCase {
    // MARK: helpers

    private func hex(_ buffer: ArrowBuffer?) -> String? {
        buffer.map { $0.bytes.map { String(format: "%02x", $0) }.joined() }
    }

    private func le32(_ values: Int32...) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.littleEndian, Array.init) }
    }

    private func le64(_ values: Int64...) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.littleEndian, Array.init) }
    }

    /// Writes `columns` as a stream, reads it back and checks each column's values.
    private func roundTrip(_ columns: [(String, ArrayData)], file: StaticString = #filePath, line: UInt = #line) throws -> RecordBatch {
        let batch = try RecordBatch(columns)
        let bytes = try StreamWriter.bytes(schema: batch.schema, batches: [batch])
        let reader = try StreamReader(bytes: bytes)
        let batches = try reader.readAll()
        XCTAssertEqual(batches.count, 1, file: file, line: line)
        let read = try XCTUnwrap(batches.first, file: file, line: line)
        XCTAssertEqual(reader.schema.fields.map(\.name), columns.map(\.0), file: file, line: line)
        for (i, (name, column)) in columns.enumerated() {
            XCTAssertTrue(try read.columns[i].logicallyEquals(column), "column \(name)", file: file, line: line)
            try read.columns[i].validate(.full)
        }
        return read
    }

    // MARK: primitives

    func testInt32LayoutWithNulls() throws {
        let data = ArrayData([1, nil, 3] as [Int32?])
        XCTAssertEqual(data.type, .int32)
        XCTAssertEqual(data.length, 3)
        XCTAssertEqual(data.nullCount, 1)
        XCTAssertEqual(data.validity?.bytes, [0b101])
        XCTAssertEqual(data.buffers.map(\.bytes), [[1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0]])
        XCTAssertEqual(Array(try PrimitiveArray<Int32>(data)), [1, nil, 3])
        try data.validate(.full)
    }

    func testNoNullsMeansNoBitmap() throws {
        let data = ArrayData([1, 2, 3] as [Int64?])
        XCTAssertNil(data.validity)
        XCTAssertEqual(data.nullCount, 0)
        XCTAssertEqual(data.buffers.map(\.bytes), [le64(1, 2, 3)])
        let empty = ArrayData([Int16?]())
        XCTAssertEqual(empty.length, 0)
        XCTAssertNil(empty.validity)
        XCTAssertEqual(empty.buffers.map(\.count), [0])
    }

    func testEveryIntegerAndFloatType() throws {
        XCTAssertEqual(Array(try PrimitiveArray<Int8>(ArrayData([-128, nil, 127] as [Int8?]))), [-128, nil, 127])
        XCTAssertEqual(Array(try PrimitiveArray<Int16>(ArrayData([-2, nil] as [Int16?]))), [-2, nil])
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(ArrayData([.min, .max] as [Int64?]))), [.min, .max])
        XCTAssertEqual(Array(try PrimitiveArray<UInt8>(ArrayData([255, nil] as [UInt8?]))), [255, nil])
        XCTAssertEqual(Array(try PrimitiveArray<UInt16>(ArrayData([65535] as [UInt16?]))), [65535])
        XCTAssertEqual(Array(try PrimitiveArray<UInt32>(ArrayData([nil, 7] as [UInt32?]))), [nil, 7])
        XCTAssertEqual(Array(try PrimitiveArray<UInt64>(ArrayData([.max] as [UInt64?]))), [.max])
        let ints = ArrayData([1, nil, -3])  // literals pick Int -> int64
        XCTAssertEqual(ints.type, .int64)
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(ints)), [1, nil, -3])
        XCTAssertEqual(ArrayData([UInt(5)] as [UInt?]).type, .uint64)
        let doubles = ArrayData([1.5, nil, -0.0])
        XCTAssertEqual(doubles.type, .float64)
        XCTAssertEqual(Array(try PrimitiveArray<Double>(doubles)).map { $0?.bitPattern }, [1.5, nil, -0.0].map { $0?.bitPattern })
        let floats = ArrayData([Float.nan, nil, 2] as [Float?])
        XCTAssertEqual(floats.type, .float32)
        XCTAssertEqual(floats.buffers[0].bytes, withUnsafeBytes(of: Float.nan.bitPattern.littleEndian, Array.init) + [0, 0, 0, 0, 0, 0, 0x00, 0x40])
        for data in [ints, doubles, floats] { try data.validate(.full) }
    }

    func testBoolsAreBitPacked() throws {
        let data = ArrayData([true, nil, false, true] as [Bool?])
        XCTAssertEqual(data.validity?.bytes, [0b1101])
        XCTAssertEqual(data.buffers.map(\.bytes), [[0b1001]])
        XCTAssertEqual(Array(try BooleanArray(data)), [true, nil, false, true])
        let nine = ArrayData([Bool?](repeating: true, count: 9))
        XCTAssertNil(nine.validity)
        XCTAssertEqual(nine.buffers.map(\.bytes), [[0xFF, 0x01]])
        try data.validate(.full)
    }

    func testPrimitiveWithLogicalType() throws {
        let ts = try ArrayData.primitive([1, nil] as [Int64?], type: .timestamp(.millisecond, timezone: "UTC"))
        XCTAssertEqual(ts.type, .timestamp(.millisecond, timezone: "UTC"))
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(storageOf: ts)), [1, nil])
        let date = try ArrayData.primitive([0, 19000] as [Int32?], type: .date32)
        XCTAssertEqual(Array(try PrimitiveArray<Int32>(storageOf: date)), [0, 19000])
        let half = try ArrayData.primitive([0x3C00] as [UInt16?], type: .float16)
        XCTAssertEqual(half.buffers[0].bytes, [0x00, 0x3C])
        XCTAssertThrowsError(try ArrayData.primitive([1] as [Int32?], type: .timestamp(.second, timezone: nil))) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .invalidArgument)
        }
        XCTAssertThrowsError(try ArrayData.primitive([1] as [Int32?], type: .utf8))
        XCTAssertThrowsError(try ArrayData.primitive([1] as [UInt8?], type: .bool))
    }

    func testNulls() throws {
        let data = try ArrayData.nulls(count: 3)
        XCTAssertEqual(data.type, .null)
        XCTAssertEqual(data.nullCount, 3)
        XCTAssertTrue(data.buffers.isEmpty)
        XCTAssertThrowsError(try ArrayData.nulls(count: -1))
    }

    func testDecimals() throws {
        let d = try ArrayData.decimal([100, nil, -1234], precision: 10, scale: 2)
        XCTAssertEqual(d.type, .decimal(precision: 10, scale: 2, bitWidth: 128))
        XCTAssertEqual(d.validity?.bytes, [0b101])
        XCTAssertEqual(d.buffers[0].bytes, le64(100, 0) + le64(0, 0) + le64(-1234, -1))
        let d32 = try ArrayData.decimal([-1], precision: 9, scale: 0, bitWidth: 32)
        XCTAssertEqual(d32.buffers[0].bytes, [0xFF, 0xFF, 0xFF, 0xFF])
        let d256 = try ArrayData.decimal([-2], precision: 40, scale: 0, bitWidth: 256)
        XCTAssertEqual(d256.buffers[0].bytes, [0xFE] + [UInt8](repeating: 0xFF, count: 31))
        let raw = try ArrayData.decimal(littleEndian: [[UInt8](repeating: 1, count: 16), nil], precision: 38, scale: 0)
        XCTAssertEqual(raw.buffers[0].bytes, [UInt8](repeating: 1, count: 16) + [UInt8](repeating: 0, count: 16))
        XCTAssertThrowsError(try ArrayData.decimal([1000], precision: 3, scale: 0))  // 4 digits
        XCTAssertThrowsError(try ArrayData.decimal([1], precision: 10, scale: 0, bitWidth: 32))
        XCTAssertThrowsError(try ArrayData.decimal([1], precision: 5, scale: 0, bitWidth: 48))
        XCTAssertThrowsError(try ArrayData.decimal(littleEndian: [[1, 2]], precision: 5, scale: 0))
        for data in [d, d32, d256, raw] { try data.validate(.full) }
    }

    // MARK: binary and strings

    func testUtf8Layout() throws {
        let data = try ArrayData(["a", nil, "bcd", ""])
        XCTAssertEqual(data.type, .utf8)
        XCTAssertEqual(data.validity?.bytes, [0b1101])
        XCTAssertEqual(data.buffers.map(\.bytes), [le32(0, 1, 1, 4, 4), Array("abcd".utf8)])
        XCTAssertEqual(Array(try StringArray(data)), ["a", nil, "bcd", ""])
        try data.validate(.full)
        let empty = try ArrayData.utf8([])
        XCTAssertEqual(empty.buffers.map(\.bytes), [le32(0), []])
    }

    func testLargeAndBinaryVariants() throws {
        let large = try ArrayData.largeUtf8(["é", nil])
        XCTAssertEqual(large.type, .largeUtf8)
        XCTAssertEqual(large.buffers.map(\.bytes), [le64(0, 2, 2), [0xC3, 0xA9]])
        XCTAssertEqual(Array(try StringArray(large)), ["é", nil])
        let binary = try ArrayData.binary([[1, 2], nil, []] as [[UInt8]?])
        XCTAssertEqual(binary.buffers.map(\.bytes), [le32(0, 2, 2, 2), [1, 2]])
        XCTAssertEqual(Array(try BinaryArray(binary)), [[1, 2], nil, []])
        let largeBinary = try ArrayData.largeBinary([[9]] as [[UInt8]?])
        XCTAssertEqual(Array(try BinaryArray(largeBinary)), [[9]])
        let slices = try ArrayData.binary([[1, 2, 3][1...]] as [ArraySlice<UInt8>?])
        XCTAssertEqual(Array(try BinaryArray(slices)), [[2, 3]])
        let fixed = try ArrayData.fixedSizeBinary(width: 2, [[0x61, 0x62], nil, [0x63, 0x64]] as [[UInt8]?])
        XCTAssertEqual(fixed.buffers.map(\.bytes), [[0x61, 0x62, 0, 0, 0x63, 0x64]])
        XCTAssertEqual(Array(try BinaryArray(fixed)), [[0x61, 0x62], nil, [0x63, 0x64]])
        XCTAssertThrowsError(try ArrayData.fixedSizeBinary(width: 2, [[1]] as [[UInt8]?]))
        for data in [large, binary, largeBinary, slices, fixed] { try data.validate(.full) }
    }

    func testStringViewLayout() throws {
        let data = try ArrayData.utf8View(["short", nil, "a much longer string value", "another long string!!"])
        XCTAssertEqual(data.type, .utf8View)
        XCTAssertEqual(data.validity?.bytes, [0b1101])
        XCTAssertEqual(data.buffers.count, 2)
        // Bytes pyarrow 26 gives for pa.array(..., pa.string_view()).
        XCTAssertEqual(
            hex(data.buffers[0]),
            "0500000073686f727400000000000000" + "00000000000000000000000000000000"
                + "1a00000061206d750000000000000000" + "15000000616e6f74000000001a000000")
        XCTAssertEqual(data.buffers[1].bytes, Array("a much longer string valueanother long string!!".utf8))
        XCTAssertEqual(Array(try StringArray(data)), ["short", nil, "a much longer string value", "another long string!!"])
        try data.validate(.full)
    }

    func testViewDataBuffersFollowPyarrow() throws {
        // Only short values, but not all empty: one empty data buffer (pa.array reserves per value).
        let short = try ArrayData.binaryView([[0x61, 0x62], nil] as [[UInt8]?])
        XCTAssertEqual(short.buffers.map(\.count), [32, 0])
        // Only nulls and empty values: no data buffer.
        XCTAssertEqual(try ArrayData.utf8View(["", nil, ""]).buffers.map(\.count), [48])
        XCTAssertEqual(try ArrayData.utf8View([]).buffers.map(\.count), [0])
        // Twelve bytes stay inline, thirteen go to the data buffer.
        let edge = try ArrayData.utf8View([String(repeating: "x", count: 12), String(repeating: "y", count: 13)])
        XCTAssertEqual(edge.buffers.map(\.count), [32, 13])
        XCTAssertEqual(Array(try StringArray(edge)), [String(repeating: "x", count: 12), String(repeating: "y", count: 13)])
        // 32 KiB blocks: 1638 values of 20 bytes fill the first block, the rest start a second.
        let many = try ArrayData.utf8View([String?](repeating: String(repeating: "x", count: 20), count: 3000))
        XCTAssertEqual(many.buffers.map(\.count), [48000, 32760, 27240])
        XCTAssertEqual(Array(try StringArray(many)).count, 3000)
        XCTAssertEqual(try StringArray(many)[1638], String(repeating: "x", count: 20))
        // A value longer than a block gets a block of its own; a short one after it opens a new block.
        let mixed = try ArrayData.utf8View([
            String(repeating: "x", count: 13), String(repeating: "x", count: 40000),
            String(repeating: "y", count: 13),
        ])
        XCTAssertEqual(mixed.buffers.map(\.count), [48, 13, 40000, 13])
        XCTAssertEqual(Array(try StringArray(mixed))[2], String(repeating: "y", count: 13))
        for data in [short, edge, many, mixed] { try data.validate(.full) }
    }

    // MARK: nested

    func testListLayout() throws {
        let data = try ArrayData.list([[1, 2], nil, [], [3, nil]] as [[Int64?]?])
        XCTAssertEqual(data.type, .list(Field("item", .int64)))
        XCTAssertEqual(data.validity?.bytes, [0b1101])
        XCTAssertEqual(data.buffers.map(\.bytes), [le32(0, 2, 2, 2, 4)])
        XCTAssertEqual(data.children[0].validity?.bytes, [0b0111])
        XCTAssertEqual(data.children[0].buffers[0].bytes, le64(1, 2, 3, 0))
        let lists = try ListArray(data)
        XCTAssertEqual(try lists.map { try $0.map { Array(try PrimitiveArray<Int64>($0)) } }, [[1, 2], nil, [], [3, nil]])
        try data.validate(.full)

        let strings = try ArrayData.list([["a", nil], nil] as [[String?]?])
        XCTAssertEqual(try ListArray(strings).map { try $0.map { Array(try StringArray($0)) } }, [["a", nil], nil])
        let explicit = try ArrayData.list(lengths: [2, nil, 0, 1], values: ArrayData([1, 2, 3] as [Int32?]))
        XCTAssertEqual(explicit.buffers.map(\.bytes), [le32(0, 2, 2, 2, 3)])
        XCTAssertThrowsError(try ArrayData.list(lengths: [2, 2], values: ArrayData([1, 2, 3] as [Int32?])))
        XCTAssertThrowsError(try ArrayData.list(lengths: [-1, 4], values: ArrayData([1, 2, 3] as [Int32?])))
        XCTAssertThrowsError(try ArrayData.list(lengths: [3], values: ArrayData([1, 2, 3] as [Int32?]), field: Field("x", .utf8)))
        let large = try ArrayData.largeList(lengths: [1, nil], values: ArrayData([1] as [Int32?]))
        XCTAssertEqual(large.buffers.map(\.bytes), [le64(0, 1, 1)])
        XCTAssertEqual(try ArrayData.largeList([[true]] as [[Bool?]?]).type, .largeList(Field("item", .bool)))
        for d in [strings, explicit, large] { try d.validate(.full) }
    }

    func testListViewsAndFixedSizeLists() throws {
        let view = try ArrayData.listView(lengths: [2, nil, 1], values: ArrayData([1, 2, 3] as [Int64?]))
        XCTAssertEqual(view.buffers.map(\.bytes), [le32(0, 2, 2), le32(2, 0, 1)])
        XCTAssertEqual(try ListArray(view).map { try $0.map { Array(try PrimitiveArray<Int64>($0)) } }, [[1, 2], nil, [3]])
        let largeView = try ArrayData.largeListView(lengths: [1], values: ArrayData([7] as [Int64?]))
        XCTAssertEqual(largeView.buffers.map(\.bytes), [le64(0), le64(1)])

        let fixed = try ArrayData.fixedSizeList(
            size: 2, values: ArrayData([1, 2, nil, nil, 3, 4] as [Int64?]),
            validity: [true, false, true])
        XCTAssertEqual(fixed.length, 3)
        XCTAssertEqual(fixed.validity?.bytes, [0b101])
        XCTAssertEqual(try ListArray(fixed).map { try $0.map { Array(try PrimitiveArray<Int64>($0)) } }, [[1, 2], nil, [3, 4]])
        XCTAssertThrowsError(try ArrayData.fixedSizeList(size: 4, values: ArrayData([1, 2, 3] as [Int64?])))
        XCTAssertThrowsError(try ArrayData.fixedSizeList(size: 1, values: ArrayData([1, 2] as [Int64?]), validity: [true]))
        let zero = try ArrayData.fixedSizeList(size: 0, values: ArrayData([Int64?]()), length: 2)
        XCTAssertEqual(zero.length, 2)
        for d in [view, largeView, fixed, zero] { try d.validate(.full) }
    }

    func testStruct() throws {
        let data = try ArrayData.struct(
            [
                (Field("a", .int64), ArrayData([1, 0, nil] as [Int64?])),
                (Field("b", .utf8), try ArrayData(["x", "", "y"])),
            ], validity: [true, false, true])
        XCTAssertEqual(data.type, .struct([Field("a", .int64), Field("b", .utf8)]))
        XCTAssertEqual(data.validity?.bytes, [0b101])
        let s = try StructArray(data)
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(try s.column(0))), [1, 0, nil])
        XCTAssertEqual(Array(try StringArray(try XCTUnwrap(try s.column(named: "b")))), ["x", "", "y"])
        XCTAssertTrue(data.isNull(1))
        try data.validate(.full)

        let named = try ArrayData.struct(["x": ArrayData([1.0, 2.0]), "y": ArrayData([3.0, nil])])
        XCTAssertEqual(named.type, .struct([Field("x", .float64), Field("y", .float64)]))
        XCTAssertNil(named.validity)
        XCTAssertThrowsError(try ArrayData.struct(["x": ArrayData([1.0]), "y": ArrayData([3.0, nil])]))
        XCTAssertThrowsError(try ArrayData.struct([(Field("x", .int32), ArrayData([1.0]))]))
        XCTAssertThrowsError(try ArrayData.struct(["x": ArrayData([1.0])], validity: [true, true]))
        XCTAssertEqual(try ArrayData.struct([], validity: [true, false]).length, 2)
    }

    func testMap() throws {
        let data = try ArrayData.map(
            keys: try ArrayData(["a", "b", "c"]), values: ArrayData([1, nil, 3] as [Int64?]),
            lengths: [2, nil, 0, 1])
        guard case .map(let entries, false) = data.type else { return XCTFail("\(data.type)") }
        XCTAssertEqual(entries, Field("entries", .struct([Field("key", .utf8, nullable: false), Field("value", .int64)]), nullable: false))
        XCTAssertEqual(data.buffers.map(\.bytes), [le32(0, 2, 2, 2, 3)])
        XCTAssertEqual(data.validity?.bytes, [0b1101])
        let maps = try ListArray(data)
        let first = try StructArray(try XCTUnwrap(maps[0]))
        XCTAssertEqual(Array(try StringArray(try first.column(0))), ["a", "b"])
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(try first.column(1))), [1, nil])
        XCTAssertNil(maps[1])
        try data.validate(.full)
        XCTAssertThrowsError(try ArrayData.map(keys: try ArrayData(["a", nil]), values: ArrayData([1, 2] as [Int64?]), lengths: [2]))
        XCTAssertThrowsError(try ArrayData.map(keys: try ArrayData(["a"]), values: ArrayData([1, 2] as [Int64?]), lengths: [1]))
    }

    func testDictionaries() throws {
        let data = try ArrayData.dictionaryEncoding(["a", nil, "b", "a"])
        XCTAssertEqual(data.type, .dictionary(indexType: .int32, valueType: .utf8, ordered: false))
        XCTAssertEqual(data.validity?.bytes, [0b1101])
        XCTAssertEqual(data.buffers.map(\.bytes), [le32(0, 0, 1, 0)])
        let d = try DictionaryArray(data)
        XCTAssertEqual(Array(d), [0, nil, 1, 0])
        XCTAssertEqual(Array(try StringArray(d.dictionary)), ["a", "b"])
        XCTAssertNil(d.dictionary.validity)
        try data.validate(.full)

        let small = try ArrayData.dictionaryEncoding([5, 5, 7] as [Int64?], indexType: .uint8, ordered: true)
        XCTAssertEqual(small.type, .dictionary(indexType: .uint8, valueType: .int64, ordered: true))
        XCTAssertEqual(small.buffers.map(\.bytes), [[0, 0, 1]])
        XCTAssertThrowsError(try ArrayData.dictionaryEncoding((0..<200).map { Int64($0) } as [Int64?], indexType: .int8))
        XCTAssertThrowsError(try ArrayData.dictionaryEncoding(["a"], indexType: .utf8))

        let explicit = try ArrayData.dictionary(indices: ArrayData([1, nil, 0] as [Int16?]), dictionary: try ArrayData(["x", "y"]))
        XCTAssertEqual(try rendered(explicit), ["\"y\"", "null", "\"x\""])
        XCTAssertThrowsError(try ArrayData.dictionary(indices: ArrayData([2] as [Int16?]), dictionary: try ArrayData(["x", "y"])))
        XCTAssertThrowsError(try ArrayData.dictionary(indices: try ArrayData(["0"]), dictionary: try ArrayData(["x"])))
    }

    func testUnions() throws {
        let sparse = try ArrayData.sparseUnion(
            typeIds: [0, 1, 0],
            children: [
                ArrayData([1, nil, 3] as [Int64?]),
                try ArrayData([nil, "b", nil]),
            ])
        XCTAssertEqual(sparse.type, .union(.sparse, fields: [Field("0", .int64), Field("1", .utf8)], typeIds: [0, 1]))
        XCTAssertEqual(sparse.buffers.map(\.bytes), [[0, 1, 0]])
        XCTAssertEqual(try rendered(sparse), ["0:1", "1:\"b\"", "0:3"])
        let dense = try ArrayData.denseUnion(
            typeIds: [5, 7, 5], offsets: [0, 0, 1],
            children: [ArrayData([1, 2] as [Int64?]), try ArrayData(["a"])],
            fields: [Field("i", .int64), Field("s", .utf8)], typeCodes: [5, 7])
        XCTAssertEqual(dense.buffers.map(\.bytes), [[5, 7, 5], le32(0, 0, 1)])
        XCTAssertEqual(try rendered(dense), ["5:1", "7:\"a\"", "5:2"])
        try sparse.validate(.full)
        try dense.validate(.full)
        XCTAssertThrowsError(try ArrayData.sparseUnion(typeIds: [0, 2], children: [ArrayData([1, 2] as [Int64?])]))
        XCTAssertThrowsError(try ArrayData.sparseUnion(typeIds: [0], children: [ArrayData([1, 2] as [Int64?])]))
        XCTAssertThrowsError(try ArrayData.denseUnion(typeIds: [0], offsets: [1], children: [ArrayData([1] as [Int64?])]))
        XCTAssertThrowsError(
            try ArrayData.denseUnion(
                typeIds: [0], offsets: [0], children: [ArrayData([1] as [Int64?])],
                typeCodes: [-1]))
    }

    func testRunEndEncoded() throws {
        let data = try ArrayData.runEndEncoded([1, 1, 2, nil, nil] as [Int64?])
        XCTAssertEqual(data.type, .runEndEncoded(runEnds: Field("run_ends", .int32, nullable: false), values: Field("values", .int64)))
        XCTAssertEqual(data.length, 5)
        XCTAssertEqual(data.children[0].buffers.map(\.bytes), [le32(2, 3, 5)])
        XCTAssertEqual(data.children[1].validity?.bytes, [0b011])
        XCTAssertEqual(try rendered(data), ["1", "1", "2", "null", "null"])
        try data.validate(.full)
        let strings = try ArrayData.runEndEncoded(["a", "a", nil, "b"], runEndType: .int16)
        XCTAssertEqual(strings.children[0].buffers.map(\.bytes), [[2, 0, 3, 0, 4, 0]])
        XCTAssertEqual(try rendered(strings), ["\"a\"", "\"a\"", "null", "\"b\""])
        let empty = try ArrayData.runEndEncoded([Int64?]())
        XCTAssertEqual(empty.length, 0)
        XCTAssertThrowsError(try ArrayData.runEndEncoded(runEnds: ArrayData([2, 1] as [Int32?]), values: ArrayData([1, 2] as [Int64?])))
        XCTAssertThrowsError(try ArrayData.runEndEncoded(runEnds: ArrayData([2] as [Int8?]), values: ArrayData([1] as [Int64?])))
        XCTAssertThrowsError(
            try ArrayData.runEndEncoded(
                [Int64?](repeating: nil, count: 70000).enumerated().map { Int64($0.offset) },
                runEndType: .int16))
    }

    // MARK: record batches

    func testRecordBatchFromColumns() throws {
        let batch = try RecordBatch(
            columns: ["id": ArrayData([1, 2, 3]), "name": try ArrayData(["a", nil, "c"])],
            schemaMetadata: [KeyValue("k", "v")])
        XCTAssertEqual(batch.length, 3)
        XCTAssertEqual(batch.schema, Schema([Field("id", .int64), Field("name", .utf8)], metadata: [KeyValue("k", "v")]))
        XCTAssertThrowsError(try RecordBatch([("a", ArrayData([1])), ("b", ArrayData([1, 2]))]))
        XCTAssertThrowsError(try RecordBatch(fields: [(Field("a", .int32), ArrayData([1]))]))
        XCTAssertEqual(try RecordBatch([]).length, 0)
    }

    func testStreamRoundTrip() throws {
        _ = try roundTrip([
            ("i32", ArrayData([1, nil, 3] as [Int32?])),
            ("f64", ArrayData([1.5, nil, 2.5])),
            ("b", ArrayData([true, false, nil] as [Bool?])),
            ("s", try ArrayData(["x", nil, "zz"])),
            ("sv", try ArrayData.utf8View(["short", "a value longer than twelve", nil])),
            ("bin", try ArrayData.binary([[1], nil, []] as [[UInt8]?])),
            ("l", try ArrayData.list([[1], nil, [2, 3]] as [[Int64?]?])),
            ("st", try ArrayData.struct(["p": ArrayData([1, 2, 3]), "q": try ArrayData(["a", "b", nil])], validity: [true, true, false])),
            ("d", try ArrayData.dictionaryEncoding(["a", "b", "a"])),
            ("m", try ArrayData.map(keys: try ArrayData(["k"]), values: ArrayData([1]), lengths: [1, nil, 0])),
            ("r", try ArrayData.runEndEncoded(["a", "a", nil] as [String?])),
            (
                "u",
                try ArrayData.denseUnion(
                    typeIds: [0, 1, 0], offsets: [0, 0, 1],
                    children: [ArrayData([1, 2]), try ArrayData(["x"])])
            ),
            ("n", try ArrayData.nulls(count: 3)),
            ("dec", try ArrayData.decimal([1, nil, -1], precision: 5, scale: 1)),
            ("fsl", try ArrayData.fixedSizeList(size: 1, values: ArrayData([1, nil, 3]))),
            ("lv", try ArrayData.listView(lengths: [1, 1, nil], values: ArrayData([1, 2]))),
        ])
    }

    // MARK: Codable rows

    struct Point: Codable, Equatable {
        var x: Double
        var y: Double
    }

    struct Row: Encodable {
        var id: Int
        var name: String?
        var small: Int8
        var flag: Bool
        var location: Point
        var origin: Point?
        var tags: [String]
        var scores: [Int32?]?
        var bytes: [UInt8]
        var ratio: Float?
        var date: Date
    }

    func testCodableRows() throws {
        let rows = [
            Row(
                id: 1, name: "a", small: -1, flag: true, location: Point(x: 1, y: 2), origin: nil, tags: ["t1", "t2"],
                scores: [1, nil], bytes: [1, 2], ratio: 0.5, date: Date(timeIntervalSince1970: 1.5)),
            Row(
                id: 2, name: nil, small: 2, flag: false, location: Point(x: 3, y: 4), origin: Point(x: 5, y: 6), tags: [],
                scores: nil, bytes: [], ratio: nil, date: Date(timeIntervalSince1970: -2)),
        ]
        let batch = try RecordBatch(rows: rows)
        XCTAssertEqual(batch.length, 2)
        let point = ArrowType.struct([Field("x", .float64, nullable: false), Field("y", .float64, nullable: false)])
        XCTAssertEqual(
            batch.schema.fields,
            [
                Field("id", .int64, nullable: false),
                Field("name", .utf8),
                Field("small", .int8, nullable: false),
                Field("flag", .bool, nullable: false),
                Field("location", point, nullable: false),
                Field("origin", point),
                Field("tags", .list(Field("item", .utf8, nullable: false)), nullable: false),
                Field("scores", .list(Field("item", .int32))),
                Field("bytes", .binary, nullable: false),
                Field("ratio", .float32),
                Field("date", .timestamp(.microsecond, timezone: "UTC"), nullable: false),
            ])
        for column in batch.columns { try column.validate(.full) }
        func column(_ name: String) throws -> ArrayData { try XCTUnwrap(batch.column(named: name)) }
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(try column("id"))), [1, 2])
        XCTAssertEqual(Array(try StringArray(try column("name"))), ["a", nil])
        XCTAssertEqual(Array(try PrimitiveArray<Int8>(try column("small"))), [-1, 2])
        XCTAssertEqual(Array(try BooleanArray(try column("flag"))), [true, false])
        let location = try StructArray(try column("location"))
        XCTAssertEqual(Array(try PrimitiveArray<Double>(try location.column(0))), [1, 3])
        XCTAssertEqual(Array(try PrimitiveArray<Double>(try location.column(1))), [2, 4])
        let origin = try column("origin")
        XCTAssertEqual(origin.validity?.bytes, [0b10])
        // The null struct's children hold empty valid values, as in Arrow C++.
        XCTAssertEqual(Array(try PrimitiveArray<Double>(try StructArray(origin).column(0))), [0, 5])
        XCTAssertEqual(try ListArray(try column("tags")).map { try $0.map { Array(try StringArray($0)) } }, [["t1", "t2"], []])
        XCTAssertEqual(try ListArray(try column("scores")).map { try $0.map { Array(try PrimitiveArray<Int32>($0)) } }, [[1, nil], nil])
        XCTAssertEqual(Array(try BinaryArray(try column("bytes"))), [[1, 2], []])
        XCTAssertEqual(Array(try PrimitiveArray<Float>(try column("ratio"))), [0.5, nil])
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(storageOf: try column("date"))), [1_500_000, -2_000_000])

        // Through a stream and back.
        let bytes = try StreamWriter.bytes(schema: batch.schema, batches: [batch])
        let read = try XCTUnwrap(try StreamReader(bytes: bytes).readAll().first)
        XCTAssertEqual(read.schema.fields, batch.schema.fields)
        for (a, b) in zip(read.columns, batch.columns) { XCTAssertTrue(try a.logicallyEquals(b)) }
    }

    struct PyRow: Encodable {
        var id: Int
        var name: String?
        var tags: [String]
        var at: Point
        var origin: Point?
        var score: Double?
        var when: Date
    }

    struct Tree: Encodable {
        var value: Int
        var children: [Tree]
    }

    struct Shapeshifter: Encodable {
        var flip: Bool
        enum Keys: String, CodingKey { case v }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            if flip { try c.encode("text", forKey: .v) } else { try c.encode(1, forKey: .v) }
        }
    }

    struct Lookup: Encodable { var table: [String: Int] }

    enum Kind: String, Encodable { case a, b }

    struct Misc: Encodable {
        var data: Data
        var blobs: [Data]
        var kind: Kind
        var set: Set<UInt16>
        var grid: [[Int]]
        var maybe: Data?
    }

    final class Nested: Encodable {
        let inner: Nested?
        init(inner: Nested?) { self.inner = inner }
    }

    struct Failing: Encodable {
        struct Oops: Error {}
        func encode(to encoder: any Encoder) throws { throw Oops() }
    }

    struct Sparse: Encodable {
        var a: Int?
        var b: Point?
        var c: [Point]?
    }

    func testCodableEdgeCases() throws {
        // Recursive shapes are fine while they stay within the depth limit.
        let tree = Tree(value: 1, children: [Tree(value: 2, children: []), Tree(value: 3, children: [Tree(value: 4, children: [])])])
        let batch = try RecordBatch(rows: [tree])
        XCTAssertEqual(
            try rendered(try XCTUnwrap(batch.column(named: "children"))),
            ["[{value: 2, children: []}, {value: 3, children: [{value: 4, children: []}]}]"])

        XCTAssertThrowsError(try RecordBatch(rows: [Shapeshifter(flip: true), Shapeshifter(flip: false)])) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .unsupported)
            XCTAssertEqual((error as? ArrowError)?.fieldPath, "v")
        }
        XCTAssertThrowsError(try RecordBatch(rows: [Lookup(table: ["a": 1])])) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .unsupported)
            XCTAssertEqual((error as? ArrowError)?.fieldPath, "table")
        }
        var deep = Nested(inner: nil)
        for _ in 0..<40 { deep = Nested(inner: deep) }
        XCTAssertThrowsError(try RecordBatch(rows: [deep])) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .unsupported)
            XCTAssertTrue((error as? ArrowError)?.fieldPath?.hasPrefix("inner.inner.inner") ?? false)
        }
        XCTAssertThrowsError(try RecordBatch(rows: [Failing()])) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .invalidArgument)
        }
        XCTAssertThrowsError(try RecordBatch(rows: [1, 2])) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .unsupported)
        }
        XCTAssertEqual(try RecordBatch(rows: [Point]()).schema.fields, [])

        // Foundation Data, raw-value enums, sets and nested arrays.
        let misc = try RecordBatch(rows: [
            Misc(data: Data([1, 2]), blobs: [Data([3])], kind: .b, set: [7], grid: [[1, 2], []], maybe: nil),
            Misc(data: Data(), blobs: [], kind: .a, set: [], grid: [], maybe: Data([9])),
        ])
        XCTAssertEqual(
            misc.schema.fields.map(\.type),
            [
                .binary, .list(Field("item", .binary, nullable: false)), .utf8, .list(Field("item", .uint16, nullable: false)),
                .list(Field("item", .list(Field("item", .int64, nullable: false)), nullable: false)), .binary,
            ])
        XCTAssertEqual(Array(try BinaryArray(try XCTUnwrap(misc.column(named: "data")))), [[1, 2], []])
        XCTAssertEqual(Array(try BinaryArray(try XCTUnwrap(misc.column(named: "maybe")))), [nil, [9]])
        XCTAssertEqual(Array(try StringArray(try XCTUnwrap(misc.column(named: "kind")))), ["b", "a"])
        XCTAssertEqual(try rendered(try XCTUnwrap(misc.column(named: "grid"))), ["[[1, 2], []]", "[]"])
        for column in misc.columns { try column.validate(.full) }

        // All-nil properties: scalars keep their type from the static type, structs become null columns.
        let sparse = try RecordBatch(rows: [Sparse(a: nil, b: nil, c: nil)])
        XCTAssertEqual(sparse.schema.fields.map(\.type), [.int64, .null, .list(Field("item", .null))])
        for column in sparse.columns { try column.validate(.full) }
    }

    // MARK: byte identity with pyarrow

    /// One stream per case, each a record batch made by pyarrow and by the builders.
    private static let pythonCases: [(name: String, python: String, swift: @Sendable () throws -> RecordBatch)] = [
        (
            "ints",
            """
            batch = pa.record_batch({"i8": pa.array([1, None, -3], pa.int8()), "i32": pa.array([1, None, 3], pa.int32()),
                             "i64": pa.array([10, 20, None], pa.int64()), "u16": pa.array([1, 2, 3], pa.uint16()),
                             "u64": pa.array([2**64 - 1, None, 0], pa.uint64()),
                             "f32": pa.array([0.5, 1.0, None], pa.float32()), "f64": pa.array([1.5, None, -2.0])})
            """,
            {
                try RecordBatch([
                    ("i8", ArrayData([1, nil, -3] as [Int8?])), ("i32", ArrayData([1, nil, 3] as [Int32?])),
                    ("i64", ArrayData([10, 20, nil] as [Int64?])), ("u16", ArrayData([1, 2, 3] as [UInt16?])),
                    ("u64", ArrayData([.max, nil, 0] as [UInt64?])),
                    ("f32", ArrayData([0.5, 1.0, nil] as [Float?])), ("f64", ArrayData([1.5, nil, -2.0])),
                ])
            }
        ),
        (
            "strings",
            """
            batch = pa.record_batch({"s": pa.array(["a", None, "bcd", ""]), "ls": pa.array(["é", None, "", "xyz"], pa.large_string()),
                             "b": pa.array([b"x", None, b"", b"yz"]), "lb": pa.array([None, None, b"1", b"2"], pa.large_binary()),
                             "fsb": pa.array([b"ab", None, b"cd", b"ef"], pa.binary(2))})
            """,
            {
                try RecordBatch([
                    ("s", try ArrayData(["a", nil, "bcd", ""])), ("ls", try .largeUtf8(["é", nil, "", "xyz"])),
                    ("b", try .binary([[0x78], nil, [], [0x79, 0x7A]] as [[UInt8]?])),
                    ("lb", try .largeBinary([nil, nil, [0x31], [0x32]] as [[UInt8]?])),
                    ("fsb", try .fixedSizeBinary(width: 2, [[0x61, 0x62], nil, [0x63, 0x64], [0x65, 0x66]] as [[UInt8]?])),
                ])
            }
        ),
        (
            "bools",
            """
            batch = pa.record_batch({"b": pa.array([True, None, False, True, True, False, True, False, True]),
                             "all": pa.array([True] * 9), "nulls": pa.array([None] * 9, pa.bool_())})
            """,
            {
                try RecordBatch([
                    ("b", ArrayData([true, nil, false, true, true, false, true, false, true] as [Bool?])),
                    ("all", ArrayData([Bool?](repeating: true, count: 9))),
                    ("nulls", ArrayData([Bool?](repeating: nil, count: 9))),
                ])
            }
        ),
        (
            "lists",
            """
            batch = pa.record_batch({"l": pa.array([[1, 2], None, [], [3, None]], pa.list_(pa.int64())),
                             "ls": pa.array([["a", None], None, [], ["b"]], pa.list_(pa.string())),
                             "ll": pa.array([[1], None, [2, 3], []], pa.large_list(pa.int32())),
                             "lv": pa.array([[1, 2], None, [3], []], pa.list_view(pa.int64())),
                             "fsl": pa.array([[1, 2], None, [3, 4], [None, 5]], pa.list_(pa.int64(), 2))})
            """,
            {
                try RecordBatch([
                    ("l", try .list([[1, 2], nil, [], [3, nil]] as [[Int64?]?])),
                    ("ls", try .list([["a", nil], nil, [], ["b"]] as [[String?]?])),
                    ("ll", try .largeList(lengths: [1, nil, 2, 0], values: ArrayData([1, 2, 3] as [Int32?]))),
                    ("lv", try .listView(lengths: [2, nil, 1, 0], values: ArrayData([1, 2, 3] as [Int64?]))),
                    (
                        "fsl",
                        try .fixedSizeList(
                            size: 2, values: ArrayData([1, 2, nil, nil, 3, 4, nil, 5] as [Int64?]),
                            validity: [true, false, true, true])
                    ),
                ])
            }
        ),
        (
            "struct",
            """
            batch = pa.record_batch({"s": pa.array([{"a": 1, "b": "x"}, None, {"a": None, "b": "y"}],
                                           pa.struct([("a", pa.int64()), ("b", pa.string())]))})
            """,
            {
                try RecordBatch([
                    (
                        "s",
                        try .struct(
                            [(Field("a", .int64), ArrayData([1, 0, nil] as [Int64?])), (Field("b", .utf8), try ArrayData(["x", "", "y"]))],
                            validity: [true, false, true])
                    )
                ])
            }
        ),
        (
            "dictionary",
            """
            batch = pa.record_batch({"d": pa.array(["a", None, "b", "a"]).dictionary_encode(),
                             "d2": pa.array(["x", "y", "x", None], pa.dictionary(pa.int8(), pa.string()))})
            """,
            {
                try RecordBatch([
                    ("d", try .dictionaryEncoding(["a", nil, "b", "a"])),
                    ("d2", try .dictionaryEncoding(["x", "y", "x", nil], indexType: .int8)),
                ])
            }
        ),
        (
            "string_view",
            """
            batch = pa.record_batch({"sv": pa.array(["short", None, "a much longer string value", "another long string!!"], pa.string_view()),
                             "inline": pa.array(["a", "", None, "bc"], pa.string_view()),
                             "bv": pa.array([b"x" * 20, None, b"", b"y" * 13], pa.binary_view()),
                             "none": pa.array([None, "", None, ""], pa.string_view())})
            """,
            {
                try RecordBatch([
                    ("sv", try .utf8View(["short", nil, "a much longer string value", "another long string!!"])),
                    ("inline", try .utf8View(["a", "", nil, "bc"])),
                    ("bv", try .binaryView([[UInt8](repeating: 0x78, count: 20), nil, [], [UInt8](repeating: 0x79, count: 13)] as [[UInt8]?])),
                    ("none", try .utf8View([nil, "", nil, ""])),
                ])
            }
        ),
        (
            "string_view_blocks",
            """
            batch = pa.record_batch({"sv": pa.array(["x" * 20] * 3000 + ["y" * 40000, "z" * 13], pa.string_view())})
            """,
            {
                try RecordBatch([
                    (
                        "sv",
                        try .utf8View(
                            [String?](repeating: String(repeating: "x", count: 20), count: 3000)
                                + [String(repeating: "y", count: 40000), String(repeating: "z", count: 13)])
                    )
                ])
            }
        ),
        (
            "temporal_decimal",
            """
            import datetime, decimal
            batch = pa.record_batch({"ts": pa.array([1, None, 3], pa.timestamp("ms", tz="UTC")),
                             "d32": pa.array([datetime.date(1970, 1, 1), None, datetime.date(2022, 1, 8)], pa.date32()),
                             "dur": pa.array([5, 6, None], pa.duration("us")),
                             "dec": pa.array([decimal.Decimal("1.00"), None, decimal.Decimal("-12.34")], pa.decimal128(10, 2)),
                             "n": pa.array([None, None, None])})
            """,
            {
                try RecordBatch([
                    ("ts", try .primitive([1, nil, 3] as [Int64?], type: .timestamp(.millisecond, timezone: "UTC"))),
                    ("d32", try .primitive([0, nil, 19000] as [Int32?], type: .date32)),
                    ("dur", try .primitive([5, 6, nil] as [Int64?], type: .duration(.microsecond))),
                    ("dec", try .decimal([100, nil, -1234], precision: 10, scale: 2)),
                    ("n", try .nulls(count: 3)),
                ])
            }
        ),
        (
            "map_ree_union",
            """
            import pyarrow.compute as pc
            batch = pa.record_batch({"m": pa.array([[("a", 1), ("b", None)], None, [], [("c", 3)]], pa.map_(pa.string(), pa.int64())),
                             "r": pc.run_end_encode(pa.array([1, 1, None, 2], pa.int64())),
                             "rs": pc.run_end_encode(pa.array(["a", "a", None, "b"])),
                             "su": pa.UnionArray.from_sparse(pa.array([0, 1, 0, 1], pa.int8()),
                                                             [pa.array([1, None, 3, 4]), pa.array([None, "b", None, "d"])]),
                             "du": pa.UnionArray.from_dense(pa.array([0, 1, 0, 0], pa.int8()), pa.array([0, 0, 1, 2], pa.int32()),
                                                            [pa.array([1, 2, None]), pa.array(["x"])])})
            """,
            {
                try RecordBatch([
                    ("m", try .map(keys: try ArrayData(["a", "b", "c"]), values: ArrayData([1, nil, 3] as [Int64?]), lengths: [2, nil, 0, 1])),
                    ("r", try .runEndEncoded([1, 1, nil, 2] as [Int64?])),
                    ("rs", try .runEndEncoded(["a", "a", nil, "b"])),
                    ("su", try .sparseUnion(typeIds: [0, 1, 0, 1], children: [ArrayData([1, nil, 3, 4]), try ArrayData([nil, "b", nil, "d"])])),
                    ("du", try .denseUnion(typeIds: [0, 1, 0, 0], offsets: [0, 0, 1, 2], children: [ArrayData([1, 2, nil]), try ArrayData(["x"])])),
                ])
            }
        ),
        (
            "empty",
            """
            batch = pa.record_batch({"i": pa.array([], pa.int32()), "s": pa.array([], pa.string()), "l": pa.array([], pa.list_(pa.int64())),
                             "sv": pa.array([], pa.string_view()), "d": pa.array([], pa.string()).dictionary_encode()})
            """,
            {
                try RecordBatch([
                    ("i", ArrayData([Int32?]())), ("s", try .utf8([])), ("l", try .list([[Int64?]?]())),
                    ("sv", try .utf8View([])), ("d", try .dictionaryEncoding([String?]())),
                ])
            }
        ),
        (
            "codable_rows",
            """
            point = pa.struct([pa.field("x", pa.float64(), nullable=False), pa.field("y", pa.float64(), nullable=False)])
            schema = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("name", pa.string()),
                                pa.field("tags", pa.list_(pa.field("item", pa.string(), nullable=False)), nullable=False),
                                pa.field("at", point, nullable=False), pa.field("origin", point),
                                pa.field("score", pa.float64()), pa.field("when", pa.timestamp("us", tz="UTC"), nullable=False)])
            batch = pa.record_batch([pa.array([1, 2, 3]), pa.array(["a", None, "c"]),
                                     pa.array([["x", "y"], [], ["z"]], schema.field("tags").type),
                                     pa.array([{"x": 1.0, "y": 2.0}, {"x": 3.0, "y": 4.0}, {"x": 5.0, "y": 6.0}], point),
                                     pa.array([None, {"x": 7.0, "y": 8.0}, None], point),
                                     pa.array([0.5, None, 1.5]), pa.array([1500000, -2000000, 0], schema.field("when").type)],
                                    schema=schema)
            """,
            {
                try RecordBatch(rows: [
                    PyRow(
                        id: 1, name: "a", tags: ["x", "y"], at: Point(x: 1, y: 2), origin: nil, score: 0.5,
                        when: Date(timeIntervalSince1970: 1.5)),
                    PyRow(
                        id: 2, name: nil, tags: [], at: Point(x: 3, y: 4), origin: Point(x: 7, y: 8), score: nil,
                        when: Date(timeIntervalSince1970: -2)),
                    PyRow(
                        id: 3, name: "c", tags: ["z"], at: Point(x: 5, y: 6), origin: nil, score: 1.5,
                        when: Date(timeIntervalSince1970: 0)),
                ])
            }
        ),
    ]

    func testByteIdentityWithPyarrow() throws {
        guard let python = ProcessInfo.processInfo.environment["ARROWIPC_PYTHON"], !python.isEmpty else {
            throw XCTSkip("set ARROWIPC_PYTHON to a Python with pyarrow to compare builder output with pyarrow's bytes")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("arrowipc-builders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // One Python run writes every case to <directory>/<name>.stream.
        var script = "import os, sys, pyarrow as pa\nout = sys.argv[1]\n"
        for c in Self.pythonCases {
            // Each snippet assigns `batch`.
            script += c.python + "\n"
            script += """
                with pa.ipc.new_stream(os.path.join(out, "\(c.name).stream"), batch.schema) as w:
                    w.write_batch(batch)

                """
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, directory.path]
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return XCTFail("pyarrow script failed: \(String(decoding: errors, as: UTF8.self))\n\(script)")
        }

        var identical: [String] = []
        for c in Self.pythonCases {
            let expected = Array(try Data(contentsOf: directory.appendingPathComponent("\(c.name).stream")))
            let batch = try c.swift()
            for column in batch.columns { try column.validate(.full) }
            let ours = try StreamWriter.bytes(schema: batch.schema, batches: [batch])
            // The values must agree whatever the bytes.
            let theirs = try XCTUnwrap(try StreamReader(bytes: expected).readAll().first)
            XCTAssertEqual(theirs.schema, StreamWriterSchema.assigned(batch.schema), "\(c.name): schema")
            for (i, field) in batch.schema.fields.enumerated() {
                XCTAssertTrue(try batch.columns[i].logicallyEquals(theirs.columns[i]), "\(c.name).\(field.name)")
            }
            if ours == expected {
                identical.append(c.name)
            } else {
                let at = zip(ours, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, expected.count)
                XCTFail("\(c.name): our stream differs from pyarrow's at byte \(at) (ours \(ours.count) bytes, pyarrow \(expected.count))")
            }
        }
        print("builders: byte-identical with pyarrow: \(identical.joined(separator: ", "))")
    }
}

/// The schema as the writers emit it (dictionary ids numbered depth-first), to
/// compare with the one read back.
private enum StreamWriterSchema {
    static func assigned(_ schema: Schema) -> Schema {
        (try? StreamReader(bytes: StreamWriter.bytes(schema: schema, batches: [])).schema) ?? schema
    }
}

/// Values as short strings (`null`, `1`, `"a"`, `[..]`, `{k: ..}`, `code:value` for
/// unions), for readable expectations.
private func rendered(_ data: ArrayData) throws -> [String] {
    try (0..<data.length).map { try rendered(data, $0, depth: 0) }
}

private func rendered(_ data: ArrayData, _ i: Int, depth: Int) throws -> String {
    guard depth < 40 else { return "…" }
    switch data.type {
    case .union:
        let u = try UnionArray(data)
        let (child, index) = u.location(at: i)
        return "\(u.typeId(at: i)):" + (try rendered(data.children[child], index, depth: depth + 1))
    case .runEndEncoded:
        let r = try RunEndEncodedArray(data)
        return try rendered(r.values, r.physicalIndex(at: i), depth: depth + 1)
    default:
        break
    }
    if data.isNull(i) { return "null" }
    switch data.type {
    case .int64: return "\(try PrimitiveArray<Int64>(data)[i]!)"
    case .int32: return "\(try PrimitiveArray<Int32>(data)[i]!)"
    case .utf8, .largeUtf8, .utf8View: return "\"\(try StringArray(data)[i]!)\""
    case .list, .largeList, .listView, .largeListView, .fixedSizeList, .map:
        let element = try ListArray(data)[i]!
        return "[" + (try (0..<element.length).map { try rendered(element, $0, depth: depth + 1) }).joined(separator: ", ") + "]"
    case .struct(let fields):
        let s = try StructArray(data)
        return "{"
            + (try fields.indices.map { k in "\(fields[k].name): " + (try rendered(s.column(k), i, depth: depth + 1)) })
            .joined(separator: ", ") + "}"
    case .dictionary:
        let d = try DictionaryArray(data)
        return try rendered(d.dictionary, d[i]!, depth: depth + 1)
    default:
        return "\(data.type)?"
    }
}
