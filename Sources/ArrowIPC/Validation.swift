import ArrowMemory

// Two levels of checks, as in arrow-rs (`validate` / `validate_full`):
// - layout: buffer counts and sizes against type, offset and length. O(buffers).
//   The IPC reader does these while loading; `validateLayout` repeats them for
//   arrays built by hand.
// - values: offsets monotonic and inside the data, list offsets inside the child,
//   dictionary indices inside the dictionary, union type ids and offsets, run ends
//   increasing, views inside their buffers. O(length). Typed views run these for
//   their own array when they are made, so value access can never read out of range.
// `validate(full: true)` also checks UTF-8 of string data, like pyarrow's
// `validate(full=True)`.

extension ArrayData {
    /// Layout and value checks of this array, its children and its dictionary.
    /// With `full`, string data must also be valid UTF-8.
    public func validate(full: Bool = false) throws(ArrowError) {
        try validate(full: full, depth: 0)
    }

    private func validate(full: Bool, depth: Int) throws(ArrowError) {
        guard depth < 64 else { throw ArrowError.data("arrays nested deeper than 64") }
        try validateLayout()
        try validateValues()
        if full { try validateUTF8() }
        let fields = type.children
        for (i, child) in children.enumerated() {
            do throws(ArrowError) {
                try child.validate(full: full, depth: depth + 1)
            } catch {
                throw error.inField(i < fields.count ? fields[i].name : "\(i)")
            }
        }
        if let dictionary {
            do throws(ArrowError) {
                try dictionary.validate(full: full, depth: depth + 1)
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

    /// Buffer counts and sizes against the type, offset and length.
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
    /// when their own views are made, or by `validate`).
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

    /// Checks that string data (utf8, large utf8, utf8 view) is valid UTF-8.
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
        guard let all = buffers[1].slice(first, count: last - first) else { return }
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

enum UTF8Check {
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            // Skip ASCII eight bytes at a time.
            while i + 8 <= n, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var minNext: UInt8 = 0x80, maxNext: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; minNext = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; maxNext = 0x9F
            case 0xF0: need = 3; minNext = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; maxNext = 0x8F
            default: return false
            }
            guard i + need < n else { return false }
            let b1 = bytes[i + 1]
            guard b1 >= minNext, b1 <= maxNext else { return false }
            for k in 2...max(2, need) where k <= need {
                guard bytes[i + k] & 0xC0 == 0x80 else { return false }
            }
            i += need + 1
        }
        return true
    }
}

/// Checked offsets of a list-like or binary array: monotonic and inside `dataLength`.
struct OffsetsView<O: FixedWidthInteger>: Sendable {
    let offsets: ByteBuffer
    let base: Int

    init(_ data: ArrayData, dataLength: Int) throws(ArrowError) {
        offsets = data.buffers.first ?? .empty
        base = data.offset
        guard data.length > 0 else { return }
        let width = MemoryLayout<O>.size
        guard offsets.count >= (data.offset + data.length + 1) * width else {
            throw ArrowError.data("offsets buffer too short")
        }
        var previous = offsets.readIntegerUnchecked(at: data.offset * width, as: O.self)
        guard previous >= 0 else { throw ArrowError.data("negative offset \(previous) at index 0") }
        for i in 1...data.length {
            let current = offsets.readIntegerUnchecked(at: (data.offset + i) * width, as: O.self)
            guard current >= previous else {
                throw ArrowError.data("offsets decrease at index \(i) (\(previous) then \(current))")
            }
            previous = current
        }
        guard Int64(previous) <= Int64(dataLength) else {
            throw ArrowError.data("last offset \(previous) beyond data of length \(dataLength)")
        }
    }

    /// Range of element `i`; valid for `0..<length` once `init` succeeded.
    @inline(__always)
    func range(_ i: Int) -> Range<Int> {
        let w = MemoryLayout<O>.size
        let start = Int(offsets.readIntegerUnchecked(at: (base + i) * w, as: O.self))
        let end = Int(offsets.readIntegerUnchecked(at: (base + i + 1) * w, as: O.self))
        return start..<end
    }
}

/// Checked offsets of a binary or utf8 array.
struct VariableBinaryView<O: FixedWidthInteger>: Sendable {
    let offsets: OffsetsView<O>

    init(_ data: ArrayData) throws(ArrowError) {
        guard data.buffers.count >= 2 else { throw ArrowError.data("binary array needs offsets and data buffers") }
        offsets = try OffsetsView<O>(data, dataLength: data.buffers[1].count)
    }

    @inline(__always)
    func byteRange(_ i: Int) -> Range<Int> { offsets.range(i) }
}

enum BinaryViewLayout {
    static func check(_ data: ArrayData) throws(ArrowError) {
        let views = data.buffers[0]
        for i in 0..<data.length {
            let at = (data.offset + i) * 16
            let length = Int(views.readIntegerUnchecked(at: at, as: Int32.self))
            guard length >= 0 else { throw ArrowError.data("negative view length at index \(i)") }
            if length > 12 {
                let index = Int(views.readIntegerUnchecked(at: at + 8, as: Int32.self))
                let offset = Int(views.readIntegerUnchecked(at: at + 12, as: Int32.self))
                guard index >= 0, index + 1 < data.buffers.count, offset >= 0,
                      offset <= data.buffers[index + 1].count - length
                else {
                    throw ArrowError.data("view \(i) (buffer \(index), offset \(offset), length \(length)) outside its data buffer")
                }
            }
        }
    }

    /// Bytes of view `i`; valid once `check` succeeded.
    static func bytes(_ data: ArrayData, _ i: Int) -> ByteBuffer {
        let views = data.buffers[0]
        let at = (data.offset + i) * 16
        let length = Int(views.readIntegerUnchecked(at: at, as: Int32.self))
        if length <= 12 { return views.slice(at + 4, count: length) ?? .empty }
        let index = Int(views.readIntegerUnchecked(at: at + 8, as: Int32.self))
        let offset = Int(views.readIntegerUnchecked(at: at + 12, as: Int32.self))
        return data.buffers[index + 1].slice(offset, count: length) ?? .empty
    }
}

enum ListViewLayout {
    static func check<O: FixedWidthInteger>(_ data: ArrayData, _: O.Type) throws(ArrowError) {
        let childLength = data.children.first?.length ?? 0
        let w = MemoryLayout<O>.size
        for i in 0..<data.length where data.isValid(i) {
            let o = Int64(data.buffers[0].readIntegerUnchecked(at: (data.offset + i) * w, as: O.self))
            let s = Int64(data.buffers[1].readIntegerUnchecked(at: (data.offset + i) * w, as: O.self))
            guard o >= 0, s >= 0, o <= Int64(childLength) - s else {
                throw ArrowError.data("list view \(i) (offset \(o), size \(s)) outside child of length \(childLength)")
            }
        }
    }
}

enum UnionLayout {
    static func check(_ data: ArrayData) throws(ArrowError) {
        guard case .union(let mode, _, let ids) = data.type else { return }
        var childFor = [Int](repeating: -1, count: 128)
        for (k, id) in ids.enumerated() where id >= 0 && id < 128 { childFor[Int(id)] = k }
        let typeIds = data.buffers[0]
        for i in 0..<data.length {
            let id = Int(Int8(bitPattern: typeIds.byteUnchecked(at: data.offset + i)))
            guard id >= 0, childFor[id] >= 0 else { throw ArrowError.data("union type id \(id) at index \(i) is not declared") }
            if mode == .dense {
                let offset = Int(data.buffers[1].readIntegerUnchecked(at: (data.offset + i) * 4, as: Int32.self))
                let child = data.children[childFor[id]]
                guard offset >= 0, offset < child.length else {
                    throw ArrowError.data("dense union offset \(offset) at index \(i) outside child of length \(child.length)")
                }
            }
        }
    }
}

enum DictionaryLayout {
    static func index(_ data: ArrayData, _ i: Int, _ type: ArrowType) -> Int64 {
        let b = data.buffers[0]
        let j = data.offset + i
        switch type {
        case .int8: return Int64(Int8(bitPattern: b.byteUnchecked(at: j)))
        case .uint8: return Int64(b.byteUnchecked(at: j))
        case .int16: return Int64(b.readIntegerUnchecked(at: j * 2, as: Int16.self))
        case .uint16: return Int64(b.readIntegerUnchecked(at: j * 2, as: UInt16.self))
        case .int32: return Int64(b.readIntegerUnchecked(at: j * 4, as: Int32.self))
        case .uint32: return Int64(b.readIntegerUnchecked(at: j * 4, as: UInt32.self))
        case .int64: return b.readIntegerUnchecked(at: j * 8, as: Int64.self)
        case .uint64:
            let v = b.readIntegerUnchecked(at: j * 8, as: UInt64.self)
            return v > UInt64(Int64.max) ? -1 : Int64(v)
        default: return -1
        }
    }

    static func check(_ data: ArrayData, indexType: ArrowType) throws(ArrowError) {
        guard indexType.isInteger else { throw ArrowError.data("dictionary index type \(indexType) is not an integer") }
        let size = Int64(data.dictionary?.length ?? 0)
        for i in 0..<data.length where data.isValid(i) {
            let k = index(data, i, indexType)
            guard k >= 0, k < size else {
                throw ArrowError.data("dictionary index \(k) at \(i) outside dictionary of \(size) values")
            }
        }
    }
}

/// Checked run ends of a run-end encoded array.
struct RunEnds: Sendable {
    let ends: [Int64]

    init(_ data: ArrayData) throws(ArrowError) {
        guard data.children.count == 2 else { throw ArrowError.data("run-end encoded array needs two children") }
        let r = data.children[0]
        let w = r.type.byteWidth ?? 0
        guard [2, 4, 8].contains(w), r.buffers.count == 1, r.buffers[0].count >= (r.offset + r.length) * w else {
            throw ArrowError.data("run ends buffer too short")
        }
        var ends: [Int64] = []
        ends.reserveCapacity(r.length)
        var previous: Int64 = 0
        for i in 0..<r.length {
            let at = (r.offset + i) * w
            let v: Int64 = switch w {
            case 2: Int64(r.buffers[0].readIntegerUnchecked(at: at, as: Int16.self))
            case 4: Int64(r.buffers[0].readIntegerUnchecked(at: at, as: Int32.self))
            default: r.buffers[0].readIntegerUnchecked(at: at, as: Int64.self)
            }
            guard v > previous else { throw ArrowError.data("run ends not strictly increasing at \(i) (\(previous) then \(v))") }
            ends.append(v)
            previous = v
        }
        guard previous >= Int64(data.offset + data.length) else {
            throw ArrowError.data("run ends cover \(previous) values, array needs \(data.offset + data.length)")
        }
        guard data.children[1].length >= r.length else { throw ArrowError.data("fewer values than runs") }
        self.ends = ends
    }

    /// Index of the run holding logical position `i` (after the array's offset).
    func physicalIndex(_ logical: Int) -> Int {
        var lo = 0, hi = ends.count - 1
        let target = Int64(logical)
        while lo < hi {
            let mid = (lo + hi) / 2
            if ends[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
