import ArrowIPC
import ArrowMemory

/// A tensor whose element type is known only after decoding: one case per
/// element type. Use it when the sender decides the dtype.
public enum AnyTensor: Sendable {
    /// A tensor of signed integers, 8 to 64 bits; the case name is the numpy dtype.
    case int8(Tensor<Int8>), int16(Tensor<Int16>), int32(Tensor<Int32>), int64(Tensor<Int64>)
    /// A tensor of unsigned integers, 8 to 64 bits; the case name is the numpy dtype.
    case uint8(Tensor<UInt8>), uint16(Tensor<UInt16>), uint32(Tensor<UInt32>), uint64(Tensor<UInt64>)
    /// A tensor of IEEE 754 floats of half, single or double precision.
    case float16(Tensor<Float16>), float32(Tensor<Float>), float64(Tensor<Double>)

    /// Decodes the Tensor IPC message at the start of `buffer` without copying
    /// its data. A SparseTensor message is an `.unsupported` error.
    ///
    /// - Parameter buffer: The message; the tensor keeps a slice of it.
    /// - Throws: `ArrowError` with kind `.invalidFormat` for bad framing or a
    ///   message that is not a tensor, `.invalidMetadata` for a malformed or
    ///   inconsistent `Tensor` flatbuffer (see `Tensor.init(decoding:)`), and
    ///   `.unsupported` for a SparseTensor message or a non-numeric element type.
    /// - Complexity: O(r) in the rank (the data is not read).
    public init(decoding buffer: ArrowBuffer) throws(ArrowError) {
        let m = try TensorMessage.decode(buffer)
        switch m.dataType {
        case .int8: self = .int8(Tensor(m))
        case .int16: self = .int16(Tensor(m))
        case .int32: self = .int32(Tensor(m))
        case .int64: self = .int64(Tensor(m))
        case .uint8: self = .uint8(Tensor(m))
        case .uint16: self = .uint16(Tensor(m))
        case .uint32: self = .uint32(Tensor(m))
        case .uint64: self = .uint64(Tensor(m))
        case .float16: self = .float16(Tensor(m))
        case .float32: self = .float32(Tensor(m))
        case .float64: self = .float64(Tensor(m))
        }
    }

    /// Copies `bytes` once, then decodes them (the tensor keeps the copy).
    ///
    /// - Parameter bytes: The message.
    /// - Throws: `ArrowError` in the cases of `init(decoding:)` for an `ArrowBuffer`.
    /// - Complexity: O(n) in the number of bytes (the copy).
    public init(decoding bytes: [UInt8]) throws(ArrowError) {
        try self.init(decoding: ArrowBuffer(copying: bytes))
    }

    /// Whether `buffer` starts with a Tensor or SparseTensor message (looks at the
    /// framing and `Message.header_type` only).
    ///
    /// - Parameter buffer: Bytes that start with an IPC message.
    /// - Returns: `true` for a Tensor or SparseTensor message; `false` for any
    ///   other message and for input too malformed to tell. A `true` does not
    ///   promise that decoding succeeds.
    public static func isTensorMessage(_ buffer: ArrowBuffer) -> Bool {
        guard let tag = try? TensorMessage.peek(buffer).headerType else { return false }
        return tag == ArrowFormat.MessageHeaderTag.tensor.rawValue || tag == ArrowFormat.MessageHeaderTag.sparseTensor.rawValue
    }

    /// The number of bytes the message at the start of `buffer` takes (prefix,
    /// metadata and body), for reading several tensors written one after another.
    ///
    /// The whole message is decoded and validated to find it.
    ///
    /// - Parameter buffer: Bytes that start with a Tensor message.
    /// - Returns: The message's length in bytes; the next message starts there.
    /// - Throws: `ArrowError` in the cases of `init(decoding:)`.
    public static func messageLength(_ buffer: ArrowBuffer) throws(ArrowError) -> Int {
        try TensorMessage.decode(buffer).messageLength
    }

    /// The element type of the tensor this case holds.
    public var dataType: TensorDataType {
        switch self {
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .uint8: .uint8
        case .uint16: .uint16
        case .uint32: .uint32
        case .uint64: .uint64
        case .float16: .float16
        case .float32: .float32
        case .float64: .float64
        }
    }

    private var common: (shape: [Int], strides: [Int], names: [String], count: Int) {
        switch self {
        case .int8(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        case .int16(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        case .int32(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        case .int64(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        case .uint8(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        case .uint16(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        case .uint32(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        case .uint64(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        case .float16(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        case .float32(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        case .float64(let t): (t.shape, t.strides, t.dimensionNames, t.count)
        }
    }

    /// Length of each dimension; empty for a 0-d tensor.
    public var shape: [Int] { common.shape }
    /// Byte step along each dimension.
    public var strides: [Int] { common.strides }
    /// One name per dimension; "" where a dimension has no name.
    public var dimensionNames: [String] { common.names }
    /// Number of elements (1 for a 0-d tensor, 0 when a dimension is 0).
    public var count: Int { common.count }

    /// The typed tensor, if it holds `T`.
    ///
    /// - Parameter _: The element type wanted; inferred when omitted.
    /// - Returns: The tensor (sharing its bytes, no copy), or `nil` when the
    ///   elements are not exactly `T`.
    public func tensor<T: TensorElement>(of _: T.Type = T.self) -> Tensor<T>? {
        switch self {
        case .int8(let t): t as? Tensor<T>
        case .int16(let t): t as? Tensor<T>
        case .int32(let t): t as? Tensor<T>
        case .int64(let t): t as? Tensor<T>
        case .uint8(let t): t as? Tensor<T>
        case .uint16(let t): t as? Tensor<T>
        case .uint32(let t): t as? Tensor<T>
        case .uint64(let t): t as? Tensor<T>
        case .float16(let t): t as? Tensor<T>
        case .float32(let t): t as? Tensor<T>
        case .float64(let t): t as? Tensor<T>
        }
    }

    /// The first `limit` elements in C order, printed as Swift prints them.
    ///
    /// - Parameter limit: The most elements to print; 0 or less gives none.
    /// - Returns: Up to `min(limit, count)` strings.
    /// - Complexity: O(limit × r) in `limit` and the rank; the tensor is not copied.
    public func leadingValues(_ limit: Int) -> [String] {
        func first<T: TensorElement>(_ t: Tensor<T>) -> [String] {
            guard t.count > 0, limit > 0 else { return [] }
            // Walks indices in C order without materializing the whole tensor.
            var index = Array(repeating: 0, count: t.rank)
            var out: [String] = []
            for _ in 0..<min(limit, t.count) {
                // The checked read: printing must not depend on the subscript's precondition.
                guard let value = try? t.element(at: index) else { break }
                out.append("\(value)")
                var level = t.rank - 1
                while level >= 0 {
                    index[level] += 1
                    if index[level] < t.shape[level] { break }
                    index[level] = 0
                    level -= 1
                }
            }
            return out
        }
        switch self {
        case .int8(let t): return first(t)
        case .int16(let t): return first(t)
        case .int32(let t): return first(t)
        case .int64(let t): return first(t)
        case .uint8(let t): return first(t)
        case .uint16(let t): return first(t)
        case .uint32(let t): return first(t)
        case .uint64(let t): return first(t)
        case .float16(let t): return first(t)
        case .float32(let t): return first(t)
        case .float64(let t): return first(t)
        }
    }
}
