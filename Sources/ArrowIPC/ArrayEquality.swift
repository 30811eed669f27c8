import ArrowMemory

/// Logical equality of arrays: same type, length, nulls and values, whatever the
/// physical layout (offsets, slicing, padding, bytes under nulls). NaNs equal
/// NaNs, as in Arrow C++'s `EqualOptions().nans_equal(true)`. Dictionary-encoded
/// values compare by what they decode to; run-end encoded ones by logical value.
extension ArrayData {
    /// Logical equality: same type, length, nulls and values, whatever the
    /// physical layout (offsets, slicing, padding, bytes under nulls). NaNs equal
    /// NaNs. Arrays that are identical (`isIdentical(to:)`) are equal at once.
    /// - Parameter other: The array to compare with.
    /// - Returns: Whether the two arrays hold the same logical values.
    /// - Throws: `ArrowError` of kind `.invalidData` when either array fails its
    ///   layout or value checks, or nests deeper than 64 levels.
    /// - Complexity: O(*n*) in the number of values compared, children included.
    public func logicallyEquals(_ other: ArrayData) throws(ArrowError) -> Bool {
        guard type == other.type, length == other.length else { return false }
        // Identity first: a dictionary sent again unchanged (the usual case in a
        // writer) is the same buffers, and comparing it costs nothing. Null arrays
        // have no values at all. Neither case may cost a step per element: such a
        // length need not be backed by any byte of input.
        if isIdentical(to: other) || type == .null { return true }
        let a = try ElementComparator(self)
        let b = try ElementComparator(other)
        for i in 0..<length where !(try a.equal(i, b, i, depth: 0)) { return false }
        return true
    }

    /// Whether rows `start..<start+count` of `self` equal rows
    /// `otherStart..<otherStart+count` of `other`, compared as `logicallyEquals(_:)` does.
    /// - Parameters:
    ///   - start: First row of `self`.
    ///   - other: The array to compare with.
    ///   - otherStart: First row of `other`.
    ///   - count: Number of rows.
    /// - Returns: Whether the rows are equal; `false` when the types differ or a
    ///   range is outside its array.
    /// - Throws: `ArrowError` of kind `.invalidData` when either array fails its
    ///   layout or value checks, or nests deeper than 64 levels.
    /// - Complexity: O(`count`), children included.
    public func rangeEquals(_ start: Int, _ other: ArrayData, _ otherStart: Int, count: Int) throws(ArrowError) -> Bool {
        guard type == other.type, start >= 0, otherStart >= 0, count >= 0,
            start + count <= length, otherStart + count <= other.length
        else { return false }
        if type == .null || (start == otherStart && isIdentical(to: other)) { return true }
        let a = try ElementComparator(self)
        let b = try ElementComparator(other)
        for k in 0..<count where !(try a.equal(start + k, b, otherStart + k, depth: 0)) { return false }
        return true
    }
}

extension ArrayData {
    /// Whether `other` is this very array: same type, length, offset, null count
    /// and the same memory for every buffer, child and dictionary. O(buffers).
    /// - Parameter other: The array to compare with.
    /// - Returns: `true` when both describe the same bytes in the same way;
    ///   `false` says nothing about the values (use `logicallyEquals(_:)`).
    /// - Complexity: O(*n*) in the number of buffers, children included.
    public func isIdentical(to other: ArrayData) -> Bool {
        guard type == other.type, length == other.length, offset == other.offset, nullCount == other.nullCount,
            buffers.count == other.buffers.count, children.count == other.children.count,
            (validity == nil) == (other.validity == nil), (dictionary == nil) == (other.dictionary == nil)
        else { return false }
        if let a = validity, let b = other.validity, !a.isSameMemory(as: b) { return false }
        for (a, b) in zip(buffers, other.buffers) where !a.isSameMemory(as: b) { return false }
        for (a, b) in zip(children, other.children) where !a.isIdentical(to: b) { return false }
        if let a = dictionary, let b = other.dictionary, !a.isIdentical(to: b) { return false }
        return true
    }
}

/// Compares single elements of two arrays of the same type. Views (and their
/// value checks) are made once per array, for children too, not once per element.
struct ElementComparator {
    let data: ArrayData
    private let binary: BinaryLayout?
    private let list: ListArray?
    private let dictionary: DictionaryArray?
    private let union: UnionArray?
    private let runs: RunEndEncodedArray?
    /// Comparators of the struct or union children, the list values, the
    /// dictionary, or the run values.
    private let nested: [ElementComparator]

    init(_ data: ArrayData, depth: Int = 0) throws(ArrowError) {
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError.data("arrays nested deeper than \(ArrowFormat.maxNestingDepth)") }
        try data.validateLayout()
        self.data = data
        var binary: BinaryLayout? = nil
        var list: ListArray? = nil
        var dictionary: DictionaryArray? = nil
        var union: UnionArray? = nil
        var runs: RunEndEncodedArray? = nil
        switch data.type {
        case .binary, .utf8, .largeBinary, .largeUtf8, .binaryView, .utf8View, .fixedSizeBinary: binary = try BinaryLayout(data)
        case .list, .largeList, .listView, .largeListView, .fixedSizeList, .map: list = try ListArray(data)
        case .dictionary: dictionary = try DictionaryArray(data)
        case .union: union = try UnionArray(data)
        case .runEndEncoded: runs = try RunEndEncodedArray(data)
        default: break
        }
        self.binary = binary
        self.list = list
        self.dictionary = dictionary
        self.union = union
        self.runs = runs
        var inner: [ArrayData]
        switch data.type {
        case .struct, .union: inner = data.children
        default: inner = []
        }
        if let list { inner = [list.values] }
        if let dictionary { inner = [dictionary.dictionary] }
        if let runs { inner = [runs.values] }
        var nested: [ElementComparator] = []
        for child in inner { nested.append(try ElementComparator(child, depth: depth + 1)) }
        self.nested = nested
    }

    private func fixedBytes(_ i: Int) -> ArrowBuffer {
        let w = data.type.byteWidth ?? 0
        return data.buffers[0].getSlice(at: (data.offset + i) * w, length: w) ?? .empty
    }

    // swiftlint:disable:next cyclomatic_complexity
    func equal(_ i: Int, _ other: ElementComparator, _ j: Int, depth: Int) throws(ArrowError) -> Bool {
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError.data("arrays nested deeper than \(ArrowFormat.maxNestingDepth)") }
        if let runs, let otherRuns = other.runs {
            let a = nested[0]
            let b = other.nested[0]
            return try a.equal(runs.physicalIndex(at: i), b, otherRuns.physicalIndex(at: j), depth: depth + 1)
        }
        if let union, let otherUnion = other.union {
            guard union.typeId(at: i) == otherUnion.typeId(at: j) else { return false }
            let (ca, ia) = union.location(at: i)
            let (cb, ib) = otherUnion.location(at: j)
            let a = nested[ca]
            let b = other.nested[cb]
            return try a.equal(ia, b, ib, depth: depth + 1)
        }
        let nullA = data.isNull(i)
        let nullB = other.data.isNull(j)
        if nullA || nullB { return nullA == nullB }
        switch data.type {
        case .null: return true
        case .bool: return data.buffers[0].bitUnchecked(data.offset + i) == other.data.buffers[0].bitUnchecked(other.data.offset + j)
        case .float16:
            let x = fixedBytes(i).getIntegerUnchecked(at: 0, as: UInt16.self)
            let y = other.fixedBytes(j).getIntegerUnchecked(at: 0, as: UInt16.self)
            return x == y || (x & 0x7C00 == 0x7C00 && x & 0x3FF != 0 && y & 0x7C00 == 0x7C00 && y & 0x3FF != 0)
        case .float32:
            let x = Float(bitPattern: fixedBytes(i).getIntegerUnchecked(at: 0, as: UInt32.self))
            let y = Float(bitPattern: other.fixedBytes(j).getIntegerUnchecked(at: 0, as: UInt32.self))
            return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) || x == y
        case .float64:
            let x = Double(bitPattern: fixedBytes(i).getIntegerUnchecked(at: 0, as: UInt64.self))
            let y = Double(bitPattern: other.fixedBytes(j).getIntegerUnchecked(at: 0, as: UInt64.self))
            return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) || x == y
        case .struct:
            for (a, b) in zip(nested, other.nested) {
                // A struct's children are not sliced with it: row i is child row offset + i.
                if !(try a.equal(data.offset + i, b, other.data.offset + j, depth: depth + 1)) { return false }
            }
            return true
        default: break
        }
        if let binary, let otherBinary = other.binary { return binary.bytes(i).contentEquals(otherBinary.bytes(j)) }
        if let list, let otherList = other.list {
            let ra = list.valueRange(at: i)
            let rb = otherList.valueRange(at: j)
            guard ra.count == rb.count else { return false }
            let a = nested[0]
            let b = other.nested[0]
            for k in 0..<ra.count where !(try a.equal(ra.lowerBound + k, b, rb.lowerBound + k, depth: depth + 1)) { return false }
            return true
        }
        if let dictionary, let otherDictionary = other.dictionary, let x = dictionary[i], let y = otherDictionary[j] {
            let a = nested[0]
            let b = other.nested[0]
            return try a.equal(x, b, y, depth: depth + 1)
        }
        return fixedBytes(i).contentEquals(other.fixedBytes(j))
    }
}
