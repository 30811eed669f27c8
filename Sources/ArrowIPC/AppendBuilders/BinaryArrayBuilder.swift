import ArrowMemory

/// Builds a utf8, large utf8, binary or large binary array row by row, laid out
/// as `ArrayData.utf8(_:)` and friends: offsets from 0, repeated for nulls, and
/// exactly the bytes of the valid values.
///
/// ```swift
/// let names = BinaryArrayBuilder()          // utf8
/// try names.append("Ada"); names.appendNull()
/// let blobs = try BinaryArrayBuilder(type: .largeBinary)
/// try blobs.append([0xFF, 0x00])
/// ```
public final class BinaryArrayBuilder: ArrayBuilder {
    /// The type being built: utf8, large utf8, binary or large binary.
    public let type: ArrowType
    private let wideOffsets: Bool
    private var data: [UInt8] = []
    private var ends: [Int] = []
    private var validity = ValidityBits()

    /// A utf8 builder.
    public init() {
        type = .utf8
        wideOffsets = false
    }

    /// A builder of `type`: utf8, large utf8, binary or large binary.
    /// - Parameter type: The array's type; the large types have 64-bit offsets.
    /// - Throws: `ArrowError` (`.invalidArgument`) for any other type.
    public init(type: ArrowType) throws(ArrowError) {
        switch type {
        case .utf8, .binary: wideOffsets = false
        case .largeUtf8, .largeBinary: wideOffsets = true
        default: throw ArrowError(.invalidArgument, "\(type) is not a utf8 or binary type")
        }
        self.type = type
    }

    /// Number of values appended since the last `finish()`, nulls included.
    public var count: Int { validity.count }

    /// Appends a valid value of these bytes, copied. For utf8 types they must be
    /// UTF-8; they are not checked here (`validate(.full)` checks).
    /// - Parameter bytes: The value's bytes (`[UInt8]`, `ArraySlice<UInt8>`, `Data`, ...).
    /// - Throws: `ArrowError` (`.invalidArgument`) when the data would pass
    ///   `Int32.max` bytes in total with 32-bit offsets (use the large type);
    ///   nothing is appended then.
    /// - Complexity: Amortized O(m), m being the length of `bytes`.
    public func append<Bytes: Collection>(_ bytes: Bytes) throws(ArrowError) where Bytes.Element == UInt8 {
        let total = data.count + bytes.count
        guard wideOffsets || total <= Int(Int32.max) else {
            throw ArrowError(.invalidArgument, "\(type) needs offsets beyond \(Int32.max); use the large variant")
        }
        data.append(contentsOf: bytes)
        ends.append(total)
        validity.append(true)
    }

    /// Appends the UTF-8 bytes of `string` as a valid value.
    /// - Parameter string: The value to append.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the data would pass
    ///   `Int32.max` bytes in total with 32-bit offsets; nothing is appended then.
    /// - Complexity: Amortized O(m), m being the UTF-8 length of `string`.
    public func append(_ string: String) throws(ArrowError) {
        try append(string.utf8)
    }

    /// Appends the UTF-8 bytes of `string`, or a null for nil.
    /// - Parameter string: The value to append, or `nil` for a null.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the data would pass
    ///   `Int32.max` bytes in total with 32-bit offsets; nothing is appended then.
    /// - Complexity: Amortized O(m), m being the UTF-8 length of `string`.
    public func append(_ string: String?) throws(ArrowError) {
        if let string { try append(string.utf8) } else { appendNull() }
    }

    /// Appends a null: its offset repeats the previous one, it adds no bytes.
    /// - Complexity: Amortized O(1).
    public func appendNull() {
        ends.append(data.count)
        validity.append(false)
    }

    /// Appends a valid empty value.
    /// - Complexity: Amortized O(1).
    public func appendEmptyValue() {
        ends.append(data.count)
        validity.append(true)
    }

    /// The array of the values appended since the last `finish()`: `count + 1`
    /// offsets from 0, the data buffer holding exactly the valid values' bytes,
    /// and a validity bitmap only when a value is null. The builder is empty
    /// again afterwards.
    /// - Returns: A new array with new buffers.
    /// - Throws: Never; `throws` comes from `ArrayBuilder`.
    /// - Complexity: O(n + b) for n values of b bytes in total, which are copied.
    public func finish() throws(ArrowError) -> ArrayData {
        defer {
            data = []
            ends = []
            validity.reset()
        }
        let offsets: ArrowBuffer
        if wideOffsets {
            var o = FixedWidthValues<Int64>()
            o.append(0)
            for e in ends { o.append(Int64(e)) }
            offsets = o.buffer
        } else {
            var o = FixedWidthValues<Int32>()
            o.append(0)
            for e in ends { o.append(Int32(truncatingIfNeeded: e)) }
            offsets = o.buffer
        }
        return ArrayData(
            type: type, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap,
            buffers: [offsets, ArrowBuffer(copying: data)])
    }
}

/// Builds a fixed-size binary array row by row (nulls hold `width` zero bytes).
public final class FixedSizeBinaryArrayBuilder: ArrayBuilder {
    /// `.fixedSizeBinary(byteWidth:)` of `width`.
    public let type: ArrowType
    /// Number of bytes in each value.
    public let width: Int
    private var data: [UInt8] = []
    private var validity = ValidityBits()

    /// A builder of values of `width` bytes each.
    /// - Parameter width: Bytes per value; 0 is allowed.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `width` is negative.
    public init(width: Int32) throws(ArrowError) {
        guard width >= 0 else { throw ArrowError(.invalidArgument, "negative width \(width)") }
        self.width = Int(width)
        type = .fixedSizeBinary(byteWidth: width)
    }

    /// Number of values appended since the last `finish()`, nulls included.
    public var count: Int { validity.count }

    /// Appends a valid value of these bytes, copied.
    /// - Parameter bytes: Exactly `width` bytes.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `bytes` is not `width`
    ///   bytes long; nothing is appended then.
    /// - Complexity: Amortized O(`width`).
    public func append<Bytes: Collection>(_ bytes: Bytes) throws(ArrowError) where Bytes.Element == UInt8 {
        guard bytes.count == width else {
            throw ArrowError(.invalidArgument, "value has \(bytes.count) bytes, width is \(width)")
        }
        data.append(contentsOf: bytes)
        validity.append(true)
    }

    /// Appends a null, stored as `width` zero bytes.
    /// - Complexity: Amortized O(`width`).
    public func appendNull() {
        data.append(contentsOf: repeatElement(0, count: width))
        validity.append(false)
    }

    /// Appends a valid value of `width` zero bytes.
    /// - Complexity: Amortized O(`width`).
    public func appendEmptyValue() {
        data.append(contentsOf: repeatElement(0, count: width))
        validity.append(true)
    }

    /// The array of the values appended since the last `finish()`: `count * width`
    /// bytes of data, and a validity bitmap only when a value is null. The builder
    /// is empty again afterwards.
    /// - Returns: A new array with new buffers.
    /// - Throws: Never; `throws` comes from `ArrayBuilder`.
    /// - Complexity: O(n * `width`), copying the data.
    public func finish() throws(ArrowError) -> ArrayData {
        defer {
            data = []
            validity.reset()
        }
        return ArrayData(
            type: type, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap,
            buffers: [ArrowBuffer(copying: data)])
    }
}

/// Builds a utf8 view or binary view array row by row; the views and data blocks
/// are laid out by `ArrayData.utf8View(_:)` / `binaryView(_:)` (as pyarrow lays
/// them out), so the values are kept until `finish()`.
public final class BinaryViewArrayBuilder: ArrayBuilder {
    /// `.utf8View` or `.binaryView`.
    public let type: ArrowType
    private var values: [[UInt8]?] = []

    /// A builder of `type`: utf8 view (the default) or binary view.
    /// - Parameter type: `.utf8View` or `.binaryView`.
    /// - Throws: `ArrowError` (`.invalidArgument`) for any other type.
    public init(type: ArrowType = .utf8View) throws(ArrowError) {
        guard type == .utf8View || type == .binaryView else {
            throw ArrowError(.invalidArgument, "\(type) is not a view type")
        }
        self.type = type
    }

    /// Number of values appended since the last `finish()`, nulls included.
    public var count: Int { values.count }

    /// Appends a valid value of these bytes, copied. For utf8 view they must be
    /// UTF-8; they are not checked here (`validate(.full)` checks).
    /// - Parameter bytes: The value's bytes.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `bytes` is longer than
    ///   `Int32.max` bytes; nothing is appended then.
    /// - Complexity: O(m), m being the length of `bytes`.
    public func append<Bytes: Collection>(_ bytes: Bytes) throws(ArrowError) where Bytes.Element == UInt8 {
        guard bytes.count <= Int(Int32.max) else {
            throw ArrowError(.invalidArgument, "value has \(bytes.count) bytes, views hold at most \(Int32.max)")
        }
        values.append(Array(bytes))
    }

    /// Appends the UTF-8 bytes of `string` as a valid value.
    /// - Parameter string: The value to append.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `string` is longer than
    ///   `Int32.max` bytes; nothing is appended then.
    /// - Complexity: O(m), m being the UTF-8 length of `string`.
    public func append(_ string: String) throws(ArrowError) { try append(string.utf8) }

    /// Appends the UTF-8 bytes of `string`, or a null for nil.
    /// - Parameter string: The value to append, or `nil` for a null.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `string` is longer than
    ///   `Int32.max` bytes; nothing is appended then.
    /// - Complexity: O(m), m being the UTF-8 length of `string`.
    public func append(_ string: String?) throws(ArrowError) {
        if let string { try append(string.utf8) } else { appendNull() }
    }

    /// Appends a null (a view of 16 zero bytes in the finished array).
    /// - Complexity: Amortized O(1).
    public func appendNull() { values.append(nil) }
    /// Appends a valid empty value.
    /// - Complexity: Amortized O(1).
    public func appendEmptyValue() { values.append([]) }

    /// The array of the values appended since the last `finish()`, laid out by
    /// `ArrayData.utf8View(_:)` / `binaryView(_:)`: 16-byte views, values longer
    /// than 12 bytes in data blocks of up to 32 KiB (a longer value gets a
    /// block of its own). The builder is empty again afterwards,
    /// even when this throws.
    /// - Returns: A new array with new buffers.
    /// - Throws: `ArrowError` (`.invalidArgument`) only past `Int32.max` data
    ///   blocks, which the values held in memory cannot reach.
    /// - Complexity: O(n + b) for n values of b bytes in total, which are copied.
    public func finish() throws(ArrowError) -> ArrayData {
        defer { values = [] }
        return try ArrayData.views(values, type: type)
    }
}

extension BinaryArrayBuilder: FinishChecking {
    func discard() {
        data = []
        ends = []
        validity.reset()
    }

    var nullCount: Int { validity.nullCount }
}

extension FixedSizeBinaryArrayBuilder: FinishChecking {
    func discard() {
        data = []
        validity.reset()
    }

    var nullCount: Int { validity.nullCount }
}

extension BinaryViewArrayBuilder: FinishChecking {
    func discard() { values = [] }

    var nullCount: Int { values.reduce(0) { $1 == nil ? $0 + 1 : $0 } }
}
