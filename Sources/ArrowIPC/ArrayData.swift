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
    /// The logical type; decides how `buffers` and `children` are read.
    public var type: ArrowType
    /// Number of logical values.
    public var length: Int
    /// Number of nulls (for types without a bitmap: 0 as written in IPC).
    public var nullCount: Int
    /// Logical start within the buffers, in values (non-zero after slicing).
    public var offset: Int
    /// Validity bitmap; `nil` means every value is valid.
    public var validity: ArrowBuffer?
    /// The data buffers of the type's layout, validity taken out (see the table above).
    /// Not sliced: `offset` says where this array starts in them.
    public var buffers: [ArrowBuffer]
    /// Child arrays of nested types, one per child field of `type` (the list
    /// values, struct fields, union members, run ends and values). Struct and
    /// sparse union children share the parent's `offset`.
    public var children: [ArrayData]
    /// Values of a dictionary-encoded array.
    public var dictionary: ArrayData? {
        get { dictionaryStorage.first }
        set { dictionaryStorage = newValue.map { [$0] } ?? [] }
    }
    // An array, because a struct cannot hold an optional of itself inline.
    private var dictionaryStorage: [ArrayData]

    /// Creates an array from parts, as given; nothing is checked until a typed view
    /// is made or `validate(_:)` runs.
    /// - Parameters:
    ///   - type: The logical type.
    ///   - length: Number of logical values.
    ///   - nullCount: Number of nulls; 0 by default.
    ///   - offset: Start within the buffers, in values; 0 by default.
    ///   - validity: The validity bitmap, or `nil` (the default) when every value is valid.
    ///   - buffers: The data buffers in the order of the table above.
    ///   - children: The child arrays of a nested type.
    ///   - dictionary: The values of a dictionary-encoded array.
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
    /// Indexes outside `0..<length` count as null, and so does every value of a
    /// `.null` array. Union and run-end encoded arrays read from IPC have no
    /// bitmap of their own, so this reports their values as valid; their nulls
    /// are in the children.
    /// - Parameter i: Index of the value.
    /// - Returns: `true` when the value is null or `i` is out of range.
    @inlinable
    public func isNull(_ i: Int) -> Bool {
        guard i >= 0, i < length else { return true }
        if case .null = type { return true }
        guard let validity else { return false }
        let bit = offset + i
        guard bit >> 3 < validity.count else { return true }
        return !validity.bitUnchecked(bit)
    }

    /// Whether value `i` is valid (not null): the opposite of `isNull(_:)`.
    /// - Parameter i: Index of the value.
    /// - Returns: `true` when `i` is in range and the value is not null.
    @inlinable
    public func isValid(_ i: Int) -> Bool { !isNull(i) }

    /// A zero-copy slice of `length` values starting at `offset` (relative to this
    /// array's own offset). Buffers are shared; only `offset`, `length` and
    /// `nullCount` change, and the bitmap is dropped when the slice holds no null.
    /// - Parameters:
    ///   - offset: First value of the slice, in `0...length`.
    ///   - length: Number of values, at most `self.length - offset`.
    /// - Returns: The slice.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when the range is not
    ///   inside `0..<length`.
    /// - Complexity: O(*length*) to count the slice's nulls when there is a bitmap; O(1) otherwise.
    public func slice(offset: Int, length: Int) throws(ArrowError) -> ArrayData {
        guard offset >= 0, length >= 0, offset <= self.length, length <= self.length - offset else {
            throw ArrowError(.invalidArgument, "slice of \(length) values at \(offset) outside 0..<\(self.length)")
        }
        let first = self.offset + offset
        var s = self
        s.offset = first
        s.length = length
        if let validity {
            s.nullCount = length - validity.countSetBits(in: first..<(first + length))
        } else if case .null = type {
            s.nullCount = length
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
