import ArrowTestSupport
import Foundation
import XCTest

/// The `arrow-ipc` command line a new user meets: `--help` of every command,
/// one-line usage errors with exit status 2, and `cat` in its four formats
/// against pyarrow (run live) reading the same fixtures.
final class CommandLineTests: XCTestCase {
    private var work: URL!

    override func setUpWithError() throws {
        work = try PythonRunner.makeTemporaryDirectory(prefix: "cli")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    private func cli(_ arguments: [String]) throws -> PythonRunner.Output {
        try PythonRunner.run(try PythonRunner.cliExecutable(), arguments: arguments, workDirectory: work)
    }

    private func fixture(_ name: String, _ kind: String = "stream") -> String {
        Manifest.directory.appendingPathComponent("\(name).\(kind)").path
    }

    // MARK: help and usage errors

    /// Every command and the options its help must name.
    private static let commands: [([String], [String])] = [
        (["validate"], ["PATH"]),
        (["inspect"], ["PATH"]),
        (["cat"], ["--format", "table", "json", "jsonl", "csv", "--rows", "--all", "base64"]),
        (["stream-to-file"], ["--compression", "--level", "--progress", "--no-progress", "IN", "OUT"]),
        (["file-to-stream"], ["--compression", "--level", "--progress", "--no-progress", "IN", "OUT"]),
        (["flame"], ["decode", "reencode", "--json"]),
        (["flame", "decode"], ["--json", "PATH"]),
        (["flame", "reencode"], ["IN", "OUT"]),
        (["integration"], ["--mode", "--arrow", "--json", "VALIDATE", "ARROW_TO_JSON", "JSON_TO_ARROW"]),
    ]

    func testEveryCommandHasHelp() throws {
        for (words, options) in Self.commands {
            let name = words.joined(separator: " ")
            var texts: [String] = []
            for arguments in [words + ["--help"], words + ["-h"], ["help"] + words] {
                let out = try cli(arguments)
                XCTAssertEqual(out.status, 0, "\(arguments): \(out.stderrText)")
                XCTAssertEqual(out.stderrText, "", "\(arguments)")
                let text = out.stdoutText
                XCTAssertTrue(text.hasPrefix("usage: arrow-ipc \(name)"), "\(arguments): \(text)")
                for option in options { XCTAssertTrue(text.contains(option), "\(name) help does not mention \(option)") }
                XCTAssertTrue(text.contains("example"), "\(name) help has no example")
                XCTAssertTrue(text.contains("exit status"), "\(name) help has no exit status")
                texts.append(text)
            }
            XCTAssertEqual(Set(texts).count, 1, "\(name): --help, -h and help \(name) differ")
        }
        let top = try cli(["--help"])
        XCTAssertEqual(top.status, 0)
        for (words, _) in Self.commands where words.count == 1 { XCTAssertTrue(top.stdoutText.contains(words[0]), words[0]) }
    }

    func testUsageErrorsAreOneLineAndExitTwo() throws {
        let path = fixture("integers")
        let cases: [([String], String)] = [
            (["validate"], "validate"),
            (["validate", path, path], "validate"),
            (["validate", "--bogus", path], "validate"),
            (["inspect"], "inspect"),
            (["inspect", "-x", path], "inspect"),
            (["cat"], "cat"),
            (["cat", "--format", "xml", path], "cat"),
            (["cat", "--rows", "-3", path], "cat"),
            (["cat", "--rows", "many", path], "cat"),
            (["cat", "--rows", "3", "--all", path], "cat"),
            (["cat", path, "--format"], "cat"),
            (["stream-to-file", path], "stream-to-file"),
            (["stream-to-file", "--compression", "gzip", path, "out"], "stream-to-file"),
            (["file-to-stream", "--level", "high", path, "out"], "file-to-stream"),
            (["file-to-stream", "--bogus", path, "out"], "file-to-stream"),
            (["flame", "decode"], "flame decode"),
            (["flame", "decode", "--yaml", path], "flame decode"),
            (["flame", "reencode", path], "flame reencode"),
            (["flame", "explode"], "flame"),
            (["integration", "--mode", "VALIDATE"], "integration"),
            (["integration", "--mode", "NOPE", "--arrow", path, "--json", path], "integration"),
            (["integration", "--colour", "red"], "integration"),
        ]
        for (arguments, command) in cases {
            let out = try cli(arguments)
            XCTAssertEqual(out.status, 2, "\(arguments): \(out.stderrText)")
            XCTAssertEqual(out.stdoutText, "", "\(arguments)")
            let lines = out.stderrText.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(lines.count, 2, "\(arguments): one line and its newline: \(out.stderrText)")
            XCTAssertTrue(out.stderrText.contains("see `arrow-ipc \(command) --help`"), "\(arguments): \(out.stderrText)")
        }
        let unknown = try cli(["frobnicate"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderrText.split(separator: "\n").count, 1, unknown.stderrText)
    }

    // MARK: cat against pyarrow

    /// Fixtures read by `cat` and by pyarrow; `structs` and `duplicate_field_names`
    /// are left out because a JSON object cannot hold two members of one name the
    /// way pyarrow's dict cannot either, `intervals` and `extension_types` because
    /// `to_pylist` has no plain form for them.
    private static let jsonFixtures = [
        "null", "bool", "integers", "floats", "decimals", "dates_times", "timestamps", "durations",
        "binary_and_strings", "binary_views", "lists", "list_views", "maps", "unions", "dictionaries",
        "nested_dictionaries", "dictionary_replacement", "dictionary_delta", "run_end_encoded",
        "custom_metadata", "sliced_table", "sliced_arrays", "empty_table", "zero_length_batches",
        "multiple_batches", "legacy_format_v4", "large_1000_rows",
    ]

    /// pyarrow's values in the forms `arrow-ipc cat --help` documents: NaN and
    /// infinities as null, decimals as exact text, dates, times and timestamps as
    /// ISO-8601 text (timestamps: pyarrow's cast to string with `T`, `Z` after a
    /// zoned one; dates and times: numpy's; years outside 1..9999 as the stored
    /// integer), durations as integers, binary as base64,
    /// maps as [key, value] pairs, dictionary, union and run-end values as the
    /// value they stand for. One JSON object per row and line.
    private static let pyarrowRows = #"""
        import base64, json, math, sys
        import numpy as np
        import pyarrow as pa, pyarrow.ipc as ipc, pyarrow.types as t

        def calendar(value, unit):
            if value == np.iinfo(np.int64).min:
                return None
            d = np.datetime64(value, unit)
            year = int(d.astype('datetime64[Y]').astype(np.int64)) + 1970
            return d if 1 <= year <= 9999 else None

        def norm(s, typ):
            if t.is_union(typ):
                v = s.value
                return None if v is None else norm(v, v.type)
            if t.is_dictionary(typ):
                return norm(s.value, typ.value_type) if s.is_valid else None
            if t.is_run_end_encoded(typ):
                return norm(s.value, typ.value_type)
            if not s.is_valid or t.is_null(typ):
                return None
            if t.is_floating(typ):
                f = s.as_py()
                return f if math.isfinite(f) else None
            if t.is_decimal(typ):
                return format(s.as_py(), 'f')
            if t.is_timestamp(typ):
                # numpy's NaT is the smallest int64: its neighbour has the same year.
                probe = s.value + 1 if s.value == np.iinfo(np.int64).min else s.value
                if calendar(probe, typ.unit) is None:
                    return s.value
                # Zoned values are instants, shown in UTC.
                utc = s.cast(pa.timestamp(typ.unit, 'UTC')) if typ.tz else s
                return utc.cast(pa.string()).as_py().replace(' ', 'T', 1)
            if t.is_date32(typ) or t.is_date64(typ):
                d = calendar(s.value, 'D' if t.is_date32(typ) else 'ms')
                return s.value if d is None else str(d.astype('datetime64[D]'))
            if t.is_time(typ):
                per = {'s': 1, 'ms': 10**3, 'us': 10**6, 'ns': 10**9}[typ.unit]
                if not 0 <= s.value < 86400 * per:
                    return s.value
                return np.datetime_as_string(np.datetime64(s.value, typ.unit), unit=typ.unit).split('T')[1]
            if t.is_duration(typ):
                return s.value
            if t.is_binary(typ) or t.is_large_binary(typ) or t.is_fixed_size_binary(typ) or t.is_binary_view(typ):
                return base64.b64encode(s.as_py()).decode()
            if t.is_map(typ):
                return [[norm(e[0], typ.key_type), norm(e[1], typ.item_type)] for e in s.values]
            if t.is_list(typ) or t.is_large_list(typ) or t.is_fixed_size_list(typ) or t.is_list_view(typ) or t.is_large_list_view(typ):
                return [norm(x, typ.value_type) for x in s.values]
            if t.is_struct(typ):
                return {typ.field(i).name: norm(s[i], typ.field(i).type) for i in range(typ.num_fields)}
            return s.as_py()

        path = sys.argv[1]
        data = open(path, 'rb').read()
        # A Flame table, array or record batch blob is FLM, a kind byte, then an IPC stream.
        reader = ipc.open_stream(data[4:]) if data[:3] == b'FLM' else ipc.open_file(path) if data[:6] == b'ARROW1' else ipc.open_stream(path)
        batches = [reader.get_batch(i) for i in range(reader.num_record_batches)] if hasattr(reader, 'get_batch') else list(reader)
        for b in batches:
            for r in range(b.num_rows):
                row = {f.name: norm(b.column(j)[r], f.type) for j, f in enumerate(b.schema)}
                print(json.dumps(row, ensure_ascii=False))
        """#

    private func pyarrow(_ script: String, _ arguments: [String]) throws -> String {
        let python = try PythonRunner.requirePython()
        let out = try PythonRunner.run(python, arguments: ["-c", script] + arguments, workDirectory: work)
        guard out.status == 0 else { throw PythonFailed(message: out.stderrText) }
        return out.stdoutText
    }

    private func parsedLines(_ text: String) throws -> [NSObject] {
        try text.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]) as? NSObject, String(line))
        }
    }

    func testCatJSONLinesAndJSONMatchPyarrow() throws {
        var rows = 0
        let manifest = try Manifest.load()
        for name in Self.jsonFixtures {
            let c = try XCTUnwrap(manifest.cases.first { $0.name == name }, name)
            for (kind, url) in [("stream", c.url("stream")), ("file", c.url("file"))] {
                guard let path = url?.path else { continue }
                let expected = try parsedLines(try pyarrow(Self.pyarrowRows, [path]))
                let lines = try cli(["cat", "--format", "jsonl", "--all", path])
                XCTAssertEqual(lines.status, 0, "\(name).\(kind): \(lines.stderrText)")
                XCTAssertEqual(lines.stderrText, "")
                let ours = try parsedLines(lines.stdoutText)
                XCTAssertEqual(ours.count, expected.count, "\(name).\(kind) rows")
                for (k, (a, b)) in zip(ours, expected).enumerated() {
                    XCTAssertEqual(a, b, "\(name).\(kind) row \(k)")
                }
                // --format json: the same rows in one array.
                let array = try cli(["cat", "--format", "json", "--all", path])
                XCTAssertEqual(array.status, 0, array.stderrText)
                let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: array.stdout) as? [NSObject], "\(name) json")
                XCTAssertEqual(parsed, expected, "\(name).\(kind) json")
                rows += ours.count
            }
        }
        XCTAssertGreaterThan(rows, 2000)
    }

    /// Flame blobs holding a table, record batch or array print like IPC input;
    /// other blobs are refused in one line.
    func testCatReadsFlameTableBlobs() throws {
        let blobs = PythonRunner.packageRoot.appendingPathComponent("Fixtures/flame/blobs")
        for name in ["table", "table_chunked", "table_empty", "record_batch", "array_struct", "array_list", "array_ree"] {
            let path = blobs.appendingPathComponent("\(name).blob").path
            let expected = try parsedLines(try pyarrow(Self.pyarrowRows, [path]))
            let out = try cli(["cat", "--format", "jsonl", "--all", path])
            XCTAssertEqual(out.status, 0, "\(name): \(out.stderrText)")
            XCTAssertEqual(try parsedLines(out.stdoutText), expected, name)
        }
        for name in ["np_int8_1d", "pickle_dict"] {
            let out = try cli(["cat", blobs.appendingPathComponent("\(name).blob").path])
            XCTAssertEqual(out.status, 1, name)
            XCTAssertEqual(out.stderrText.split(separator: "\n").count, 1, out.stderrText)
        }
    }

    /// `inspect` of a Flame blob prints the blob's summary, with the row count
    /// pyarrow reads from the blob's stream, instead of an IPC error.
    func testInspectSummarizesFlameBlobs() throws {
        let blobs = PythonRunner.packageRoot.appendingPathComponent("Fixtures/flame/blobs")
        for name in ["table", "table_chunked", "record_batch"] {
            let path = blobs.appendingPathComponent("\(name).blob").path
            let rows = try parsedLines(try pyarrow(Self.pyarrowRows, [path])).count
            let out = try cli(["inspect", path])
            XCTAssertEqual(out.status, 0, out.stderrText)
            XCTAssertTrue(out.stdoutText.contains("Flame cache blob"), out.stdoutText)
            XCTAssertTrue(out.stdoutText.contains("\(rows) rows"), "\(name): \(rows) rows in \(out.stdoutText)")
        }
        let bad = work.appendingPathComponent("bad.blob")
        try Data(Array("FLM".utf8) + [9, 1, 2]).write(to: bad)
        let out = try cli(["inspect", bad.path])
        XCTAssertEqual(out.status, 1)
        XCTAssertEqual(out.stdoutText, "")
        XCTAssertEqual(out.stderrText.split(separator: "\n").count, 1, out.stderrText)
    }

    func testCatRowsLimitsTheOutput() throws {
        let path = fixture("large_1000_rows")
        let all = try parsedLines(try pyarrow(Self.pyarrowRows, [path]))
        for (arguments, count) in [([String](), 10), (["--rows", "0"], 0), (["--rows", "3"], 3), (["--rows", "999"], 999), (["--rows", "5000"], 1000)] {
            let out = try cli(["cat", "--format", "jsonl"] + arguments + [path])
            XCTAssertEqual(out.status, 0, out.stderrText)
            XCTAssertEqual(try parsedLines(out.stdoutText), Array(all.prefix(count)), "\(arguments)")
        }
        // Across batch boundaries: 4 batches of 5, 0, 4 and 1 rows.
        let batches = fixture("multiple_batches", "arrow_file")
        let expected = try parsedLines(try pyarrow(Self.pyarrowRows, [batches]))
        for n in 0...10 {
            let out = try cli(["cat", "--format", "jsonl", "--rows", "\(n)", batches])
            XCTAssertEqual(try parsedLines(out.stdoutText), Array(expected.prefix(n)), "--rows \(n)")
        }
    }

    /// `write_csv` output read back with Python's csv module, and ours likewise:
    /// each field equal as text or, for floats and decimals, as a number.
    private static let csvRows = #"""
        import csv, io, json, sys
        import pyarrow.ipc as ipc, pyarrow.csv as pcsv
        table = ipc.open_stream(sys.argv[1]).read_all()
        out = io.BytesIO()
        pcsv.write_csv(table, out)
        expected = list(csv.reader(io.StringIO(out.getvalue().decode())))
        ours = list(csv.reader(io.StringIO(open(sys.argv[2], newline='').read())))
        def same(a, b):
            if a == b:
                return True
            try:
                x, y = float(a), float(b)
            except ValueError:
                return False
            return x == y or (x != x and y != y)
        problems = []
        if len(expected) != len(ours):
            problems.append('rows: pyarrow %d, ours %d' % (len(expected), len(ours)))
        for r, (e, o) in enumerate(zip(expected, ours)):
            if len(e) != len(o) or not all(same(a, b) for a, b in zip(e, o)):
                problems.append('row %d: pyarrow %r, ours %r' % (r, e, o))
        print(json.dumps({'rows': len(expected), 'problems': problems}))
        """#

    func testCatCSVMatchesPyarrowWriteCSV() throws {
        var rows = 0
        for name in ["bool", "integers", "floats", "decimals", "dates_times", "durations"] {
            let path = fixture(name)
            let out = try cli(["cat", "--format", "csv", "--all", path])
            XCTAssertEqual(out.status, 0, out.stderrText)
            XCTAssertTrue(out.stdoutText.contains("\r\n"), "RFC 4180 line ends")
            let ours = work.appendingPathComponent("\(name).csv")
            try out.stdout.write(to: ours)
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try pyarrow(Self.csvRows, [path, ours.path]).utf8)) as? [String: Any])
            XCTAssertEqual(report["problems"] as? [String], [], name)
            rows += report["rows"] as? Int ?? 0
        }
        XCTAssertGreaterThan(rows, 40)
    }

    /// Strings that need quoting, null against the empty string, nested values as
    /// JSON text: read back by Python's csv module next to pyarrow's values.
    func testCatCSVQuotesAndNulls() throws {
        let path = fixture("binary_and_strings")
        let out = try cli(["cat", "--format", "csv", "--all", path])
        XCTAssertEqual(out.status, 0, out.stderrText)
        let ours = work.appendingPathComponent("strings.csv")
        try out.stdout.write(to: ours)
        let script = #"""
            import csv, json, sys
            import pyarrow.ipc as ipc
            table = ipc.open_stream(sys.argv[1]).read_all()
            text = open(sys.argv[2], newline='').read()
            rows = list(csv.reader(text.splitlines(keepends=True)))
            problems = []
            if rows[0] != table.column_names:
                problems.append('header %r' % rows[0])
            for name in ['utf8', 'utf8_nonnullable', 'large_utf8']:
                col = rows[0].index(name)
                for r, v in enumerate(table.column(name).to_pylist()):
                    # A null is an empty field, the empty string a quoted one.
                    if v is None and rows[r + 1][col] != '':
                        problems.append('%s row %d: %r for null' % (name, r, rows[r + 1][col]))
                    elif v is not None and rows[r + 1][col] != v:
                        problems.append('%s row %d: %r, not %r' % (name, r, rows[r + 1][col], v))
            nulls = sum(1 for v in table.column('utf8').to_pylist() if v is None)
            empties = sum(1 for v in table.column('utf8').to_pylist() if v == '')
            print(json.dumps({'problems': problems, 'nulls': nulls, 'empties': empties}))
            """#
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try pyarrow(script, [path, ours.path]).utf8)) as? [String: Any])
        XCTAssertEqual(report["problems"] as? [String], [])
        XCTAssertGreaterThan(report["nulls"] as? Int ?? 0, 0)
        XCTAssertGreaterThan(report["empties"] as? Int ?? 0, 0)
        XCTAssertTrue(out.stdoutText.contains(",\"\","), "an empty string is a quoted empty field")
    }

    /// For types whose layout pyarrow prints value by value, `cat --all` equals
    /// `print(table)` byte for byte.
    func testCatTableEqualsPyarrowPrint() throws {
        let script = #"""
            import sys
            import pyarrow.ipc as ipc
            print(ipc.open_stream(sys.argv[1]).read_all())
            """#
        for name in ["bool", "floats", "dates_times", "durations", "binary_views"] {
            let path = fixture(name)
            let out = try cli(["cat", "--all", path])
            XCTAssertEqual(out.status, 0, out.stderrText)
            XCTAssertEqual(out.stdoutText, try pyarrow(script, [path]), name)
        }
        // With fewer rows than the file has: the first rows and a count of the rest.
        let limited = try cli(["cat", "--rows", "3", fixture("large_1000_rows")])
        XCTAssertEqual(limited.status, 0, limited.stderrText)
        XCTAssertTrue(limited.stdoutText.hasPrefix("pyarrow.Table\nid: int64 not null\n"), limited.stdoutText)
        XCTAssertTrue(limited.stdoutText.contains("\nid: [[0,1,2]]\n"), limited.stdoutText)
        XCTAssertTrue(limited.stdoutText.contains("(3 of 1000 rows shown; 997 more"), limited.stdoutText)
    }

    // MARK: malformed input

    func testCatOnHostileInputEndsInOneLine() throws {
        let dir = HostileInputTests.sharedDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else {
            throw XCTSkip("no shared hostile inputs at \(dir.path)")
        }
        var refused = 0
        for name in names.sorted() where name.hasSuffix(".arrow") {
            for format in ["table", "json", "jsonl", "csv"] {
                let out = try cli(["cat", "--format", format, "--all", dir.appendingPathComponent(name).path])
                XCTAssertTrue(out.status == 0 || out.status == 1, "\(name) \(format): status \(out.status)")
                let lines = out.stderrText.split(separator: "\n")
                if out.status == 1 {
                    refused += 1
                    XCTAssertEqual(lines.count, 1, "\(name) \(format): \(out.stderrText)")
                    XCTAssertTrue(out.stderrText.hasPrefix("error: "), out.stderrText)
                } else {
                    XCTAssertEqual(lines.count, 0, "\(name) \(format): \(out.stderrText)")
                }
            }
        }
        XCTAssertGreaterThan(refused, 8)
        // A truncated stream: the rows before the cut, then one line.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture("multiple_batches")))
        let cut = work.appendingPathComponent("cut.stream")
        try bytes.prefix(bytes.count - 100).write(to: cut)
        let out = try cli(["cat", "--format", "jsonl", "--all", cut.path])
        XCTAssertEqual(out.status, 1, out.stdoutText)
        XCTAssertEqual(out.stderrText.split(separator: "\n").count, 1, out.stderrText)
        // The first rows need only the first batch: the damage after it is not read.
        let expected = try parsedLines(try pyarrow(Self.pyarrowRows, [fixture("multiple_batches")]))
        let first = try cli(["cat", "--format", "jsonl", "--rows", "3", cut.path])
        XCTAssertEqual(first.status, 0, first.stderrText)
        XCTAssertEqual(try parsedLines(first.stdoutText), Array(expected.prefix(3)))
        let missing = try cli(["cat", work.appendingPathComponent("absent").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderrText.split(separator: "\n").count, 1, missing.stderrText)
    }

    /// Conversions never draw a progress line when stderr is not a terminal.
    func testConversionsKeepStderrCleanWhenNotATerminal() throws {
        let out = try cli(["stream-to-file", fixture("large_1000_rows"), work.appendingPathComponent("o.arrow").path])
        XCTAssertEqual(out.status, 0, out.stderrText)
        XCTAssertEqual(out.stderrText, "")
        let back = try cli(["file-to-stream", work.appendingPathComponent("o.arrow").path, work.appendingPathComponent("o.stream").path])
        XCTAssertEqual(back.status, 0, back.stderrText)
        XCTAssertEqual(back.stderrText, "")
        let forced = try cli(["file-to-stream", "--progress", fixture("multiple_batches", "arrow_file"), work.appendingPathComponent("p.stream").path])
        XCTAssertEqual(forced.status, 0, forced.stderrText)
        XCTAssertTrue(forced.stderrText.contains("4 batches, 10 rows"), forced.stderrText)
        // The line changes nothing in the output.
        let quiet = try cli(["file-to-stream", fixture("multiple_batches", "arrow_file"), work.appendingPathComponent("q.stream").path])
        XCTAssertEqual(quiet.stderrText, "")
        XCTAssertEqual(try Data(contentsOf: work.appendingPathComponent("p.stream")), try Data(contentsOf: work.appendingPathComponent("q.stream")))
    }
}

private struct PythonFailed: Error {
    var message: String
}
