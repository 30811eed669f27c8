import Foundation

/// `Fixtures/ipc/manifest.json`, written by `Fixtures/generate.py`.
struct Manifest: Decodable {
    struct FileEntry: Decodable {
        var path: String
    }

    struct Options: Decodable {
        var metadata_version: String
        var use_legacy_format: Bool
        var emit_dictionary_deltas: Bool?
    }

    struct FieldEntry: Decodable {
        var name: String
        var type: String
        var nullable: Bool
    }

    struct Case: Decodable {
        var name: String
        var files: [String: FileEntry?]
        var writer_options: Options
        var num_batches: Int
        var num_rows: Int
        var fields: [FieldEntry]
    }

    var cases: [Case]

    static func load() throws -> Manifest {
        let url = TestSupport.fixtureDirectory.appendingPathComponent("manifest.json")
        return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url))
    }
}
