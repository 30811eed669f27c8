import ArrowIPC
import ArrowIntegration
import ArrowMemory
import ArrowTestSupport
import Foundation
import XCTest

/// Our writer against pyarrow: the same data gives the same bytes, pyarrow reads
/// what we write with full validation, and we read what pyarrow writes.
final class PyarrowInteropTests: XCTestCase {
    private func options(_ c: Manifest.Case) -> IPCWriteOptions {
        IPCWriteOptions(
            metadataVersion: c.writer_options.metadata_version == "V4" ? .v4 : .v5,
            legacyFraming: c.writer_options.use_legacy_format,
            emitDictionaryDeltas: c.writer_options.emit_dictionary_deltas ?? false)
    }

    private func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
        zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    }

    /// Each fixture's data rebuilt in Swift from its integration JSON (the manifest's
    /// description of the data), written by us, equals pyarrow's bytes.
    func testFixturesRebuiltFromJSONWriteTheSameBytes() throws {
        var streams = 0
        var files = 0
        var skipped: [String] = []
        for c in try Manifest.load().cases {
            guard let json = c.url("json") else { continue }
            let rebuilt: IntegrationFile
            do {
                rebuilt = try withSlicedParents(try IntegrationFile(jsonPath: json.path), c.url("parents"))
            } catch {
                XCTFail("\(c.name).json: \(error)")
                continue
            }
            if let url = c.url("stream") {
                let original = try TestSupport.read(url)
                let ours = try StreamWriter.bytes(schema: rebuilt.schema, batches: rebuilt.batches, options: options(c))
                if ours == original {
                    streams += 1
                } else {
                    skipped.append(c.name)
                    XCTFail("\(c.name).stream rebuilt from JSON differs at byte \(firstDifference(ours, original))")
                }
            }
            if let url = c.url("file") {
                let original = try TestSupport.read(url)
                let ours = try FileWriter.bytes(schema: rebuilt.schema, batches: rebuilt.batches, options: options(c))
                if ours == original {
                    files += 1
                } else {
                    XCTFail("\(c.name).arrow_file rebuilt from JSON differs at byte \(firstDifference(ours, original))")
                }
            }
        }
        print("rebuilt from JSON: \(streams) streams and \(files) files byte-identical to pyarrow")
        XCTAssertGreaterThan(streams, 25)
    }

    /// Columns that pyarrow held as slices of bigger arrays (`NAME.parents.json`):
    /// the parent rebuilt from its JSON, then sliced, so that the bytes Arrow C++
    /// writes past a slice are there too.
    private func withSlicedParents(_ file: IntegrationFile, _ parents: URL?) throws -> IntegrationFile {
        guard let parents else { return file }
        var result = file
        let doc = try JSONValue(parsing: TestSupport.read(parents))
        for entry in doc["slices"]?.arrayValue ?? [] {
            guard let b = entry["batch"]?.int64Value, let c = entry["column"]?.int64Value,
                let offset = entry["offset"]?.int64Value, let length = entry["length"]?.int64Value,
                let parentDoc = entry["parent"]
            else { throw XCTSkip("malformed parents entry in \(parents.lastPathComponent)") }
            let parent = try IntegrationFile(json: parentDoc).batches[0].columns[0]
            let batch = result.batches[Int(b)]
            var columns = batch.columns
            columns[Int(c)] = try parent.slice(offset: Int(offset), length: Int(length))
            result.batches[Int(b)] = RecordBatch(schema: batch.schema, length: batch.length, columns: columns, metadata: batch.metadata)
        }
        return result
    }

    /// `stream-to-file` and `file-to-stream` give the bytes of pyarrow's conversion.
    func testConversionsMatchPyarrow() throws {
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "convert")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = try Manifest.load().cases
        var pairs: [String] = []
        for c in cases {
            if let s = c.url("stream") { pairs.append("stream:\(s.path):\(dir.path)/\(c.name).py.arrow_file") }
            if let f = c.url("file") { pairs.append("file:\(f.path):\(dir.path)/\(c.name).py.stream") }
        }
        let output = try PythonRunner.runScript("interop.py", in: "ArrowIntegrationTests", arguments: ["convert"] + pairs, workDirectory: dir)
        print(output.stdoutText)
        var compared = 0
        for c in cases {
            if let s = c.url("stream") {
                let pyPath = "\(dir.path)/\(c.name).py.arrow_file"
                let ourPath = "\(dir.path)/\(c.name).ours.arrow_file"
                if FileManager.default.fileExists(atPath: pyPath) {
                    try IPCConversion.streamToFile(input: s.path, output: ourPath)
                    XCTAssertEqual(
                        try TestSupport.read(URL(fileURLWithPath: ourPath)), try TestSupport.read(URL(fileURLWithPath: pyPath)),
                        "stream-to-file \(c.name)")
                    compared += 1
                } else {
                    // pyarrow refused (dictionary replacement cannot go into a file): so must we.
                    XCTAssertThrowsError(try IPCConversion.streamToFile(input: s.path, output: ourPath), "stream-to-file \(c.name)")
                }
            }
            if let f = c.url("file") {
                let pyPath = "\(dir.path)/\(c.name).py.stream"
                let ourPath = "\(dir.path)/\(c.name).ours.stream"
                try IPCConversion.fileToStream(input: f.path, output: ourPath)
                XCTAssertEqual(
                    try TestSupport.read(URL(fileURLWithPath: ourPath)), try TestSupport.read(URL(fileURLWithPath: pyPath)),
                    "file-to-stream \(c.name)")
                compared += 1
            }
        }
        print("conversions compared with pyarrow: \(compared)")
        XCTAssertGreaterThan(compared, 50)
    }

    /// pyarrow writes seeded random tables (many types, nulls, slices, several
    /// batches) with their integration JSON; we read each and compare with the JSON,
    /// then write the JSON's data ourselves as stream and file, and pyarrow reads
    /// those with `validate(full=True)` and compares the values with its own table.
    func testRandomTablesRoundTripWithPyarrow() throws {
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "interop")
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = 40
        _ = try PythonRunner.runScript(
            "interop.py", in: "ArrowIntegrationTests", arguments: ["make", dir.path, "20261125", "\(count)"],
            workDirectory: dir)
        for k in 0..<count {
            let stream = dir.appendingPathComponent("case_\(k).stream")
            let expected = try IntegrationFile(jsonPath: dir.appendingPathComponent("case_\(k).json").path)
            let contents = try IPCContents.read(path: stream.path)
            let read = IntegrationFile(contents: contents)
            if let difference = ArrayComparison.firstDifference(expected: expected, actual: read) {
                XCTFail("case \(k) as read differs from its JSON: \(difference)")
            }
            let streamBytes = try StreamWriter.bytes(schema: expected.schema, batches: expected.batches)
            try Data(streamBytes).write(to: dir.appendingPathComponent("case_\(k).swift.stream"))
            let fileBytes = try FileWriter.bytes(schema: expected.schema, batches: expected.batches)
            try Data(fileBytes).write(to: dir.appendingPathComponent("case_\(k).swift.arrow_file"))
        }
        let output = try PythonRunner.run(
            try PythonRunner.requirePython(),
            arguments: [
                PythonRunner.testDirectory("ArrowIntegrationTests").appendingPathComponent("interop.py").path,
                "check", dir.path,
            ],
            workDirectory: dir)
        print(output.stdoutText)
        XCTAssertEqual(output.status, 0, output.stdoutText + output.stderrText)
        XCTAssertTrue(output.stdoutText.contains("\(2 * count) passed, 0 failed"), output.stdoutText)
    }

    /// pyarrow writes seeded random tables with ZSTD and with LZ4_FRAME body
    /// compression; we read them and they equal their JSON.
    func testReadsPyarrowCompressedStreams() throws {
        for codec in ["zstd", "lz4"] {
            let dir = try PythonRunner.makeTemporaryDirectory(prefix: "compressed-\(codec)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let count = 12
            _ = try PythonRunner.runScript(
                "interop.py", in: "ArrowIntegrationTests",
                arguments: ["make", dir.path, "4242", "\(count)", codec], workDirectory: dir)
            for k in 0..<count {
                let expected = try IntegrationFile(jsonPath: dir.appendingPathComponent("case_\(k).json").path)
                let contents = try IPCContents.read(path: dir.appendingPathComponent("case_\(k).stream").path)
                try contents.validate(.full)
                if let difference = ArrayComparison.firstDifference(expected: expected, actual: IntegrationFile(contents: contents)) {
                    XCTFail("\(codec) case \(k): \(difference)")
                }
            }
        }
    }

    /// Every arrow-testing integration JSON: our JSON_TO_ARROW, then pyarrow reads it
    /// with full validation and writes it again, then that validates against the JSON.
    func testGoldJSONThroughOurWriterAndPyarrow() throws {
        guard let root = ProcessInfo.processInfo.environment["ARROW_TEST_DATA"] else {
            throw XCTSkip("ARROW_TEST_DATA is not set; skipping the arrow-testing round trip")
        }
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "gold-roundtrip")
        defer { try? FileManager.default.removeItem(at: dir) }
        var names: [String] = []
        for folder in ["cpp-21.0.0", "1.0.0-bigendian"] {
            let path = "\(root)/arrow-ipc-stream/integration/\(folder)"
            for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() where name.hasSuffix(".json.gz") {
                let json = try IntegrationFile(jsonPath: "\(path)/\(name)")
                let stem = "\(folder)__\(name.dropLast(".json.gz".count))"
                let bytes = try FileWriter.bytes(schema: json.schema, batches: json.batches)
                try Data(bytes).write(to: dir.appendingPathComponent("\(stem).ours.arrow_file"))
                names.append("\(path)/\(name)|\(stem)")
            }
        }
        let output = try PythonRunner.runScript(
            "interop.py", in: "ArrowIntegrationTests", arguments: ["rewrite", dir.path, root],
            workDirectory: dir)
        print(output.stdoutText)
        var validated = 0
        for entry in names {
            let parts = entry.split(separator: "|").map(String.init)
            let expected = try IntegrationFile(jsonPath: parts[0])
            let rewritten = dir.appendingPathComponent("\(parts[1]).pyarrow.arrow_file")
            let contents = try IPCContents.read(path: rewritten.path)
            let actual = IntegrationFile(contents: contents)
            if let difference = ArrayComparison.firstDifference(expected: expected, actual: actual) {
                XCTFail("\(parts[1]): \(difference)")
            } else {
                validated += 1
            }
        }
        print("JSON_TO_ARROW -> pyarrow -> VALIDATE: \(validated) of \(names.count)")
        XCTAssertEqual(validated, names.count)
        XCTAssertGreaterThan(validated, 40)
    }
}

enum TestSupport {
    static func read(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }
}
