import ArrowMemory

/// Lists of every layout (list, large list, list view, large list view,
/// fixed-size list, map) viewed as `ArrayData?`: each element is a zero-copy
/// slice of the child array.
///
/// ```swift
/// let lists = try ListArray(batch.columns[4])               // list<int64>
/// for list in lists {
///     guard let list else { continue }                        // a null list
///     let items = try PrimitiveArray<Int64>(list)
///     print(Array(items))
/// }
/// ```
public struct ListArray: RandomAccessCollection, Sendable {
    /// The list array viewed.
    public let data: ArrayData
    /// The child array (all elements of all lists).
    public let values: ArrayData
    private let range: @Sendable (Int) -> Range<Int>

    /// A view of `data`, whose type must be a list, large list, list view, large
    /// list view, fixed-size list or map.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` for other types;
    ///   `.invalidData` when the buffers are too short, the child is missing, or
    ///   the offsets (and sizes) are not monotonic or leave the child.
    /// - Complexity: O(*length*) for the offset checks; the child's values are
    ///   checked when a view of them is made.
    public init(_ data: ArrayData) throws(ArrowError) {
        try data.validateLayout()
        try data.validateValues()
        self.data = data
        guard let child = data.children.first else { throw ArrowError.data("list without child array") }
        values = child
        let base = data.offset
        switch data.type {
        case .list, .map:
            let o = try OffsetsView<Int32>(data, dataLength: child.length)
            range = { o.range($0) }
        case .largeList:
            let o = try OffsetsView<Int64>(data, dataLength: child.length)
            range = { o.range($0) }
        case .listView:
            let (offsets, sizes) = (data.buffers[0], data.buffers[1])
            range = { i in
                ListArray.viewRange(
                    Int(offsets.getIntegerUnchecked(at: (base + i) * 4, as: Int32.self)),
                    Int(sizes.getIntegerUnchecked(at: (base + i) * 4, as: Int32.self)))
            }
        case .largeListView:
            let (offsets, sizes) = (data.buffers[0], data.buffers[1])
            range = { i in
                ListArray.viewRange(
                    Int(offsets.getIntegerUnchecked(at: (base + i) * 8, as: Int64.self)),
                    Int(sizes.getIntegerUnchecked(at: (base + i) * 8, as: Int64.self)))
            }
        case .fixedSizeList(_, let n):
            let size = Int(n)
            range = { i in ((base + i) * size)..<((base + i + 1) * size) }
        default:
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as a list")
        }
    }

    /// The range of a list view entry. Null entries' offsets and sizes are not
    /// checked and may be anything: those give an empty range instead of trapping.
    static func viewRange(_ offset: Int, _ size: Int) -> Range<Int> {
        let (end, overflow) = offset.addingReportingOverflow(size)
        return overflow || size < 0 ? offset..<offset : offset..<end
    }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The array's length.
    public var endIndex: Int { data.length }

    /// Range of list `i` in `values` (list views: only meaningful for valid entries).
    /// - Parameter i: Index in `0..<count`; traps outside it.
    /// - Returns: The positions of the list's elements in `values`.
    public func valueRange(at i: Int) -> Range<Int> {
        precondition(i >= 0 && i < data.length, "index out of range")
        return range(i)
    }

    /// List `i` as a zero-copy slice of `values`, or nil when the list is null.
    /// Traps for `i` outside `indices`.
    /// - Parameter i: Index in `0..<count`.
    /// - Complexity: O(*n*) in the list's length when the child has a validity
    ///   bitmap (its nulls are counted), else O(1).
    public subscript(i: Int) -> ArrayData? {
        precondition(i >= 0 && i < data.length, "index out of range")
        if data.isNull(i) { return nil }
        let r = range(i)
        return try? values.slice(offset: r.lowerBound, length: r.count)
    }
}

/// A struct array: one child array per field, sliced to this array's rows.
///
/// ```swift
/// let points = try StructArray(batch.columns[5])            // struct<x: double, y: double>
/// if let xs = try points.column(named: "x") { print(try PrimitiveArray<Double>(xs)[0] ?? .nan) }
/// ```
public struct StructArray: Sendable {
    /// The struct array viewed.
    public let data: ArrayData
    /// The struct's fields, one per child, in order.
    public let fields: [Field]

    /// A view of `data`, whose type must be a struct.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` for other types;
    ///   `.invalidData` when the children do not match the fields or are shorter
    ///   than the struct.
    /// - Complexity: O(*n*) in the number of children.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .struct(let fields) = data.type else { throw ArrowError(.invalidArgument, "cannot view \(data.type) as a struct") }
        try data.validateLayout()
        self.data = data
        self.fields = fields
    }

    /// Number of rows.
    public var count: Int { data.length }

    /// Child `i` restricted to this array's rows (the struct's own nulls not applied).
    /// - Parameter i: Index of the child, in field order.
    /// - Returns: A zero-copy slice of the child.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when there is no child `i`.
    /// - Complexity: O(*length*) when the child has a bitmap (its nulls are counted), else O(1).
    public func column(_ i: Int) throws(ArrowError) -> ArrayData {
        guard i >= 0, i < data.children.count else { throw ArrowError(.invalidArgument, "struct has no child \(i)") }
        return try data.children[i].slice(offset: data.offset, length: data.length)
    }

    /// The child called `name` (the first field of that name), restricted to this
    /// array's rows.
    /// - Parameter name: The field name.
    /// - Returns: A zero-copy slice of the child, or `nil` when no field has the name.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when the field has no child array.
    /// - Complexity: As `column(_:)`, plus O(*n*) in the number of fields.
    public func column(named name: String) throws(ArrowError) -> ArrayData? {
        guard let i = fields.firstIndex(where: { $0.name == name }) else { return nil }
        return try column(i)
    }
}

/// Dictionary-encoded values: indices into `dictionary`. Elements are the
/// indices; look them up in a view of `dictionary`.
///
/// ```swift
/// let encoded = try DictionaryArray(batch.columns[1])        // dictionary<values=string, indices=int32>
/// let words = try StringArray(encoded.dictionary)
/// for index in encoded { print(index.map { words[$0] ?? "null" } ?? "null") }
/// ```
public struct DictionaryArray: RandomAccessCollection, Sendable {
    /// The indices array viewed (its type is the dictionary type).
    public let data: ArrayData
    /// The dictionary values the indices point into.
    public let dictionary: ArrayData
    let indexType: ArrowType

    /// A view of `data`, whose type must be a dictionary type.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` for other types;
    ///   `.invalidData` when the indices buffer is too short, the dictionary is
    ///   missing, or a non-null index is outside the dictionary.
    /// - Complexity: O(*length*) for the index checks.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .dictionary(let index, _, _) = data.type else {
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as dictionary-encoded")
        }
        try data.validateLayout()
        try data.validateValues()
        guard let dictionary = data.dictionary else { throw ArrowError.data("dictionary-encoded array without dictionary") }
        self.data = data
        self.dictionary = dictionary
        self.indexType = index
    }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The array's length.
    public var endIndex: Int { data.length }

    /// The dictionary index of row `i`, or nil when the row is null. Traps for `i`
    /// outside `indices`.
    /// - Parameter i: Index in `0..<count`.
    public subscript(i: Int) -> Int? {
        precondition(i >= 0 && i < data.length, "index out of range")
        if data.isNull(i) { return nil }
        return Int(DictionaryLayout.index(data, i, indexType))
    }
}

/// A run-end encoded array: logical row -> run -> value.
///
/// ```swift
/// let runs = try RunEndEncodedArray(column)                  // run_end_encoded<run_ends: int32, values: string>
/// let values = try StringArray(runs.values)
/// print(values[runs.physicalIndex(at: 0)] ?? "null")
/// ```
public struct RunEndEncodedArray: Sendable {
    /// The run-end encoded array viewed.
    public let data: ArrayData
    let runEnds: RunEnds

    /// A view of `data`, whose type must be run-end encoded.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` for other types;
    ///   `.invalidData` when the children are missing, the run ends are not
    ///   strictly increasing or do not cover the array, or there are fewer values
    ///   than runs.
    /// - Complexity: O(*n*) in the number of runs.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .runEndEncoded = data.type else { throw ArrowError(.invalidArgument, "cannot view \(data.type) as run-end encoded") }
        try data.validateLayout()
        self.runEnds = try RunEnds(data)
        self.data = data
    }

    /// Number of logical rows.
    public var count: Int { data.length }
    /// The values child (one per run).
    public var values: ArrayData { data.children[1] }

    /// Index into `values` of logical row `i`.
    /// - Parameter i: Logical row in `0..<count`; traps outside it.
    /// - Returns: The index of the run holding the row.
    /// - Complexity: O(log *n*) in the number of runs.
    public func physicalIndex(at i: Int) -> Int {
        precondition(i >= 0 && i < data.length, "index out of range")
        return runEnds.physicalIndex(data.offset + i)
    }

    /// The run ends and values of exactly this array's rows (Arrow C++
    /// `LogicalRunEnds` / `LogicalValues`): the runs covering `offset..<offset+length`,
    /// their ends shifted to start at 0 and clipped to the length. The children are
    /// returned as they are when they already fit.
    /// - Returns: The run ends (a new buffer unless the children fit) and a
    ///   zero-copy slice of the values.
    /// - Throws: `ArrowError` of kind `.invalidArgument` only if slicing the
    ///   values fails, which checked run ends rule out.
    /// - Complexity: O(*n*) in the number of runs covered.
    public func logicalChildren() throws(ArrowError) -> (runEnds: ArrayData, values: ArrayData) {
        let runEndsChild = data.children[0]
        let valuesChild = data.children[1]
        if data.length == 0 { return (try runEndsChild.slice(offset: 0, length: 0), try valuesChild.slice(offset: 0, length: 0)) }
        if data.offset == 0 && runEnds.ends.last == Int64(data.length) { return (runEndsChild, valuesChild) }
        let first = runEnds.physicalIndex(data.offset)
        let last = runEnds.physicalIndex(data.offset + data.length - 1)
        let ends = (first...last).map { min(runEnds.ends[$0] - Int64(data.offset), Int64(data.length)) }
        let width = runEndsChild.type.byteWidth ?? 4
        let bytes = ArrowBuffer(count: ends.count * width) { out in
            for (i, e) in ends.enumerated() {
                switch width {
                case 2: out.storeBytes(of: Int16(truncatingIfNeeded: e).littleEndian, toByteOffset: i * 2, as: Int16.self)
                case 4: out.storeBytes(of: Int32(truncatingIfNeeded: e).littleEndian, toByteOffset: i * 4, as: Int32.self)
                default: out.storeBytes(of: e.littleEndian, toByteOffset: i * 8, as: Int64.self)
                }
            }
        }
        return (ArrayData(type: runEndsChild.type, length: ends.count, buffers: [bytes]), try valuesChild.slice(offset: first, length: ends.count))
    }
}

/// A sparse or dense union: per row, which child and where in it.
///
/// ```swift
/// let union = try UnionArray(column)
/// let (child, index) = union.location(at: 0)
/// print(union.typeId(at: 0), column.children[child].isNull(index))
/// ```
public struct UnionArray: Sendable {
    /// The union array viewed.
    public let data: ArrayData
    let childForTypeId: [Int]

    /// A view of `data`, whose type must be a union.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` for other types;
    ///   `.invalidData` when buffers or children are missing, a type id is not
    ///   declared, or a dense offset is outside its child.
    /// - Complexity: O(*length*) for the type id and offset checks.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .union(_, _, let ids) = data.type else { throw ArrowError(.invalidArgument, "cannot view \(data.type) as a union") }
        try data.validateLayout()
        try data.validateValues()
        var map = [Int](repeating: -1, count: 128)
        for (k, id) in ids.enumerated() where id >= 0 && id < 128 { map[Int(id)] = k }
        self.childForTypeId = map
        self.data = data
    }

    /// Number of rows.
    public var count: Int { data.length }

    /// The type id of row `i`.
    /// - Parameter i: Row in `0..<count`; traps outside it.
    /// - Returns: The type id, one of the type's `typeIds`.
    public func typeId(at i: Int) -> Int8 {
        precondition(i >= 0 && i < data.length, "index out of range")
        return Int8(bitPattern: data.buffers[0].byteUnchecked(at: data.offset + i))
    }

    /// The child index and the position inside that child of row `i`.
    /// - Parameter i: Row in `0..<count`; traps outside it.
    /// - Returns: The index into `data.children` (and the type's fields), and the
    ///   row of that child: the dense offset, or for a sparse union the row itself
    ///   plus the union's offset.
    public func location(at i: Int) -> (child: Int, index: Int) {
        let child = childForTypeId[Int(typeId(at: i))]
        if case .union(.dense, _, _) = data.type {
            return (child, Int(data.buffers[1].getIntegerUnchecked(at: (data.offset + i) * 4, as: Int32.self)))
        }
        return (child, data.offset + i)
    }
}
