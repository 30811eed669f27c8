import ArrowFlatBuffers
import ArrowIPC
import ArrowIntegration
import ArrowMemory
import ArrowTestSupport
import Foundation
import XCTest

/// Inputs built to break an assumption of the reader or writer (issue 10): each
/// must end, under every command of the CLI, in a clean result or a one-line
/// error, without a trap, a hang or memory beyond what the input justifies.
/// The shared files in `../shared/hostile/` stand for classes; the generators
/// below build other members of each class.
final class HostileInputTests: XCTestCase {
    static let sharedDirectory = PythonRunner.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/hostile")
    /// Peak memory allowed for an uncompressed input (the CLI itself takes ~15 MB).
    static let uncompressedRSSLimit = 256 << 20
    /// A kill after this long means a hang (the inputs end in milliseconds).
    static let hangSeconds = 60.0

    /// Runs validate, inspect, both conversions and ARROW_TO_JSON on `path` and
    /// checks how each ended. Returns one report line per command.
    @discardableResult
    private func runAllCommands(
        _ path: String, compressed: Bool, work: URL,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> [String] {
        let cli = try PythonRunner.cliExecutable()
        let name = (path as NSString).lastPathComponent
        let commands: [(String, [String])] = [
            ("validate", ["validate", path]),
            ("inspect", ["inspect", path]),
            ("stream-to-file", ["stream-to-file", path, work.appendingPathComponent("out.arrow").path]),
            ("file-to-stream", ["file-to-stream", path, work.appendingPathComponent("out.stream").path]),
            ("ARROW_TO_JSON", ["integration", "--mode", "ARROW_TO_JSON", "--arrow", path, "--json", work.appendingPathComponent("out.json").path]),
        ]
        let rssLimit = compressed ? IPCReadLimits.default.maxDecodedBytesPerMessage + Self.uncompressedRSSLimit : Self.uncompressedRSSLimit
        var report: [String] = []
        for (label, arguments) in commands {
            let start = Date()
            let r = try MeasuredProcess.run(cli, arguments, in: work, timeoutSeconds: Self.hangSeconds)
            let seconds = Date().timeIntervalSince(start)
            let what = "\(name) \(label)"
            XCTAssertFalse(r.timedOut, "\(what) did not end", file: file, line: line)
            XCTAssertNil(r.signal, "\(what) was killed by signal \(r.signal ?? 0): \(r.stderr)", file: file, line: line)
            XCTAssertTrue(
                r.exitStatus == 0 || r.exitStatus == 1, "\(what) exit status \(String(describing: r.exitStatus)): \(r.stderr)",
                file: file, line: line)
            // Under AddressSanitizer the peak counts shadow memory and quarantine; the
            // limits are checked by the uninstrumented run.
            if !r.sanitized { XCTAssertLessThan(r.peakRSS, rssLimit, "\(what) peak RSS", file: file, line: line) }
            let errorLines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
            if r.exitStatus == 1 {
                XCTAssertEqual(errorLines.count, 1, "\(what): one-line error expected, got \(r.stderr)", file: file, line: line)
            } else {
                XCTAssertEqual(errorLines.count, 0, "\(what) succeeded but wrote \(r.stderr)", file: file, line: line)
            }
            let controls = (r.stderr + r.stdout).unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F }
            XCTAssertTrue(controls.isEmpty, "\(what) printed control characters", file: file, line: line)
            report.append(
                String(
                    format: "%@ %@: %.2f s, %d MB, %@", name, label, seconds, r.peakRSS >> 20,
                    errorLines.first.map(String.init) ?? "ok"))
        }
        return report
    }

    private func workDirectory() throws -> URL {
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "hostile")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testSharedHostileFilesEndInOneLineWithBoundedMemory() throws {
        let dir = Self.sharedDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".arrow") }).sorted(),
            !names.isEmpty
        else {
            throw XCTSkip("no hostile inputs at \(dir.path) (the shared folder sits beside the clone); skipping")
        }
        let work = try workDirectory()
        for name in names {
            let compressed = name.contains("zstd") || name.contains("lz4") || name.contains("compress")
            for line in try runAllCommands(dir.appendingPathComponent(name).path, compressed: compressed, work: work) { print(line) }
        }
    }

    func testGeneratedVariantsEndInOneLineWithBoundedMemory() throws {
        let work = try workDirectory()
        let variants: [(String, [UInt8], Bool)] = [
            ("struct_delta_bitmap.stream", try HostileGenerators.bodyFreeDelta(type: .struct([]), claimedLength: Int(Int32.max)), false),
            ("list_delta_offsets.stream", try HostileGenerators.listDeltaOffsets(childLength: Int(Int32.max)), false),
            ("null_dictionary_twice.stream", try HostileGenerators.repeatedBodyFreeDictionary(type: .null, replaced: false), false),
            ("struct_dictionary_replaced.stream", try HostileGenerators.repeatedBodyFreeDictionary(type: .struct([]), replaced: true), false),
            ("struct_column_json.stream", try HostileGenerators.bodyFreeColumn(type: .struct([]), claimedLength: Int(Int32.max)), false),
            ("null_column_json.stream", try HostileGenerators.bodyFreeColumn(type: .null, claimedLength: 1 << 23), false),
            ("schema_dag.stream", HostileGenerators.schemaDAG(width: 300, nameLength: 200), false),
            ("zstd_claim_over_limit.stream", try HostileGenerators.compressedClaim(claim: 1 << 31 - 1), true),
            ("zstd_claim_implausible.stream", try HostileGenerators.compressedClaim(claim: 900 << 20), true),
            ("file_batch_block_reused.arrow", try HostileGenerators.fileWithReusedBlock(dictionaryAsBatch: false), false),
            ("file_dictionary_block_as_batch.arrow", try HostileGenerators.fileWithReusedBlock(dictionaryAsBatch: true), false),
            ("control_bytes_in_names.stream", try HostileGenerators.controlCharacterNames(), false),
            ("zstd_zero_row_bombs.stream", try HostileGenerators.inflatingZeroRowBatches(batches: 8, inflated: 64 << 20), true),
        ]
        for (name, bytes, compressed) in variants {
            let url = work.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            for line in try runAllCommands(url.path, compressed: compressed, work: work) { print(line) }
        }
    }

    // MARK: - The class, not the limit that happens to stop it first

    /// With the length limit loosened, a struct<> delta of 2^37 rows is stopped by
    /// what the concatenation would allocate, not by its length.
    func testConcatenationChargesItsBitmapBeforeBuildingIt() throws {
        let loose = IPCReadLimits(maxRecordBatchLength: Int.max)
        let bytes = try HostileGenerators.bodyFreeDelta(type: .struct([]), claimedLength: 1 << 37)
        XCTAssertThrowsError(try StreamReader(bytes: bytes, options: IPCReadOptions(limits: loose)).readAll()) { error in
            XCTAssertTrue("\(error)".contains("maxDictionaryBytes"), "\(error)")
        }
        // Within the limit the same shape reads, and the bitmap says which row is null.
        let small = try HostileGenerators.bodyFreeDelta(type: .struct([]), claimedLength: 1000)
        let reader = try StreamReader(bytes: small)
        _ = try reader.readAll()
        let dictionary = try XCTUnwrap(reader.dictionaries.values.first)
        XCTAssertEqual(dictionary.length, 8 + 1000)
        XCTAssertEqual(dictionary.nullCount, 1)
        XCTAssertTrue(dictionary.isNull(0))
        XCTAssertTrue((1..<1008).allSatisfy { dictionary.isValid($0) })
    }

    func testConcatenatedOffsetsMustFitTheirWidth() throws {
        let bytes = try HostileGenerators.listDeltaOffsets(childLength: Int(Int32.max))
        XCTAssertThrowsError(try StreamReader(bytes: bytes).readAll()) { error in
            XCTAssertTrue("\(error)".contains("does not fit 32-bit offsets"), "\(error)")
        }
    }

    /// The writer meets the same huge body-free dictionary in every batch: by
    /// identity (one message) or, for a replacement, without comparing elements.
    func testWriterDoesNotCompareBodyFreeDictionariesElementByElement() throws {
        let loose = IPCReadLimits(maxRecordBatchLength: Int.max)
        for (type, replaced) in [(ArrowType.null, false), (.null, true), (.struct([]), false), (.struct([]), true)] {
            let bytes = try HostileGenerators.repeatedBodyFreeDictionary(type: type, replaced: replaced, claimedLength: 1 << 40)
            let reader = try StreamReader(bytes: bytes, options: IPCReadOptions(limits: loose))
            let batches = try reader.readAll()
            XCTAssertEqual(batches.count, 2)
            let written = try StreamWriter.bytes(schema: reader.schema, batches: batches)
            let again = try StreamReader(bytes: written, options: IPCReadOptions(limits: loose))
            XCTAssertEqual(try again.readAll().count, 2)
            XCTAssertEqual(again.dictionaries.values.first?.length, 1 << 40)
        }
    }

    func testIntegrationJSONBoundsBodyFreeColumns() throws {
        let loose = IPCReadLimits(maxRecordBatchLength: Int.max)
        let bytes = try HostileGenerators.bodyFreeColumn(type: .struct([]), claimedLength: 1 << 41)
        let contents = try IPCContents.read(ArrowBuffer(copying: bytes), options: IPCReadOptions(limits: loose))
        try contents.validate(.full)
        XCTAssertThrowsError(try IntegrationFile(contents: contents).jsonBytes()) { error in
            XCTAssertTrue("\(error)".contains("integration JSON would hold more than"), "\(error)")
        }
    }

    func testSharedFlatBufferObjectsAreChargedEachVisit() throws {
        let bytes = HostileGenerators.schemaDAG(width: 300, nameLength: 200)
        XCTAssertThrowsError(try StreamReader(bytes: bytes)) { error in
            XCTAssertTrue("\(error)".contains("objects visited exceed"), "\(error)")
        }
        // A little sharing (9 fields) stays far inside the budget and is read.
        let tree = HostileGenerators.schemaDAG(width: 3, nameLength: 10)
        let reader = try StreamReader(bytes: tree)
        XCTAssertEqual(reader.schema.fields.count, 3)
        XCTAssertEqual(reader.schema.fields[0].type.children.count, 3)
    }

    func testCompressedClaimsAreCheckedBeforeAllocating() throws {
        let over = try HostileGenerators.compressedClaim(claim: 1 << 31 - 1)
        XCTAssertThrowsError(try StreamReader(bytes: over).readAll()) { error in
            XCTAssertTrue("\(error)".contains("maxDecodedBytesPerMessage"), "\(error)")
        }
        let implausible = try HostileGenerators.compressedClaim(claim: 900 << 20)
        XCTAssertThrowsError(try StreamReader(bytes: implausible).readAll()) { error in
            XCTAssertTrue("\(error)".contains("cannot decode to the claimed"), "\(error)")
        }
        // A tightened limit stops an honest body that decodes to more.
        let honest = try HostileGenerators.compressedClaim(claim: nil)
        XCTAssertEqual(try StreamReader(bytes: honest).readAll().first?.length, HostileGenerators.compressedValues)
        XCTAssertThrowsError(try StreamReader(bytes: honest, options: IPCReadOptions(limits: IPCReadLimits(maxDecodedBytesPerMessage: 4096))).readAll())
    }

    /// Each batch inflates a real frame to 64 MB for a column of no rows: what is
    /// kept is what the column needs, so holding every batch costs nothing.
    func testInflatedBuffersAreCutToWhatTheColumnNeeds() throws {
        let bytes = try HostileGenerators.inflatingZeroRowBatches(batches: 4, inflated: 64 << 20)
        XCTAssertLessThan(bytes.count, 40_000)
        let contents = try IPCContents.read(ArrowBuffer(copying: bytes))
        XCTAssertEqual(contents.batches.count, 4)
        for batch in contents.batches {
            XCTAssertEqual(batch.length, 0)
            XCTAssertEqual(batch.columns[0].buffers[0].count, 0)
        }
        // The frame itself is honest: a tightened limit refuses it before inflating.
        XCTAssertThrowsError(try StreamReader(bytes: bytes, options: IPCReadOptions(limits: IPCReadLimits(maxDecodedBytesPerMessage: 32 << 20))).readAll()) {
            error in
            XCTAssertTrue("\(error)".contains("maxDecodedBytesPerMessage"), "\(error)")
        }
    }

    func testFooterBlocksMustNotOverlap() throws {
        for dictionaryAsBatch in [false, true] {
            let bytes = try HostileGenerators.fileWithReusedBlock(dictionaryAsBatch: dictionaryAsBatch)
            XCTAssertThrowsError(try FileReader(bytes: bytes)) { error in
                XCTAssertTrue("\(error)".contains("overlapping blocks"), "\(error)")
            }
        }
    }

    func testLimitErrorsNameLimitValueAndPlace() throws {
        let bytes = try HostileGenerators.controlCharacterNames()
        func message(_ limits: IPCReadLimits) -> String {
            do {
                _ = try StreamReader(bytes: bytes, options: IPCReadOptions(limits: limits)).readAll()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message(.default), "no error")
        XCTAssertTrue(message(IPCReadLimits(maxFieldsPerSchema: 1)).contains("IPCReadLimits.maxFieldsPerSchema = 1"))
        XCTAssertTrue(message(IPCReadLimits(maxNestingDepth: 1)).contains("IPCReadLimits.maxNestingDepth = 1"))
        XCTAssertTrue(message(IPCReadLimits(maxMetadataBytes: 64)).contains("IPCReadLimits.maxMetadataBytes = 64"))
        XCTAssertTrue(message(IPCReadLimits(maxMetadataBytes: 64)).contains("byte 0"))
        let length = message(IPCReadLimits(maxRecordBatchLength: 0))
        XCTAssertTrue(length.contains("IPCReadLimits.maxRecordBatchLength = 0") && length.contains("message 1"), length)
        XCTAssertTrue(message(IPCReadLimits(maxDictionaryBytes: 1)).contains("IPCReadLimits.maxDictionaryBytes = 1"))
    }

    /// Names with control bytes come out escaped, in errors and in `inspect`.
    func testControlBytesAreEscaped() throws {
        let bytes = try HostileGenerators.controlCharacterNames()
        do {
            _ = try StreamReader(bytes: bytes, options: IPCReadOptions(limits: IPCReadLimits(maxNestingDepth: 1))).readAll()
            XCTFail("expected the depth limit")
        } catch {
            let text = "\(error)"
            XCTAssertTrue(text.contains("\\u{1b}[31m"), text)
            XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 }, text)
        }
        let work = try workDirectory()
        let url = work.appendingPathComponent("names.stream")
        try Data(bytes).write(to: url)
        let r = try MeasuredProcess.run(try PythonRunner.cliExecutable(), ["inspect", url.path], in: work, timeoutSeconds: Self.hangSeconds)
        XCTAssertEqual(r.exitStatus, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("\\u{1b}[31m"), r.stdout)
        XCTAssertFalse(r.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, r.stdout)
    }
}

/// Streaming commands hold one batch at a time: a compressed stream whose batches
/// each decode to 8 MB keeps `validate` and `inspect` near one batch's memory
/// however many batches follow.
final class StreamingMemoryTests: XCTestCase {
    func testValidateAndInspectHoldOneBatchAtATime() throws {
        let schema = Schema([Field("v", .int64, nullable: false)])
        let rows = 1 << 20
        let values = ArrayData(type: .int64, length: rows, buffers: [ArrowBuffer(copying: [UInt8](repeating: 0, count: rows * 8))])
        let options = IPCWriteOptions(compression: .zstd(level: 1))
        let empty = try StreamWriter.bytes(schema: schema, batches: [], options: options)
        let one = try StreamWriter.bytes(schema: schema, batches: [RecordBatch(schema: schema, length: rows, columns: [values])], options: options)
        // Schema message, then the one batch message 48 times, then end of stream.
        let prefix = empty.dropLast(8)
        let batch = one[prefix.count..<one.count - 8]
        let batches = 48
        let stream = Array(prefix) + Array(repeating: Array(batch), count: batches).flatMap { $0 } + Array(empty.suffix(8))
        let work = try PythonRunner.makeTemporaryDirectory(prefix: "streaming")
        defer { try? FileManager.default.removeItem(at: work) }
        let url = work.appendingPathComponent("many.stream")
        try Data(stream).write(to: url)
        let cli = URL(fileURLWithPath: try PythonRunner.cliExecutable())
        // All batches at once would be 48 x 8 MB = 384 MB.
        for command in ["validate", "inspect"] {
            let r = try MeasuredProcess.run(cli.path, [command, url.path], in: work, timeoutSeconds: 120)
            XCTAssertEqual(r.exitStatus, 0, r.stderr)
            if !r.sanitized { XCTAssertLessThan(r.peakRSS, 128 << 20, "\(command) peak RSS \(r.peakRSS >> 20) MB") }
            print("\(command) of \(batches) batches of 8 MB decoded: peak RSS \(r.peakRSS >> 20) MB")
            if command == "inspect" { XCTAssertTrue(r.stdout.contains("batches: \(batches), rows: \(batches * rows)"), r.stdout) }
        }
    }
}
