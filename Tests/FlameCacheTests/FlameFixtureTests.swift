// swift-format-ignore-file: AlwaysUseLowerCamelCase
// (Decodable properties named as the JSON keys the Python side writes.)

import ArrowIPC
import ArrowTestSupport
import FlameCache
import Foundation
import XCTest

/// `Fixtures/flame/manifest.json`, written by `Fixtures/generate_flame.py`.
struct FlameManifest: Decodable {
    struct Case: Decodable {
        var name: String
        var kind: String
        var sha256: String
        /// Whether `flame reencode` must give the fixture's own bytes.
        var reencode_identical: Bool
        /// The `flame decode --json` document, as compact JSON text, computed in
        /// Python from what flamepy itself decodes.
        var expected: String
    }

    var cases: [Case]

    static var directory: URL { PythonRunner.packageRoot.appendingPathComponent("Fixtures/flame") }

    static func load() throws -> FlameManifest {
        try JSONDecoder().decode(FlameManifest.self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
    }
}

/// Every blob, object file and answer flamepy 0.6.0 (and the server's forms) made
/// decodes to the document flamepy's own decoding describes, and what flamepy
/// wrote re-encodes byte for byte.
final class FlameFixtureTests: XCTestCase {
    func testEveryFixtureDecodesToWhatFlamepyDecodes() throws {
        let manifest = try FlameManifest.load()
        XCTAssertGreaterThanOrEqual(manifest.cases.count, 70)
        var kinds: [String: Int] = [:]
        for c in manifest.cases {
            let path = FlameManifest.directory.appendingPathComponent(c.name).path
            do {
                let document = try FlameInput.read(path: path).jsonDocument()
                XCTAssertEqual(document, c.expected, c.name)
                kinds[c.kind, default: 0] += 1
            } catch {
                XCTFail("\(c.name): \(error)")
            }
        }
        print("flame fixtures decoded as flamepy decodes them: \(kinds)")
        XCTAssertEqual(kinds.values.reduce(0, +), manifest.cases.count)
    }

    func testWhatFlamepyWroteReencodesByteForByte() throws {
        var identical = 0
        for c in try FlameManifest.load().cases where c.reencode_identical {
            let url = FlameManifest.directory.appendingPathComponent(c.name)
            let original = Array(try Data(contentsOf: url))
            let again = try FlameInput.read(path: url.path).reencoded()
            if again == original { identical += 1 } else { XCTFail("\(c.name): re-encoded bytes differ (\(again.count) vs \(original.count))") }
        }
        print("flamepy fixtures re-encoded byte for byte: \(identical)")
        XCTAssertGreaterThan(identical, 60)
    }

    /// Object files written by us from Swift values equal flamepy's local storage files.
    func testObjectFilesWrittenFromSwiftEqualFlamepys() throws {
        let dir = FlameManifest.directory.appendingPathComponent("objects/app/session")
        // Opaque: the blob of the fixture's base, re-encoded, in a one-row file.
        let opaque = try FlameObjectFile.read(path: dir.appendingPathComponent("opaque_dict.arrow").path)
        let blob = try FlameBlobEncoder.encode(try XCTUnwrap(opaque.base))
        XCTAssertEqual(
            try FlameObjectFile.opaqueBytes(blob: blob, version: opaque.version),
            Array(try Data(contentsOf: dir.appendingPathComponent("opaque_dict.arrow"))))
        // Native: the user's table, tagged as flamepy tags it.
        let native = try FlameObjectFile.read(path: dir.appendingPathComponent("native_table.arrow").path)
        guard case .table(let schema, let batches) = try XCTUnwrap(native.base) else { return XCTFail("not a table") }
        XCTAssertNil(schema.metadata, "flame.cache.* keys are stripped from the user's schema")
        XCTAssertEqual(
            try FlameObjectFile.nativeBytes(schema: schema, batches: batches, logicalType: "pyarrow.table"),
            Array(try Data(contentsOf: dir.appendingPathComponent("native_table.arrow"))))
        let pandas = try FlameObjectFile.read(path: dir.appendingPathComponent("native_pandas.arrow").path)
        XCTAssertEqual(pandas.logicalType, "pandas.dataframe")
        guard case .table(let pandasSchema, _) = try XCTUnwrap(pandas.base) else { return XCTFail("not a table") }
        XCTAssertEqual(pandasSchema.metadata, [KeyValue("pandas", "{}")], "other keys are kept")
    }

    func testPatchesSortNumericallyAndTakeTheirVersions() throws {
        let dir = FlameManifest.directory.appendingPathComponent("objects/app/session")
        let patched = try FlameObjectFile.read(path: dir.appendingPathComponent("patched.arrow").path)
        XCTAssertEqual(patched.patches.map(\.version), (1...12).map { UInt64($0) })
        let server = try FlameObjectFile.read(path: dir.appendingPathComponent("server_opaque.arrow").path)
        XCTAssertEqual(server.version, 3)
        XCTAssertEqual(server.patches.map(\.version), [5, 9])
    }
}
