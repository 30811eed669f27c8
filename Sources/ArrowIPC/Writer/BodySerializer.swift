import ArrowMemory

/// The body of one record batch or dictionary batch, ready to frame.
struct SerializedBody {
    var header: RecordBatchHeader
    /// Buffers in order; each is followed by zero padding to a multiple of 8.
    var buffers: [ArrowBuffer]
    var bodyLength: Int64
}

/// Walks arrays depth-first and collects field nodes and body buffers exactly as
/// Arrow C++'s `RecordBatchSerializer` does: buffers of sliced arrays are cut to
/// the slice (keeping trailing bytes up to the next multiple of 8 when the input
/// has them, as C++ does), offsets are rebased to start at 0, bitmaps with a
/// non-zero offset are copied so they start at bit 0, and a validity bitmap is
/// only written when there are nulls.
struct BodySerializer {
    let version: MetadataVersion
    private(set) var nodes: [FieldNode] = []
    private(set) var buffers: [ArrowBuffer] = []
    private(set) var variadicCounts: [Int64] = []

    init(version: MetadataVersion) { self.version = version }

    static func padded8(_ n: Int) -> Int { (n + 7) & ~7 }

    /// Serializes `columns` into a body.
    static func serialize(_ columns: [ArrayData], length: Int, version: MetadataVersion) throws(ArrowError) -> SerializedBody {
        var s = BodySerializer(version: version)
        var expected = 0
        for c in columns {
            try s.visit(c, depth: 0)
            expected += try c.type.ipcBufferTotal(version: version)
        }
        // The body must have the layout the reader will step through.
        let variadic = s.variadicCounts.reduce(0) { $0 + Int($1) }
        guard s.buffers.count == expected + variadic else {
            throw ArrowError(.invalidArgument, "body has \(s.buffers.count) buffers where the types' layout has \(expected + variadic)")
        }
        var metas: [BodyBuffer] = []
        metas.reserveCapacity(s.buffers.count)
        var offset = 0
        for b in s.buffers {
            metas.append(BodyBuffer(offset: Int64(offset), length: Int64(b.count)))
            offset += padded8(b.count)
        }
        let header = RecordBatchHeader(
            length: Int64(length), nodes: s.nodes, buffers: metas, compression: nil,
            variadicBufferCounts: s.variadicCounts)
        return SerializedBody(header: header, buffers: s.buffers, bodyLength: Int64(offset))
    }

    private func hasValidityBitmap(_ type: ArrowType) -> Bool {
        if version < .v5 { if case .null = type { return false } else { return true } }
        return type.hasValidityBitmap
    }

    private mutating func visit(_ a: ArrayData, depth: Int) throws(ArrowError) {
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError(.invalidArgument, "arrays nested deeper than \(ArrowFormat.maxNestingDepth)") }
        try a.validateLayout()
        nodes.append(FieldNode(length: Int64(a.length), nullCount: Int64(a.nullCount)))
        if hasValidityBitmap(a.type) {
            if a.nullCount > 0 {
                guard let validity = a.validity else { throw ArrowError.data("\(a.nullCount) nulls but no validity bitmap") }
                buffers.append(Self.truncatedBitmap(validity, offset: a.offset, length: a.length))
            } else {
                buffers.append(.empty)
            }
        }
        switch a.type {
        case .null:
            break
        case .bool:
            buffers.append(Self.truncatedBitmap(a.buffers[0], offset: a.offset, length: a.length))
        case .binary, .utf8:
            try visitBinary(a, Int32.self)
        case .largeBinary, .largeUtf8:
            try visitBinary(a, Int64.self)
        case .binaryView, .utf8View:
            buffers.append(a.buffers[0].getSlice(at: a.offset * 16, length: a.length * 16) ?? .empty)
            variadicCounts.append(Int64(a.buffers.count - 1))
            buffers.append(contentsOf: a.buffers.dropFirst())
        case .list, .map:
            try visitList(a, Int32.self, depth: depth)
        case .largeList:
            try visitList(a, Int64.self, depth: depth)
        case .listView:
            try visitListView(a, Int32.self, depth: depth)
        case .largeListView:
            try visitListView(a, Int64.self, depth: depth)
        case .fixedSizeList(_, let size):
            let n = Int(size)
            try visit(try a.children[0].slice(offset: a.offset * n, length: a.length * n), depth: depth + 1)
        case .struct:
            for child in a.children {
                let c = (a.offset != 0 || child.length != a.length) ? try child.slice(offset: a.offset, length: a.length) : child
                try visit(c, depth: depth + 1)
            }
        case .union(.sparse, _, _):
            buffers.append(Self.truncatedBuffer(a.buffers[0], offset: a.offset, length: a.length, width: 1))
            for child in a.children {
                let c = (a.offset != 0 || child.length != a.length) ? try child.slice(offset: a.offset, length: a.length) : child
                try visit(c, depth: depth + 1)
            }
        case .union(.dense, _, let ids):
            try visitDenseUnion(a, typeIds: ids, depth: depth)
        case .dictionary(let index, _, _):
            buffers.append(Self.fixedWidthValues(a.buffers[0], offset: a.offset, length: a.length, width: index.byteWidth ?? 1))
        case .runEndEncoded:
            try visitRunEndEncoded(a, depth: depth)
        default:
            let width = a.type.byteWidth ?? 0
            buffers.append(Self.fixedWidthValues(a.buffers[0], offset: a.offset, length: a.length, width: width))
        }
    }

    /// Arrow C++ `PaddedLength`: the writer decides whether to cut a buffer by
    /// comparing it with its length rounded up to 64 bytes.
    static func padded64(_ n: Int) -> Int { (n + 63) & ~63 }

    /// C++ `GetTruncatedBitmap`: the bitmap as is when it starts at bit 0 and is not
    /// longer than needed (rounded to 64 bytes); otherwise a copy starting at bit 0.
    static func truncatedBitmap(_ bitmap: ArrowBuffer, offset: Int, length: Int) -> ArrowBuffer {
        if offset == 0 && padded64((length + 7) / 8) >= bitmap.count { return bitmap }
        return ArrayConcatenation.concatenateBitmaps([(bitmap, offset, length)])
    }

    /// C++ fixed-width `Visit`: cut to the values of the array when sliced or much
    /// longer, keeping bytes up to the next multiple of 8 when the buffer has them.
    static func fixedWidthValues(_ buffer: ArrowBuffer, offset: Int, length: Int, width: Int) -> ArrowBuffer {
        if offset == 0 && padded64(length * width) >= buffer.count { return buffer }
        let start = offset * width
        let count = min(padded8(length * width), buffer.count - start)
        return buffer.getSlice(at: start, length: max(count, 0)) ?? .empty
    }

    /// C++ `GetTruncatedBuffer` (union type ids and offsets): cut to the length
    /// rounded up to 64 bytes. C++ takes `min(padded, size)` bytes from the slice
    /// start, which can run past the end of the buffer; those bytes come from the
    /// allocation's zeroed padding there, and are zeros here.
    static func truncatedBuffer(_ buffer: ArrowBuffer, offset: Int, length: Int, width: Int) -> ArrowBuffer {
        let padded = padded64(length * width)
        if offset == 0 && padded >= buffer.count { return buffer }
        let start = offset * width
        let count = min(padded, buffer.count)
        if start + count <= buffer.count { return buffer.getSlice(at: start, length: count) ?? .empty }
        let available = max(0, buffer.count - start)
        return ArrowBuffer(count: count) { out in
            buffer.withUnsafeBytes { src in
                if available > 0 { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[start..<(start + available)])) }
            }
        }
    }

    private static func offsetsBytes<O: FixedWidthInteger>(_ values: [O]) -> ArrowBuffer {
        ArrowBuffer(count: values.count * MemoryLayout<O>.size) { out in
            for (i, v) in values.enumerated() { out.storeBytes(of: v.littleEndian, toByteOffset: i * MemoryLayout<O>.size, as: O.self) }
        }
    }

    /// C++ `GetZeroBasedValueOffsets`: offsets of the slice, rebased to 0 when they
    /// do not start at 0, cut to `length + 1` entries otherwise.
    private func zeroBasedOffsets<O: FixedWidthInteger>(_ a: ArrayData, _: O.Type) -> ArrowBuffer {
        let w = MemoryLayout<O>.size
        let offsets = a.buffers[0]
        if a.length == 0 { return offsets }
        let required = w * (a.length + 1)
        let first = offsets.getIntegerUnchecked(at: a.offset * w, as: O.self)
        if first > 0 {
            return Self.offsetsBytes((0...a.length).map { offsets.getIntegerUnchecked(at: (a.offset + $0) * w, as: O.self) &- first })
        }
        if a.offset > 0 || offsets.count > required {
            return offsets.getSlice(at: a.offset * w, length: required) ?? .empty
        }
        return offsets
    }

    /// First and last offset of the array's range, read with bounds checks.
    /// The writer copies bytes without interpreting values, so it needs only these
    /// two (O(1)), not the O(n) monotonic check a reader does.
    private func offsetBounds<O: FixedWidthInteger>(_ a: ArrayData, _: O.Type) throws(ArrowError) -> (Int, Int) {
        let w = MemoryLayout<O>.size
        guard a.length > 0 else { return (0, 0) }
        guard let first = a.buffers[0].getInteger(at: a.offset * w, as: O.self),
            let last = a.buffers[0].getInteger(at: (a.offset + a.length) * w, as: O.self),
            first >= 0, last >= first
        else { throw ArrowError.data("offsets buffer too short or decreasing") }
        return (Int(first), Int(last))
    }

    private mutating func visitBinary<O: FixedWidthInteger>(_ a: ArrayData, _: O.Type) throws(ArrowError) {
        let (first, last) = try offsetBounds(a, O.self)
        guard last <= a.buffers[1].count else { throw ArrowError.data("last offset \(last) beyond data of \(a.buffers[1].count) bytes") }
        let offsets = zeroBasedOffsets(a, O.self)
        var data = a.buffers[1]
        let total = last - first
        if a.offset != 0 || total < data.count {
            let count = min(Self.padded64(total), data.count - first)
            data = data.getSlice(at: first, length: max(count, 0)) ?? .empty
        }
        buffers.append(offsets)
        buffers.append(data)
    }

    private mutating func visitList<O: FixedWidthInteger>(_ a: ArrayData, _: O.Type, depth: Int) throws(ArrowError) {
        buffers.append(zeroBasedOffsets(a, O.self))
        var values = a.children[0]
        let (start, end) = try offsetBounds(a, O.self)
        let count = end - start
        guard end <= values.length else { throw ArrowError.data("last list offset \(end) beyond child of length \(values.length)") }
        if a.offset != 0 || count < values.length {
            values = try values.slice(offset: start, length: count)
        }
        try visit(values, depth: depth + 1)
    }

    private mutating func visitListView<O: FixedWidthInteger>(_ a: ArrayData, _: O.Type, depth: Int) throws(ArrowError) {
        try a.validateValues()
        let w = MemoryLayout<O>.size
        var values = a.children[0]
        var minOffset = 0
        var maxEnd = values.length
        var offsets = a.buffers[0]
        let required = w * a.length
        if a.offset != 0 {
            minOffset = a.length > 0 ? Int.max : 0
            maxEnd = 0
            var starts: [Int] = []
            for i in 0..<a.length {
                let o = Int(a.buffers[0].getIntegerUnchecked(at: (a.offset + i) * w, as: O.self))
                let s = Int(a.buffers[1].getIntegerUnchecked(at: (a.offset + i) * w, as: O.self))
                starts.append(o)
                minOffset = min(minOffset, o)
                maxEnd = max(maxEnd, o &+ s)  // null entries may hold anything; a bad range fails the slice below
            }
            guard minOffset >= 0, minOffset <= values.length else {
                throw ArrowError.data("list view offset \(minOffset) outside child of length \(values.length)")
            }
            offsets = Self.offsetsBytes(starts.map { O(truncatingIfNeeded: $0 &- minOffset) })
        } else if offsets.count > required {
            offsets = offsets.getSlice(at: 0, length: required) ?? .empty
        }
        buffers.append(offsets)
        var sizes = a.buffers[1]
        if a.offset != 0 || sizes.count > required {
            sizes = sizes.getSlice(at: a.offset * w, length: required) ?? .empty
        }
        buffers.append(sizes)
        if minOffset != 0 || maxEnd < values.length {
            // C++ slices (min_offset, max_end): a length of max_end, clamped to the child.
            values = try values.slice(offset: minOffset, length: min(maxEnd, values.length - minOffset))
        }
        try visit(values, depth: depth + 1)
    }

    private mutating func visitDenseUnion(_ a: ArrayData, typeIds: [Int32], depth: Int) throws(ArrowError) {
        try a.validateValues()
        buffers.append(Self.truncatedBuffer(a.buffers[0], offset: a.offset, length: a.length, width: 1))
        var offsets = Self.truncatedBuffer(a.buffers[1], offset: a.offset, length: a.length, width: 4)
        let maxCode = Int(typeIds.max() ?? 0)
        var childOffsets = [Int](repeating: -1, count: maxCode + 1)
        var childLengths = [Int](repeating: 0, count: maxCode + 1)
        if a.offset != 0 {
            var shifted: [Int32] = []
            shifted.reserveCapacity(a.length)
            for i in 0..<a.length {
                let code = Int(a.buffers[0].byteUnchecked(at: a.offset + i))
                let raw = Int(a.buffers[1].getIntegerUnchecked(at: (a.offset + i) * 4, as: Int32.self))
                let value: Int
                if childOffsets[code] == -1 {
                    childOffsets[code] = raw
                    value = 0
                } else {
                    value = raw - childOffsets[code]
                }
                shifted.append(Int32(value))
                childLengths[code] = max(childLengths[code], value + 1)
            }
            offsets = Self.offsetsBytes(shifted)
        }
        buffers.append(offsets)
        for (i, child) in a.children.enumerated() {
            var c = child
            if a.offset != 0 {
                let code = Int(typeIds[i])
                let start = childOffsets[code]
                let length = childLengths[code]
                if start > 0 {
                    c = try child.slice(offset: start, length: length)
                } else if length < child.length {
                    c = try child.slice(offset: 0, length: length)
                }
            }
            try visit(c, depth: depth + 1)
        }
    }

    private mutating func visitRunEndEncoded(_ a: ArrayData, depth: Int) throws(ArrowError) {
        let (runEnds, values) = try RunEndEncodedArray(a).logicalChildren()
        try visit(runEnds, depth: depth + 1)
        try visit(values, depth: depth + 1)
    }
}
