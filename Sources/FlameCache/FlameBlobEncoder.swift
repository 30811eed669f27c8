import ArrowIPC
import ArrowTensor
import FlamePickle

/// Encodes Flame cache blobs with the bytes flamepy 0.6.0's
/// `_serialize_object_data` writes for the equivalent numpy or pyarrow object.
public enum FlameBlobEncoder {
    /// `FLM\x01` + the tensor (`pa.ipc.write_tensor(pa.Tensor.from_numpy(a))`).
    ///
    /// - Parameter tensor: A C- or Fortran-contiguous tensor.
    /// - Returns: The blob.
    /// - Throws: `FlameError` with kind `.tensor` when the tensor is not
    ///   contiguous (see `TensorEncoder.encode(_:dimensionNames:)`).
    /// - Complexity: O(n) in the data size.
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
    ///
    /// - Parameters:
    ///   - values: The elements in `order`.
    ///   - shape: Length of each dimension; the product must be `values.count`.
    ///   - order: `.c` (default) or `.fortran`.
    ///   - dimensionNames: One name per dimension, or `nil`.
    /// - Returns: The blob.
    /// - Throws: `FlameError` with kind `.tensor` when the shape is invalid or
    ///   does not match `values.count`, or the name count differs from the rank.
    /// - Complexity: O(n) in the number of elements.
    public static func encode<T: TensorElement>(
        _ values: [T], shape: [Int], order: TensorOrder = .c,
        dimensionNames: [String]? = nil
    ) throws(FlameError) -> [UInt8] {
        do throws(ArrowError) {
            return prefixed(.tensor, try TensorEncoder.encode(values, shape: shape, order: order, dimensionNames: dimensionNames))
        } catch {
            throw FlameError(.tensor, "\(error)")
        }
    }

    /// `FLM\x02` + the table as an IPC stream (`new_stream` + `write_table`: one
    /// batch per chunk).
    ///
    /// - Parameters:
    ///   - schema: The table's schema.
    ///   - batches: Its chunks, each written as one record batch.
    /// - Returns: The blob.
    /// - Throws: `FlameError` with kind `.arrow` when the stream writer refuses
    ///   the batches (e.g. a batch does not match the schema).
    /// - Complexity: O(n) in the data size.
    public static func encode(table schema: Schema, batches: [RecordBatch]) throws(FlameError) -> [UInt8] {
        try stream(.table, schema, batches)
    }

    /// `FLM\x04` + a stream holding the batch.
    ///
    /// - Parameter recordBatch: The batch; its schema is the stream's.
    /// - Returns: The blob.
    /// - Throws: `FlameError` with kind `.arrow` when the stream writer refuses
    ///   the batch.
    /// - Complexity: O(n) in the data size.
    public static func encode(recordBatch: RecordBatch) throws(FlameError) -> [UInt8] {
        try stream(.recordBatch, recordBatch.schema, [recordBatch])
    }

    /// `FLM\x03` + a stream of one batch whose one nullable column is `data`
    /// (`pa.RecordBatch.from_arrays([arr], names=["data"])`).
    ///
    /// - Parameter array: The array.
    /// - Returns: The blob.
    /// - Throws: `FlameError` with kind `.arrow` when the stream writer refuses
    ///   the array.
    /// - Complexity: O(n) in the data size.
    public static func encode(array: ArrayData) throws(FlameError) -> [UInt8] {
        let schema = Schema([Field("data", array.type, nullable: true)])
        return try stream(.array, schema, [RecordBatch(schema: schema, length: array.length, columns: [array])])
    }

    /// `FLM\x00` + a protocol-5 pickle of plain data (what `cloudpickle.dumps` writes for it).
    ///
    /// - Parameter value: The value to pickle.
    /// - Returns: The blob.
    /// - Throws: `FlameError` with kind `.pickle` when the pickle writer refuses
    ///   the value (see `PickleWriter.encode(_:)`).
    /// - Complexity: O(n) in the size of the value.
    public static func encode(pickle value: PickleValue) throws(FlameError) -> [UInt8] {
        do throws(PickleError) {
            return prefixed(.cloudpickle, try PickleWriter().encode(value))
        } catch {
            throw FlameError(.pickle, "\(error)")
        }
    }

    /// The blob that `decode` gave `value` from: the same bytes for everything
    /// flamepy wrote (tensors, tables, arrays, batches, plain-data pickles).
    ///
    /// A pickle decoded with its `identity` is written with the same sharing;
    /// a legacy pickle gets no prefix; a property list is written as its bytes.
    ///
    /// - Parameter value: The value.
    /// - Returns: The blob.
    /// - Throws: `FlameError` with kind `.tensor`, `.arrow` or `.pickle` from the
    ///   encoder of that form, as for the specific `encode` overloads.
    /// - Complexity: O(n) in the size of the value.
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
