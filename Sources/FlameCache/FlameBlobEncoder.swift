import ArrowIPC
import ArrowTensor
import FlamePickle

/// Encodes Flame cache blobs with the bytes flamepy 0.6.0's
/// `_serialize_object_data` writes for the equivalent numpy or pyarrow object.
public enum FlameBlobEncoder {
    /// `FLM\x01` + the tensor (`pa.ipc.write_tensor(pa.Tensor.from_numpy(a))`).
    public static func encode(tensor: AnyTensor) throws(FlameError) -> [UInt8] {
        do throws(ArrowError) {
            let message: [UInt8]
            switch tensor {
            case .int8(let t): message = try TensorEncoder.encode(t)
            case .int16(let t): message = try TensorEncoder.encode(t)
            case .int32(let t): message = try TensorEncoder.encode(t)
            case .int64(let t): message = try TensorEncoder.encode(t)
            case .uint8(let t): message = try TensorEncoder.encode(t)
            case .uint16(let t): message = try TensorEncoder.encode(t)
            case .uint32(let t): message = try TensorEncoder.encode(t)
            case .uint64(let t): message = try TensorEncoder.encode(t)
            case .float16(let t): message = try TensorEncoder.encode(t)
            case .float32(let t): message = try TensorEncoder.encode(t)
            case .float64(let t): message = try TensorEncoder.encode(t)
            }
            return prefixed(.tensor, message)
        } catch {
            throw FlameError(.tensor, "\(error)")
        }
    }

    /// `FLM\x01` + a tensor of `values` (in `order`) with `shape`, written in one pass.
    public static func encode<T: TensorElement>(_ values: [T], shape: [Int], order: TensorOrder = .c,
                                                dimensionNames: [String]? = nil) throws(FlameError) -> [UInt8] {
        do throws(ArrowError) {
            return prefixed(.tensor, try TensorEncoder.encode(values, shape: shape, order: order, dimensionNames: dimensionNames))
        } catch {
            throw FlameError(.tensor, "\(error)")
        }
    }

    /// `FLM\x02` + the table as an IPC stream (`new_stream` + `write_table`: one
    /// batch per chunk).
    public static func encode(table schema: Schema, batches: [RecordBatch]) throws(FlameError) -> [UInt8] {
        try stream(.table, schema, batches)
    }

    /// `FLM\x04` + a stream holding the batch.
    public static func encode(recordBatch: RecordBatch) throws(FlameError) -> [UInt8] {
        try stream(.recordBatch, recordBatch.schema, [recordBatch])
    }

    /// `FLM\x03` + a stream of one batch whose one nullable column is `data`
    /// (`pa.RecordBatch.from_arrays([arr], names=["data"])`).
    public static func encode(array: ArrayData) throws(FlameError) -> [UInt8] {
        let schema = Schema([Field("data", array.type, nullable: true)])
        return try stream(.array, schema, [RecordBatch(schema: schema, length: array.length, columns: [array])])
    }

    /// `FLM\x00` + a protocol-5 pickle of plain data (what `cloudpickle.dumps` writes for it).
    public static func encode(pickle value: PickleValue) throws(FlameError) -> [UInt8] {
        do throws(PickleError) {
            return prefixed(.cloudpickle, try PickleWriter().encode(value))
        } catch {
            throw FlameError(.pickle, "\(error)")
        }
    }

    /// The blob that `decode` gave `value` from: the same bytes for everything
    /// flamepy wrote (tensors, tables, arrays, batches, plain-data pickles).
    public static func encode(_ value: FlameValue) throws(FlameError) -> [UInt8] {
        switch value {
        case .tensor(let t): return try encode(tensor: t)
        case .table(let s, let b): return try encode(table: s, batches: b)
        case .recordBatch(let b): return try encode(recordBatch: b)
        case .array(let a): return try encode(array: a)
        case .pickle(let v, let legacy, let identity):
            do throws(PickleError) {
                let bytes: [UInt8]
                if let identity { bytes = try PickleWriter().encode(v, sharing: identity) } else { bytes = try PickleWriter().encode(v) }
                return legacy ? bytes : prefixed(.cloudpickle, bytes)
            } catch {
                throw FlameError(.pickle, "\(error)")
            }
        case .propertyList(let bytes): return prefixed(.propertyList, bytes)
        }
    }

    static func prefixed(_ format: FlameBlobFormat, _ payload: [UInt8]) -> [UInt8] {
        guard let prefix = format.prefix else { return payload }
        var out: [UInt8] = []
        out.reserveCapacity(prefix.count + payload.count)
        out += prefix
        out += payload
        return out
    }

    private static func stream(_ format: FlameBlobFormat, _ schema: Schema, _ batches: [RecordBatch]) throws(FlameError) -> [UInt8] {
        do throws(ArrowError) {
            return prefixed(format, try StreamWriter.bytes(schema: schema, batches: batches))
        } catch {
            throw FlameError.arrow(error)
        }
    }
}
