import ArrowMemory

/// Lists of every layout (list, large list, list view, large list view,
/// fixed-size list, map) viewed as `ArrayData?`: each element is a zero-copy
/// slice of the child array.
public struct ListArray: RandomAccessCollection, Sendable {
    public let data: ArrayData
    /// The child array (all elements of all lists).
    public let values: ArrayData
    private let range: @Sendable (Int) -> Range<Int>

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
                ListArray.viewRange(Int(offsets.getIntegerUnchecked(at: (base + i) * 4, as: Int32.self)),
                                    Int(sizes.getIntegerUnchecked(at: (base + i) * 4, as: Int32.self)))
            }
        case .largeListView:
            let (offsets, sizes) = (data.buffers[0], data.buffers[1])
            range = { i in
                ListArray.viewRange(Int(offsets.getIntegerUnchecked(at: (base + i) * 8, as: Int64.self)),
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

    public var startIndex: Int { 0 }
    public var endIndex: Int { data.length }

    /// Range of list `i` in `values` (list views: only meaningful for valid entries).
    public func valueRange(at i: Int) -> Range<Int> {
        precondition(i >= 0 && i < data.length, "index out of range")
        return range(i)
    }

    public subscript(i: Int) -> ArrayData? {
        precondition(i >= 0 && i < data.length, "index out of range")
        if data.isNull(i) { return nil }
        let r = range(i)
        return try? values.slice(offset: r.lowerBound, length: r.count)
    }
}

/// A struct array: one child array per field, sliced to this array's range.
public struct StructArray: Sendable {
    public let data: ArrayData
    public let fields: [Field]

    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .struct(let fields) = data.type else { throw ArrowError(.invalidArgument, "cannot view \(data.type) as a struct") }
        try data.validateLayout()
        self.data = data
        self.fields = fields
    }

    /// Number of rows.
    public var count: Int { data.length }

    /// Child `i` restricted to this array's rows (the struct's own nulls not applied).
    public func column(_ i: Int) throws(ArrowError) -> ArrayData {
        guard i >= 0, i < data.children.count else { throw ArrowError(.invalidArgument, "struct has no child \(i)") }
        return try data.children[i].slice(offset: data.offset, length: data.length)
    }

    /// The child called `name`.
    public func column(named name: String) throws(ArrowError) -> ArrayData? {
        guard let i = fields.firstIndex(where: { $0.name == name }) else { return nil }
        return try column(i)
    }
}

/// Dictionary-encoded values: indices into `dictionary`.
public struct DictionaryArray: RandomAccessCollection, Sendable {
    public let data: ArrayData
    public let dictionary: ArrayData
    let indexType: ArrowType

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

    public var startIndex: Int { 0 }
    public var endIndex: Int { data.length }

    /// The dictionary index of row `i`, or nil when the row is null.
    public subscript(i: Int) -> Int? {
        precondition(i >= 0 && i < data.length, "index out of range")
        if data.isNull(i) { return nil }
        return Int(DictionaryLayout.index(data, i, indexType))
    }
}

/// A run-end encoded array: logical row -> run -> value.
public struct RunEndEncodedArray: Sendable {
    public let data: ArrayData
    let runEnds: RunEnds

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
    public func physicalIndex(at i: Int) -> Int {
        precondition(i >= 0 && i < data.length, "index out of range")
        return runEnds.physicalIndex(data.offset + i)
    }

    /// The run ends and values of exactly this array's rows (Arrow C++
    /// `LogicalRunEnds` / `LogicalValues`): the runs covering `offset..<offset+length`,
    /// their ends shifted to start at 0 and clipped to the length. The children are
    /// returned as they are when they already fit.
    public func logicalChildren() throws(ArrowError) -> (runEnds: ArrayData, values: ArrayData) {
        let runEndsChild = data.children[0], valuesChild = data.children[1]
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
public struct UnionArray: Sendable {
    public let data: ArrayData
    let childForTypeId: [Int]

    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .union(_, _, let ids) = data.type else { throw ArrowError(.invalidArgument, "cannot view \(data.type) as a union") }
        try data.validateLayout()
        try data.validateValues()
        var map = [Int](repeating: -1, count: 128)
        for (k, id) in ids.enumerated() where id >= 0 && id < 128 { map[Int(id)] = k }
        self.childForTypeId = map
        self.data = data
    }

    public var count: Int { data.length }

    /// The type id of row `i`.
    public func typeId(at i: Int) -> Int8 {
        precondition(i >= 0 && i < data.length, "index out of range")
        return Int8(bitPattern: data.buffers[0].byteUnchecked(at: data.offset + i))
    }

    /// The child index and the position inside that child of row `i`.
    public func location(at i: Int) -> (child: Int, index: Int) {
        let child = childForTypeId[Int(typeId(at: i))]
        if case .union(.dense, _, _) = data.type {
            return (child, Int(data.buffers[1].getIntegerUnchecked(at: (data.offset + i) * 4, as: Int32.self)))
        }
        return (child, data.offset + i)
    }
}
