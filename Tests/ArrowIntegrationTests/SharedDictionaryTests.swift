import ArrowFlatBuffers
import ArrowIPC
import ArrowMemory
import ArrowTestSupport
import Foundation
import XCTest

/// Several fields may share one dictionary id (the format allows it; Arrow C++
/// reads it). pyarrow cannot write such input and our writer gives every field
/// its own id, so the tests make it from our own output by patching the second
/// field's id to the first one's and dropping the second field's dictionaries.
final class SharedDictionaryTests: XCTestCase {
    private let schema = Schema([
        Field("a", .dictionary(indexType: .int32, valueType: .utf8, ordered: false)),
        Field("b", .dictionary(indexType: .int8, valueType: .utf8, ordered: false)),
    ])

    /// Two batches; the second's dictionary extends the first's (a delta when
    /// deltas are on), and both columns use the same dictionary values.
    private func batches() throws -> [RecordBatch] {
        let first = try ArrayData(["x", "y"])
        let second = try ArrayData(["x", "y", "z"])
        return [
            try RecordBatch(
                schema: schema, length: 3,
                columns: [
                    ArrayData.dictionary(indices: ArrayData([0, 1, nil] as [Int32?]), dictionary: first),
                    ArrayData.dictionary(indices: ArrayData([1, 1, 0] as [Int8?]), dictionary: first),
                ]),
            try RecordBatch(
                schema: schema, length: 2,
                columns: [
                    ArrayData.dictionary(indices: ArrayData([2, 0] as [Int32?]), dictionary: second),
                    ArrayData.dictionary(indices: ArrayData([nil, 2] as [Int8?]), dictionary: second),
                ]),
        ]
    }

    private struct RawMessage {
        var range: Range<Int>
        var headerType: UInt8
        var header: FlatBufferTable?
    }

    /// The framed messages of a stream (continuation-marker framing).
    private func messages(_ bytes: [UInt8], from start: Int = 0) throws -> [RawMessage] {
        let buffer = ArrowBuffer(copying: bytes)
        var out: [RawMessage] = []
        var pos = start
        while pos + 8 <= bytes.count {
            let length = Int(buffer.getIntegerUnchecked(at: pos + 4, as: Int32.self))
            if length == 0 { break }
            let meta = try XCTUnwrap(buffer.getSlice(at: pos + 8, length: length))
            let message = try FlatBufferTable(root: meta)
            let bodyLength = Int(try message.scalar(3, default: Int64(0), field: "bodyLength"))
            let headerType = try message.scalar(1, default: UInt8(0), field: "header_type")
            out.append(
                RawMessage(
                    range: pos..<(pos + 8 + length + bodyLength), headerType: headerType,
                    header: try message.table(2, field: "header")))
            pos += 8 + length + bodyLength
        }
        return out
    }

    /// Absolute offset (in the patched bytes) of the dictionary id of field `index`
    /// of a `Schema` table.
    private func dictionaryIdPosition(_ schemaTable: FlatBufferTable, field index: Int, base: Int) throws -> Int {
        let fields = try XCTUnwrap(try schemaTable.vector(1, elementSize: 4, field: "fields"))
        let field = try fields.table(at: index, field: "field")
        let dictionary = try XCTUnwrap(try field.table(4, field: "dictionary"))
        return base + (try XCTUnwrap(try dictionary.fieldPosition(0, size: 8, field: "id")))
    }

    private func setInt64(_ bytes: inout [UInt8], at offset: Int, _ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { for (k, b) in $0.enumerated() { bytes[offset + k] = b } }
    }

    /// Our stream with field `b` sharing field `a`'s dictionary id 0.
    private func sharedStream(batchCount: Int = 2) throws -> [UInt8] {
        let options = IPCWriteOptions(emitDictionaryDeltas: true)
        let bytes = try StreamWriter.bytes(schema: schema, batches: Array(batches().prefix(batchCount)), options: options)
        var patched = bytes
        let all = try messages(bytes)
        // Message 0 is the schema: point field b at dictionary 0.
        let schemaTable = try XCTUnwrap(all[0].header)
        setInt64(&patched, at: try dictionaryIdPosition(schemaTable, field: 1, base: all[0].range.lowerBound + 8), 0)
        // Drop every dictionary batch of id 1 (headerType 2 = DictionaryBatch).
        var dropped = 0
        for m in all.reversed() where m.headerType == 2 {
            let id = try XCTUnwrap(m.header).scalar(0, default: Int64(0), field: "id")
            if id == 1 {
                patched.removeSubrange(m.range)
                dropped += 1
            }
        }
        XCTAssertEqual(dropped, batchCount, "the original dictionary and its delta")
        return patched
    }

    /// Our file with field `b` sharing field `a`'s dictionary id 0: ids patched in
    /// the schema message and in the footer's schema, and the footer lists only the
    /// blocks of dictionary 0 (the original and its delta; those of id 1 stay in the
    /// file unlisted, so no reader sees them).
    private func sharedFile() throws -> [UInt8] {
        let bytes = try FileWriter.bytes(schema: schema, batches: batches(), options: IPCWriteOptions(emitDictionaryDeltas: true))
        var patched = bytes
        let all = try messages(bytes, from: 8)
        setInt64(&patched, at: try dictionaryIdPosition(try XCTUnwrap(all[0].header), field: 1, base: all[0].range.lowerBound + 8), 0)
        let footerLength = Int(ArrowBuffer(copying: bytes).getIntegerUnchecked(at: bytes.count - 10, as: Int32.self))
        let footerStart = bytes.count - 10 - footerLength
        let footer = try FlatBufferTable(root: try XCTUnwrap(ArrowBuffer(copying: bytes).getSlice(at: footerStart, length: footerLength)))
        setInt64(&patched, at: try dictionaryIdPosition(try XCTUnwrap(try footer.table(1, field: "schema")), field: 1, base: footerStart), 0)
        let blocks = try XCTUnwrap(try footer.vector(2, elementSize: 24, field: "dictionaries"))
        XCTAssertEqual(blocks.count, 4, "dictionary 0, dictionary 1, then their deltas")
        // Keep blocks 0 and 2 (id 0): move block 2 into slot 1 and shorten the vector,
        // whose length prefix sits just before its first element.
        let first = footerStart + blocks.start
        for k in 0..<24 { patched[first + 24 + k] = bytes[first + 48 + k] }
        patched[first - 4] = 2
        return patched
    }

    private func values(_ column: ArrayData) throws -> [String?] {
        let view = try DictionaryArray(column)
        let dictionary = try StringArray(view.dictionary)
        return view.map { $0.flatMap { dictionary[$0] } }
    }

    private let expected: [[[String?]]] = [
        [["x", "y", nil], ["y", "y", "x"]],
        [["z", "x"], [nil, "z"]],
    ]

    func testStreamWithSharedDictionaryDecodesBothFieldsAndDeltas() throws {
        let reader = try StreamReader(buffer: ArrowBuffer(copying: try sharedStream()))
        XCTAssertEqual(reader.schema.fields.map(\.dictionaryId), [0, 0])
        var got: [[[String?]]] = []
        while let batch = try reader.next() { got.append(try batch.columns.map(values)) }
        XCTAssertEqual(got, expected)
    }

    func testFileWithSharedDictionaryDecodesBothFields() throws {
        let reader = try FileReader(buffer: ArrowBuffer(copying: try sharedFile()))
        XCTAssertEqual(reader.schema.fields.map(\.dictionaryId), [0, 0])
        let got = try (0..<reader.recordBatchCount).map { try reader.recordBatch(at: $0).columns.map(values) }
        XCTAssertEqual(got, expected)
    }

    func testSharedIdsWithDifferentValueTypesAreRefused() throws {
        var bytes = try StreamWriter.bytes(
            schema: Schema([
                Field("a", .dictionary(indexType: .int32, valueType: .utf8, ordered: false)),
                Field("b", .dictionary(indexType: .int32, valueType: .int64, ordered: false)),
            ]), batches: [])
        let schemaTable = try XCTUnwrap(try messages(bytes)[0].header)
        setInt64(&bytes, at: try dictionaryIdPosition(schemaTable, field: 1, base: 8), 0)
        XCTAssertThrowsError(try StreamReader(buffer: ArrowBuffer(copying: bytes))) { error in
            XCTAssertTrue("\(error)".contains("dictionary id 0"), "\(error)")
        }
    }

    /// Converting shared-id input gives each field its own id and dictionary, as
    /// pyarrow's conversion of the same bytes does, byte for byte. A stream whose
    /// shared dictionary grows through a delta cannot become a file without deltas:
    /// pyarrow refuses it, and so do we.
    func testConvertingSharedDictionariesEqualsPyarrow() throws {
        _ = try PythonRunner.requirePython()
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "shared-dict")
        defer { try? FileManager.default.removeItem(at: dir) }
        let stream = dir.appendingPathComponent("shared.stream")
        let file = dir.appendingPathComponent("shared.arrow_file")
        let growing = dir.appendingPathComponent("growing.stream")
        try Data(try sharedStream(batchCount: 1)).write(to: stream)
        try Data(try sharedStream(batchCount: 2)).write(to: growing)
        try Data(try sharedFile()).write(to: file)
        let pyFile = dir.appendingPathComponent("py.arrow_file").path
        let pyStream = dir.appendingPathComponent("py.stream").path
        let output = try PythonRunner.runScript(
            "interop.py", in: "ArrowIntegrationTests",
            arguments: [
                "convert", "stream:\(stream.path):\(pyFile)", "file:\(file.path):\(pyStream)",
                "stream:\(growing.path):\(dir.path)/py-growing.arrow_file",
            ],
            workDirectory: dir)
        XCTAssertTrue(output.stdoutText.contains("converted 2, refused 1"), output.stdoutText + output.stderrText)
        XCTAssertThrowsError(try IPCConversion.streamToFile(input: growing.path, output: "\(dir.path)/ours-growing.arrow_file"))
        let ourFile = dir.appendingPathComponent("ours.arrow_file").path
        let ourStream = dir.appendingPathComponent("ours.stream").path
        try IPCConversion.streamToFile(input: stream.path, output: ourFile)
        try IPCConversion.fileToStream(input: file.path, output: ourStream)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: ourFile)), try Data(contentsOf: URL(fileURLWithPath: pyFile)))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: ourStream)), try Data(contentsOf: URL(fileURLWithPath: pyStream)))
        // Written back, each field has its own id again.
        XCTAssertEqual(try FileReader(path: ourFile).schema.fields.map(\.dictionaryId), [0, 1])
    }
}
