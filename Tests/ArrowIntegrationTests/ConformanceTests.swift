import ArrowIPC
import ArrowIntegration
import ArrowMemory
import ArrowTestSupport
import Foundation
import XCTest

/// The arrow-testing integration gold files: every IPC file and stream must
/// equal its JSON, and ARROW_TO_JSON must round-trip.
///
/// Run with `ARROW_TEST_DATA=/path/to/arrow-testing/data`.
final class ConformanceTests: XCTestCase {
    static let directories = ["cpp-21.0.0", "1.0.0-bigendian", "2.0.0-compression"]

    struct Case {
        var json: String
        var arrow: [String]
        var name: String
    }

    func testData() throws -> String {
        guard let root = ProcessInfo.processInfo.environment["ARROW_TEST_DATA"], !root.isEmpty else {
            throw XCTSkip("ARROW_TEST_DATA is not set; point it at arrow-testing/data to run the conformance tests")
        }
        return root
    }

    func cases() throws -> [Case] {
        let root = try testData()
        var out: [Case] = []
        let fm = FileManager.default
        for dir in Self.directories {
            let path = "\(root)/arrow-ipc-stream/integration/\(dir)"
            let names = try fm.contentsOfDirectory(atPath: path).sorted()
            for name in names where name.hasSuffix(".json.gz") {
                let base = String(name.dropLast(".json.gz".count))
                let arrow = ["\(base).arrow_file", "\(base).stream"]
                    .filter { names.contains($0) }
                    .map { "\(path)/\($0)" }
                out.append(Case(json: "\(path)/\(name)", arrow: arrow, name: "\(dir)/\(base)"))
            }
        }
        XCTAssertFalse(out.isEmpty, "no integration files found under \(root)")
        return out
    }

    /// VALIDATE: every `.arrow_file` and `.stream` equals its JSON.
    func testValidateGoldFiles() throws {
        var passed = 0
        var total = 0
        var failures: [String] = []
        for c in try cases() {
            let expected: IntegrationFile
            do {
                expected = try IntegrationFile(jsonPath: c.json)
            } catch {
                failures.append("\(c.name).json: \(error)")
                total += c.arrow.count
                continue
            }
            for path in c.arrow {
                total += 1
                let label = "\(c.name)\(path.hasSuffix(".stream") ? ".stream" : ".arrow_file")"
                do {
                    let contents = try IPCContents.read(path: path)
                    try contents.validate(.full)
                    if let d = ArrayComparison.firstDifference(expected: expected, actual: IntegrationFile(contents: contents)) {
                        failures.append("\(label): \(d)")
                    } else {
                        passed += 1
                    }
                } catch {
                    failures.append("\(label): \(error)")
                }
            }
        }
        print("conformance: \(passed) of \(total) passed")
        for f in failures { print("  FAILED \(f)") }
        XCTAssertEqual(passed, total, failures.joined(separator: "\n"))
        XCTAssertGreaterThan(total, 100)
    }

    /// ARROW_TO_JSON of each IPC file, parsed back, equals the original JSON.
    func testArrowToJSONRoundTrip() throws {
        var checked = 0
        for c in try cases() {
            let original = try IntegrationFile(jsonPath: c.json)
            for path in c.arrow {
                let contents = try IPCContents.read(path: path)
                let bytes = try IntegrationFile(contents: contents).jsonBytes()
                let parsed = try IntegrationFile(json: bytes)
                XCTAssertNil(ArrayComparison.firstDifference(expected: original, actual: parsed), path)
                // And the printed JSON is a fixed point.
                XCTAssertEqual(try parsed.jsonBytes(), bytes, path)
                checked += 1
            }
        }
        print("round trip: \(checked) files")
    }

    /// JSON_TO_ARROW: each JSON written as an IPC file and a stream by the
    /// writer reads back equal to the JSON.
    func testJSONToArrowRoundTrip() throws {
        var checked = 0
        for c in try cases() {
            let file = try IntegrationFile(jsonPath: c.json)
            for batch in file.batches {
                for column in batch.columns { try column.validate(.full) }
            }
            let outputs = [
                try FileWriter.bytes(schema: file.schema, batches: file.batches),
                try StreamWriter.bytes(schema: file.schema, batches: file.batches),
            ]
            for bytes in outputs {
                let contents = try IPCContents.read(ArrowBuffer(copying: bytes))
                try contents.validate(.full)
                XCTAssertNil(ArrayComparison.firstDifference(expected: file, actual: IntegrationFile(contents: contents)), c.name)
                checked += 1
            }
        }
        print("JSON to Arrow: \(checked) files written and read back")
    }

    /// Slicing every column (offset 1, two rows fewer) and printing the slice
    /// rebases offsets and still compares equal to the slice.
    func testSlicedColumnsRoundTrip() throws {
        var sliced = 0
        for c in try cases() {
            let file = try IntegrationFile(jsonPath: c.json)
            var batches: [RecordBatch] = []
            for batch in file.batches where batch.length >= 3 {
                let columns = try batch.columns.map { try $0.slice(offset: 1, length: batch.length - 2) }
                batches.append(RecordBatch(schema: file.schema, length: batch.length - 2, columns: columns))
                sliced += columns.count
            }
            let slices = IntegrationFile(schema: file.schema, batches: batches, dictionaries: file.dictionaries)
            let parsed = try IntegrationFile(json: try slices.jsonBytes())
            XCTAssertNil(ArrayComparison.firstDifference(expected: slices, actual: parsed), c.name)
        }
        XCTAssertGreaterThan(sliced, 0)
    }

    /// A value changed in the JSON is reported with its batch, column and row.
    func testChangedValueIsReported() throws {
        let root = try testData()
        let dir = "\(root)/arrow-ipc-stream/integration/cpp-21.0.0"
        let contents = try IPCContents.read(path: "\(dir)/generated_primitive.arrow_file")
        let actual = IntegrationFile(contents: contents)
        let original = try IntegrationFile(jsonPath: "\(dir)/generated_primitive.json.gz")
        XCTAssertNil(ArrayComparison.firstDifference(expected: original, actual: actual))

        // Change the first valid int32 value of batch 1, column 'int32_nullable'.
        var file = original
        let b = 1
        guard let c = file.schema.fields.firstIndex(where: { $0.name == "int32_nullable" }) else {
            return XCTFail("no int32_nullable column")
        }
        let column = file.batches[b].columns[c]
        guard let row = (0..<column.length).first(where: { column.isValid($0) }) else { return XCTFail("no valid row") }
        var bytes = column.buffers[0].bytes
        let at = (column.offset + row) * 4
        let old = Int32(littleEndian: bytes[at..<at + 4].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
        let new = old &+ 1
        withUnsafeBytes(of: new.littleEndian) { for k in 0..<4 { bytes[at + k] = $0[k] } }
        var changed = column
        changed.buffers[0] = ArrowBuffer(copying: bytes)
        var columns = file.batches[b].columns
        columns[c] = changed
        file.batches[b] = RecordBatch(schema: file.schema, length: file.batches[b].length, columns: columns)

        let difference = ArrayComparison.firstDifference(expected: file, actual: actual)
        XCTAssertEqual(difference, "batch \(b), column 'int32_nullable', row \(row): expected \(new), got \(old)")

        // A null flipped to valid in the JSON text is found too.
        var json = try JSONValue(parsing: String(decoding: try original.jsonBytes(), as: UTF8.self))
        json = try flipFirstNull(json, batch: 0, column: "bool_nullable")
        let flipped = try IntegrationFile(json: json)
        let d2 = try XCTUnwrap(ArrayComparison.firstDifference(expected: flipped, actual: actual))
        XCTAssertTrue(d2.hasPrefix("batch 0, column 'bool_nullable', row "), d2)
        XCTAssertTrue(d2.hasSuffix("got null"), d2)
    }

    /// Randomly damaged gold JSON (numbers, strings, members, array lengths)
    /// must be rejected with an error or read into arrays that compare and
    /// print without trapping.
    func testDamagedJSONNeverTraps() throws {
        var rng = SplitMix64(seed: 0xA770)
        var accepted = 0
        var rejected = 0
        for c in try cases() where c.name.hasPrefix("cpp-21.0.0/") {
            let original = try IntegrationFile(jsonPath: c.json)
            let json = try original.json()
            for _ in 0..<40 {
                var damaged = json
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    damaged = mutate(damaged, &rng, depth: 0)
                }
                do {
                    let file = try IntegrationFile(json: damaged)
                    _ = ArrayComparison.firstDifference(expected: original, actual: file)
                    _ = ArrayComparison.firstDifference(expected: file, actual: file)
                    _ = try? file.jsonBytes()
                    accepted += 1
                } catch {
                    rejected += 1
                }
            }
        }
        print("damaged JSON: \(accepted) read, \(rejected) rejected")
        XCTAssertGreaterThan(rejected, 0)
    }

    func mutate(_ v: JSONValue, _ rng: inout SplitMix64, depth: Int) -> JSONValue {
        let stop = Int.random(in: 0..<6, using: &rng) == 0 || depth > 12
        switch v {
        case .array(var a) where !a.isEmpty && !stop:
            let k = Int.random(in: 0..<a.count, using: &rng)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: a.remove(at: k)
            case 1: a.append(a[k])
            default: a[k] = mutate(a[k], &rng, depth: depth + 1)
            }
            return .array(a)
        case .object(var o) where !o.isEmpty && !stop:
            let k = Int.random(in: 0..<o.count, using: &rng)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: o.remove(at: k)
            case 1: o[k].value = .null
            default: o[k].value = mutate(o[k].value, &rng, depth: depth + 1)
            }
            return .object(o)
        default:
            let replacements: [JSONValue] = [
                .number("-1"), .number("0"), .number("1"), .number("2147483647"), .number("-2147483648"),
                .number("9223372036854775807"), .number("1e300"), .number("0.5"), .number("NaN"),
                .string(""), .string("zz"), .string("-5"), .string("FFFF"), .string("99999999999999999999999999"),
                .bool(true), .null, .array([]), .object([]),
            ]
            if case .number(let t) = v, let n = Int64(t), Int.random(in: 0..<2, using: &rng) == 0 {
                return .number(String(n &+ Int64.random(in: -3...3, using: &rng)))
            }
            return replacements[Int.random(in: 0..<replacements.count, using: &rng)]
        }
    }

    /// Sets the first 0 in `VALIDITY` of a column to 1.
    func flipFirstNull(_ doc: JSONValue, batch: Int, column: String) throws -> JSONValue {
        guard case .object(var top) = doc,
            let bi = top.firstIndex(where: { $0.key == "batches" }),
            case .array(var batches) = top[bi].value,
            case .object(var b) = batches[batch],
            let ci = b.firstIndex(where: { $0.key == "columns" }),
            case .array(var columns) = b[ci].value,
            let k = columns.firstIndex(where: { $0["name"] == .string(column) }),
            case .object(var col) = columns[k],
            let vi = col.firstIndex(where: { $0.key == "VALIDITY" }),
            case .array(var validity) = col[vi].value,
            let z = validity.firstIndex(of: .number("0"))
        else { throw XCTSkip("unexpected JSON shape") }
        validity[z] = .number("1")
        col[vi].value = .array(validity)
        columns[k] = .object(col)
        b[ci].value = .array(columns)
        batches[batch] = .object(b)
        top[bi].value = .array(batches)
        return .object(top)
    }

    /// Schema differences: metadata, nullability, types, dictionary encoding.
    func testSchemaDifferences() {
        let base = Schema(
            [
                Field("a", .int32, metadata: [KeyValue("k", "v")]),
                Field("d", .dictionary(indexType: .int8, valueType: .utf8, ordered: false), dictionaryId: 0),
            ], metadata: [KeyValue("s", "1")])
        XCTAssertNil(ArrayComparison.firstDifference(expected: base, actual: base))

        var s = base
        s.metadata = []
        XCTAssertEqual(ArrayComparison.firstDifference(expected: base, actual: s), "schema metadata: expected {s: 1}, got {}")
        s = base
        s.fields[0].nullable = false
        XCTAssertEqual(ArrayComparison.firstDifference(expected: base, actual: s), "schema: field 0 'a': nullable: expected true, got false")
        s = base
        s.fields[0].type = .int64
        XCTAssertEqual(ArrayComparison.firstDifference(expected: base, actual: s), "schema: field 0 'a': type: expected int32, got int64")
        s = base
        s.fields[1].type = .dictionary(indexType: .int16, valueType: .utf8, ordered: false)
        XCTAssertEqual(ArrayComparison.firstDifference(expected: base, actual: s), "schema: field 1 'd': dictionary index type: expected int8, got int16")
        s = base
        s.fields[1].type = .dictionary(indexType: .int8, valueType: .utf8, ordered: true)
        XCTAssertEqual(ArrayComparison.firstDifference(expected: base, actual: s), "schema: field 1 'd': dictionary ordered: expected false, got true")
        s = base
        s.fields[1].dictionaryId = 7  // ids are not compared
        XCTAssertNil(ArrayComparison.firstDifference(expected: base, actual: s))
    }
}

/// Parser, printer and helpers, without test data.
final class IntegrationUnitTests: XCTestCase {
    func testJSONParsesAndPrints() throws {
        let text = #"{"a": [1, -2.5e3, "x\n\u00e9\ud83d\ude00", true, false, null], "b": {"c": 9223372036854775807}}"#
        let v = try JSONValue(parsing: text)
        XCTAssertEqual(v["b"]?["c"]?.int64Value, Int64.max)
        XCTAssertEqual(v["a"]?.arrayValue?[2].stringValue, "x\né😀")
        let again = try JSONValue(parsing: v.jsonText)
        XCTAssertEqual(again, v)
        let pretty = try JSONValue(parsing: String(decoding: v.serialized(indent: 2), as: UTF8.self))
        XCTAssertEqual(pretty, v)
    }

    func testBadJSONThrows() {
        let bad = [
            "", "{", "[1,]", "{\"a\" 1}", "\"\\u12\"", "\"\\ud800\"", "01x", "[1] 2", "tru", "\"\u{01}\"",
            String(repeating: "[", count: 100_000), "-", "1.", "1e", "{\"a\":}", "\"abc",
        ]
        for b in bad {
            XCTAssertThrowsError(try JSONValue(parsing: b), b.prefix(20).description)
        }
        XCTAssertThrowsError(try JSONValue(parsing: [0x22, 0xFF, 0x22]))  // invalid UTF-8
    }

    /// RFC 8259 numbers have no leading zeros: each of these is refused with
    /// the byte offset of the zero, as Python's `json` refuses them (checked
    /// live); zero itself, fractions and exponents of zero still parse.
    func testNumbersWithLeadingZerosAreRefused() throws {
        let bad: [(String, Int)] = [("01", 0), ("-01", 1), ("00", 0), ("[1, 007]", 4), ("{\"a\": 00.5}", 6), ("[0, -00e1]", 5)]
        for (text, offset) in bad {
            XCTAssertThrowsError(try JSONValue(parsing: text), text) { error in
                let e = error as? ArrowError
                XCTAssertEqual(e?.kind, .invalidFormat, text)
                XCTAssertEqual(e?.byteOffset, offset, "\(text): \(error)")
                XCTAssertTrue(e?.message.contains("leading zero") == true, "\(text): \(error)")
            }
        }
        let good = ["0", "-0", "0.5", "-0.0e-3", "0e5", "10", "[0, 100, -20.05]"]
        for text in good {
            XCTAssertNoThrow(try JSONValue(parsing: text), text)
        }
        let python = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "json-zeros")
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            import json, sys
            for text in sys.argv[1:]:
                try:
                    json.loads(text)
                    print("ok")
                except ValueError:
                    print("refused")
            """
        let output = try PythonRunner.run(python, arguments: ["-c", script] + bad.map(\.0) + good, workDirectory: directory)
        XCTAssertEqual(output.status, 0, output.stderrText)
        XCTAssertEqual(
            output.stdoutText.split(separator: "\n"),
            Array(repeating: "refused", count: bad.count) + Array(repeating: "ok", count: good.count))
    }

    func testBadIntegrationJSONThrows() {
        let docs = [
            #"{}"#,
            #"{"schema": {"fields": []}}"#,
            #"{"schema": {"fields": [{"name": "a", "type": {"name": "int", "bitWidth": 7}}]}, "batches": []}"#,
            #"{"schema": {"fields": [{"name": "a", "type": {"name": "int", "bitWidth": 8, "isSigned": true}}]}, "batches": [{"count": 2, "columns": [{"name": "a", "count": 2, "DATA": [1, 300]}]}]}"#,
            #"{"schema": {"fields": [{"name": "a", "type": {"name": "utf8"}}]}, "batches": [{"count": 1, "columns": [{"name": "a", "count": 2, "DATA": ["x", "y"]}]}]}"#,
            #"{"schema": {"fields": [{"name": "a", "type": {"name": "utf8"}, "dictionary": {"id": 3, "indexType": {"name": "int", "bitWidth": 8, "isSigned": true}}}]}, "batches": [{"count": 1, "columns": [{"name": "a", "count": 1, "DATA": [0]}]}]}"#,
            #"{"schema": {"fields": [{"name": "a", "type": {"name": "list"}, "children": []}]}, "batches": []}"#,
            #"{"schema": {"fields": [{"name": "a", "type": {"name": "decimal", "precision": 5, "scale": 0, "bitWidth": 128}}]}, "batches": [{"count": 1, "columns": [{"name": "a", "count": 1, "DATA": ["999999999999999999999999999999999999999999"]}]}]}"#,
            #"{"schema": {"fields": [{"name": "a", "type": {"name": "int", "bitWidth": 8, "isSigned": true}}]}, "batches": [{"count": -1, "columns": [{"name": "a", "count": -1}]}]}"#,
        ]
        for d in docs {
            XCTAssertThrowsError(try IntegrationFile(json: Array(d.utf8)), d)
        }
    }

    /// An invalid array built from JSON (list offsets beyond the child) is
    /// reported as a difference, not read out of range.
    func testInvalidArrayIsReported() throws {
        let doc =
            #"{"schema": {"fields": [{"name": "l", "type": {"name": "list"}, "children": [{"name": "item", "type": {"name": "int", "bitWidth": 32, "isSigned": true}}]}]}, "batches": [{"count": 1, "columns": [{"name": "l", "count": 1, "VALIDITY": [1], "OFFSET": [0, 5], "children": [{"name": "item", "count": 1, "VALIDITY": [1], "DATA": [1]}]}]}]}"#
        let file = try IntegrationFile(json: Array(doc.utf8))
        let d = try XCTUnwrap(ArrayComparison.firstDifference(expected: file, actual: file))
        XCTAssertTrue(d.contains("invalid"), d)
        XCTAssertThrowsError(try file.jsonBytes())
    }

    func testLayoutIndependence() throws {
        // Same logical values: [1, null, 3] with and without offset / bitmap.
        func int32s(_ v: [Int32]) -> ArrowBuffer {
            ArrowBuffer(count: v.count * 4) { p in for (k, x) in v.enumerated() { p.storeBytes(of: x.littleEndian, toByteOffset: 4 * k, as: Int32.self) } }
        }
        let a = ArrayData(type: .int32, length: 3, nullCount: 1, validity: ArrowBuffer(copying: [0b101]), buffers: [int32s([1, 99, 3])])
        let b = ArrayData(type: .int32, length: 3, nullCount: 1, offset: 2, validity: ArrowBuffer(copying: [0b10100]), buffers: [int32s([7, 7, 1, 0, 3, 7])])
        XCTAssertNil(ArrayComparison.firstDifference(expected: a, actual: b))
        let c = ArrayData(type: .int32, length: 3, buffers: [int32s([1, 2, 3])])
        XCTAssertEqual(ArrayComparison.firstDifference(expected: a, actual: c), "row 1: expected null, got 2")
        let all = ArrayData(type: .int32, length: 3, validity: ArrowBuffer(copying: [0b111]), buffers: [int32s([1, 2, 3])])
        XCTAssertNil(ArrayComparison.firstDifference(expected: c, actual: all))

        // Floats: NaN equals NaN, -0.0 differs from 0.0.
        func doubles(_ v: [Double]) -> ArrowBuffer {
            ArrowBuffer(count: v.count * 8) { p in
                for (k, x) in v.enumerated() { p.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: 8 * k, as: UInt64.self) }
            }
        }
        let n1 = ArrayData(type: .float64, length: 2, buffers: [doubles([.nan, 0.0])])
        let n2 = ArrayData(type: .float64, length: 2, buffers: [doubles([-.nan, 0.0])])
        let n3 = ArrayData(type: .float64, length: 2, buffers: [doubles([.nan, -0.0])])
        XCTAssertNil(ArrayComparison.firstDifference(expected: n1, actual: n2))
        XCTAssertEqual(ArrayComparison.firstDifference(expected: n1, actual: n3), "row 1: expected 0.0, got -0.0")

        // Dictionaries with different indices and values compare by the strings they decode to.
        let dict = ArrayData(type: .utf8, length: 2, buffers: [int32s([0, 1, 3]), ArrowBuffer(copying: Array("abc".utf8))])
        let d1 = ArrayData(
            type: .dictionary(indexType: .int32, valueType: .utf8, ordered: false), length: 3,
            buffers: [int32s([0, 1, 1])], dictionary: dict)
        let dict2 = ArrayData(type: .utf8, length: 3, buffers: [int32s([0, 2, 3, 5]), ArrowBuffer(copying: Array("bcabc".utf8))])
        let d2 = ArrayData(
            type: .dictionary(indexType: .int32, valueType: .utf8, ordered: false), length: 3,
            buffers: [int32s([1, 2, 2])], dictionary: dict2)
        XCTAssertNil(ArrayComparison.firstDifference(expected: d1, actual: d2))
        let d3 = ArrayData(
            type: .dictionary(indexType: .int32, valueType: .utf8, ordered: false), length: 3,
            buffers: [int32s([1, 2, 1])], dictionary: dict2)
        XCTAssertEqual(ArrayComparison.firstDifference(expected: d1, actual: d3), "row 2: expected \"bc\", got \"a\"")
    }

    /// Two gzip members (made by Python's `gzip`) of 100 bytes each against a
    /// limit of 150: the error names the limit, not what was left of it after
    /// the first member (50).
    func testMultiMemberGzipLimitErrorNamesTheLimit() throws {
        let python = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "gzip-members")
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            import gzip
            print(gzip.compress(b"a" * 100).hex())
            print(gzip.compress(bytes(range(100))).hex())
            """
        let output = try PythonRunner.run(python, arguments: ["-c", script], workDirectory: directory)
        XCTAssertEqual(output.status, 0, output.stderrText)
        let members = output.stdoutText.split(separator: "\n").map { line in
            stride(from: 0, to: line.count, by: 2).compactMap { k in
                UInt8(line.dropFirst(k).prefix(2), radix: 16)
            }
        }
        XCTAssertEqual(members.count, 2)
        guard members.count == 2 else { return }
        let both = members[0] + members[1]
        XCTAssertEqual(try Inflate.gunzip(both, limit: 200), [UInt8](repeating: 0x61, count: 100) + (0..<100).map { UInt8($0) })
        for limit in [150, 199] {
            XCTAssertThrowsError(try Inflate.gunzip(both, limit: limit)) { error in
                XCTAssertEqual((error as? ArrowError)?.kind, .invalidFormat)
                XCTAssertTrue("\(error)".contains("output larger than \(limit) bytes"), "\(error)")
            }
        }
    }

    func testInflateRejectsGarbage() {
        XCTAssertThrowsError(try Inflate.gunzip([]))
        XCTAssertThrowsError(try Inflate.gunzip([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF]))
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let n = Int.random(in: 0..<64, using: &rng)
            let bytes = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? Inflate.gunzip(bytes)
            _ = try? Inflate.inflate(Array(bytes.dropFirst(10)))
        }
        // A stored block: "hi".
        XCTAssertEqual(try Inflate.inflate([0x01, 0x02, 0x00, 0xFD, 0xFF, 0x68, 0x69]), Array("hi".utf8))
    }
}
