import ArrowIPC

/// Flame cache object files: `{root}/{app}/{session}/{id}.arrow`, an Arrow IPC
/// file (uncompressed from flamepy's local storage, ZSTD-compressed from the
/// server), with patches in `{id}.deltas/{n}.arrow` beside it.
public enum FlameObjectFile {
    /// Most patches one object may have (the server's limit).
    public static let maxPatches = 1000

    /// Reads the object file at `path` and, when a sibling `NAME.deltas/` folder
    /// exists, its patches in creation order.
    public static func read(path: String, decoder: FlameBlobDecoder = FlameBlobDecoder()) throws(FlameError) -> FlameObject {
        var object = try read(file: try FileSystem.mapped(path), decoder: decoder, location: path)
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
    public static func opaqueBytes(blob: [UInt8], version: UInt64 = 0) throws(FlameError) -> [UInt8] {
        do throws(ArrowError) {
            let batch = try RecordBatch([(FlameCacheSchema.versionField, ArrayData([version] as [UInt64?])),
                                         (FlameCacheSchema.dataField, try ArrayData.binary([blob]))])
            return try FileWriter.bytes(schema: batch.schema, batches: [batch])
        } catch {
            throw FlameError.arrow(error)
        }
    }

    /// An opaque object file as the Flame cache server keeps it: schema
    /// `version: uint64 not null, data: binary not null`, one row, bodies
    /// compressed with ZSTD (the server's arrow-rs writer compresses everything).
    public static func serverOpaqueBytes(blob: [UInt8], version: UInt64, compression: IPCCompression = .zstd) throws(FlameError) -> [UInt8] {
        do throws(ArrowError) {
            let version = ArrayData([version] as [UInt64?]), data = try ArrayData.binary([blob])
            let batch = try RecordBatch(fields: [(Field(FlameCacheSchema.versionField, .uint64, nullable: false), version),
                                                 (Field(FlameCacheSchema.dataField, .binary, nullable: false), data)])
            return try FileWriter.bytes(schema: batch.schema, batches: [batch], options: IPCWriteOptions(compression: compression))
        } catch {
            throw FlameError.arrow(error)
        }
    }

    /// The bytes flamepy's local storage writes for a native object: the user's
    /// schema with `flame.cache.format`, `flame.cache.version` and
    /// `flame.cache.logical_type` set (after any metadata of its own), and its batches.
    public static func nativeBytes(schema: Schema, batches: [RecordBatch], logicalType: String, version: UInt64 = 0) throws(FlameError) -> [UInt8] {
        var metadata = schema.metadata ?? []
        for (key, value) in [(FlameCacheSchema.formatKey, FlameCacheSchema.nativeFormat),
                             (FlameCacheSchema.versionKey, String(version)),
                             (FlameCacheSchema.logicalTypeKey, logicalType)] {
            // A Python dict update keeps an existing key where it is.
            if let i = metadata.firstIndex(where: { $0.key == key }) { metadata[i].value = value } else { metadata.append(KeyValue(key, value)) }
        }
        var stored = schema
        stored.metadata = metadata
        return try nativeBytes(storedSchema: stored, batches: batches)
    }

    /// An object written back as read (`reencode`): opaque objects as a one-row
    /// file of their re-encoded blob, native ones with their stored metadata.
    public static func bytes(_ object: FlameObject) throws(FlameError) -> [UInt8] {
        guard let base = object.base else { throw FlameError(.unsupported, "a patch-only answer has no base object to write") }
        guard object.nativeArrow else { return try opaqueBytes(blob: try FlameBlobEncoder.encode(base), version: object.version) }
        let schema: Schema, batches: [RecordBatch]
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
