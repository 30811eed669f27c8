import ArrowMemory

/// The type-erased description of one Arrow array: type, length, nulls, buffers
/// and children. Typed views (`PrimitiveArray`, `StringArray`, ...) sit on top.
///
/// Buffers are `ArrowBuffer`s that usually view the IPC input directly (zero-copy).
/// `buffers` holds the data buffers of the type's layout in Arrow's order with
/// the validity bitmap taken out into `validity`:
///
/// | type | buffers |
/// |---|---|
/// | null, struct, fixed-size list, run-end encoded | none |
/// | bool, fixed width, fixed-size binary | values |
/// | binary, utf8 (and large) | offsets, data |
/// | binary/utf8 view | views, variadic data buffers... |
/// | list, large list, map | offsets |
/// | list view (and large) | offsets, sizes |
/// | sparse union | type ids |
/// | dense union | type ids, offsets |
/// | dictionary | indices (values in `dictionary`) |
public struct ArrayData: Sendable {
    public var type: ArrowType
    /// Number of logical values.
    public var length: Int
    /// Number of nulls (for types without a bitmap: 0 as written in IPC).
    public var nullCount: Int
    /// Logical start within the buffers, in values (non-zero after slicing).
    public var offset: Int
    /// Validity bitmap; `nil` means every value is valid.
    public var validity: ArrowBuffer?
    public var buffers: [ArrowBuffer]
    public var children: [ArrayData]
    /// Values of a dictionary-encoded array.
    public var dictionary: ArrayData? {
        get { dictionaryStorage.first }
        set { dictionaryStorage = newValue.map { [$0] } ?? [] }
    }
    // An array, because a struct cannot hold an optional of itself inline.
    private var dictionaryStorage: [ArrayData]

    public init(
        type: ArrowType, length: Int, nullCount: Int = 0, offset: Int = 0, validity: ArrowBuffer? = nil,
        buffers: [ArrowBuffer] = [], children: [ArrayData] = [], dictionary: ArrayData? = nil
    ) {
        self.type = type
        self.length = length
        self.nullCount = nullCount
        self.offset = offset
        self.validity = validity
        self.buffers = buffers
        self.children = children
        self.dictionaryStorage = dictionary.map { [$0] } ?? []
    }

    /// Whether value `i` (0-based, relative to this array's `offset`) is null.
    /// Indexes outside `0..<length` count as null.
    @inlinable
    public func isNull(_ i: Int) -> Bool {
        guard i >= 0, i < length else { return true }
        if case .null = type { return true }
        guard let validity else { return false }
        let bit = offset + i
        guard bit >> 3 < validity.count else { return true }
        return !validity.bitUnchecked(bit)
    }

    /// Whether value `i` is valid (not null).
    @inlinable
    public func isValid(_ i: Int) -> Bool { !isNull(i) }

    /// A zero-copy slice of `length` values starting at value `offset`, as pyarrow's
    /// `Array.slice(offset, length)`.
    public func slice(offset start: Int, length count: Int) throws(ArrowError) -> ArrayData {
        guard start >= 0, count >= 0, start <= length, count <= length - start else {
            throw ArrowError(.invalidArgument, "slice \(start)..<\(start + count) outside 0..<\(length)")
        }
        var s = self
        s.offset = offset + start
        s.length = count
        if let validity {
            s.nullCount = count - validity.countSetBits(in: (offset + start)..<(offset + start + count))
        } else if case .null = type {
            s.nullCount = count
        } else {
            s.nullCount = 0
        }
        if s.nullCount == 0 { s.validity = nil }
        switch type {
        case .struct:
            s.children = children
        case .union(.sparse, _, _):
            s.children = children
        default:
            break
        }
        return s
    }
}
