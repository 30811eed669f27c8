import ArrowMemory

// The value-level checks behind typed views and `validate`: each type builds
// (or checks) what lets later element access stay in range.

/// Checked offsets of a list-like or binary array: monotonic and inside `dataLength`.
struct OffsetsView<O: FixedWidthInteger>: Sendable {
    let offsets: ArrowBuffer
    let base: Int

    init(_ data: ArrayData, dataLength: Int) throws(ArrowError) {
        offsets = data.buffers.first ?? .empty
        base = data.offset
        guard data.length > 0 else { return }
        let width = MemoryLayout<O>.size
        guard offsets.count >= (data.offset + data.length + 1) * width else {
            throw ArrowError.data("offsets buffer too short")
        }
        var previous = offsets.getIntegerUnchecked(at: data.offset * width, as: O.self)
        guard previous >= 0 else { throw ArrowError.data("negative offset \(previous) at index 0") }
        for i in 1...data.length {
            let current = offsets.getIntegerUnchecked(at: (data.offset + i) * width, as: O.self)
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
        let start = Int(offsets.getIntegerUnchecked(at: (base + i) * w, as: O.self))
        let end = Int(offsets.getIntegerUnchecked(at: (base + i + 1) * w, as: O.self))
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
            let length = Int(views.getIntegerUnchecked(at: at, as: Int32.self))
            guard length >= 0 else { throw ArrowError.data("negative view length at index \(i)") }
            if length > 12 {
                let index = Int(views.getIntegerUnchecked(at: at + 8, as: Int32.self))
                let offset = Int(views.getIntegerUnchecked(at: at + 12, as: Int32.self))
                guard index >= 0, index + 1 < data.buffers.count, offset >= 0,
                    offset <= data.buffers[index + 1].count - length
                else {
                    throw ArrowError.data("view \(i) (buffer \(index), offset \(offset), length \(length)) outside its data buffer")
                }
            }
        }
    }

    /// Bytes of view `i`; valid once `check` succeeded.
    static func bytes(_ data: ArrayData, _ i: Int) -> ArrowBuffer {
        let views = data.buffers[0]
        let at = (data.offset + i) * 16
        let length = Int(views.getIntegerUnchecked(at: at, as: Int32.self))
        if length <= 12 { return views.getSlice(at: at + 4, length: length) ?? .empty }
        let index = Int(views.getIntegerUnchecked(at: at + 8, as: Int32.self))
        let offset = Int(views.getIntegerUnchecked(at: at + 12, as: Int32.self))
        return data.buffers[index + 1].getSlice(at: offset, length: length) ?? .empty
    }
}

enum ListViewLayout {
    static func check<O: FixedWidthInteger>(_ data: ArrayData, _: O.Type) throws(ArrowError) {
        let childLength = data.children.first?.length ?? 0
        let w = MemoryLayout<O>.size
        for i in 0..<data.length where data.isValid(i) {
            let o = Int64(data.buffers[0].getIntegerUnchecked(at: (data.offset + i) * w, as: O.self))
            let s = Int64(data.buffers[1].getIntegerUnchecked(at: (data.offset + i) * w, as: O.self))
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
                let offset = Int(data.buffers[1].getIntegerUnchecked(at: (data.offset + i) * 4, as: Int32.self))
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
        case .int16: return Int64(b.getIntegerUnchecked(at: j * 2, as: Int16.self))
        case .uint16: return Int64(b.getIntegerUnchecked(at: j * 2, as: UInt16.self))
        case .int32: return Int64(b.getIntegerUnchecked(at: j * 4, as: Int32.self))
        case .uint32: return Int64(b.getIntegerUnchecked(at: j * 4, as: UInt32.self))
        case .int64: return b.getIntegerUnchecked(at: j * 8, as: Int64.self)
        case .uint64:
            let v = b.getIntegerUnchecked(at: j * 8, as: UInt64.self)
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
            let v: Int64 =
                switch w {
                case 2: Int64(r.buffers[0].getIntegerUnchecked(at: at, as: Int16.self))
                case 4: Int64(r.buffers[0].getIntegerUnchecked(at: at, as: Int32.self))
                default: r.buffers[0].getIntegerUnchecked(at: at, as: Int64.self)
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
        var lo = 0
        var hi = ends.count - 1
        let target = Int64(logical)
        while lo < hi {
            let mid = (lo + hi) / 2
            if ends[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
