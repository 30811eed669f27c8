/// A Swift type that can be an element of a `Tensor`: the fixed-width integers
/// and `Float16`, `Float`, `Double`. Elements are read from the tensor's bytes
/// with unaligned loads, so a tensor may start at any address.
public protocol TensorElement: BitwiseCopyable, Sendable, Equatable, TensorNestedArray where Scalar == Self {
    /// The tensor element type this Swift type stores.
    static var tensorDataType: TensorDataType { get }
}

// Each conformance's `tensorDataType` is the element type named like the Swift
// type (`Float` is `float32`, `Double` is `float64`).
extension Int8: TensorElement { public static var tensorDataType: TensorDataType { .int8 } }
extension Int16: TensorElement { public static var tensorDataType: TensorDataType { .int16 } }
extension Int32: TensorElement { public static var tensorDataType: TensorDataType { .int32 } }
extension Int64: TensorElement { public static var tensorDataType: TensorDataType { .int64 } }
extension UInt8: TensorElement { public static var tensorDataType: TensorDataType { .uint8 } }
extension UInt16: TensorElement { public static var tensorDataType: TensorDataType { .uint16 } }
extension UInt32: TensorElement { public static var tensorDataType: TensorDataType { .uint32 } }
extension UInt64: TensorElement { public static var tensorDataType: TensorDataType { .uint64 } }
extension Float16: TensorElement { public static var tensorDataType: TensorDataType { .float16 } }
extension Float: TensorElement { public static var tensorDataType: TensorDataType { .float32 } }
extension Double: TensorElement { public static var tensorDataType: TensorDataType { .float64 } }
