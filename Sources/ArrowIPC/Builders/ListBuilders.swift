import ArrowMemory

// List-like arrays from a child array and the length of each list, laid out like
// Arrow C++ list builders: offsets start at 0, a null list repeats the previous
// offset (list views: offset = where the next list starts, size 0).

extension ArrayData {
    /// The default child field of a list: `item`, nullable, as pyarrow names it.
    static func itemField(_ values: ArrayData, _ field: Field?) throws(ArrowError) -> Field {
        guard let field else { return Field("item", values.type) }
        guard field.type == values.type else {
            throw ArrowError(.invalidArgument, "field '\(field.name)' has type \(field.type), its values are \(values.type)")
        }
        return field
    }

    /// A list array (32-bit offsets): list `i` holds the next `lengths[i]` values
    /// of `values`; `nil` is a null list (holding no values).
    ///
    /// ```swift
    /// // [[1, 2], null, [], [3]]
    /// let lists = try ArrayData.list(lengths: [2, nil, 0, 1], values: ArrayData([1, 2, 3] as [Int64?]))
    /// ```
    /// Zero-copy for the items: `values` becomes the child as it is; only the
    /// offsets and validity are new.
    ///
    /// - Parameters:
    ///   - lengths: The number of items of each list, in order; `nil` is a null list.
    ///   - values: The items of all lists, one after another.
    ///   - field: The child field; default `item`, nullable, of the values' type.
    /// - Returns: A list array of `lengths.count` lists: `count + 1` 32-bit offsets
    ///   from 0 (repeated for null lists), a validity bitmap only when a list is null.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the lengths do not add up
    ///   to `values.length` or pass `Int32.max`, a length is negative, or
    ///   `field`'s type is not the values' type.
    /// - Complexity: O(n) in the lists.
    public static func list(lengths: [Int?], values: ArrayData, field: Field? = nil) throws(ArrowError) -> ArrayData {
        let f = try itemField(values, field)
        return try offsetList(lengths: lengths, values: values, type: .list(f), Int32.self)
    }

    /// A large list array (64-bit offsets); see `list(lengths:values:field:)`.
    /// - Parameters:
    ///   - lengths: The number of items of each list, in order; `nil` is a null list.
    ///   - values: The items of all lists, one after another; used as they are (zero-copy).
    ///   - field: The child field; default `item`, nullable, of the values' type.
    /// - Returns: A large list array of `lengths.count` lists.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the lengths do not add up
    ///   to `values.length`, a length is negative, or `field`'s type is not the values' type.
    /// - Complexity: O(n) in the lists.
    public static func largeList(lengths: [Int?], values: ArrayData, field: Field? = nil) throws(ArrowError) -> ArrayData {
        let f = try itemField(values, field)
        return try offsetList(lengths: lengths, values: values, type: .largeList(f), Int64.self)
    }

    /// A list view array (32-bit offsets and sizes) whose lists follow each other
    /// in `values`, as Arrow C++ `ListViewBuilder` makes them; see `list(lengths:values:field:)`.
    /// A null list has size 0 and the offset where the next list starts.
    /// - Parameters:
    ///   - lengths: The number of items of each list, in order; `nil` is a null list.
    ///   - values: The items of all lists, one after another; used as they are (zero-copy).
    ///   - field: The child field; default `item`, nullable, of the values' type.
    /// - Returns: A list view array of `lengths.count` lists.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the lengths do not add up
    ///   to `values.length` or pass `Int32.max`, a length is negative, or
    ///   `field`'s type is not the values' type.
    /// - Complexity: O(n) in the lists.
    public static func listView(lengths: [Int?], values: ArrayData, field: Field? = nil) throws(ArrowError) -> ArrayData {
        let f = try itemField(values, field)
        return try viewList(lengths: lengths, values: values, type: .listView(f), Int32.self)
    }

    /// A large list view array (64-bit offsets and sizes); see `listView(lengths:values:field:)`.
    /// - Parameters:
    ///   - lengths: The number of items of each list, in order; `nil` is a null list.
    ///   - values: The items of all lists, one after another; used as they are (zero-copy).
    ///   - field: The child field; default `item`, nullable, of the values' type.
    /// - Returns: A large list view array of `lengths.count` lists.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the lengths do not add up
    ///   to `values.length`, a length is negative, or `field`'s type is not the values' type.
    /// - Complexity: O(n) in the lists.
    public static func largeListView(lengths: [Int?], values: ArrayData, field: Field? = nil) throws(ArrowError) -> ArrayData {
        let f = try itemField(values, field)
        return try viewList(lengths: lengths, values: values, type: .largeListView(f), Int64.self)
    }

    /// A fixed-size list array: list `i` is `values[i * size ..< (i + 1) * size]`.
    /// Null lists still own their `size` values (Arrow C++ appends nulls there).
    ///
    /// Zero-copy for the items: `values` becomes the child as it is.
    ///
    /// - Parameters:
    ///   - size: Items per list; 0 is allowed.
    ///   - values: The items of all lists, `size` per list, one list after another.
    ///   - validity: `false` marks a null list; `nil` means none is null.
    ///   - length: Number of lists. With `size` 0 it defaults to `validity.count`
    ///     (or 0); otherwise it is `values.length / size`, and another value is refused.
    ///   - field: The child field; default `item`, nullable, of the values' type.
    /// - Returns: A fixed-size list array, with a validity bitmap only when a list is null.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `size` or `length` is
    ///   negative, `values.length` is not a multiple of `size`, `length` is not
    ///   the number of lists, the validity does not have one entry per list, or
    ///   `field`'s type is not the values' type.
    /// - Complexity: O(n) in the lists.
    public static func fixedSizeList(
        size: Int32, values: ArrayData, validity: [Bool]? = nil, length: Int? = nil, field: Field? = nil
    ) throws(ArrowError) -> ArrayData {
        guard size >= 0 else { throw ArrowError(.invalidArgument, "negative list size \(size)") }
        let f = try itemField(values, field)
        let n: Int
        if size == 0 {
            n = length ?? validity?.count ?? 0
            guard n >= 0 else { throw ArrowError(.invalidArgument, "negative length \(n)") }
        } else {
            guard values.length % Int(size) == 0 else {
                throw ArrowError(.invalidArgument, "\(values.length) values do not make lists of \(size)")
            }
            n = values.length / Int(size)
            if let length, length != n {
                throw ArrowError(.invalidArgument, "\(values.length) values make \(n) lists of \(size), not \(length)")
            }
        }
        let (bitmap, nulls) = try BuilderBuffers.validity(mask: validity, count: n, what: "the list")
        return try BuilderBuffers.checked(
            ArrayData(
                type: .fixedSizeList(f, listSize: size), length: n, nullCount: nulls,
                validity: bitmap, children: [values]))
    }

    /// A map array: map `i` holds the next `lengths[i]` key-value pairs; `nil` is
    /// a null map. The entries are a non-nullable struct `entries` of a
    /// non-nullable `key` and a nullable `value`, as in pyarrow's `pa.map_`.
    ///
    /// Zero-copy for the entries: `keys` and `values` become the entries' children as they are.
    ///
    /// - Parameters:
    ///   - keys: The keys of all maps' entries, one map after another; no nulls.
    ///   - values: The values of the entries, as long as `keys`.
    ///   - lengths: The number of entries of each map, in order; `nil` is a null map.
    ///   - keysSorted: The type's `keysSorted` flag (not checked); default `false`.
    /// - Returns: A map array of `lengths.count` maps, with 32-bit offsets.
    /// - Throws: `ArrowError` (`.invalidArgument`) when keys and values differ in
    ///   length, a key is null, or the lengths are negative, pass `Int32.max` or
    ///   do not add up to the pairs.
    /// - Complexity: O(n) in the maps.
    public static func map(
        keys: ArrayData, values: ArrayData, lengths: [Int?], keysSorted: Bool = false
    ) throws(ArrowError) -> ArrayData {
        guard keys.length == values.length else {
            throw ArrowError(.invalidArgument, "\(keys.length) keys but \(values.length) values")
        }
        guard keys.nullCount == 0, keys.type != .null || keys.length == 0 else {
            throw ArrowError(.invalidArgument, "map keys cannot be null")
        }
        let entryFields = [Field("key", keys.type, nullable: false), Field("value", values.type)]
        let entries = ArrayData(type: .struct(entryFields), length: keys.length, children: [keys, values])
        let entriesField = Field("entries", entries.type, nullable: false)
        return try offsetList(
            lengths: lengths, values: entries, type: .map(entries: entriesField, keysSorted: keysSorted),
            Int32.self)
    }

    /// A list<T> array from nested Swift arrays, e.g. `[[1, nil], nil, []] as [[Int64?]?]`
    /// -> list<int64>; the outer `nil` is a null list, an inner `nil` a null item.
    /// - Parameter lists: The lists, in order; the item type is `T.arrowType`.
    /// - Returns: A new list array whose child field is `item`, nullable.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the items pass `Int32.max`,
    ///   or `T.makeArrowArray` refuses them (strings past `Int32.max` bytes).
    /// - Complexity: O(n) in the lists and items, which are copied.
    public static func list<T: ArrowBuildable>(_ lists: [[T?]?]) throws(ArrowError) -> ArrayData {
        let values = try T.makeArrowArray(lists.flatMap { $0 ?? [] })
        return try list(lengths: lists.map { $0?.count }, values: values)
    }

    /// A large list<T> array from nested Swift arrays; see `list(_:)`.
    /// - Parameter lists: The lists, in order; the item type is `T.arrowType`.
    /// - Returns: A new large list array whose child field is `item`, nullable.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `T.makeArrowArray` refuses
    ///   the items (strings past `Int32.max` bytes).
    /// - Complexity: O(n) in the lists and items, which are copied.
    public static func largeList<T: ArrowBuildable>(_ lists: [[T?]?]) throws(ArrowError) -> ArrayData {
        let values = try T.makeArrowArray(lists.flatMap { $0 ?? [] })
        return try largeList(lengths: lists.map { $0?.count }, values: values)
    }

    static func offsetList<O: FixedWidthInteger>(
        lengths: [Int?], values: ArrayData, type: ArrowType, _: O.Type
    ) throws(ArrowError) -> ArrayData {
        let (offsets, total) = try BuilderBuffers.offsets(lengths: lengths, O.self, what: "\(type)")
        guard total == values.length else {
            throw ArrowError(.invalidArgument, "list lengths add up to \(total), values have \(values.length)")
        }
        let (validity, nulls) = BuilderBuffers.validity(of: lengths)
        return try BuilderBuffers.checked(
            ArrayData(
                type: type, length: lengths.count, nullCount: nulls, validity: validity,
                buffers: [offsets], children: [values]))
    }

    static func viewList<O: FixedWidthInteger>(
        lengths: [Int?], values: ArrayData, type: ArrowType, _: O.Type
    ) throws(ArrowError) -> ArrayData {
        let (ends, total) = try BuilderBuffers.offsets(lengths: lengths, O.self, what: "\(type)")
        guard total == values.length else {
            throw ArrowError(.invalidArgument, "list lengths add up to \(total), values have \(values.length)")
        }
        // Offsets are the starts (all entries of `ends` but the last); sizes the lengths.
        let w = MemoryLayout<O>.size
        let offsets = ends.getSlice(at: 0, length: lengths.count * w) ?? .empty
        let sizes = BuilderBuffers.values(lengths.map { O(truncatingIfNeeded: $0 ?? 0) })
        let (validity, nulls) = BuilderBuffers.validity(of: lengths)
        return try BuilderBuffers.checked(
            ArrayData(
                type: type, length: lengths.count, nullCount: nulls, validity: validity,
                buffers: [offsets, sizes], children: [values]))
    }
}
