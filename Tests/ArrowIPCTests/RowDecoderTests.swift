import ArrowIPC
import ArrowTestSupport
import Foundation
import XCTest

/// `batch.decode(Row.self)` against the rows pyarrow itself reports: pyarrow writes
/// a stream and its `to_pylist()` as JSON; the JSON decoded with `JSONDecoder`
/// into the same Swift types must equal what our decoder reads from the stream.
final class RowDecoderTests: XCTestCase {
    struct Address: Codable, Equatable {
        var city: String
        var zip: Int32?
    }
    struct Friend: Codable, Equatable {
        var name: String
        var age: Int
    }
    struct Person: Codable, Equatable {
        var name: String
        var age: Int?
        var score: Double
        var ratio: Float
        var active: Bool
        var tags: [String]
        var scores: [Int16?]
        var address: Address?
        var attrs: [String: Int64]
        var born: Date
        var day: Date?
        var photo: Data?
        var raw: [UInt8]
        var category: String
        var friends: [Friend]
        var byId: [Int: String]
    }

    static let script = """
        import sys, json, datetime as dt, base64
        import pyarrow as pa
        out = sys.argv[1]
        utc = dt.timezone.utc
        rows = [
          dict(name="Ada", age=36, score=1.5, ratio=0.25, active=True, tags=["a", "b"], scores=[1, None, -3],
               address=dict(city="London", zip=None), attrs={"x": 1, "y": -2},
               born=dt.datetime(1815, 12, 10, 8, 30, 0, 123456, tzinfo=utc), day=dt.date(1843, 1, 1), photo=b"\\x00\\xff",
               raw=b"ab", category="math", friends=[dict(name="Charles", age=42)], byId={1: "one", 20: "twenty"}),
          dict(name="Grace", age=None, score=-0.0, ratio=3.5, active=False, tags=[], scores=[],
               address=None, attrs={}, born=dt.datetime(1906, 12, 9, tzinfo=utc), day=None, photo=None,
               raw=b"", category="navy", friends=[], byId={}),
          dict(name="Émilie", age=7, score=1e300, ratio=-1.0, active=True, tags=["ü", ""], scores=[None],
               address=dict(city="Paris", zip=75000), attrs={"only": 9223372036854775807},
               born=dt.datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=utc), day=dt.date(2000, 2, 29), photo=b"",
               raw=b"\\x01\\x02\\x03", category="math", friends=[dict(name="A", age=1), dict(name="B", age=300)], byId={-5: "minus"}),
        ]
        schema = pa.schema([
          ("name", pa.string()), ("age", pa.int64()), ("score", pa.float64()), ("ratio", pa.float32()),
          ("active", pa.bool_()), ("tags", pa.list_(pa.string())), ("scores", pa.large_list(pa.int16())),
          ("address", pa.struct([("city", pa.string()), ("zip", pa.int32())])),
          ("attrs", pa.map_(pa.string(), pa.int64())), ("born", pa.timestamp("us", tz="UTC")),
          ("day", pa.date32()), ("photo", pa.binary()), ("raw", pa.large_binary()),
          ("category", pa.dictionary(pa.int8(), pa.string())),
          ("friends", pa.list_(pa.struct([("name", pa.string()), ("age", pa.uint16())]))),
          ("byId", pa.map_(pa.int32(), pa.string())),
        ])
        table = pa.Table.from_pylist(rows, schema=schema)
        with pa.ipc.new_stream(out + "/people.stream", schema) as w:
            w.write_table(table, max_chunksize=2)
        def plain(v):
            if isinstance(v, dt.datetime): return (v - dt.datetime(1970, 1, 1, tzinfo=utc)) // dt.timedelta(microseconds=1)
            if isinstance(v, dt.date): return (v - dt.date(1970, 1, 1)).days * 86400 * 1000000
            if isinstance(v, bytes): return base64.b64encode(v).decode()
            if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
            if isinstance(v, list):
                if v and isinstance(v[0], tuple): return {str(k): plain(x) for k, x in v}
                return [plain(x) for x in v]
            return v
        back = pa.ipc.open_stream(open(out + "/people.stream", "rb").read()).read_all().to_pylist()
        rows = [plain(r) for r in back]
        for r in rows:
            r["raw"] = list(base64.b64decode(r["raw"]))
            for m in ("attrs", "byId"):
                if r[m] == []: r[m] = {}
        json.dump(rows, open(out + "/people.json", "w"))
        """

    func testRowsDecodeAsPyarrowReportsThem() throws {
        let python = try PythonRunner.requirePython()
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "rows")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try PythonRunner.run(python, arguments: ["-c", Self.script, dir.path], workDirectory: dir)
        XCTAssertEqual(run.status, 0, run.stderrText)
        let json = try Data(contentsOf: dir.appendingPathComponent("people.json"))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { d in
            Date(timeIntervalSince1970: Double(try d.singleValueContainer().decode(Int64.self)) / 1e6)
        }
        let expected = try decoder.decode([Person].self, from: json)
        XCTAssertEqual(expected.count, 3)

        let batches = try StreamReader(bytes: TestSupport.bytes(dir.appendingPathComponent("people.stream"))).readAll()
        XCTAssertEqual(batches.count, 2)
        var got: [Person] = []
        for b in batches { got += try b.decode(Person.self) }
        XCTAssertEqual(got.count, expected.count)
        for (g, e) in zip(got, expected) { XCTAssertEqual(g, e) }
        XCTAssertEqual(got.first?.born.timeIntervalSince1970, expected.first?.born.timeIntervalSince1970)

        // Errors name the row and the property path.
        struct NarrowFriend: Decodable {
            var name: String
            var age: UInt8
        }
        struct WithNarrowFriends: Decodable { var friends: [NarrowFriend] }
        XCTAssertNoThrow(try batches[0].decode(WithNarrowFriends.self))
        XCTAssertThrowsError(try batches[1].decode(WithNarrowFriends.self)) { error in
            let e = error as? ArrowError
            XCTAssertEqual(e?.fieldPath, "friends.1.age")
            XCTAssertTrue(e?.message.contains("300") ?? false, "\(String(describing: e))")
            XCTAssertTrue(e?.message.contains("row 0") ?? false, "\(String(describing: e))")
        }
        struct AgeRequired: Decodable { var age: Int }
        XCTAssertThrowsError(try batches[0].decode(AgeRequired.self)) { error in
            XCTAssertEqual((error as? ArrowError)?.fieldPath, "age")
            XCTAssertTrue((error as? ArrowError)?.message.contains("row 1") ?? false)
        }
        struct NameAsNumber: Decodable { var name: Int }
        XCTAssertThrowsError(try batches[0].decode(NameAsNumber.self)) { error in
            XCTAssertEqual((error as? ArrowError)?.fieldPath, "name")
        }
        struct Missing: Decodable { var nope: String }
        XCTAssertThrowsError(try batches[0].decode(Missing.self)) { error in
            XCTAssertEqual((error as? ArrowError)?.fieldPath, "nope")
        }
        struct CityOnly: Decodable, Equatable { var city: String }
        struct NestedRequired: Decodable { var address: CityOnly }
        XCTAssertThrowsError(try batches[0].decode(NestedRequired.self)) { error in
            XCTAssertEqual((error as? ArrowError)?.fieldPath, "address")
        }
    }

    /// What `RecordBatch(rows:)` encodes decodes back to the same values.
    func testEncodedRowsDecodeBack() throws {
        struct Inner: Codable, Equatable {
            var x: Double
            var label: String?
        }
        struct Row: Codable, Equatable {
            var id: Int
            var small: Int8
            var big: UInt64
            var ok: Bool?
            var text: String
            var inner: Inner
            var list: [Inner]
            var when: Date
            var blob: Data
            var maybe: [Int?]?
        }
        let rows = [
            Row(
                id: 1, small: -128, big: .max, ok: nil, text: "x", inner: Inner(x: 1, label: nil), list: [Inner(x: 2, label: "a")],
                when: Date(timeIntervalSince1970: 1_700_000_000.123456), blob: Data([1, 2]), maybe: [1, nil]),
            Row(
                id: -9, small: 127, big: 0, ok: true, text: "", inner: Inner(x: -0.5, label: "b"), list: [],
                when: Date(timeIntervalSince1970: -86_400), blob: Data(), maybe: nil),
        ]
        let batch = try RecordBatch(rows: rows)
        let back = try StreamReader(bytes: StreamWriter.bytes(schema: batch.schema, batches: [batch])).readAll()[0]
        let decoded = try back.decode(Row.self)
        XCTAssertEqual(decoded.count, 2)
        for (d, r) in zip(decoded, rows) {
            var expected = r
            // timestamp[us] keeps microseconds.
            expected.when = Date(timeIntervalSince1970: (r.when.timeIntervalSince1970 * 1e6).rounded() / 1e6)
            XCTAssertEqual(d, expected)
        }
    }
}
