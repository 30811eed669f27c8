import ArrowIPC

/// What the Flame cache server's `do_get` sends (an IPC stream), decoded as
/// flamepy 0.6.0's `_fetch_object_data` reads it.
public enum FlameAnswer: Sendable {
    /// The schema alone, no row: the client's cached version is current.
    case notModified
    /// A full object (base and patches), a patch-only answer (`base` nil), or a
    /// native table.
    case object(FlameObject)

    /// Decodes a `do_get` answer held in `buffer`.
    ///
    /// A native schema (`flame.cache.format`) gives a native object; an answer
    /// with no rows is `.notModified`. With a `kind` column, rows are one
    /// `base` row (first) and/or `patch` rows; without it (the older form), row
    /// 0 of each non-empty batch is a value, the first being the base, and
    /// further rows are ignored.
    ///
    /// - Parameters:
    ///   - buffer: The IPC stream as received.
    ///   - decoder: Decodes each row's blob (default limits).
    /// - Returns: `.notModified` or the object.
    /// - Throws: `FlameError` with kind `.arrow` when the stream fails to decode;
    ///   `.invalidFormat` when the `version` or `data` column is missing, of the
    ///   wrong type or null (or a version negative), a `kind` is not `base` or
    ///   `patch`, a base row is not first or repeats, or patch versions do not
    ///   rise; and the errors of `FlameBlobDecoder.decode(_:)` for a row's blob,
    ///   located at its batch and row.
    /// - Complexity: O(n) in the answer size.
    public static func decode(_ buffer: ArrowBuffer, decoder: FlameBlobDecoder = FlameBlobDecoder()) throws(FlameError) -> FlameAnswer {
        let (schema, batches) = try FlameBlobDecoder.stream(buffer, base: 0)
        if FlameCacheSchema.isNative(schema) {
            return .object(FlameCacheSchema.nativeObject(schema, batches))
        }
        let rows = batches.reduce(0) { $0 + $1.length }
        if rows == 0 { return .notModified }

        func decodeRow(_ batch: RecordBatch, _ row: Int, _ what: String) throws(FlameError) -> (UInt64, FlameValue) {
            let version = try FlameCacheSchema.version(batch, row: row, where: what)
            let data = try FlameCacheSchema.data(batch, row: row, where: what)
            do throws(FlameError) { return (version, try decoder.decode(data)) } catch { throw error.located("\(what): data") }
        }

        guard schema.fields.contains(where: { $0.name == FlameCacheSchema.kindField }) else {
            // The older form: one opaque batch per row, the first is the base.
            var values: [(UInt64, FlameValue)] = []
            for (b, batch) in batches.enumerated() where batch.length > 0 {
                values.append(try decodeRow(batch, 0, "batch \(b)"))
            }
            guard let (version, base) = values.first else { return .notModified }
            return .object(
                FlameObject(
                    nativeArrow: false, version: version, base: base,
                    patches: values.dropFirst().map { FlamePatch(version: $0.0, value: $0.1) }))
        }

        var base: (UInt64, FlameValue)? = nil
        var patches: [FlamePatch] = []
        var index = 0
        for (b, batch) in batches.enumerated() {
            let kindColumn = batch.columns[try FlameCacheSchema.column(FlameCacheSchema.kindField, in: batch.schema, where: "answer")]
            let kinds: StringArray
            do throws(ArrowError) { kinds = try StringArray(kindColumn) } catch { throw FlameError.arrow(error, location: "batch \(b)") }
            for row in 0..<batch.length {
                let what = "batch \(b) row \(row)"
                let (version, value) = try decodeRow(batch, row, what)
                switch kinds[row] {
                case "base":
                    guard index == 0, base == nil else {
                        throw FlameError(.invalidFormat, "a full answer starts with exactly one base row", location: what)
                    }
                    base = (version, value)
                case "patch":
                    if let last = patches.last?.version, version <= last {
                        throw FlameError(.invalidFormat, "patch versions must rise (\(version) after \(last))", location: what)
                    }
                    patches.append(FlamePatch(version: version, value: value))
                case let other:
                    throw FlameError(.invalidFormat, "invalid row kind \(other.map { "\"\($0)\"" } ?? "null")", location: what)
                }
                index += 1
            }
        }
        guard base != nil || !patches.isEmpty else { return .notModified }
        return .object(FlameObject(nativeArrow: false, version: base?.0 ?? (patches.first?.version ?? 0), base: base?.1, patches: patches))
    }
}
