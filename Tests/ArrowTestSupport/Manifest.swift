// swift-format-ignore-file: AlwaysUseLowerCamelCase
// (Decodable properties named as the JSON keys the Python side writes.)

import Foundation

/// `Fixtures/ipc/manifest.json`, written by `Fixtures/generate.py`.
public struct Manifest: Decodable, Sendable {
    public struct FileEntry: Decodable, Sendable {
        public var path: String
    }

    public struct Options: Decodable, Sendable {
        public var metadata_version: String
        public var use_legacy_format: Bool
        public var emit_dictionary_deltas: Bool?
    }

    public struct FieldEntry: Decodable, Sendable {
        public var name: String
        public var type: String
        public var nullable: Bool
    }

    public struct Case: Decodable, Sendable {
        public var name: String
        /// "stream", "file", "json"; a kind pyarrow could not write is null.
        public var files: [String: FileEntry?]
        public var writer_options: Options
        public var num_batches: Int
        public var num_rows: Int
        public var fields: [FieldEntry]

        /// The fixture file of `kind`, if pyarrow wrote one.
        public func url(_ kind: String) -> URL? {
            guard let entry = files[kind] ?? nil else { return nil }
            return Manifest.directory.appendingPathComponent(entry.path)
        }
    }

    public var cases: [Case]

    /// `Fixtures/ipc`.
    public static var directory: URL { PythonRunner.packageRoot.appendingPathComponent("Fixtures/ipc") }

    public static func load() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
    }
}
