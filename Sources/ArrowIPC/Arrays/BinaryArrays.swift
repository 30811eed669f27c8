import ArrowMemory

/// Where the bytes of value `i` live, for every binary-like layout.
/// Made once per array after the value-level checks, so lookups never leave the buffers.

enum BinaryLayout: Sendable {
    case offsets32(OffsetsView<Int32>, ArrowBuffer)
    case offsets64(OffsetsView<Int64>, ArrowBuffer)
    case views(ArrayData)
    case fixed(width: Int, ArrowBuffer, base: Int)

    init(_ data: ArrayData) throws(ArrowError) {
        try data.validateLayout()
        try data.validateValues()
        switch data.type {
        case .binary, .utf8:
            self = .offsets32(try VariableBinaryView<Int32>(data).offsets, data.buffers[1])
        case .largeBinary, .largeUtf8:
            self = .offsets64(try VariableBinaryView<Int64>(data).offsets, data.buffers[1])
        case .binaryView, .utf8View:
            self = .views(data)
        case .fixedSizeBinary(let w):
            self = .fixed(width: Int(w), data.buffers[0], base: data.offset)
        default:
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as binary")
        }
    }

    func bytes(_ i: Int) -> ArrowBuffer {
        switch self {
        case .offsets32(let o, let d):
            let r = o.range(i)
            return d.getSlice(at: r.lowerBound, length: r.count) ?? .empty
        case .offsets64(let o, let d):
            let r = o.range(i)
            return d.getSlice(at: r.lowerBound, length: r.count) ?? .empty
        case .views(let data):
            return BinaryViewLayout.bytes(data, i)
        case .fixed(let w, let b, let base):
            return b.getSlice(at: (base + i) * w, length: w) ?? .empty
        }
    }
}

/// Strings of a utf8, large utf8 or utf8 view array, viewed as `String?`.
/// Invalid UTF-8 is repaired (U+FFFD); `validate(.full)` reports it instead.
public struct StringArray: RandomAccessCollection, Sendable {
    public let data: ArrayData
    let layout: BinaryLayout

    public init(_ data: ArrayData) throws(ArrowError) {
        switch data.type {
        case .utf8, .largeUtf8, .utf8View: break
        default: throw ArrowError(.invalidArgument, "cannot view \(data.type) as String")
        }
        self.data = data
        self.layout = try BinaryLayout(data)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { data.length }

    public subscript(i: Int) -> String? {
        precondition(i >= 0 && i < data.length, "index out of range")
        if data.isNull(i) { return nil }
        return layout.bytes(i).withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The UTF-8 bytes of value `i` without copying (empty for nulls).
    public func utf8Bytes(at i: Int) -> ArrowBuffer {
        precondition(i >= 0 && i < data.length, "index out of range")
        return layout.bytes(i)
    }
}

/// Bytes of a binary, large binary, binary view or fixed-size binary array, viewed as `[UInt8]?`.
public struct BinaryArray: RandomAccessCollection, Sendable {
    public let data: ArrayData
    let layout: BinaryLayout

    public init(_ data: ArrayData) throws(ArrowError) {
        switch data.type {
        case .binary, .largeBinary, .binaryView, .fixedSizeBinary, .utf8, .largeUtf8, .utf8View: break
        default: throw ArrowError(.invalidArgument, "cannot view \(data.type) as binary")
        }
        self.data = data
        self.layout = try BinaryLayout(data)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { data.length }

    public subscript(i: Int) -> [UInt8]? {
        precondition(i >= 0 && i < data.length, "index out of range")
        if data.isNull(i) { return nil }
        return layout.bytes(i).bytes
    }

    /// The bytes of value `i` without copying (whatever the buffer holds for nulls).
    public func buffer(at i: Int) -> ArrowBuffer {
        precondition(i >= 0 && i < data.length, "index out of range")
        return layout.bytes(i)
    }
}
