import ArrowIPC
import ArrowMemory
import XCTest

/// What pyarrow wrote, read by us and written again by us, is byte for byte what
/// pyarrow wrote: metadata layout, padding, dictionaries, footer.
final class WriterIdentityTests: XCTestCase {
    private func options(_ c: Manifest.Case) -> IPCWriteOptions {
        IPCWriteOptions(metadataVersion: c.writer_options.metadata_version == "V4" ? .v4 : .v5,
                        legacyFormat: c.writer_options.use_legacy_format,
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
            if written == original { matched += 1 } else {
                let at = zip(written, original).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(written.count, original.count)
                XCTFail("\(c.name).stream differs at byte \(at) (ours \(written.count) bytes, pyarrow \(original.count))")
            }
        }
        print("writer identity: \(matched) streams byte-identical")
    }

    func testRewrittenFilesAreByteIdentical() throws {
        var matched = 0
        for c in try Manifest.load().cases {
            guard let entry = c.files["file"] ?? nil else { continue }
            let original = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent(entry.path))
            let reader = try FileReader(buffer: ByteBuffer(copying: original))
            let written = try FileWriter.bytes(schema: reader.schema, batches: try reader.readAll(), options: options(c),
                                               metadata: reader.footerMetadata)
            if written == original { matched += 1 } else {
                let at = zip(written, original).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(written.count, original.count)
                XCTFail("\(c.name).arrow_file differs at byte \(at) (ours \(written.count) bytes, pyarrow \(original.count))")
            }
        }
        print("writer identity: \(matched) files byte-identical")
    }
}
