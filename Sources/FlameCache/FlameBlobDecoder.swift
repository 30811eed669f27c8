import ArrowIPC
import ArrowTensor
import FlamePickle

/// Decodes Flame cache blobs as flamepy 0.6.0's `_deserialize_object_data` does,
/// without executing anything: the 4-byte prefix picks the format.
public struct FlameBlobDecoder: Sendable {
    /// The resource limits applied to every pickle decoded.
    public var pickleLimits: PickleLimits

    /// A decoder with the given pickle limits.
    ///
    /// - Parameter pickleLimits: Limits for pickle payloads (default `.default`).
    public init(pickleLimits: PickleLimits = .default) {
        self.pickleLimits = pickleLimits
    }

    /// Decodes `bytes` (copied once; Arrow arrays and tensors view that copy).
    ///
    /// - Parameter bytes: The blob, prefix included.
    /// - Returns: The decoded value.
    /// - Throws: `FlameError` in the cases of `decode(_:)` for an `ArrowBuffer`.
    /// - Complexity: O(n) in the blob size.
    public func decode(_ bytes: [UInt8]) throws(FlameError) -> FlameValue {
        try decode(ArrowBuffer(copying: bytes))
    }

    /// Decodes the blob in `buffer`; Arrow arrays and tensors view its bytes.
    ///
    /// Pickles are decoded without running any code; their payload is copied.
    /// A property-list blob is returned as its bytes, not decoded (see
    /// `decode(_:from:)`).
    ///
    /// - Parameter buffer: The blob, prefix included.
    /// - Returns: The decoded value, tagged with the form it came in.
    /// - Throws: `FlameError` with kind `.invalidFormat` for an unknown `FLM`
    ///   type byte, a record-batch blob with no batch, or an array blob that is
    ///   not one column with at least one batch; `.pickle` when the pickle is
    ///   malformed, uses something not allowed, or exceeds `pickleLimits`;
    ///   `.arrow` when the tensor message or IPC stream fails to decode.
    /// - Complexity: O(n) in the blob size.
    public func decode(_ buffer: ArrowBuffer) throws(FlameError) -> FlameValue {
        let format = try FlameBlobFormat.of(buffer)
        let payload = format.prefix == nil ? buffer : (buffer.getSlice(at: 4, length: buffer.count - 4) ?? .empty)
        switch format {
        case .cloudpickle, .legacyPickle:
            do throws(PickleError) {
                let (value, identity) = try PickleReader(limits: pickleLimits).decodeKeepingIdentity(payload.bytes)
                return .pickle(value, legacy: format == .legacyPickle, identity: identity)
            } catch {
                throw FlameError(.pickle, "\(error)", byteOffset: format == .legacyPickle ? nil : 4)
            }
        case .tensor:
            do throws(ArrowError) {
                return .tensor(try AnyTensor(decoding: payload))
            } catch {
                throw FlameError.arrow(error, base: 4)
            }
        case .table:
            let (schema, batches) = try Self.stream(payload)
            return .table(schema, batches)
        case .recordBatch:
            let (_, batches) = try Self.stream(payload)
            guard let first = batches.first else {
                throw FlameError(.invalidFormat, "record batch blob holds no batch", byteOffset: 4)
            }
            return .recordBatch(first)
        case .array:
            let (schema, batches) = try Self.stream(payload)
            guard let first = batches.first, schema.fields.count == 1 else {
                throw FlameError(
                    .invalidFormat, "array blob must hold a batch with one column (it has \(schema.fields.count) fields, \(batches.count) batches)",
                    byteOffset: 4)
            }
            return .array(first.columns[0])
        case .propertyList:
            return .propertyList(payload.bytes)
        }
    }

    /// The schema and every batch of the IPC stream in `payload` (which starts at
    /// byte `base` of the input: 4 in a blob, after the prefix).
    static func stream(_ payload: ArrowBuffer, base: Int = 4) throws(FlameError) -> (Schema, [RecordBatch]) {
        do throws(ArrowError) {
            let reader = try StreamReader(buffer: payload)
            var batches: [RecordBatch] = []
            while let b = try reader.next() { batches.append(b) }
            return (reader.schema, batches)
        } catch {
            throw FlameError.arrow(error, base: base)
        }
    }
}
