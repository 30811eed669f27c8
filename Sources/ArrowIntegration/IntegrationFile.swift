import ArrowIPC
import ArrowMemory

/// The contents of an Arrow integration JSON file (or of an IPC file seen the
/// same way): schema, record batches and dictionaries by id.
///
/// Built from JSON, dictionary-encoded columns (also nested ones) have
/// `dictionary` set to the JSON dictionary with their field's id.
public struct IntegrationFile: Sendable {
    /// The schema every batch follows.
    public var schema: Schema
    /// The record batches, in order.
    public var batches: [RecordBatch]
    /// Dictionary values by dictionary id: the final state after all deltas
    /// and replacements.
    public var dictionaries: [Int64: ArrayData]

    /// Wraps the parts as they are; nothing is validated.
    ///
    /// - Parameters:
    ///   - schema: The schema.
    ///   - batches: The record batches.
    ///   - dictionaries: Dictionary values by id (default none).
    public init(schema: Schema, batches: [RecordBatch], dictionaries: [Int64: ArrayData] = [:]) {
        self.schema = schema
        self.batches = batches
        self.dictionaries = dictionaries
    }

    /// Parses integration JSON text.
    ///
    /// - Parameter bytes: The UTF-8 JSON document.
    /// - Throws: `ArrowError` with kind `.invalidFormat` for malformed JSON
    ///   (with the byte offset) and for everything `init(json:)` refuses.
    /// - Complexity: O(n) in the document size.
    public init(json bytes: [UInt8]) throws(ArrowError) {
        try self.init(json: try JSONValue(parsing: bytes))
    }

    /// Reads a parsed integration JSON document.
    ///
    /// Also reads this project's `beforeBatch`/`isDelta` dictionary entries,
    /// which replace or extend a dictionary before a given batch.
    ///
    /// - Parameter json: The parsed document.
    /// - Throws: `ArrowError` with kind `.invalidFormat` (message `integration
    ///   JSON: ...`, with the field path and batch index) when a member is
    ///   missing or of the wrong JSON type, a type or unit is unknown, counts
    ///   disagree, a value does not fit its type, a dictionary is missing,
    ///   repeated or contains itself, or nesting exceeds 64; `.unsupported` when
    ///   a dictionary delta is of a type that cannot be concatenated, and
    ///   `.invalidData` when the concatenated delta overflows its offsets.
    /// - Complexity: O(n) in the number of values.
    public init(json: JSONValue) throws(ArrowError) {
        guard case .object = json else { throw IntegrationJSON.error("document is not an object") }
        let schema = try IntegrationJSON.schema(from: try json.member("schema", in: "document"))
        var reader = ColumnReader(schema: schema)
        var sequenced: [(beforeBatch: Int, id: Int64, isDelta: Bool, data: JSONValue)] = []
        if let d = json["dictionaries"], !d.isNull {
            guard let list = d.arrayValue else { throw IntegrationJSON.error("'dictionaries' is not an array") }
            for entry in list {
                let id = try entry.int("id", in: "dictionary")
                let data = try entry.member("data", in: "dictionary \(id)")
                if entry["beforeBatch"] != nil {
                    // Extension used by Fixtures/generate.py for streams whose dictionaries
                    // change: one entry per dictionary message, applied before batch
                    // `beforeBatch`, replacing the dictionary or (isDelta) appending to it.
                    let before = try entry.int("beforeBatch", in: "dictionary \(id)")
                    sequenced.append((Int(before), id, entry["isDelta"]?.boolValue ?? false, data))
                    continue
                }
                guard reader.dictionaryJSON[id] == nil else { throw IntegrationJSON.error("dictionary \(id) appears twice") }
                reader.dictionaryJSON[id] = data
            }
        }
        var batches: [RecordBatch] = []
        for (b, batch) in try json.array("batches", in: "document").enumerated() {
            for s in sequenced where s.beforeBatch == b {
                if s.isDelta {
                    let existing = try reader.dictionary(s.id, depth: 0)
                    reader.dictionaries[s.id] = nil
                    reader.dictionaryJSON[s.id] = s.data
                    let delta = try reader.dictionary(s.id, depth: 0)
                    reader.dictionaries[s.id] = try ArrayData.concatenating([existing, delta])
                } else {
                    reader.dictionaries[s.id] = nil
                    reader.dictionaryJSON[s.id] = s.data
                }
            }
            do throws(ArrowError) {
                let count = try ColumnReader.count(batch, in: "batch")
                let columns = try batch.array("columns", in: "batch")
                guard columns.count == schema.fields.count else {
                    throw IntegrationJSON.error("batch has \(columns.count) columns, schema has \(schema.fields.count) fields")
                }
                var arrays: [ArrayData] = []
                for (field, column) in zip(schema.fields, columns) {
                    do throws(ArrowError) {
                        let a = try reader.read(field, column, depth: 0)
                        guard a.length == count else {
                            throw IntegrationJSON.error("column has \(a.length) values, batch has \(count) rows")
                        }
                        arrays.append(a)
                    } catch {
                        throw error.inFieldPath(field.name)
                    }
                }
                batches.append(RecordBatch(schema: schema, length: count, columns: arrays))
            } catch {
                var e = error
                if e.messageIndex == nil { e.messageIndex = b }
                throw e
            }
        }
        // Dictionaries nobody referenced while reading the batches.
        for id in reader.dictionaryJSON.keys.sorted() where reader.dictionaries[id] == nil {
            if reader.valueTypes[id] != nil { _ = try reader.dictionary(id, depth: 0) }
        }
        self.init(schema: schema, batches: batches, dictionaries: reader.dictionaries)
    }

    /// The schema, batches and dictionaries of an IPC file or stream. For a
    /// stream, `dictionaries` are the ones after the last message.
    ///
    /// Dictionaries reachable only through the batches' columns are added too.
    /// The arrays are shared, not copied.
    ///
    /// - Parameter contents: What an IPC reader returned.
    /// - Complexity: O(c) in the number of columns and nested children.
    public init(contents: IPCContents) {
        var dictionaries = contents.dictionaries
        // Ids only seen on the batches' columns.
        func collect(_ array: ArrayData, _ field: Field, depth: Int) {
            guard depth < ArrowFormat.maxNestingDepth else { return }
            if let id = field.dictionaryId, dictionaries[id] == nil, let d = array.dictionary {
                dictionaries[id] = d
            }
            if case .dictionary(_, let valueType, _) = field.type, let d = array.dictionary {
                for (f, c) in zip(valueType.children, d.children) { collect(c, f, depth: depth + 1) }
            } else {
                for (f, c) in zip(field.type.children, array.children) { collect(c, f, depth: depth + 1) }
            }
        }
        for batch in contents.batches {
            for (f, c) in zip(contents.schema.fields, batch.columns) { collect(c, f, depth: 0) }
        }
        self.init(schema: contents.schema, batches: contents.batches, dictionaries: dictionaries)
    }

    /// Reads an integration JSON file (`.json`, or `.json.gz` which is inflated in memory).
    ///
    /// Gzip is recognised by its magic bytes, not the file name.
    ///
    /// - Parameter path: The file's path.
    /// - Throws: `ArrowError` with kind `.io` when the file cannot be read,
    ///   `.invalidFormat` for corrupt gzip data (or more than 1 GiB inflated)
    ///   and in the cases of `init(json:)`.
    /// - Complexity: O(n) in the file size (plus inflated size).
    public init(jsonPath path: String) throws(ArrowError) {
        let storage: ByteStorage
        do { storage = try ByteStorage.readFile(atPath: path) } catch {
            throw ArrowError(.io, "\(error)")
        }
        var bytes = ArrowBuffer(storage: storage).bytes
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B {
            bytes = try Inflate.gunzip(bytes)
        }
        try self.init(json: bytes)
    }

    /// The integration JSON document: `schema`, `dictionaries` (when there are
    /// any) and `batches`, printing only logical values (offsets start at 0,
    /// slices are resolved, null slots print as 0 or empty).
    ///
    /// Every column and dictionary is fully validated first.
    ///
    /// - Parameter maxSlots: The most array slots the document may render
    ///   (default `defaultMaxSlots`), so a small input cannot make a huge document.
    /// - Returns: The document as a `JSONValue`.
    /// - Throws: `ArrowError` from `ArrayData.validate(_:)` when an array is
    ///   invalid (kind `.invalidData`), `.invalidData` when the slots exceed
    ///   `maxSlots`, a child is missing or a dictionary index type is not an
    ///   integer, `.invalidArgument` when arrays nest deeper than 64; each with
    ///   the field path and batch index.
    /// - Complexity: O(n) in the number of values.
    public func json(maxSlots: Int = IntegrationFile.defaultMaxSlots) throws(ArrowError) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("schema", IntegrationJSON.json(schema: schema))]
        var writer = ColumnWriter(maxSlots: maxSlots)
        var out: [JSONValue] = []
        for (b, batch) in batches.enumerated() {
            var columns: [JSONValue] = []
            for (field, column) in zip(schema.fields, batch.columns) {
                do throws(ArrowError) {
                    try column.validate(.full)
                    columns.append(try writer.write(field, column, depth: 0))
                } catch {
                    var e = error.inFieldPath(field.name)
                    e.messageIndex = b
                    throw e
                }
            }
            out.append(.object([("count", .int(batch.length)), ("columns", .array(columns))]))
        }
        let valueFields = IntegrationFile.dictionaryValueFields(schema)
        var dicts: [JSONValue] = []
        for id in valueFields.keys.sorted() {
            guard let valueType = valueFields[id], let d = dictionaries[id] else { continue }
            let field = Field("DICT\(id)", valueType, nullable: true)
            do throws(ArrowError) {
                try d.validate(.full)
                let column = try writer.write(field, d, depth: 0)
                dicts.append(
                    .object([
                        ("id", .int(id)),
                        ("data", .object([("count", .int(d.length)), ("columns", .array([column]))])),
                    ]))
            } catch {
                throw error.inFieldPath("dictionary \(id)")
            }
        }
        if !dicts.isEmpty { members.append(("dictionaries", .array(dicts))) }
        members.append(("batches", .array(out)))
        return .object(members)
    }

    /// Array slots (each element of each array, children and dictionaries included)
    /// one document may render: 2^22, about 4 million values (some 100 MB of
    /// JSON values in memory), far beyond the integration corpus.
    public static let defaultMaxSlots = 1 << 22

    /// `json()` printed as indented JSON text.
    ///
    /// - Parameter maxSlots: As for `json(maxSlots:)`.
    /// - Returns: UTF-8 JSON indented by 2 spaces, ending in a newline.
    /// - Throws: `ArrowError` in the cases of `json(maxSlots:)`.
    /// - Complexity: O(n) in the number of values.
    public func jsonBytes(maxSlots: Int = IntegrationFile.defaultMaxSlots) throws(ArrowError) -> [UInt8] {
        var bytes = try json(maxSlots: maxSlots).serialized(indent: 2)
        bytes.append(0x0A)
        return bytes
    }

    /// The value type of every dictionary id used in `schema` (first use wins).
    static func dictionaryValueFields(_ schema: Schema) -> [Int64: ArrowType] {
        var out: [Int64: ArrowType] = [:]
        func walk(_ f: Field, depth: Int) {
            guard depth < ArrowFormat.maxNestingDepth else { return }
            if case .dictionary(_, let value, _) = f.type, let id = f.dictionaryId, out[id] == nil {
                out[id] = value
            }
            for c in f.type.children { walk(c, depth: depth + 1) }
        }
        for f in schema.fields { walk(f, depth: 0) }
        return out
    }
}

extension ArrowError {
    func inFieldPath(_ name: String) -> ArrowError {
        var e = self
        e.fieldPath = e.fieldPath.map { "\(name).\($0)" } ?? name
        return e
    }
}
