/// A Swift type with a natural Arrow array type, so that generic builders
/// (`ArrayData.list(_:)`, `dictionaryEncoding(_:indexType:)`,
/// `runEndEncoded(_:runEndType:)`) can make arrays of it.
///
/// | Swift | Arrow |
/// |---|---|
/// | `Int8` ... `Int64`, `UInt8` ... `UInt64` | int8 ... int64, uint8 ... uint64 |
/// | `Int`, `UInt` | int64, uint64 |
/// | `Float`, `Double` | float32, float64 |
/// | `Bool` | bool |
/// | `String` | utf8 |
public protocol ArrowBuildable: Sendable {
    /// The Arrow type of the arrays `makeArrowArray` returns.
    static var arrowType: ArrowType { get }
    /// An array holding `values`, `nil` being null, laid out as Arrow C++ builders do.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array of `arrowType` with new buffers.
    /// - Throws: `ArrowError` when the values do not fit the type's layout (only
    ///   `String` throws: `.invalidArgument` past `Int32.max` bytes in total).
    /// - Complexity: O(n) in the values (and their bytes), which are copied.
    static func makeArrowArray(_ values: [Self?]) throws(ArrowError) -> ArrayData
}

extension Int8: ArrowBuildable {
    /// `.int8`: the Arrow type of `Int8` arrays.
    public static var arrowType: ArrowType { .int8 }
    /// An int8 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [Int8?]) -> ArrayData { ArrayData(values) }
}

extension Int16: ArrowBuildable {
    /// `.int16`: the Arrow type of `Int16` arrays.
    public static var arrowType: ArrowType { .int16 }
    /// An int16 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [Int16?]) -> ArrayData { ArrayData(values) }
}

extension Int32: ArrowBuildable {
    /// `.int32`: the Arrow type of `Int32` arrays.
    public static var arrowType: ArrowType { .int32 }
    /// An int32 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [Int32?]) -> ArrayData { ArrayData(values) }
}

extension Int64: ArrowBuildable {
    /// `.int64`: the Arrow type of `Int64` arrays.
    public static var arrowType: ArrowType { .int64 }
    /// An int64 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [Int64?]) -> ArrayData { ArrayData(values) }
}

extension UInt8: ArrowBuildable {
    /// `.uint8`: the Arrow type of `UInt8` arrays.
    public static var arrowType: ArrowType { .uint8 }
    /// A uint8 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [UInt8?]) -> ArrayData { ArrayData(values) }
}

extension UInt16: ArrowBuildable {
    /// `.uint16`: the Arrow type of `UInt16` arrays.
    public static var arrowType: ArrowType { .uint16 }
    /// A uint16 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [UInt16?]) -> ArrayData { ArrayData(values) }
}

extension UInt32: ArrowBuildable {
    /// `.uint32`: the Arrow type of `UInt32` arrays.
    public static var arrowType: ArrowType { .uint32 }
    /// A uint32 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [UInt32?]) -> ArrayData { ArrayData(values) }
}

extension UInt64: ArrowBuildable {
    /// `.uint64`: the Arrow type of `UInt64` arrays.
    public static var arrowType: ArrowType { .uint64 }
    /// A uint64 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [UInt64?]) -> ArrayData { ArrayData(values) }
}

extension Int: ArrowBuildable {
    /// `.int64`: the Arrow type of `Int` arrays (`Int` is stored as 64 bits).
    public static var arrowType: ArrowType { .int64 }
    /// An int64 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [Int?]) -> ArrayData { ArrayData(values) }
}

extension UInt: ArrowBuildable {
    /// `.uint64`: the Arrow type of `UInt` arrays (`UInt` is stored as 64 bits).
    public static var arrowType: ArrowType { .uint64 }
    /// A uint64 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [UInt?]) -> ArrayData { ArrayData(values) }
}

extension Float: ArrowBuildable {
    /// `.float32`: the Arrow type of `Float` arrays (values keep their bit patterns).
    public static var arrowType: ArrowType { .float32 }
    /// A float32 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [Float?]) -> ArrayData { ArrayData(values) }
}

extension Double: ArrowBuildable {
    /// `.float64`: the Arrow type of `Double` arrays (values keep their bit patterns).
    public static var arrowType: ArrowType { .float64 }
    /// A float64 array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [Double?]) -> ArrayData { ArrayData(values) }
}

extension Bool: ArrowBuildable {
    /// `.bool`: the Arrow type of `Bool` arrays (values bit-packed).
    public static var arrowType: ArrowType { .bool }
    /// A bool array of `values`, as `ArrayData.init(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Complexity: O(n).
    public static func makeArrowArray(_ values: [Bool?]) -> ArrayData { ArrayData(values) }
}

extension String: ArrowBuildable {
    /// `.utf8`: the Arrow type of `String` arrays.
    public static var arrowType: ArrowType { .utf8 }
    /// A utf8 array of `values`, as `ArrayData.utf8(_:)` builds it.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array with new buffers.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the strings hold more than
    ///   `Int32.max` bytes together.
    /// - Complexity: O(n) in the values and their UTF-8 bytes, which are copied.
    public static func makeArrowArray(_ values: [String?]) throws(ArrowError) -> ArrayData { try ArrayData.utf8(values) }
}
