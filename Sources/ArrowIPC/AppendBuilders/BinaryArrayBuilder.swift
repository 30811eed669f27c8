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
    public init(type: ArrowType) throws(ArrowError) {
        switch type {
        case .utf8, .binary: wideOffsets = false
        case .largeUtf8, .largeBinary: wideOffsets = true
        default: throw ArrowError(.invalidArgument, "\(type) is not a utf8 or binary type")
        }
        self.type = type
    }

    public var count: Int { validity.count }

    /// Appends bytes (for utf8 types, they must be UTF-8; `validate(.full)` checks).
    /// - Throws: `ArrowError.Kind.invalidArgument` past `Int32.max` bytes in total
    ///   with 32-bit offsets (use the large type).
    public func append<Bytes: Collection>(_ bytes: Bytes) throws(ArrowError) where Bytes.Element == UInt8 {
        let total = data.count + bytes.count
        guard wideOffsets || total <= Int(Int32.max) else {
            throw ArrowError(.invalidArgument, "\(type) needs offsets beyond \(Int32.max); use the large variant")
        }
        data.append(contentsOf: bytes)
        ends.append(total)
        validity.append(true)
    }

    public func append(_ string: String) throws(ArrowError) {
        try append(string.utf8)
    }

    public func append(_ string: String?) throws(ArrowError) {
        if let string { try append(string.utf8) } else { appendNull() }
    }

    public func appendNull() {
        ends.append(data.count)
        validity.append(false)
    }

    public func appendEmptyValue() {
        ends.append(data.count)
        validity.append(true)
    }

    public func finish() throws(ArrowError) -> ArrayData {
        defer { data = []; ends = []; validity.reset() }
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
        return ArrayData(type: type, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap,
                         buffers: [offsets, ArrowBuffer(copying: data)])
    }
}

/// Builds a fixed-size binary array row by row (nulls hold `width` zero bytes).
public final class FixedSizeBinaryArrayBuilder: ArrayBuilder {
    public let type: ArrowType
    public let width: Int
    private var data: [UInt8] = []
    private var validity = ValidityBits()

    public init(width: Int32) throws(ArrowError) {
        guard width >= 0 else { throw ArrowError(.invalidArgument, "negative width \(width)") }
        self.width = Int(width)
        type = .fixedSizeBinary(byteWidth: width)
    }

    public var count: Int { validity.count }

    /// - Throws: `ArrowError.Kind.invalidArgument` when `bytes` is not `width` long.
    public func append<Bytes: Collection>(_ bytes: Bytes) throws(ArrowError) where Bytes.Element == UInt8 {
        guard bytes.count == width else {
            throw ArrowError(.invalidArgument, "value has \(bytes.count) bytes, width is \(width)")
        }
        data.append(contentsOf: bytes)
        validity.append(true)
    }

    public func appendNull() {
        data.append(contentsOf: repeatElement(0, count: width))
        validity.append(false)
    }

    public func appendEmptyValue() {
        data.append(contentsOf: repeatElement(0, count: width))
        validity.append(true)
    }

    public func finish() throws(ArrowError) -> ArrayData {
        defer { data = []; validity.reset() }
        return ArrayData(type: type, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap,
                         buffers: [ArrowBuffer(copying: data)])
    }
}

/// Builds a utf8 view or binary view array row by row; the views and data blocks
/// are laid out by `ArrayData.utf8View(_:)` / `binaryView(_:)` (as pyarrow lays
/// them out), so the values are kept until `finish()`.
public final class BinaryViewArrayBuilder: ArrayBuilder {
    public let type: ArrowType
    private var values: [[UInt8]?] = []

    /// A builder of `type`: utf8 view (the default) or binary view.
    public init(type: ArrowType = .utf8View) throws(ArrowError) {
        guard type == .utf8View || type == .binaryView else {
            throw ArrowError(.invalidArgument, "\(type) is not a view type")
        }
        self.type = type
    }

    public var count: Int { values.count }

    public func append<Bytes: Collection>(_ bytes: Bytes) throws(ArrowError) where Bytes.Element == UInt8 {
        guard bytes.count <= Int(Int32.max) else {
            throw ArrowError(.invalidArgument, "value has \(bytes.count) bytes, views hold at most \(Int32.max)")
        }
        values.append(Array(bytes))
    }

    public func append(_ string: String) throws(ArrowError) { try append(string.utf8) }

    public func append(_ string: String?) throws(ArrowError) {
        if let string { try append(string.utf8) } else { appendNull() }
    }

    public func appendNull() { values.append(nil) }
    public func appendEmptyValue() { values.append([]) }

    public func finish() throws(ArrowError) -> ArrayData {
        defer { values = [] }
        return try ArrayData.views(values, type: type)
    }
}
