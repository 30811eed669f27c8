import ArrowMemory

/// A Swift type that can be read from a fixed-width Arrow values buffer.
public protocol ArrowPrimitive: Sendable {
    /// Reads a little-endian value at byte `offset`; the caller checked the range.
    static func load(_ buffer: ByteBuffer, at offset: Int) -> Self
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
    @inlinable
    public static func load(_ buffer: ByteBuffer, at offset: Int) -> Self {
        buffer.readIntegerUnchecked(at: offset, as: Self.self)
    }
}

extension Float: ArrowPrimitive {
    @inlinable
    public static func load(_ buffer: ByteBuffer, at offset: Int) -> Float {
        Float(bitPattern: buffer.readIntegerUnchecked(at: offset, as: UInt32.self))
    }
}

extension Double: ArrowPrimitive {
    @inlinable
    public static func load(_ buffer: ByteBuffer, at offset: Int) -> Double {
        Double(bitPattern: buffer.readIntegerUnchecked(at: offset, as: UInt64.self))
    }
}

/// Fixed-width values (integers, floats, dates, times, timestamps, durations,
/// year-month intervals) viewed as `T?`, zero-copy.
///
/// `T` must have the byte width of the array's type: `Int64` reads int64,
/// timestamps, durations and date64; `UInt16` reads the bits of float16.
public struct PrimitiveArray<T: ArrowPrimitive>: RandomAccessCollection, Sendable {
    public let data: ArrayData
    @usableFromInline let values: ByteBuffer

    /// A view of `data`; throws when the type's width is not `T`'s or buffers are short.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard let width = data.type.byteWidth, width == MemoryLayout<T>.size else {
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as \(T.self)")
        }
        switch data.type {
        case .fixedSizeBinary, .decimal: throw ArrowError(.invalidArgument, "cannot view \(data.type) as \(T.self)")
        default: break
        }
        try data.validateLayout()
        self.data = data
        self.values = data.buffers[0]
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { data.length }

    /// The value at `i`, or nil when it is null. Traps only for `i` outside `indices`,
    /// like any Swift collection.
    @inlinable
    public subscript(i: Int) -> T? {
        precondition(i >= 0 && i < data.length, "index out of range")
        if data.isNull(i) { return nil }
        return T.load(values, at: (data.offset + i) * MemoryLayout<T>.size)
    }

    /// The value at `i` ignoring validity (what the values buffer holds).
    @inlinable
    public func value(at i: Int) -> T {
        precondition(i >= 0 && i < data.length, "index out of range")
        return T.load(values, at: (data.offset + i) * MemoryLayout<T>.size)
    }

    /// The raw bytes of the values of this array (little-endian, `length * width` bytes).
    public var valueBytes: ByteBuffer {
        values.slice(data.offset * MemoryLayout<T>.size, count: data.length * MemoryLayout<T>.size) ?? .empty
    }
}

/// Booleans, bit-packed, viewed as `Bool?`.
public struct BooleanArray: RandomAccessCollection, Sendable {
    public let data: ArrayData

    public init(_ data: ArrayData) throws(ArrowError) {
        guard data.type == .bool else { throw ArrowError(.invalidArgument, "cannot view \(data.type) as Bool") }
        try data.validateLayout()
        self.data = data
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { data.length }

    public subscript(i: Int) -> Bool? {
        precondition(i >= 0 && i < data.length, "index out of range")
        if data.isNull(i) { return nil }
        return data.buffers[0].bitUnchecked(data.offset + i)
    }
}
