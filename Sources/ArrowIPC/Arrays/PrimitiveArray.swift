import ArrowMemory

/// A Swift type that can be read from a fixed-width Arrow values buffer.
public protocol ArrowPrimitive: Sendable {
    /// The Arrow type whose values are this Swift type (`Float` for float32, ...).
    /// `PrimitiveArray<Self>(_:)` views only that type; other types of the same
    /// width (timestamps as `Int64`, ...) need `PrimitiveArray(storageOf:)`.
    /// (The same member as `ArrowBuildable.arrowType` for types that are both.)
    static var arrowType: ArrowType { get }
    /// Reads a little-endian value at byte `offset`; the caller checked the range.
    /// - Parameters:
    ///   - buffer: A values buffer.
    ///   - offset: Byte offset of the value in `buffer`.
    /// - Returns: The value.
    static func load(_ buffer: ArrowBuffer, at offset: Int) -> Self
}

extension Int8: ArrowPrimitive {}
extension Int16: ArrowPrimitive {}
extension Int32: ArrowPrimitive {}
extension Int64: ArrowPrimitive {}
extension UInt8: ArrowPrimitive {}
extension UInt16: ArrowPrimitive {}
extension UInt32: ArrowPrimitive {}
extension UInt64: ArrowPrimitive {}

extension FixedWidthInteger where Self: ArrowPrimitive {
    /// Reads the little-endian integer at byte `offset` without a bounds check; the caller checked the range.
    /// - Parameters:
    ///   - buffer: A values buffer.
    ///   - offset: Byte offset of the value in `buffer`.
    /// - Returns: The value.
    @inlinable
    public static func load(_ buffer: ArrowBuffer, at offset: Int) -> Self {
        buffer.getIntegerUnchecked(at: offset, as: Self.self)
    }
}

extension Float: ArrowPrimitive {
    /// Reads the float32 at byte `offset` (from its bit pattern) without a bounds check.
    /// - Parameters:
    ///   - buffer: A values buffer.
    ///   - offset: Byte offset of the value in `buffer`.
    /// - Returns: The value.
    @inlinable
    public static func load(_ buffer: ArrowBuffer, at offset: Int) -> Float {
        Float(bitPattern: buffer.getIntegerUnchecked(at: offset, as: UInt32.self))
    }
}

extension Double: ArrowPrimitive {
    /// Reads the float64 at byte `offset` (from its bit pattern) without a bounds check.
    /// - Parameters:
    ///   - buffer: A values buffer.
    ///   - offset: Byte offset of the value in `buffer`.
    /// - Returns: The value.
    @inlinable
    public static func load(_ buffer: ArrowBuffer, at offset: Int) -> Double {
        Double(bitPattern: buffer.getIntegerUnchecked(at: offset, as: UInt64.self))
    }
}

/// Integers and floats viewed as `T?`, zero-copy.
///
/// `PrimitiveArray<T>(_:)` checks the logical type: `Float` views float32 only,
/// `Int64` views int64 only. The storage of other fixed-width types (dates, times,
/// timestamps, durations, year-month intervals, float16 bits) is viewed through
/// `PrimitiveArray(storageOf:)`; `TimestampArray`, `DateArray`, `DurationArray` and
/// `TimeOfDayArray` give their values as Swift types.
///
/// ```swift
/// let ids = try PrimitiveArray<Int64>(batch.columns[0])
/// for id in ids { print(id ?? -1) }                       // nil for nulls
/// let total = ids.reduce(0) { $0 + ($1 ?? 0) }
/// let millis = try PrimitiveArray<Int64>(storageOf: timestamps)  // raw timestamp values
/// ```
///
/// A value type holding the array (and so its bytes); `Sendable`.
public struct PrimitiveArray<T: ArrowPrimitive>: RandomAccessCollection, Sendable {
    /// The array viewed.
    public let data: ArrayData
    @usableFromInline let values: ArrowBuffer

    /// A view of `data`, whose type must be `T.arrowType`.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` naming both types when
    ///   `data` holds another type; `.invalidData` when its buffers are too short
    ///   for its length (`validateLayout()`).
    /// - Complexity: O(1): only the layout is checked.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard data.type == T.arrowType else {
            throw ArrowError(
                .invalidArgument, "cannot view \(data.type) as \(T.self) (which views \(T.arrowType)); use PrimitiveArray(storageOf:) for the raw storage")
        }
        try self.init(checkedWidth: data)
    }

    /// A view of the raw storage of any fixed-width primitive type whose values are
    /// `T`'s size: `Int64` for timestamps, durations, date64 and time64; `Int32` for
    /// date32, time32 and year-month intervals; `UInt16` for float16 bits.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when the width differs or
    ///   the type is not a primitive (decimals, day-time and month-day-nano
    ///   intervals and fixed-size binary are not); `.invalidData` when its buffers
    ///   are too short for its length.
    /// - Complexity: O(1).
    public init(storageOf data: ArrayData) throws(ArrowError) {
        try self.init(checkedWidth: data)
    }

    private init(checkedWidth data: ArrayData) throws(ArrowError) {
        guard let width = data.type.byteWidth, width == MemoryLayout<T>.size else {
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as \(T.self)")
        }
        switch data.type {
        case .fixedSizeBinary, .decimal, .interval(.dayTime), .interval(.monthDayNano):
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as \(T.self)")
        default: break
        }
        try data.validateLayout()
        self.data = data
        self.values = data.buffers[0]
    }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The array's length.
    public var endIndex: Int { data.length }

    /// The value at `i`, or nil when it is null. Traps only for `i` outside `indices`,
    /// like any Swift collection.
    /// - Parameter i: Index in `0..<count`.
    @inlinable
    public subscript(i: Int) -> T? {
        precondition(i >= 0 && i < data.length, "index out of range")
        if data.isNull(i) { return nil }
        return T.load(values, at: (data.offset + i) * MemoryLayout<T>.size)
    }

    /// The value at `i` ignoring validity (what the values buffer holds; for a
    /// null that is whatever the writer left there, often 0).
    /// - Parameter i: Index in `0..<count`; traps outside it.
    /// - Returns: The stored value.
    @inlinable
    public func value(at i: Int) -> T {
        precondition(i >= 0 && i < data.length, "index out of range")
        return T.load(values, at: (data.offset + i) * MemoryLayout<T>.size)
    }

    /// The raw bytes of the values of this array (little-endian, `length * width`
    /// bytes, starting at the array's offset), without copying.
    public var valueBytes: ArrowBuffer {
        values.getSlice(at: data.offset * MemoryLayout<T>.size, length: data.length * MemoryLayout<T>.size) ?? .empty
    }
}

/// Booleans, bit-packed, viewed as `Bool?`, zero-copy.
///
/// ```swift
/// let flags = try BooleanArray(batch.columns[1])
/// let setCount = flags.filter { $0 == true }.count
/// ```
public struct BooleanArray: RandomAccessCollection, Sendable {
    /// The array viewed.
    public let data: ArrayData

    /// A view of `data`, whose type must be `.bool`.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when `data` is not
    ///   boolean; `.invalidData` when its buffers are too short for its length.
    /// - Complexity: O(1).
    public init(_ data: ArrayData) throws(ArrowError) {
        guard data.type == .bool else { throw ArrowError(.invalidArgument, "cannot view \(data.type) as Bool") }
        try data.validateLayout()
        self.data = data
    }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The array's length.
    public var endIndex: Int { data.length }

    /// The value at `i`, or nil when it is null. Traps for `i` outside `indices`.
    /// - Parameter i: Index in `0..<count`.
    public subscript(i: Int) -> Bool? {
        precondition(i >= 0 && i < data.length, "index out of range")
        if data.isNull(i) { return nil }
        return data.buffers[0].bitUnchecked(data.offset + i)
    }
}

// Float16 exists wherever Swift has it; Intel Macs lack it.
#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    extension Float16: ArrowPrimitive {
        /// `.float16`.
        public static var arrowType: ArrowType { .float16 }
        /// Reads the float16 at byte `offset` (from its bit pattern) without a bounds check.
        /// - Parameters:
        ///   - buffer: A values buffer.
        ///   - offset: Byte offset of the value in `buffer`.
        /// - Returns: The value.
        @inlinable
        public static func load(_ buffer: ArrowBuffer, at offset: Int) -> Float16 {
            Float16(bitPattern: buffer.getIntegerUnchecked(at: offset, as: UInt16.self))
        }
    }
#endif
