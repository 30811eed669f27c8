import ArrowMemory

// Fixed-width arrays from Swift values. Like Arrow C++ `NumericBuilder`: a
// validity bitmap only when a value is nil, zeros in the slots of nulls, exact sizes.

extension ArrayData {
    /// An int8 array; `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [Int8?]) { self = Self.fixedWidth(values, type: .int8) }
    /// An int16 array; `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [Int16?]) { self = Self.fixedWidth(values, type: .int16) }
    /// An int32 array; `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [Int32?]) { self = Self.fixedWidth(values, type: .int32) }
    /// An int64 array; `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [Int64?]) { self = Self.fixedWidth(values, type: .int64) }
    /// A uint8 array; `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [UInt8?]) { self = Self.fixedWidth(values, type: .uint8) }
    /// A uint16 array; `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [UInt16?]) { self = Self.fixedWidth(values, type: .uint16) }
    /// A uint32 array; `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [UInt32?]) { self = Self.fixedWidth(values, type: .uint32) }
    /// A uint64 array; `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [UInt64?]) { self = Self.fixedWidth(values, type: .uint64) }
    /// An int64 array (`Int` is stored as 64 bits); `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [Int?]) { self = Self.fixedWidth(values.map { $0.map { Int64($0) } }, type: .int64) }
    /// A uint64 array (`UInt` is stored as 64 bits); `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [UInt?]) { self = Self.fixedWidth(values.map { $0.map { UInt64($0) } }, type: .uint64) }
    /// A float32 array; `nil` is null. Values keep their bit patterns (NaN payloads too).
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [Float?]) { self = Self.fixedWidth(values.map { $0?.bitPattern }, type: .float32) }
    /// A float64 array; `nil` is null. Values keep their bit patterns (NaN payloads too).
    /// - Parameter values: The values, in order; `nil` is null (zero in the values buffer).
    /// - Complexity: O(n).
    public init(_ values: [Double?]) { self = Self.fixedWidth(values.map { $0?.bitPattern }, type: .float64) }

    /// A bool array, values bit-packed least significant bit first; `nil` is null
    /// (and a 0 bit in the values).
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Complexity: O(n).
    public init(_ values: [Bool?]) {
        let (validity, nulls) = BuilderBuffers.validity(of: values)
        let bits = BuilderBuffers.bitmap(count: values.count) { values[$0] == true }
        self.init(type: .bool, length: values.count, nullCount: nulls, validity: validity, buffers: [bits])
    }

    /// An array of a fixed-width `type` holding the physical integers `values`:
    /// dates, times, timestamps, durations, intervals, decimals, float16 (as
    /// `UInt16` bits), or plain integers.
    ///
    /// ```swift
    /// let ts = try ArrayData.primitive([1_700_000_000_000, nil] as [Int64?],
    ///                                  type: .timestamp(.millisecond, timezone: "UTC"))
    /// ```
    /// - Parameters:
    ///   - values: The physical values, in order; `nil` is null (zero in the values buffer).
    ///   - type: A fixed-width type as wide as `T`; the values are not checked
    ///     against it (a decimal's precision, for instance).
    /// - Returns: A new array of `type`, with a validity bitmap only when a value is nil.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `type` is bool, fixed-size
    ///   binary or not fixed-width, or its width is not the size of `T`.
    /// - Complexity: O(n).
    public static func primitive<T: FixedWidthInteger>(_ values: [T?], type: ArrowType) throws(ArrowError) -> ArrayData {
        switch type {
        case .bool, .fixedSizeBinary:
            throw ArrowError(.invalidArgument, "\(type) is not a primitive type; use the \(type) builder")
        default:
            break
        }
        guard let width = type.byteWidth else {
            throw ArrowError(.invalidArgument, "\(type) is not a fixed-width type")
        }
        guard width == MemoryLayout<T>.size else {
            throw ArrowError(.invalidArgument, "\(type) values are \(width) bytes wide, \(T.self) is \(MemoryLayout<T>.size)")
        }
        return fixedWidth(values, type: type)
    }

    /// An array of `count` nulls (type null, no buffers).
    /// - Parameter count: Number of nulls.
    /// - Returns: An array of type null, length and null count `count`.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `count` is negative.
    public static func nulls(count: Int) throws(ArrowError) -> ArrayData {
        guard count >= 0 else { throw ArrowError(.invalidArgument, "negative count \(count)") }
        return ArrayData(type: .null, length: count, nullCount: count)
    }

    static func fixedWidth<T: FixedWidthInteger>(_ values: [T?], type: ArrowType) -> ArrayData {
        let (validity, nulls) = BuilderBuffers.validity(of: values)
        return ArrayData(
            type: type, length: values.count, nullCount: nulls, validity: validity,
            buffers: [BuilderBuffers.values(values)])
    }

    /// Integers of any integer `type` from `Int64`s (checked to fit).
    static func integers(_ values: [Int64?], as type: ArrowType) throws(ArrowError) -> ArrayData {
        func convert<T: FixedWidthInteger>(_: T.Type) throws(ArrowError) -> [T?] {
            var out: [T?] = []
            out.reserveCapacity(values.count)
            for v in values {
                guard let v else {
                    out.append(nil)
                    continue
                }
                guard let t = T(exactly: v) else { throw ArrowError(.invalidArgument, "\(v) does not fit \(type)") }
                out.append(t)
            }
            return out
        }
        switch type {
        case .int8: return fixedWidth(try convert(Int8.self), type: type)
        case .int16: return fixedWidth(try convert(Int16.self), type: type)
        case .int32: return fixedWidth(try convert(Int32.self), type: type)
        case .int64: return fixedWidth(values, type: type)
        case .uint8: return fixedWidth(try convert(UInt8.self), type: type)
        case .uint16: return fixedWidth(try convert(UInt16.self), type: type)
        case .uint32: return fixedWidth(try convert(UInt32.self), type: type)
        case .uint64: return fixedWidth(try convert(UInt64.self), type: type)
        default: throw ArrowError(.invalidArgument, "\(type) is not an integer type")
        }
    }
}
