import ArrowMemory

/// A Swift value a `PrimitiveArrayBuilder` stores: its bits and default Arrow type.
public protocol PrimitiveBuilderValue {
    associatedtype Bits: FixedWidthInteger
    /// The physical integer stored for the value (floats keep their bit patterns).
    var builderBits: Bits { get }
    /// The Arrow type these values build by default.
    static var defaultArrowType: ArrowType { get }
}

extension Int8: PrimitiveBuilderValue { public var builderBits: Int8 { self }; public static var defaultArrowType: ArrowType { .int8 } }
extension Int16: PrimitiveBuilderValue { public var builderBits: Int16 { self }; public static var defaultArrowType: ArrowType { .int16 } }
extension Int32: PrimitiveBuilderValue { public var builderBits: Int32 { self }; public static var defaultArrowType: ArrowType { .int32 } }
extension Int64: PrimitiveBuilderValue { public var builderBits: Int64 { self }; public static var defaultArrowType: ArrowType { .int64 } }
extension Int: PrimitiveBuilderValue { public var builderBits: Int64 { Int64(self) }; public static var defaultArrowType: ArrowType { .int64 } }
extension UInt8: PrimitiveBuilderValue { public var builderBits: UInt8 { self }; public static var defaultArrowType: ArrowType { .uint8 } }
extension UInt16: PrimitiveBuilderValue { public var builderBits: UInt16 { self }; public static var defaultArrowType: ArrowType { .uint16 } }
extension UInt32: PrimitiveBuilderValue { public var builderBits: UInt32 { self }; public static var defaultArrowType: ArrowType { .uint32 } }
extension UInt64: PrimitiveBuilderValue { public var builderBits: UInt64 { self }; public static var defaultArrowType: ArrowType { .uint64 } }
extension UInt: PrimitiveBuilderValue { public var builderBits: UInt64 { UInt64(self) }; public static var defaultArrowType: ArrowType { .uint64 } }
extension Float: PrimitiveBuilderValue { public var builderBits: UInt32 { bitPattern }; public static var defaultArrowType: ArrowType { .float32 } }
extension Double: PrimitiveBuilderValue { public var builderBits: UInt64 { bitPattern }; public static var defaultArrowType: ArrowType { .float64 } }

/// Builds a fixed-width array row by row: integers, floats, or (with an explicit
/// type) dates, times, timestamps, durations and other types stored as integers
/// of the value's width.
///
/// ```swift
/// let ids = PrimitiveArrayBuilder<Int32>()
/// ids.append(1); ids.appendNull(); ids.append(3)
/// let column = try ids.finish()   // same bytes as ArrayData([1, nil, 3] as [Int32?])
/// let times = try PrimitiveArrayBuilder<Int64>(type: .timestamp(.millisecond, timezone: "UTC"))
/// ```
public final class PrimitiveArrayBuilder<Value: PrimitiveBuilderValue>: ArrayBuilder {
    public let type: ArrowType
    private var values = FixedWidthValues<Value.Bits>()
    private var validity = ValidityBits()

    /// A builder of `Value`'s default type (`Int32` -> int32, `Double` -> float64, ...).
    public init() { type = Value.defaultArrowType }

    /// A builder of `type`, whose values must be `Value`'s size.
    /// - Throws: `ArrowError.Kind.invalidArgument` for types that are not fixed-width
    ///   integers of that size (bool, fixed-size binary, other widths).
    public init(type: ArrowType) throws(ArrowError) {
        switch type {
        case .bool, .fixedSizeBinary: throw ArrowError(.invalidArgument, "\(type) is not a primitive type; use its own builder")
        default: break
        }
        guard type.byteWidth == MemoryLayout<Value.Bits>.size else {
            throw ArrowError(.invalidArgument, "\(type) values are not \(MemoryLayout<Value.Bits>.size) bytes wide")
        }
        self.type = type
    }

    public var count: Int { validity.count }

    public func append(_ value: Value) {
        values.append(value.builderBits)
        validity.append(true)
    }

    /// Appends `value`, or a null for nil.
    public func append(_ value: Value?) {
        if let value { append(value) } else { appendNull() }
    }

    public func appendNull() {
        values.append(0)
        validity.append(false)
    }

    public func appendEmptyValue() {
        values.append(0)
        validity.append(true)
    }

    public func finish() throws(ArrowError) -> ArrayData {
        defer { values.reset(); validity.reset() }
        return ArrayData(type: type, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap,
                         buffers: [values.buffer])
    }
}

/// Builds a bool array row by row, values bit-packed as `ArrayData([Bool?])` does.
public final class BooleanArrayBuilder: ArrayBuilder {
    public let type = ArrowType.bool
    private var values = ValidityBits()
    private var validity = ValidityBits()

    public init() {}

    public var count: Int { validity.count }

    public func append(_ value: Bool) {
        values.append(value)
        validity.append(true)
    }

    public func append(_ value: Bool?) {
        if let value { append(value) } else { appendNull() }
    }

    public func appendNull() {
        values.append(false)
        validity.append(false)
    }

    public func appendEmptyValue() { append(false) }

    public func finish() throws(ArrowError) -> ArrayData {
        defer { values.reset(); validity.reset() }
        return ArrayData(type: .bool, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap,
                         buffers: [ArrowBuffer(copying: values.bytes)])
    }
}

/// Builds a decimal array (32, 64, 128 or 256 bits) row by row, laid out as
/// `ArrayData.decimal(_:precision:scale:bitWidth:)` does.
public final class DecimalArrayBuilder: ArrayBuilder {
    public let type: ArrowType
    private let width: Int
    private let precision: Int32
    private var values: [[UInt8]?] = []

    /// - Throws: `ArrowError.Kind.invalidArgument` for a bad width or precision.
    public init(precision: Int32, scale: Int32, bitWidth: Int32 = 128) throws(ArrowError) {
        // The bulk builder checks width and precision; an empty array costs nothing.
        _ = try ArrayData.decimal([] as [Int64?], precision: precision, scale: scale, bitWidth: bitWidth)
        type = .decimal(precision: precision, scale: scale, bitWidth: bitWidth)
        width = Int(bitWidth) / 8
        self.precision = precision
    }

    public var count: Int { values.count }

    /// Appends the unscaled value `value` (sign-extended to the width).
    /// - Throws: `ArrowError.Kind.invalidArgument` when it has more digits than the precision.
    public func append(_ value: Int64) throws(ArrowError) {
        if precision < 19 {
            var limit: UInt64 = 1
            for _ in 0..<precision { limit *= 10 }
            guard value.magnitude < limit else { throw ArrowError(.invalidArgument, "value \(value) has more than \(precision) digits") }
        }
        var bytes = withUnsafeBytes(of: value.littleEndian, Array.init)
        if width == 4 {
            bytes = Array(bytes.prefix(4))
        } else {
            bytes += repeatElement(value < 0 ? 0xFF : 0, count: width - 8)
        }
        values.append(bytes)
    }

    /// Appends the raw little-endian two's complement bytes of an unscaled value.
    /// - Throws: `ArrowError.Kind.invalidArgument` when they are not `bitWidth / 8` bytes.
    public func append(littleEndian bytes: [UInt8]) throws(ArrowError) {
        guard bytes.count == width else { throw ArrowError(.invalidArgument, "decimal value has \(bytes.count) bytes, needs \(width)") }
        values.append(bytes)
    }

    public func appendNull() { values.append(nil) }
    public func appendEmptyValue() { values.append([UInt8](repeating: 0, count: width)) }

    public func finish() throws(ArrowError) -> ArrayData {
        guard case .decimal(let precision, let scale, let bitWidth) = type else { throw ArrowError(.invalidArgument, "not a decimal type") }
        defer { values = [] }
        return try ArrayData.decimal(littleEndian: values, precision: precision, scale: scale, bitWidth: bitWidth)
    }
}
