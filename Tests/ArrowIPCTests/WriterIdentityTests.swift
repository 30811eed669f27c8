import ArrowIPC
import ArrowMemory
import ArrowTestSupport
import XCTest

/// What pyarrow wrote, read by us and written again by us, is byte for byte what
/// pyarrow wrote: metadata layout, padding, dictionaries, footer.
final class WriterIdentityTests: XCTestCase {
    private func options(_ c: Manifest.Case) -> IPCWriteOptions {
        IPCWriteOptions(
            metadataVersion: c.writer_options.metadata_version == "V4" ? .v4 : .v5,
            legacyFraming: c.writer_options.use_legacy_format,
            emitDictionaryDeltas: c.writer_options.emit_dictionary_deltas ?? false)
    }

    func testRewrittenStreamsAreByteIdentical() throws {
        var matched = 0
        for c in try Manifest.load().cases {
            guard let entry = c.files["stream"] ?? nil else { continue }
            let original = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent(entry.path))
            let reader = try StreamReader(bytes: original)
            let batches = try reader.readAll()
            let written = try StreamWriter.bytes(schema: reader.schema, batches: batches, options: options(c))
            if written == original {
                matched += 1
            } else {
                let at = zip(written, original).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(written.count, original.count)
                XCTFail("\(c.name).stream differs at byte \(at) (ours \(written.count) bytes, pyarrow \(original.count))")
            }
        }
        print("writer identity: \(matched) streams byte-identical")
    }

    /// pyarrow wrote each file from the same batches as the stream, so the batches
    /// read from the stream (each with the dictionaries in force at its position)
    /// written as a file must give pyarrow's file bytes.
    func testFilesWrittenFromTheStreamBatchesAreByteIdentical() throws {
        var matched = 0
        for c in try Manifest.load().cases {
            guard let entry = c.files["file"] ?? nil else { continue }
            let original = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent(entry.path))
            let batches: [RecordBatch]
            let schema: Schema
            if let streamEntry = c.files["stream"] ?? nil {
                let reader = try StreamReader(bytes: try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent(streamEntry.path)))
                batches = try reader.readAll()
                schema = reader.schema
            } else {
                let reader = try FileReader(buffer: ArrowBuffer(copying: original))
                batches = try reader.readAll()
                schema = reader.schema
            }
            let footer = try FileReader(buffer: ArrowBuffer(copying: original)).footerMetadata
            let written = try FileWriter.bytes(schema: schema, batches: batches, options: options(c), metadata: footer)
            if written == original {
                matched += 1
            } else {
                let at = zip(written, original).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(written.count, original.count)
                XCTFail("\(c.name).arrow_file differs at byte \(at) (ours \(written.count) bytes, pyarrow \(original.count))")
            }
        }
        print("writer identity: \(matched) files byte-identical")
    }

    /// Files without dictionary deltas also rewrite identically from the file's own batches.
    func testRewrittenFilesWithoutDeltasAreByteIdentical() throws {
        var matched = 0
        for c in try Manifest.load().cases where c.writer_options.emit_dictionary_deltas != true {
            guard let entry = c.files["file"] ?? nil else { continue }
            let original = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent(entry.path))
            let reader = try FileReader(buffer: ArrowBuffer(copying: original))
            let written = try FileWriter.bytes(
                schema: reader.schema, batches: try reader.readAll(), options: options(c),
                metadata: reader.footerMetadata)
            XCTAssertEqual(written, original, "\(c.name).arrow_file")
            if written == original { matched += 1 }
        }
        XCTAssertGreaterThan(matched, 25)
    }
}
