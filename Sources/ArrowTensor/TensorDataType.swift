import ArrowIPC

/// The element types an Arrow tensor can hold: the fixed-width numeric types
/// pyarrow converts from numpy (`pa.Tensor.from_numpy`).
public enum TensorDataType: String, Sendable, Hashable, CaseIterable {
    /// Signed integers of 8, 16, 32 and 64 bits (Arrow `Int` with `is_signed`).
    case int8, int16, int32, int64
    /// Unsigned integers of 8, 16, 32 and 64 bits.
    case uint8, uint16, uint32, uint64
    /// IEEE 754 half, single and double precision (Arrow `FloatingPoint`).
    case float16, float32, float64

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .int8, .uint8: 1
        case .int16, .uint16, .float16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }

    /// The numpy dtype name (`np.dtype(...).name`), which is also the raw value.
    public var numpyName: String { rawValue }

    /// The Arrow type of the elements.
    public var arrowType: ArrowType {
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

    /// The tensor element type of an Arrow type, or nil when a tensor cannot hold it.
    ///
    /// - Parameter arrowType: An Arrow type; only the fixed-width integer and
    ///   floating-point types map to a tensor element type.
    public init?(arrowType: ArrowType) {
        guard let match = Self.allCases.first(where: { $0.arrowType == arrowType }) else { return nil }
        self = match
    }

    /// The `Int` type of `Schema.fbs` with this bit width and signedness.
    static func integer(bitWidth: Int32, signed: Bool) -> TensorDataType? {
        ArrowType.integer(bitWidth: Int(bitWidth), signed: signed).flatMap(TensorDataType.init(arrowType:))
    }

    /// `FloatingPoint.precision` of `Schema.fbs`: HALF 0, SINGLE 1, DOUBLE 2.
    static func floatingPoint(precision: Int16) -> TensorDataType? {
        switch precision {
        case 0: .float16
        case 1: .float32
        case 2: .float64
        default: nil
        }
    }

    /// Whether the type is an `Int` (else a `FloatingPoint`) in the metadata.
    var isInteger: Bool {
        switch self {
        case .float16, .float32, .float64: false
        default: true
        }
    }

    var isSigned: Bool {
        switch self {
        case .int8, .int16, .int32, .int64, .float16, .float32, .float64: true
        case .uint8, .uint16, .uint32, .uint64: false
        }
    }

    var floatPrecision: Int16 {
        switch self {
        case .float16: 0
        case .float32: 1
        default: 2
        }
    }
}
