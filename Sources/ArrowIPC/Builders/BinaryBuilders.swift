import ArrowMemory

// Variable-size binary and string arrays, laid out like Arrow C++
// `BaseBinaryBuilder`: offsets start at 0 and repeat for nulls, the data buffer
// holds exactly the bytes of the valid values, an empty array has one offset.

extension ArrayData {
    /// A utf8 array; `nil` is null. Same as `ArrayData.utf8(_:)`.
    /// - Parameter values: The strings, in order; `nil` is null.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the strings hold more than
    ///   `Int32.max` bytes together (use `largeUtf8`).
    /// - Complexity: O(n + b) for n strings of b UTF-8 bytes in total, which are copied.
    public init(_ values: [String?]) throws(ArrowError) {
        self = try Self.utf8(values)
    }

    /// A utf8 array (32-bit offsets); `nil` is null.
    /// - Parameter values: The strings, in order; `nil` is null.
    /// - Returns: A new array: `n + 1` offsets from 0 (repeated for nulls), the
    ///   valid strings' bytes, and a validity bitmap only when a value is nil.
    /// - Throws: `ArrowError` (`.invalidArgument`) beyond `Int32.max` bytes of string data.
    /// - Complexity: O(n + b) for n strings of b UTF-8 bytes in total, which are copied.
    public static func utf8(_ values: [String?]) throws(ArrowError) -> ArrayData {
        try variableBinary(values.map { $0?.utf8 }, type: .utf8, Int32.self)
    }

    /// A large utf8 array (64-bit offsets); `nil` is null.
    /// - Parameter values: The strings, in order; `nil` is null.
    /// - Returns: A new array laid out as `utf8(_:)` lays it out, with 64-bit offsets.
    /// - Throws: `ArrowError` (`.invalidArgument`) only when the total length
    ///   overflows `Int`, which strings held in memory cannot reach.
    /// - Complexity: O(n + b) for n strings of b UTF-8 bytes in total, which are copied.
    public static func largeUtf8(_ values: [String?]) throws(ArrowError) -> ArrayData {
        try variableBinary(values.map { $0?.utf8 }, type: .largeUtf8, Int64.self)
    }

    /// A binary array (32-bit offsets) of byte collections (`[UInt8]`,
    /// `ArraySlice<UInt8>`, `Data`, ...); `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array: `n + 1` offsets from 0 (repeated for nulls), the
    ///   valid values' bytes, and a validity bitmap only when a value is nil.
    /// - Throws: `ArrowError` (`.invalidArgument`) beyond `Int32.max` bytes of data.
    /// - Complexity: O(n + b) for n values of b bytes in total, which are copied.
    public static func binary<Bytes: Collection>(_ values: [Bytes?]) throws(ArrowError) -> ArrayData
    where Bytes.Element == UInt8 {
        try variableBinary(values, type: .binary, Int32.self)
    }

    /// A large binary array (64-bit offsets); `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null.
    /// - Returns: A new array laid out as `binary(_:)` lays it out, with 64-bit offsets.
    /// - Throws: `ArrowError` (`.invalidArgument`) only when the total length
    ///   overflows `Int`, which values held in memory cannot reach.
    /// - Complexity: O(n + b) for n values of b bytes in total, which are copied.
    public static func largeBinary<Bytes: Collection>(_ values: [Bytes?]) throws(ArrowError) -> ArrayData
    where Bytes.Element == UInt8 {
        try variableBinary(values, type: .largeBinary, Int64.self)
    }

    /// A fixed-size binary array of `width`-byte values; `nil` is null (and
    /// `width` zero bytes in the data).
    /// - Parameters:
    ///   - width: Bytes per value; 0 is allowed.
    ///   - values: The values, in order, each `width` bytes long; `nil` is null.
    /// - Returns: A new array of `n * width` bytes of data, with a validity bitmap
    ///   only when a value is nil.
    /// - Throws: `ArrowError` (`.invalidArgument`) when a value is not `width`
    ///   bytes long (naming its index), `width` is negative, or the data size overflows `Int`.
    /// - Complexity: O(n * `width`).
    public static func fixedSizeBinary<Bytes: Collection>(width: Int32, _ values: [Bytes?]) throws(ArrowError) -> ArrayData
    where Bytes.Element == UInt8 {
        guard width >= 0 else { throw ArrowError(.invalidArgument, "negative width \(width)") }
        let w = Int(width)
        for (i, v) in values.enumerated() {
            if let v, v.count != w {
                throw ArrowError(.invalidArgument, "value at index \(i) has \(v.count) bytes, width is \(w)")
            }
        }
        let (size, overflow) = values.count.multipliedReportingOverflow(by: w)
        guard !overflow else { throw ArrowError(.invalidArgument, "\(values.count) values of \(w) bytes overflow") }
        let (validity, nulls) = BuilderBuffers.validity(of: values)
        let data = ArrowBuffer(count: size) { out in
            for (i, v) in values.enumerated() {
                guard let v else { continue }
                BuilderBuffers.copy(v, into: UnsafeMutableRawBufferPointer(rebasing: out[(i * w)..<((i + 1) * w)]))
            }
        }
        return ArrayData(
            type: .fixedSizeBinary(byteWidth: width), length: values.count, nullCount: nulls,
            validity: validity, buffers: [data])
    }

    static func variableBinary<O: FixedWidthInteger, Bytes: Collection>(
        _ values: [Bytes?], type: ArrowType, _: O.Type
    ) throws(ArrowError) -> ArrayData where Bytes.Element == UInt8 {
        let lengths = values.map { $0?.count }
        let (offsets, total) = try BuilderBuffers.offsets(lengths: lengths, O.self, what: "\(type)")
        let (validity, nulls) = BuilderBuffers.validity(of: values)
        let data = ArrowBuffer(count: total) { out in
            var position = 0
            for (v, n) in zip(values, lengths) {
                guard let v, let n else { continue }
                BuilderBuffers.copy(v, into: UnsafeMutableRawBufferPointer(rebasing: out[position..<(position + n)]))
                position += n
            }
        }
        return ArrayData(type: type, length: values.count, nullCount: nulls, validity: validity, buffers: [offsets, data])
    }
}
