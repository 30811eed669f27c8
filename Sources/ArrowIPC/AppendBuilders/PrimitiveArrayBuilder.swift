import ArrowMemory

/// A Swift value a `PrimitiveArrayBuilder` stores: its bits and default Arrow type.
///
/// The integer and floating-point types of the standard library conform; `Int`
/// and `UInt` are stored as 64 bits.
public protocol PrimitiveBuilderValue {
    /// The fixed-width integer written to the values buffer, little-endian.
    associatedtype Bits: FixedWidthInteger
    /// The physical integer stored for the value (floats keep their bit patterns).
    var builderBits: Bits { get }
    /// The Arrow type these values build by default.
    static var defaultArrowType: ArrowType { get }
}

extension Int8: PrimitiveBuilderValue {
    /// The value as stored: itself.
    public var builderBits: Int8 { self }
    /// `int8`.
    public static var defaultArrowType: ArrowType { .int8 }
}
extension Int16: PrimitiveBuilderValue {
    /// The value as stored: itself.
    public var builderBits: Int16 { self }
    /// `int16`.
    public static var defaultArrowType: ArrowType { .int16 }
}
extension Int32: PrimitiveBuilderValue {
    /// The value as stored: itself.
    public var builderBits: Int32 { self }
    /// `int32`.
    public static var defaultArrowType: ArrowType { .int32 }
}
extension Int64: PrimitiveBuilderValue {
    /// The value as stored: itself.
    public var builderBits: Int64 { self }
    /// `int64`.
    public static var defaultArrowType: ArrowType { .int64 }
}
extension Int: PrimitiveBuilderValue {
    /// The value as stored: widened to Int64.
    public var builderBits: Int64 { Int64(self) }
    /// `int64`.
    public static var defaultArrowType: ArrowType { .int64 }
}
extension UInt8: PrimitiveBuilderValue {
    /// The value as stored: itself.
    public var builderBits: UInt8 { self }
    /// `uint8`.
    public static var defaultArrowType: ArrowType { .uint8 }
}
extension UInt16: PrimitiveBuilderValue {
    /// The value as stored: itself.
    public var builderBits: UInt16 { self }
    /// `uint16`.
    public static var defaultArrowType: ArrowType { .uint16 }
}
extension UInt32: PrimitiveBuilderValue {
    /// The value as stored: itself.
    public var builderBits: UInt32 { self }
    /// `uint32`.
    public static var defaultArrowType: ArrowType { .uint32 }
}
extension UInt64: PrimitiveBuilderValue {
    /// The value as stored: itself.
    public var builderBits: UInt64 { self }
    /// `uint64`.
    public static var defaultArrowType: ArrowType { .uint64 }
}
extension UInt: PrimitiveBuilderValue {
    /// The value as stored: widened to UInt64.
    public var builderBits: UInt64 { UInt64(self) }
    /// `uint64`.
    public static var defaultArrowType: ArrowType { .uint64 }
}
extension Float: PrimitiveBuilderValue {
    /// The value as stored: its bit pattern.
    public var builderBits: UInt32 { bitPattern }
    /// `float32`.
    public static var defaultArrowType: ArrowType { .float32 }
}
extension Double: PrimitiveBuilderValue {
    /// The value as stored: its bit pattern.
    public var builderBits: UInt64 { bitPattern }
    /// `float64`.
    public static var defaultArrowType: ArrowType { .float64 }
}

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
    /// The type of the array being built: `Value`'s default type, or the one given to `init(type:)`.
    public let type: ArrowType
    private var values = FixedWidthValues<Value.Bits>()
    private var validity = ValidityBits()

    /// A builder of `Value`'s default type (`Int32` -> int32, `Double` -> float64, ...).
    public init() { type = Value.defaultArrowType }

    /// A builder of `type`, a fixed-width type whose values are as wide as
    /// `Value.Bits` (e.g. `Int64` for timestamps, `UInt16` bits for float16).
    ///
    /// Values are stored as given: nothing checks them against the type (a
    /// decimal's precision, for instance).
    /// - Parameter type: The array's type.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `type` is bool, fixed-size
    ///   binary, not fixed-width, or of another width than `Value.Bits`.
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

    /// Number of values appended since the last `finish()`, nulls included.
    public var count: Int { validity.count }

    /// Appends a valid value (floats keep their bit patterns, NaN payloads too).
    /// - Parameter value: The value to append.
    /// - Complexity: Amortized O(1).
    public func append(_ value: Value) {
        values.append(value.builderBits)
        validity.append(true)
    }

    /// Appends `value`, or a null for nil.
    /// - Parameter value: The value to append, or `nil` for a null.
    /// - Complexity: Amortized O(1).
    public func append(_ value: Value?) {
        if let value { append(value) } else { appendNull() }
    }

    /// Appends a null, stored as zero in the values buffer.
    /// - Complexity: Amortized O(1).
    public func appendNull() {
        values.append(0)
        validity.append(false)
    }

    /// Appends a valid zero.
    /// - Complexity: Amortized O(1).
    public func appendEmptyValue() {
        values.append(0)
        validity.append(true)
    }

    /// The array of the values appended since the last `finish()`: a values buffer
    /// of exactly `count` little-endian values, and a validity bitmap only when a
    /// value is null. The builder is empty again afterwards.
    /// - Returns: A new array with new buffers.
    /// - Throws: Never; `throws` comes from `ArrayBuilder`.
    /// - Complexity: O(n), copying the values.
    public func finish() throws(ArrowError) -> ArrayData {
        defer {
            values.reset()
            validity.reset()
        }
        return ArrayData(
            type: type, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap,
            buffers: [values.buffer])
    }
}

/// Builds a bool array row by row, values bit-packed as `ArrayData([Bool?])` does.
public final class BooleanArrayBuilder: ArrayBuilder {
    /// Always `.bool`.
    public let type = ArrowType.bool
    private var values = ValidityBits()
    private var validity = ValidityBits()

    /// An empty bool builder.
    public init() {}

    /// Number of values appended since the last `finish()`, nulls included.
    public var count: Int { validity.count }

    /// Appends a valid value.
    /// - Parameter value: The value to append.
    /// - Complexity: Amortized O(1).
    public func append(_ value: Bool) {
        values.append(value)
        validity.append(true)
    }

    /// Appends `value`, or a null for nil.
    /// - Parameter value: The value to append, or `nil` for a null.
    /// - Complexity: Amortized O(1).
    public func append(_ value: Bool?) {
        if let value { append(value) } else { appendNull() }
    }

    /// Appends a null, stored as a 0 bit in the values bitmap.
    /// - Complexity: Amortized O(1).
    public func appendNull() {
        values.append(false)
        validity.append(false)
    }

    /// Appends a valid `false`.
    /// - Complexity: Amortized O(1).
    public func appendEmptyValue() { append(false) }

    /// The array of the values appended since the last `finish()`: values
    /// bit-packed least significant bit first in `(count + 7) / 8` bytes, and a
    /// validity bitmap only when a value is null. The builder is empty again afterwards.
    /// - Returns: A new array with new buffers.
    /// - Throws: Never; `throws` comes from `ArrayBuilder`.
    /// - Complexity: O(n), copying the bitmaps.
    public func finish() throws(ArrowError) -> ArrayData {
        defer {
            values.reset()
            validity.reset()
        }
        return ArrayData(
            type: .bool, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap,
            buffers: [ArrowBuffer(copying: values.bytes)])
    }
}

/// Builds a decimal array (32, 64, 128 or 256 bits) row by row, laid out as
/// `ArrayData.decimal(_:precision:scale:bitWidth:)` does.
public final class DecimalArrayBuilder: ArrayBuilder {
    /// The decimal type being built, with the precision, scale and bit width given to `init`.
    public let type: ArrowType
    private let width: Int
    private let precision: Int32
    private var values: [[UInt8]?] = []

    /// A builder of decimals of `precision` digits, `scale` of them after the point.
    /// - Parameters:
    ///   - precision: Number of decimal digits, 1 up to 9, 18, 38 or 76 by `bitWidth`.
    ///   - scale: Number of digits after the decimal point (not checked).
    ///   - bitWidth: 32, 64, 128 (the default) or 256.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `bitWidth` is not 32, 64,
    ///   128 or 256, or `precision` is outside what that width allows.
    public init(precision: Int32, scale: Int32, bitWidth: Int32 = 128) throws(ArrowError) {
        // The bulk builder checks width and precision; an empty array costs nothing.
        _ = try ArrayData.decimal([] as [Int64?], precision: precision, scale: scale, bitWidth: bitWidth)
        type = .decimal(precision: precision, scale: scale, bitWidth: bitWidth)
        width = Int(bitWidth) / 8
        self.precision = precision
    }

    /// Number of values appended since the last `finish()`, nulls included.
    public var count: Int { values.count }

    /// Appends the unscaled value `value` (`12345` with scale 2 is `123.45`),
    /// sign-extended to the width.
    /// - Parameter value: The unscaled value.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `value` has more digits
    ///   than the precision (checked for precisions below 19; larger ones hold any `Int64`).
    /// - Complexity: Amortized O(1).
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

    /// Appends the raw little-endian two's complement bytes of an unscaled value,
    /// as they are; their digits are not checked against the precision.
    /// - Parameter bytes: Exactly `bitWidth / 8` bytes.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `bytes` is not `bitWidth / 8` bytes long.
    /// - Complexity: Amortized O(1).
    public func append(littleEndian bytes: [UInt8]) throws(ArrowError) {
        guard bytes.count == width else { throw ArrowError(.invalidArgument, "decimal value has \(bytes.count) bytes, needs \(width)") }
        values.append(bytes)
    }

    /// Appends a null, stored as zero bytes.
    /// - Complexity: Amortized O(1).
    public func appendNull() { values.append(nil) }
    /// Appends a valid zero.
    /// - Complexity: Amortized O(1).
    public func appendEmptyValue() { values.append([UInt8](repeating: 0, count: width)) }

    /// The array of the values appended since the last `finish()`, laid out by
    /// `ArrayData.decimal(littleEndian:precision:scale:bitWidth:)`. The builder is
    /// empty again afterwards.
    /// - Returns: A new array with new buffers.
    /// - Throws: Not in practice: the values were checked as they were appended.
    /// - Complexity: O(n), copying the values.
    public func finish() throws(ArrowError) -> ArrayData {
        guard case .decimal(let precision, let scale, let bitWidth) = type else { throw ArrowError(.invalidArgument, "not a decimal type") }
        defer { values = [] }
        return try ArrayData.decimal(littleEndian: values, precision: precision, scale: scale, bitWidth: bitWidth)
    }
}

extension PrimitiveArrayBuilder: FinishChecking {
    func discard() {
        values.reset()
        validity.reset()
    }

    var nullCount: Int { validity.nullCount }
}

extension BooleanArrayBuilder: FinishChecking {
    func discard() {
        values.reset()
        validity.reset()
    }

    var nullCount: Int { validity.nullCount }
}

extension DecimalArrayBuilder: FinishChecking {
    func discard() { values = [] }

    var nullCount: Int { values.reduce(0) { $1 == nil ? $0 + 1 : $0 } }
}
