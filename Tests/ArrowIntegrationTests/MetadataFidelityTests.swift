import ArrowFlatBuffers
import ArrowIPC
import ArrowMemory
import ArrowTestSupport
import Foundation
import XCTest

/// Metadata that other writers leave: absent versus empty custom metadata, the
/// order of key-value pairs, and footers that declare an old version.
final class MetadataFidelityTests: XCTestCase {
    /// pyarrow writes schemas whose metadata is None, {} or has pairs (in a chosen
    /// order, extension keys first), on the schema and on fields; we read each as
    /// written and write the same bytes back.
    func testAbsentEmptyAndOrderedMetadataRoundTripLikePyarrow() throws {
        let python = try PythonRunner.requirePython()
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "metadata")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            import sys, os
            import pyarrow as pa
            cases = {
                "none": pa.schema([pa.field("a", pa.int32())]),
                "schema_empty": pa.schema([pa.field("a", pa.int32())], metadata={}),
                "field_empty": pa.schema([pa.field("a", pa.int32(), metadata={})]),
                "ordered": pa.schema([pa.field("a", pa.int8(), metadata=[("z", "1"), ("a", "2"), ("m", "3")])],
                                     metadata=[("zz", "x"), ("aa", "y")]),
                "unknown_extension_keys_first": pa.schema([pa.field("e", pa.int8(), metadata=[
                    ("ARROW:extension:name", "my.ext"), ("ARROW:extension:metadata", "m"), ("own", "v")])]),
            }
            for name, schema in cases.items():
                sink = pa.BufferOutputStream()
                with pa.ipc.new_stream(sink, schema) as w:
                    w.write_batch(pa.record_batch([pa.nulls(2, f.type) for f in schema], schema=schema))
                open(os.path.join(sys.argv[1], name + ".stream"), "wb").write(sink.getvalue().to_pybytes())
            """
        let output = try PythonRunner.run(python, arguments: ["-c", script, dir.path], workDirectory: dir)
        XCTAssertEqual(output.status, 0, output.stderrText)

        func bytes(_ name: String) throws -> [UInt8] {
            Array(try Data(contentsOf: dir.appendingPathComponent("\(name).stream")))
        }
        func schema(_ name: String) throws -> Schema {
            try StreamReader(buffer: ArrowBuffer(copying: try bytes(name))).schema
        }
        XCTAssertNil(try schema("none").metadata)
        XCTAssertNil(try schema("none").fields[0].metadata)
        XCTAssertEqual(try schema("schema_empty").metadata, [KeyValue]())
        let ordered = try schema("ordered")
        XCTAssertEqual(ordered.metadata, [KeyValue("zz", "x"), KeyValue("aa", "y")])
        XCTAssertEqual(ordered.fields[0].metadata, [KeyValue("z", "1"), KeyValue("a", "2"), KeyValue("m", "3")])
        XCTAssertEqual(
            try schema("unknown_extension_keys_first").fields[0].metadata?.map(\.key),
            ["ARROW:extension:name", "ARROW:extension:metadata", "own"])

        for name in ["none", "schema_empty", "field_empty", "ordered", "unknown_extension_keys_first"] {
            let original = try bytes(name)
            let reader = try StreamReader(buffer: ArrowBuffer(copying: original))
            var batches: [RecordBatch] = []
            while let b = try reader.next() { batches.append(b) }
            XCTAssertEqual(try StreamWriter.bytes(schema: reader.schema, batches: batches), original, name)
        }
        // Built in Swift: empty schema metadata is written (as C++ does for `{}`),
        // empty field metadata is not (C++ writes field metadata only when it has pairs).
        let emptyBytes = try bytes("schema_empty")
        let column = try ArrayData.primitive([nil, nil] as [Int32?], type: .int32)
        let built = try RecordBatch(fields: [(Field("a", .int32, metadata: []), column)], schemaMetadata: [])
        XCTAssertEqual(try StreamWriter.bytes(schema: built.schema, batches: [built]), emptyBytes)
    }

    /// A file whose footer declares V1 (or V3) while its messages are V5 reads, as in
    /// pyarrow; a version the enum does not define is an error naming the field.
    func testOldFooterVersionsAreRead() throws {
        let batch = try RecordBatch([("x", ArrayData([1, nil, 3] as [Int64?]))])
        let bytes = try FileWriter.bytes(schema: batch.schema, batches: [batch])
        let buffer = ArrowBuffer(copying: bytes)
        let footerLength = Int(buffer.getIntegerUnchecked(at: bytes.count - 10, as: Int32.self))
        let footerStart = bytes.count - 10 - footerLength
        let footer = try FlatBufferTable(root: try XCTUnwrap(buffer.getSlice(at: footerStart, length: footerLength)))
        let versionAt = footerStart + (try XCTUnwrap(try footer.fieldPosition(0, size: 2, field: "version")))
        for (raw, version) in [(0, MetadataVersion.v1), (2, .v3), (3, .v4)] {
            var patched = bytes
            patched[versionAt] = UInt8(raw)
            let reader = try FileReader(buffer: ArrowBuffer(copying: patched))
            XCTAssertEqual(reader.metadataVersion, version)
            XCTAssertEqual(Array(try PrimitiveArray<Int64>(try reader.recordBatch(at: 0).columns[0])), [1, nil, 3])
        }
        var unknown = bytes
        unknown[versionAt] = 9
        XCTAssertThrowsError(try FileReader(buffer: ArrowBuffer(copying: unknown))) { error in
            XCTAssertTrue("\(error)".contains("Footer.version"), "\(error)")
        }
    }
}
