import ArrowIPC

/// One patch of a cached object: its version and its decoded value.
public struct FlamePatch: Sendable {
    /// The patch's version; versions rise from patch to patch.
    public var version: UInt64
    /// The patch's decoded blob.
    public var value: FlameValue

    /// A patch of `version` holding `value`.
    ///
    /// - Parameters:
    ///   - version: The patch's version.
    ///   - value: The patch's decoded blob.
    public init(version: UInt64, value: FlameValue) {
        self.version = version
        self.value = value
    }
}

/// A Flame cache object: as stored in an object file (with its patches) or as
/// the cache server's `do_get` answers it.
public struct FlameObject: Sendable {
    /// Whether the object is stored as the user's own Arrow table (`flame.cache.*`
    /// schema metadata) rather than as an opaque `version/data` row.
    public var nativeArrow: Bool
    /// `flame.cache.logical_type` of a native object (`pyarrow.table`,
    /// `pyarrow.record_batch`, `pandas.dataframe`, `polars.dataframe`, `dataset`).
    public var logicalType: String?
    /// The base object's version.
    public var version: UInt64
    /// The base object; nil in a patch-only answer (the client holds the base).
    public var base: FlameValue?
    /// Patches in creation order, versions rising.
    public var patches: [FlamePatch]
    /// The schema metadata as stored, `flame.cache.*` keys included, so the object
    /// can be written back as it was. `base` shows the schema without them.
    public var storedSchemaMetadata: [KeyValue]?

    /// An object with the given parts, stored as given (nothing is checked).
    ///
    /// - Parameters:
    ///   - nativeArrow: Whether it is stored as the user's own Arrow table.
    ///   - logicalType: `flame.cache.logical_type` of a native object.
    ///   - version: The base object's version.
    ///   - base: The base object, or `nil` for a patch-only answer.
    ///   - patches: Patches in creation order (default none).
    ///   - storedSchemaMetadata: The schema metadata as stored, for writing back.
    public init(
        nativeArrow: Bool, logicalType: String? = nil, version: UInt64, base: FlameValue?, patches: [FlamePatch] = [],
        storedSchemaMetadata: [KeyValue]? = nil
    ) {
        self.nativeArrow = nativeArrow
        self.logicalType = logicalType
        self.version = version
        self.base = base
        self.patches = patches
        self.storedSchemaMetadata = storedSchemaMetadata
    }

    /// The newest version: the last patch's, or the base's.
    public var latestVersion: UInt64 { patches.last?.version ?? version }
}

/// Names flamepy and the Flame server use in object schemas.
public enum FlameCacheSchema {
    /// Schema metadata key that marks a native object; its value is `nativeFormat`.
    public static let formatKey = "flame.cache.format"
    /// Schema metadata key of a native object's version, as decimal text.
    public static let versionKey = "flame.cache.version"
    /// Schema metadata key of a native object's logical type (e.g. `pyarrow.table`).
    public static let logicalTypeKey = "flame.cache.logical_type"
    /// The `formatKey` value of a native object.
    public static let nativeFormat = "arrow-table-v1"
    /// The `uint64` (or non-negative `int64`) version column of opaque objects and answers.
    public static let versionField = "version"
    /// The binary column holding each row's blob.
    public static let dataField = "data"
    /// The answer column that tells `base` rows from `patch` rows.
    public static let kindField = "kind"

    /// Whether `schema` is a native Arrow object (`flame.cache.format=arrow-table-v1`).
    ///
    /// - Parameter schema: An object file's or answer's schema.
    /// - Returns: `true` when the schema metadata's `flame.cache.format` is
    ///   `arrow-table-v1`.
    public static func isNative(_ schema: Schema) -> Bool {
        schema.metadata?[key: formatKey] == nativeFormat
    }

    /// `schema` without the `flame.cache.*` keys, as flamepy shows it to users
    /// (no metadata at all when nothing else is left).
    ///
    /// - Parameter schema: A stored schema.
    /// - Returns: The same fields, with every metadata key starting with
    ///   `flame.cache.` removed.
    public static func userSchema(_ schema: Schema) -> Schema {
        var s = schema
        let kept = (schema.metadata ?? []).filter { !$0.key.hasPrefix("flame.cache.") }
        s.metadata = kept.isEmpty ? nil : kept
        return s
    }

    /// The native object a schema and its batches stand for.
    static func nativeObject(_ schema: Schema, _ batches: [RecordBatch]) -> FlameObject {
        let metadata = schema.metadata ?? []
        let logicalType = metadata[key: logicalTypeKey]
        // flamepy: an unparsable version reads as 0.
        let version = metadata[key: versionKey].flatMap { UInt64($0) } ?? 0
        let user = userSchema(schema)
        let userBatches = batches.map { RecordBatch(schema: user, length: $0.length, columns: $0.columns) }
        let base: FlameValue
        if logicalType == "pyarrow.record_batch", userBatches.count == 1 {
            base = .recordBatch(userBatches[0])
        } else {
            base = .table(user, userBatches)
        }
        return FlameObject(
            nativeArrow: true, logicalType: logicalType ?? "pyarrow.table", version: version, base: base,
            storedSchemaMetadata: schema.metadata)
    }

    /// Column `name` of `schema`, or an error naming what is missing.
    static func column(_ name: String, in schema: Schema, where what: String) throws(FlameError) -> Int {
        guard let i = schema.fields.firstIndex(where: { $0.name == name }) else {
            throw FlameError(.invalidFormat, "\(what) has no `\(name)` column (fields: \(schema.fields.map(\.name).joined(separator: ", ")))")
        }
        return i
    }

    /// The `version` value of `row` of an opaque batch.
    static func version(_ batch: RecordBatch, row: Int, where what: String) throws(FlameError) -> UInt64 {
        let i = try column(versionField, in: batch.schema, where: what)
        let column = batch.columns[i]
        let value: UInt64?
        do throws(ArrowError) {
            switch column.type {
            case .uint64: value = try PrimitiveArray<UInt64>(column)[row]
            case .int64: value = try PrimitiveArray<Int64>(column)[row].flatMap { $0 >= 0 ? UInt64($0) : nil }
            default: value = nil
            }
        } catch {
            throw FlameError.arrow(error, location: what)
        }
        guard column.type == .uint64 || column.type == .int64 else {
            throw FlameError(.invalidFormat, "\(what): `version` is \(column.type), not uint64")
        }
        guard let value else { throw FlameError(.invalidFormat, "\(what): `version` of row \(row) is null or negative") }
        return value
    }

    /// The `data` bytes of `row` of an opaque batch.
    static func data(_ batch: RecordBatch, row: Int, where what: String) throws(FlameError) -> ArrowBuffer {
        let i = try column(dataField, in: batch.schema, where: what)
        let column = batch.columns[i]
        switch column.type {
        case .binary, .largeBinary, .binaryView: break
        default: throw FlameError(.invalidFormat, "\(what): `data` is \(column.type), not binary")
        }
        guard !column.isNull(row) else { throw FlameError(.invalidFormat, "\(what): `data` of row \(row) is null") }
        do throws(ArrowError) {
            return try BinaryArray(column).buffer(at: row)
        } catch {
            throw FlameError.arrow(error, location: what)
        }
    }
}
