import ArrowIPC

/// Flame cache object files: `{root}/{app}/{session}/{id}.arrow`, an Arrow IPC
/// file (uncompressed from flamepy's local storage, ZSTD-compressed from the
/// server), with patches in `{id}.deltas/{n}.arrow` beside it.
public enum FlameObjectFile {
    /// Most patches one object may have (the server's limit).
    public static let maxPatches = 1000

    /// Reads the object file at `path` and, when a sibling `NAME.deltas/` folder
    /// exists, its patches in creation order.
    ///
    /// Patches are the folder's `{n}.arrow` files, sorted by `n` as a number;
    /// other names are skipped. A patch's stored version 0 means "base version
    /// + n + 1". Files are memory-mapped; decoded Arrow data views them.
    ///
    /// - Parameters:
    ///   - path: The object file, usually `{id}.arrow`.
    ///   - decoder: Decodes the blobs (default limits).
    /// - Returns: The object with its patches.
    /// - Throws: `FlameError` with kind `.io` when a file or the folder cannot
    ///   be read; `.invalidFormat` for more than `maxPatches` patches, a patch
    ///   that is native or empty, or patch versions that do not rise; and the
    ///   errors of `read(file:decoder:location:)` for each file.
    /// - Complexity: O(n) in the total size of the files read.
    public static func read(path: String, decoder: FlameBlobDecoder = FlameBlobDecoder()) throws(FlameError) -> FlameObject {
        try read(path: path, mapped: try FileSystem.mapped(path), decoder: decoder)
    }

    /// `read(path:decoder:)` for an object file already mapped (`file` holds
    /// the bytes of `path`), so a caller that looked at it first maps it once.
    static func read(path: String, mapped file: ArrowBuffer, decoder: FlameBlobDecoder) throws(FlameError) -> FlameObject {
        var object = try read(file: file, decoder: decoder, location: path)
        let deltas = (path.hasSuffix(".arrow") ? String(path.dropLast(6)) : path) + ".deltas"
        guard FileSystem.isDirectory(deltas) else { return object }
        var numbered: [(Int, String)] = []
        for name in try FileSystem.list(deltas) {
            // `{n}.arrow`, n = 0, 1, 2, ... (sorted as numbers: 10 after 9).
            guard name.hasSuffix(".arrow"), let n = Int(name.dropLast(6)), n >= 0, String(n) == name.dropLast(6) else { continue }
            numbered.append((n, name))
        }
        guard numbered.count <= maxPatches else {
            throw FlameError(.invalidFormat, "\(numbered.count) patches, more than the \(maxPatches) an object may have", location: deltas)
        }
        numbered.sort { $0.0 < $1.0 }
        var last = object.version
        for (n, name) in numbered {
            let file = "\(deltas)/\(name)"
            let patch = try read(file: try FileSystem.mapped(file), decoder: decoder, location: file)
            guard !patch.nativeArrow, let value = patch.base else {
                throw FlameError(.invalidFormat, "a patch must be an opaque one-row file", location: file)
            }
            // A stored version 0 means "base version + n + 1".
            let version = patch.version == 0 ? object.version &+ UInt64(n) &+ 1 : patch.version
            guard version > last else {
                throw FlameError(.invalidFormat, "patch version \(version) does not rise above \(last)", location: file)
            }
            last = version
            object.patches.append(FlamePatch(version: version, value: value))
        }
        return object
    }

    /// Reads an object file held in memory (without patches).
    ///
    /// An opaque file's blob is taken from row 0 of its first batch; further
    /// rows and batches are ignored.
    ///
    /// - Parameters:
    ///   - file: The Arrow IPC file; decoded data views it.
    ///   - decoder: Decodes the blob (default limits).
    ///   - location: A name for errors, e.g. the path.
    /// - Returns: The object, without patches.
    /// - Throws: `FlameError` with kind `.arrow` when the IPC file fails to
    ///   decode; `.invalidFormat` when an opaque file has no row or its
    ///   `version` or `data` column is missing, of the wrong type or null; and
    ///   the errors of `FlameBlobDecoder.decode(_:)` for the blob.
    /// - Complexity: O(n) in the file size.
    public static func read(file: ArrowBuffer, decoder: FlameBlobDecoder = FlameBlobDecoder(), location: String? = nil) throws(FlameError) -> FlameObject {
        let reader: FileReader
        var batches: [RecordBatch] = []
        do throws(ArrowError) {
            reader = try FileReader(buffer: file)
            for i in 0..<reader.recordBatchCount { batches.append(try reader.recordBatch(at: i)) }
        } catch {
            throw FlameError.arrow(error, location: location)
        }
        if FlameCacheSchema.isNative(reader.schema) {
            return FlameCacheSchema.nativeObject(reader.schema, batches)
        }
        let what = location ?? "object file"
        guard let batch = batches.first, batch.length >= 1 else {
            throw FlameError(.invalidFormat, "an opaque object file holds one row; this one holds none", location: location)
        }
        let version = try FlameCacheSchema.version(batch, row: 0, where: what)
        let data = try FlameCacheSchema.data(batch, row: 0, where: what)
        let value: FlameValue
        do throws(FlameError) { value = try decoder.decode(data) } catch { throw error.located("\(what): data[0]") }
        return FlameObject(nativeArrow: false, version: version, base: value, storedSchemaMetadata: reader.schema.metadata)
    }

    /// The bytes flamepy's local storage writes for an opaque object
    /// (`pa.ipc.new_file` with default options): schema `version: uint64,
    /// data: binary` (nullable, as flamepy builds it), one row.
    ///
    /// - Parameters:
    ///   - blob: The encoded blob, prefix included.
    ///   - version: The object's version (default 0).
    /// - Returns: The Arrow IPC file bytes, uncompressed.
    /// - Throws: `FlameError` with kind `.arrow` when the blob does not fit a
    ///   32-bit-offset binary column or the file writer fails.
    /// - Complexity: O(n) in the blob size.
    public static func opaqueBytes(blob: [UInt8], version: UInt64 = 0) throws(FlameError) -> [UInt8] {
        do throws(ArrowError) {
            let batch = try RecordBatch([
                (FlameCacheSchema.versionField, ArrayData([version] as [UInt64?])),
                (FlameCacheSchema.dataField, try ArrayData.binary([blob])),
            ])
            return try FileWriter.bytes(schema: batch.schema, batches: [batch])
        } catch {
            throw FlameError.arrow(error)
        }
    }

    /// An opaque object file as the Flame cache server keeps it: schema
    /// `version: uint64 not null, data: binary not null`, one row, bodies
    /// compressed with ZSTD (the server's arrow-rs writer compresses everything).
    ///
    /// - Parameters:
    ///   - blob: The encoded blob, prefix included.
    ///   - version: The object's version.
    ///   - compression: The body compression (default `.zstd`).
    /// - Returns: The Arrow IPC file bytes.
    /// - Throws: `FlameError` with kind `.arrow` when the blob does not fit a
    ///   32-bit-offset binary column or the file writer fails.
    /// - Complexity: O(n) in the blob size.
    public static func serverOpaqueBytes(blob: [UInt8], version: UInt64, compression: IPCCompression = .zstd) throws(FlameError) -> [UInt8] {
        do throws(ArrowError) {
            let version = ArrayData([version] as [UInt64?])
            let data = try ArrayData.binary([blob])
            let batch = try RecordBatch(fields: [
                (Field(FlameCacheSchema.versionField, .uint64, nullable: false), version),
                (Field(FlameCacheSchema.dataField, .binary, nullable: false), data),
            ])
            return try FileWriter.bytes(schema: batch.schema, batches: [batch], options: IPCWriteOptions(compression: compression))
        } catch {
            throw FlameError.arrow(error)
        }
    }

    /// The bytes flamepy's local storage writes for a native object: the user's
    /// schema with `flame.cache.format`, `flame.cache.version` and
    /// `flame.cache.logical_type` set (after any metadata of its own), and its batches.
    ///
    /// A key the schema already has keeps its place and gets the new value, as
    /// a Python dict update does.
    ///
    /// - Parameters:
    ///   - schema: The user's schema.
    ///   - batches: The table's batches; written with the stored schema.
    ///   - logicalType: E.g. `pyarrow.table` or `pyarrow.record_batch`.
    ///   - version: The object's version (default 0).
    /// - Returns: The Arrow IPC file bytes, uncompressed.
    /// - Throws: `FlameError` with kind `.arrow` when the file writer refuses
    ///   the batches (e.g. a column does not match its field).
    /// - Complexity: O(n) in the data size.
    public static func nativeBytes(schema: Schema, batches: [RecordBatch], logicalType: String, version: UInt64 = 0) throws(FlameError) -> [UInt8] {
        var metadata = schema.metadata ?? []
        for (key, value) in [
            (FlameCacheSchema.formatKey, FlameCacheSchema.nativeFormat),
            (FlameCacheSchema.versionKey, String(version)),
            (FlameCacheSchema.logicalTypeKey, logicalType),
        ] {
            // A Python dict update keeps an existing key where it is.
            if let i = metadata.firstIndex(where: { $0.key == key }) { metadata[i].value = value } else { metadata.append(KeyValue(key, value)) }
        }
        var stored = schema
        stored.metadata = metadata
        return try nativeBytes(storedSchema: stored, batches: batches)
    }

    /// An object written back as read (`reencode`): opaque objects as a one-row
    /// file of their re-encoded blob, native ones with their stored metadata.
    ///
    /// Opaque objects are always written in flamepy's local form (`opaqueBytes`),
    /// even when read from a server file. Patches are not written.
    ///
    /// - Parameter object: The object.
    /// - Returns: The Arrow IPC file bytes.
    /// - Throws: `FlameError` with kind `.unsupported` when there is no base, or
    ///   a native object's base is not a table or record batch; and the errors
    ///   of `FlameBlobEncoder.encode(_:)` and the file writer (`.arrow`).
    /// - Complexity: O(n) in the data size.
    public static func bytes(_ object: FlameObject) throws(FlameError) -> [UInt8] {
        guard let base = object.base else { throw FlameError(.unsupported, "a patch-only answer has no base object to write") }
        guard object.nativeArrow else { return try opaqueBytes(blob: try FlameBlobEncoder.encode(base), version: object.version) }
        let schema: Schema
        let batches: [RecordBatch]
        switch base {
        case .table(let s, let b): (schema, batches) = (s, b)
        case .recordBatch(let b): (schema, batches) = (b.schema, [b])
        default: throw FlameError(.unsupported, "a native object holds a table")
        }
        var stored = schema
        stored.metadata = object.storedSchemaMetadata
        return try nativeBytes(storedSchema: stored, batches: batches)
    }

    private static func nativeBytes(storedSchema: Schema, batches: [RecordBatch]) throws(FlameError) -> [UInt8] {
        do throws(ArrowError) {
            let rebased = batches.map { RecordBatch(schema: storedSchema, length: $0.length, columns: $0.columns) }
            return try FileWriter.bytes(schema: storedSchema, batches: rebased)
        } catch {
            throw FlameError.arrow(error)
        }
    }
}
