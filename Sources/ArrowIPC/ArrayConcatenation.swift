import ArrowMemory

extension ArrayData {
    /// A new, compact array (offset 0, offsets rebased) holding the values of
    /// `arrays` one after another. Supports null, boolean, fixed-width, binary and
    /// string (also views), list, large list, map, struct and fixed-size list
    /// arrays (what dictionary deltas need); other types throw `.unsupported`.
    public static func concatenating(_ arrays: [ArrayData]) throws(ArrowError) -> ArrayData {
        try ArrayConcatenation.concatenate(arrays)
    }
}

/// Joins arrays of one type into a new, compact array (offset 0, offsets rebased).
/// Used for dictionary deltas.
enum ArrayConcatenation {
    static func concatenate(_ arrays: [ArrayData]) throws(ArrowError) -> ArrayData {
        guard let first = arrays.first else { throw ArrowError(.invalidArgument, "nothing to concatenate") }
        let type = first.type
        let length = arrays.reduce(0) { $0 + $1.length }
        var out = ArrayData(type: type, length: length)
        out.nullCount = arrays.reduce(0) { $0 + $1.nullCount }
        if type.hasValidityBitmap, out.nullCount > 0 {
            out.validity = concatenateBitmaps(arrays.map { ($0.validity, $0.offset, $0.length) })
        }
        switch type {
        case .null:
            break
        case .bool:
            out.buffers = [concatenateBitmaps(arrays.map { ($0.buffers[0], $0.offset, $0.length) })]
        case .dictionary, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
             .date32, .date64, .time32, .time64, .timestamp, .duration, .decimal, .interval, .fixedSizeBinary:
            let width: Int
            if case .dictionary(let index, _, _) = type { width = index.byteWidth ?? 0 } else { width = type.byteWidth ?? 0 }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(length * width)
            for a in arrays {
                guard let part = a.buffers[0].slice(a.offset * width, count: a.length * width) else {
                    throw ArrowError.data("values buffer too short to concatenate")
                }
                bytes.append(contentsOf: part.bytes)
            }
            out.buffers = [ByteBuffer(copying: bytes)]
            if case .dictionary = type { out.dictionary = first.dictionary }
        case .binary, .utf8:
            out.buffers = try concatenateVariable(arrays, width: 4, Int32.self)
        case .largeBinary, .largeUtf8:
            out.buffers = try concatenateVariable(arrays, width: 8, Int64.self)
        case .struct:
            for c in 0..<first.children.count {
                out.children.append(try concatenate(arrays.map { a throws(ArrowError) in try a.children[c].slice(a.offset, a.length) }))
            }
        case .fixedSizeList(_, let size):
            let n = Int(size)
            out.children = [try concatenate(arrays.map { a throws(ArrowError) in try a.children[0].slice(a.offset * n, a.length * n) })]
        case .list, .map:
            (out.buffers, out.children) = try concatenateLists(arrays, Int32.self)
        case .largeList:
            (out.buffers, out.children) = try concatenateLists(arrays, Int64.self)
        case .binaryView, .utf8View:
            out.buffers = try concatenateViews(arrays)
        default:
            throw ArrowError(.unsupported, "concatenating arrays of type \(type) (dictionary delta)")
        }
        return out
    }

    /// Lists: offsets rebased onto one child made of each array's used child range.
    private static func concatenateLists<O: FixedWidthInteger>(_ arrays: [ArrayData], _: O.Type) throws(ArrowError) -> ([ByteBuffer], [ArrayData]) {
        var offsets: [O] = [0]
        var parts: [ArrayData] = []
        for a in arrays where a.length > 0 {
            let view = try OffsetsView<O>(a, dataLength: a.children[0].length)
            let first = view.range(0).lowerBound
            let last = view.range(a.length - 1).upperBound
            let base = Int(offsets[offsets.count - 1])
            for i in 0..<a.length { offsets.append(O(base + view.range(i).upperBound - first)) }
            parts.append(try a.children[0].slice(first, last - first))
        }
        let child = parts.isEmpty ? try arrays[0].children[0].slice(0, 0) : try concatenate(parts)
        let w = MemoryLayout<O>.size
        let bytes = ByteBuffer(count: offsets.count * w) { out in
            for (i, o) in offsets.enumerated() { out.storeBytes(of: o.littleEndian, toByteOffset: i * w, as: O.self) }
        }
        return ([bytes], [child])
    }

    /// Views: the views of each array in order, their data buffers appended and the
    /// buffer index of out-of-line views shifted accordingly.
    private static func concatenateViews(_ arrays: [ArrayData]) throws(ArrowError) -> [ByteBuffer] {
        var views: [UInt8] = []
        var dataBuffers: [ByteBuffer] = []
        for a in arrays {
            try BinaryViewLayout.check(a)
            let shift = Int32(dataBuffers.count)
            for i in 0..<a.length {
                guard var view = a.buffers[0].slice((a.offset + i) * 16, count: 16)?.bytes else {
                    throw ArrowError.data("views buffer too short to concatenate")
                }
                let length = view.withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(fromByteOffset: 0, as: Int32.self)) }
                if length > 12 {
                    let index = view.withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: Int32.self)) } + shift
                    withUnsafeBytes(of: index.littleEndian) { view.replaceSubrange(8..<12, with: $0) }
                }
                views.append(contentsOf: view)
            }
            dataBuffers.append(contentsOf: a.buffers.dropFirst())
        }
        return [ByteBuffer(copying: views)] + dataBuffers
    }

    /// Copies bit ranges `(bitmap, offset, length)` one after another; nil bitmaps are all-valid.
    static func concatenateBitmaps(_ parts: [(ByteBuffer?, Int, Int)]) -> ByteBuffer {
        let total = parts.reduce(0) { $0 + $1.2 }
        return ByteBuffer(count: (total + 7) / 8) { out in
            var bit = 0
            for (bitmap, offset, length) in parts {
                for i in 0..<length {
                    let set: Bool
                    if let bitmap {
                        let b = offset + i
                        set = b >> 3 < bitmap.count && bitmap.bitUnchecked(b)
                    } else {
                        set = true
                    }
                    if set { out[bit >> 3] |= 1 << UInt8(bit & 7) }
                    bit += 1
                }
            }
        }
    }

    private static func concatenateVariable<O: FixedWidthInteger>(_ arrays: [ArrayData], width: Int, _: O.Type) throws(ArrowError) -> [ByteBuffer] {
        var offsets: [O] = [0]
        var data: [UInt8] = []
        for a in arrays where a.length > 0 {
            let view = try VariableBinaryView<O>(a)
            for i in 0..<a.length {
                let range = view.byteRange(i)
                data.append(contentsOf: a.buffers[1].slice(range.lowerBound, count: range.count)?.bytes ?? [])
                offsets.append(O(data.count))
            }
        }
        let offsetBytes = ByteBuffer(count: offsets.count * width) { out in
            for (i, o) in offsets.enumerated() { out.storeBytes(of: o.littleEndian, toByteOffset: i * width, as: O.self) }
        }
        return [offsetBytes, ByteBuffer(copying: data)]
    }
}
