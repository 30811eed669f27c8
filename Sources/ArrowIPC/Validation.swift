import ArrowMemory

// Two levels of checks, as in arrow-rs (`validate` / `validate_full`):
// - layout: buffer counts and sizes against type, offset and length. O(buffers).
//   The IPC reader does these while loading; `validateLayout` repeats them for
//   arrays built by hand.
// - values: offsets monotonic and inside the data, list offsets inside the child,
//   dictionary indices inside the dictionary, union type ids and offsets, run ends
//   increasing, views inside their buffers. O(length). Typed views run these for
//   their own array when they are made, so value access can never read out of range.
// `validate(.full)` also checks UTF-8 of string data, like pyarrow's
// `validate(full=True)`.

extension ArrayData {
    /// Checks this array, its children and its dictionary to `level` (by default
    /// everything: layout, values and UTF-8, as pyarrow's `validate(full=True)`).
    ///
    /// - Parameter level: How much to check; `.full` by default.
    /// - Throws: `ArrowError` of kind `.invalidData` naming the first problem, with
    ///   the child path (or `dictionary`) in `fieldPath`; also when arrays nest
    ///   deeper than 64.
    /// - Complexity: O(buffers) for `.structure`; O(length) over the array, its
    ///   children and its dictionary otherwise.
    public func validate(_ level: ValidationLevel = .full) throws(ArrowError) {
        try validate(level, depth: 0)
    }

    private func validate(_ level: ValidationLevel, depth: Int) throws(ArrowError) {
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError.data("arrays nested deeper than \(ArrowFormat.maxNestingDepth)") }
        try validateLayout()
        if level != .structure { try validateValues() }
        if level == .full { try validateUTF8() }
        let fields = type.children
        for (i, child) in children.enumerated() {
            do throws(ArrowError) {
                try child.validate(level, depth: depth + 1)
            } catch {
                throw error.inField(i < fields.count ? fields[i].name : "\(i)")
            }
        }
        if let dictionary {
            do throws(ArrowError) {
                try dictionary.validate(level, depth: depth + 1)
            } catch {
                throw error.inField("dictionary")
            }
        }
    }

    private func need(_ buffer: Int, bytes: Int, _ what: String) throws(ArrowError) {
        guard buffer < buffers.count else { throw ArrowError.data("\(type) array is missing its \(what) buffer") }
        guard buffers[buffer].count >= bytes else {
            throw ArrowError.data("\(what) buffer has \(buffers[buffer].count) bytes, needs \(bytes)")
        }
    }

    /// Buffer counts and sizes against the type, offset and length (what
    /// `ValidationLevel.structure` checks), for this array only: children are
    /// checked for count and length, not recursively.
    /// - Throws: `ArrowError` of kind `.invalidData` naming the missing or short
    ///   buffer, a null count without bitmap, or the child that is too short.
    /// - Complexity: O(*n*) in the number of buffers and children.
    public func validateLayout() throws(ArrowError) {
        guard length >= 0, offset >= 0, nullCount >= 0, nullCount <= length else {
            throw ArrowError.data("length \(length), offset \(offset), null count \(nullCount) inconsistent")
        }
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow else { throw ArrowError.data("offset + length overflows") }
        if let validity, validity.count * 8 < end {
            throw ArrowError.data("validity bitmap of \(validity.count) bytes too short for \(end) bits")
        }
        if nullCount > 0, validity == nil, type.hasValidityBitmap {
            throw ArrowError.data("\(nullCount) nulls but no validity bitmap")
        }
        func multiply(_ a: Int, _ b: Int) throws(ArrowError) -> Int {
            let (r, o) = a.multipliedReportingOverflow(by: b)
            guard !o else { throw ArrowError.data("buffer size overflows") }
            return r
        }
        switch type {
        case .null, .runEndEncoded:
            break
        case .bool:
            try need(0, bytes: (end + 7) / 8, "values")
        case .binary, .utf8:
            if length > 0 { try need(0, bytes: try multiply(end + 1, 4), "offsets") }
            try need(1, bytes: 0, "data")
        case .largeBinary, .largeUtf8:
            if length > 0 { try need(0, bytes: try multiply(end + 1, 8), "offsets") }
            try need(1, bytes: 0, "data")
        case .binaryView, .utf8View:
            try need(0, bytes: try multiply(end, 16), "views")
        case .list, .map:
            if length > 0 { try need(0, bytes: try multiply(end + 1, 4), "offsets") }
        case .largeList:
            if length > 0 { try need(0, bytes: try multiply(end + 1, 8), "offsets") }
        case .listView:
            try need(0, bytes: try multiply(end, 4), "offsets")
            try need(1, bytes: try multiply(end, 4), "sizes")
        case .largeListView:
            try need(0, bytes: try multiply(end, 8), "offsets")
            try need(1, bytes: try multiply(end, 8), "sizes")
        case .fixedSizeList(_, let size):
            guard children.count == 1, children[0].length >= (try multiply(end, Int(size))) else {
                throw ArrowError.data("fixed-size list child too short")
            }
        case .struct(let fields):
            guard children.count == fields.count else { throw ArrowError.data("struct has \(children.count) children, type has \(fields.count)") }
            for (i, c) in children.enumerated() where c.length < end {
                throw ArrowError.data("struct child has \(c.length) values, needs \(end)").inField(fields[i].name)
            }
        case .union(let mode, let fields, _):
            try need(0, bytes: end, "type ids")
            guard children.count == fields.count else { throw ArrowError.data("union has \(children.count) children, type has \(fields.count)") }
            if mode == .dense {
                try need(1, bytes: try multiply(end, 4), "offsets")
            } else {
                for (i, c) in children.enumerated() where c.length < end {
                    throw ArrowError.data("sparse union child has \(c.length) values, needs \(end)").inField(fields[i].name)
                }
            }
        case .dictionary(let index, _, _):
            try need(0, bytes: try multiply(end, index.byteWidth ?? 0), "indices")
            guard dictionary != nil else { throw ArrowError.data("dictionary-encoded array without dictionary") }
        default:
            try need(0, bytes: try multiply(end, type.byteWidth ?? 0), "values")
        }
        switch type {
        case .list, .largeList, .listView, .largeListView, .map:
            guard children.count == 1 else { throw ArrowError.data("\(type) needs one child array") }
        case .runEndEncoded:
            guard children.count == 2 else { throw ArrowError.data("run-end encoded array needs two children") }
        default: break
        }
    }

    /// Value-level checks of this array only (children and dictionary are checked
    /// when their own views are made, or by `validate`): offsets monotonic and
    /// inside the data, list views inside the child, union type ids declared and
    /// dense offsets in range, dictionary indices inside the dictionary, run ends
    /// increasing, views inside their buffers. Assumes `validateLayout()` passed.
    /// - Throws: `ArrowError` of kind `.invalidData` naming the first bad value and its index.
    /// - Complexity: O(*length*).
    public func validateValues() throws(ArrowError) {
        switch type {
        case .binary, .utf8:
            _ = try VariableBinaryView<Int32>(self)
        case .largeBinary, .largeUtf8:
            _ = try VariableBinaryView<Int64>(self)
        case .binaryView, .utf8View:
            try BinaryViewLayout.check(self)
        case .list, .map:
            let o = try OffsetsView<Int32>(self, dataLength: children.first?.length ?? 0)
            _ = o
        case .largeList:
            _ = try OffsetsView<Int64>(self, dataLength: children.first?.length ?? 0)
        case .listView:
            try ListViewLayout.check(self, Int32.self)
        case .largeListView:
            try ListViewLayout.check(self, Int64.self)
        case .union:
            try UnionLayout.check(self)
        case .dictionary(let index, _, _):
            try DictionaryLayout.check(self, indexType: index)
        case .runEndEncoded:
            _ = try RunEnds(self)
        default:
            break
        }
    }

    /// Checks that string data (utf8, large utf8, utf8 view) is valid UTF-8 and
    /// that no value starts inside a character. Other types pass. Assumes the
    /// value checks passed.
    /// - Throws: `ArrowError` of kind `.invalidData` when the bytes are not UTF-8.
    /// - Complexity: O(*n*) in the bytes of the values.
    public func validateUTF8() throws(ArrowError) {
        switch type {
        case .utf8:
            try checkUTF8(VariableBinaryView<Int32>(self))
        case .largeUtf8:
            try checkUTF8(VariableBinaryView<Int64>(self))
        case .utf8View:
            for i in 0..<length where isValid(i) {
                let bytes = BinaryViewLayout.bytes(self, i)
                guard bytes.withUnsafeBytes({ UTF8Check.isValid($0) }) else {
                    throw ArrowError.data("invalid UTF-8 in value \(i)")
                }
            }
        default: break
        }
    }

    private func checkUTF8<O>(_ view: VariableBinaryView<O>) throws(ArrowError) {
        guard length > 0 else { return }
        // Check the whole data range at once when values are contiguous, then
        // that every boundary falls on a character start.
        let first = view.byteRange(0).lowerBound
        let last = view.byteRange(length - 1).upperBound
        guard let all = buffers[1].getSlice(at: first, length: last - first) else { return }
        let ok = all.withUnsafeBytes { UTF8Check.isValid($0) }
        guard ok else { throw ArrowError.data("invalid UTF-8 in string data") }
        for i in 0..<length {
            let start = view.byteRange(i).lowerBound
            if start < last, let byte = buffers[1][checked: start], byte & 0xC0 == 0x80 {
                throw ArrowError.data("value \(i) starts inside a UTF-8 character")
            }
        }
    }
}
