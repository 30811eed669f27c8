import ArrowIPC
import ArrowTensor
import FlamePickle

/// What a Flame cache blob holds, and which form it came in.
public enum FlameValue: Sendable {
    /// `FLM\x01`: a numpy array sent as an Arrow tensor (a view of the blob's bytes).
    case tensor(AnyTensor)
    /// `FLM\x02`: a pyarrow Table (its schema and batches).
    case table(Schema, [RecordBatch])
    /// `FLM\x04`: a pyarrow RecordBatch.
    case recordBatch(RecordBatch)
    /// `FLM\x03`: a pyarrow Array (the column `data` of a one-column batch).
    case array(ArrayData)
    /// `FLM\x00` (cloudpickle) or a legacy pickle without prefix: plain Python
    /// data, numpy arrays included (`PickleValue.ndarray`). `identity` records
    /// which objects the pickle shared (and how numpy rebuilt its arrays), so a
    /// decoded pickle is written back byte for byte; nil for values made in Swift.
    case pickle(PickleValue, legacy: Bool, identity: PickleIdentity? = nil)
    /// Our own marker: a binary property list (a Swift `Codable` value).
    case propertyList([UInt8])

    /// The form the blob had.
    public var format: FlameBlobFormat {
        switch self {
        case .tensor: .tensor
        case .table: .table
        case .recordBatch: .recordBatch
        case .array: .array
        case .pickle(_, let legacy, _): legacy ? .legacyPickle : .cloudpickle
        case .propertyList: .propertyList
        }
    }
}

extension PickledNDArray {
    /// The array as a tensor over a copy of its bytes, for the numeric
    /// little-endian dtypes an Arrow tensor can hold (bool and complex arrays
    /// stay pickled values).
    ///
    /// Fortran-ordered arrays get Fortran strides; the dimensions are unnamed.
    ///
    /// - Returns: The tensor, owning its own copy of the data.
    /// - Throws: `FlameError` with kind `.unsupported` for a dtype no tensor
    ///   holds (bool, complex, strings, objects) or a big-endian multi-byte
    ///   dtype; `.tensor` when the shape is invalid or needs more bytes than
    ///   the array holds.
    /// - Complexity: O(n) in the data size (the copy).
    public func tensor() throws(FlameError) -> AnyTensor {
        let buffer = ArrowBuffer(copying: data)
        guard let type = TensorDataType(rawValue: typeName), dtype.first != ">" || itemSize == 1 else {
            throw FlameError(.unsupported, "a numpy \(dtype) array has no Arrow tensor form")
        }
        let strides = fortranOrder ? Self.fortranStrides(shape, itemSize) : nil
        do throws(ArrowError) {
            switch type {
            case .int8: return .int8(try Tensor(data: buffer, shape: shape, strides: strides))
            case .int16: return .int16(try Tensor(data: buffer, shape: shape, strides: strides))
            case .int32: return .int32(try Tensor(data: buffer, shape: shape, strides: strides))
            case .int64: return .int64(try Tensor(data: buffer, shape: shape, strides: strides))
            case .uint8: return .uint8(try Tensor(data: buffer, shape: shape, strides: strides))
            case .uint16: return .uint16(try Tensor(data: buffer, shape: shape, strides: strides))
            case .uint32: return .uint32(try Tensor(data: buffer, shape: shape, strides: strides))
            case .uint64: return .uint64(try Tensor(data: buffer, shape: shape, strides: strides))
            case .float16: return .float16(try Tensor(data: buffer, shape: shape, strides: strides))
            case .float32: return .float32(try Tensor(data: buffer, shape: shape, strides: strides))
            case .float64: return .float64(try Tensor(data: buffer, shape: shape, strides: strides))
            }
        } catch {
            throw FlameError(.tensor, "numpy array: \(error)")
        }
    }

    static func fortranStrides(_ shape: [Int], _ width: Int) -> [Int] {
        var strides: [Int] = []
        var step = width
        for n in shape {
            strides.append(step)
            step = step &* max(n, 1)
        }
        return strides
    }
}
