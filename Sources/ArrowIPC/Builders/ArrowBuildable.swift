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
    static func makeArrowArray(_ values: [Self?]) throws(ArrowError) -> ArrayData
}

extension Int8: ArrowBuildable {
    public static var arrowType: ArrowType { .int8 }
    public static func makeArrowArray(_ values: [Int8?]) -> ArrayData { ArrayData(values) }
}

extension Int16: ArrowBuildable {
    public static var arrowType: ArrowType { .int16 }
    public static func makeArrowArray(_ values: [Int16?]) -> ArrayData { ArrayData(values) }
}

extension Int32: ArrowBuildable {
    public static var arrowType: ArrowType { .int32 }
    public static func makeArrowArray(_ values: [Int32?]) -> ArrayData { ArrayData(values) }
}

extension Int64: ArrowBuildable {
    public static var arrowType: ArrowType { .int64 }
    public static func makeArrowArray(_ values: [Int64?]) -> ArrayData { ArrayData(values) }
}

extension UInt8: ArrowBuildable {
    public static var arrowType: ArrowType { .uint8 }
    public static func makeArrowArray(_ values: [UInt8?]) -> ArrayData { ArrayData(values) }
}

extension UInt16: ArrowBuildable {
    public static var arrowType: ArrowType { .uint16 }
    public static func makeArrowArray(_ values: [UInt16?]) -> ArrayData { ArrayData(values) }
}

extension UInt32: ArrowBuildable {
    public static var arrowType: ArrowType { .uint32 }
    public static func makeArrowArray(_ values: [UInt32?]) -> ArrayData { ArrayData(values) }
}

extension UInt64: ArrowBuildable {
    public static var arrowType: ArrowType { .uint64 }
    public static func makeArrowArray(_ values: [UInt64?]) -> ArrayData { ArrayData(values) }
}

extension Int: ArrowBuildable {
    public static var arrowType: ArrowType { .int64 }
    public static func makeArrowArray(_ values: [Int?]) -> ArrayData { ArrayData(values) }
}

extension UInt: ArrowBuildable {
    public static var arrowType: ArrowType { .uint64 }
    public static func makeArrowArray(_ values: [UInt?]) -> ArrayData { ArrayData(values) }
}

extension Float: ArrowBuildable {
    public static var arrowType: ArrowType { .float32 }
    public static func makeArrowArray(_ values: [Float?]) -> ArrayData { ArrayData(values) }
}

extension Double: ArrowBuildable {
    public static var arrowType: ArrowType { .float64 }
    public static func makeArrowArray(_ values: [Double?]) -> ArrayData { ArrayData(values) }
}

extension Bool: ArrowBuildable {
    public static var arrowType: ArrowType { .bool }
    public static func makeArrowArray(_ values: [Bool?]) -> ArrayData { ArrayData(values) }
}

extension String: ArrowBuildable {
    public static var arrowType: ArrowType { .utf8 }
    public static func makeArrowArray(_ values: [String?]) throws(ArrowError) -> ArrayData { try ArrayData.utf8(values) }
}
