import ArrowMemory

extension ArrayData {
    /// A new, compact array (offset 0, offsets rebased) holding the values of
    /// `arrays` one after another. Supports null, boolean, fixed-width, binary and
    /// string (also views), list, large list, map, struct, fixed-size list and
    /// dictionary-encoded arrays; other types throw `.unsupported`.
    ///
    /// Dictionary-encoded arrays are joined as pyarrow's `concat_arrays` joins
    /// them: when every dictionary equals the first one (same memory or equal
    /// values), that dictionary is kept and the indices are copied; otherwise the
    /// dictionaries are unified into the distinct values of all of them, in order
    /// of first appearance, and the indices are rewritten to point into it. Values
    /// compare by their bytes, every NaN being one value. As in pyarrow, only
    /// dictionaries of flat types (boolean, fixed width, binary and string) without
    /// nulls are unified.
    /// - Parameter arrays: Arrays of one type, at least one.
    /// - Returns: The concatenation, in newly allocated buffers.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when `arrays` is empty,
    ///   the arrays' types differ (naming the first that differs), or unified
    ///   dictionaries need more values than the index type can address;
    ///   `.unsupported` for other types, and for dictionaries that differ and are
    ///   of a nested or null type or hold a null; `.invalidData` when an array's
    ///   buffers or children do not fit its type and length (`validateLayout()`),
    ///   an index is outside its dictionary, sizes overflow, the result's offsets do
    ///   not fit their width, or arrays nest deeper than 64 levels.
    /// - Complexity: O(*n*) in the total size of the used ranges, plus the
    ///   dictionaries' sizes when they are compared or unified.
    public static func concatenating(_ arrays: [ArrayData]) throws(ArrowError) -> ArrayData {
        try ArrayConcatenation.concatenate(arrays)
    }
}

/// Joins arrays of one type into a new, compact array (offset 0, offsets rebased).
/// Used for dictionary deltas and by `ArrayData.concatenating(_:)`.
///
/// Every buffer it builds is charged to a byte budget before it is allocated, and
/// the result's offsets are checked to fit their width before they are written:
/// a delta can claim a length its body does not pay for (null, struct<>, a
/// bitmap to extend), so what the concatenation would materialize is what is
/// bounded.
enum ArrayConcatenation {
    /// Bytes left to allocate; shared by the whole (recursive) concatenation.
    struct Budget {
        let limit: Int
        private(set) var used = 0

        mutating func take(_ bytes: Int, _ what: String) throws(ArrowError) {
            let (total, overflow) = used.addingReportingOverflow(bytes)
            guard !overflow, bytes >= 0, total <= limit else {
                throw IPCReadLimits.exceeded(
                    "maxDictionaryBytes", limit: limit, value: overflow ? Int.max : total,
                    "bytes of the concatenated dictionary (\(what))")
            }
            used = total
        }
    }

    static func concatenate(_ arrays: [ArrayData], maxBytes: Int = Int.max) throws(ArrowError) -> ArrayData {
        var budget = Budget(limit: maxBytes)
        return try concatenate(arrays, &budget, depth: 0)
    }

    /// Bytes held by `data`'s validity bitmap, buffers and children, not its
    /// dictionary (callers that need it add `heldBytes` of the dictionary).
    static func heldBytes(_ data: ArrayData) -> Int {
        var total = data.validity?.count ?? 0
        for b in data.buffers { total = total.addingReportingOverflow(b.count).partialValue }
        for c in data.children { total = total.addingReportingOverflow(heldBytes(c)).partialValue }
        return max(total, 0)
    }

    private static func sum(_ values: [Int], _ what: String) throws(ArrowError) -> Int {
        var total = 0
        for v in values {
            let (t, overflow) = total.addingReportingOverflow(v)
            guard !overflow else { throw ArrowError.data("\(what) of the concatenation overflows") }
            total = t
        }
        return total
    }

    static func product(_ a: Int, _ b: Int, _ what: String) throws(ArrowError) -> Int {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw ArrowError.data("\(what) of the concatenation overflows") }
        return r
    }

    static func concatenate(_ arrays: [ArrayData], _ budget: inout Budget, depth: Int) throws(ArrowError) -> ArrayData {
        guard let first = arrays.first else { throw ArrowError(.invalidArgument, "nothing to concatenate") }
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError.data("arrays nested deeper than \(ArrowFormat.maxNestingDepth)") }
        let type = first.type
        // Everything below indexes buffers and children as the type lays them out.
        for (i, a) in arrays.enumerated() {
            guard a.type == type else {
                throw ArrowError(.invalidArgument, "cannot concatenate arrays of different types: array \(i) is \(a.type), array 0 is \(type)")
            }
            do throws(ArrowError) {
                try a.validateLayout()
            } catch {
                throw ArrowError(error.kind, "array \(i): \(error.message)", fieldPath: error.fieldPath)
            }
        }
        let length = try sum(arrays.map(\.length), "length")
        var out = ArrayData(type: type, length: length)
        out.nullCount = try sum(arrays.map(\.nullCount), "null count")
        if type.hasValidityBitmap, out.nullCount > 0 {
            try budget.take((length + 7) / 8, "validity bitmap")
            out.validity = concatenateBitmaps(arrays.map { ($0.validity, $0.offset, $0.length) })
        }
        switch type {
        case .null:
            break
        case .bool:
            try budget.take((length + 7) / 8, "boolean values")
            out.buffers = [concatenateBitmaps(arrays.map { ($0.buffers[0], $0.offset, $0.length) })]
        case .dictionary(let index, _, _):
            let (indices, dictionary) = try concatenateDictionaryEncoded(arrays, indexType: index, length: length, &budget, depth: depth)
            out.buffers = [indices]
            out.dictionary = dictionary
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
            .date32, .date64, .time32, .time64, .timestamp, .duration, .decimal, .interval, .fixedSizeBinary:
            let width = type.byteWidth ?? 0
            let total = try product(length, width, "values size")
            try budget.take(total, "values")
            var bytes: [UInt8] = []
            bytes.reserveCapacity(total)
            for a in arrays {
                guard let part = a.buffers[0].getSlice(at: a.offset * width, length: a.length * width) else {
                    throw ArrowError.data("values buffer too short to concatenate")
                }
                bytes.append(contentsOf: part.bytes)
            }
            out.buffers = [ArrowBuffer(copying: bytes)]
        case .binary, .utf8:
            out.buffers = try concatenateVariable(arrays, width: 4, Int32.self, &budget)
        case .largeBinary, .largeUtf8:
            out.buffers = try concatenateVariable(arrays, width: 8, Int64.self, &budget)
        case .struct:
            for c in 0..<first.children.count {
                out.children.append(
                    try concatenate(
                        arrays.map { a throws(ArrowError) in try a.children[c].slice(offset: a.offset, length: a.length) },
                        &budget, depth: depth + 1))
            }
        case .fixedSizeList(_, let size):
            let n = Int(size)
            out.children = [
                try concatenate(
                    arrays.map { a throws(ArrowError) in try a.children[0].slice(offset: a.offset * n, length: a.length * n) },
                    &budget, depth: depth + 1)
            ]
        case .list, .map:
            (out.buffers, out.children) = try concatenateLists(arrays, Int32.self, &budget, depth: depth)
        case .largeList:
            (out.buffers, out.children) = try concatenateLists(arrays, Int64.self, &budget, depth: depth)
        case .binaryView, .utf8View:
            try budget.take(try product(length, 16, "views size"), "views")
            out.buffers = try concatenateViews(arrays)
        default:
            throw ArrowError(.unsupported, "concatenating arrays of type \(type) (dictionary delta)")
        }
        return out
    }

    /// Lists: offsets rebased onto one child made of each array's used child range.
    /// The child's total length is known before anything is built and must fit `O`.
    private static func concatenateLists<O: FixedWidthInteger>(
        _ arrays: [ArrayData], _: O.Type, _ budget: inout Budget, depth: Int
    ) throws(ArrowError) -> ([ArrowBuffer], [ArrayData]) {
        var views: [(ArrayData, OffsetsView<O>, Range<Int>)] = []
        var childLength = 0
        var length = 0
        for a in arrays where a.length > 0 {
            let view = try OffsetsView<O>(a, dataLength: a.children[0].length)
            let used = view.range(0).lowerBound..<view.range(a.length - 1).upperBound
            views.append((a, view, used))
            childLength = try sum([childLength, used.count], "list child length")
            length = try sum([length, a.length], "length")
        }
        guard childLength <= Int(O.max) else {
            throw ArrowError.data("concatenated list child of \(childLength) values does not fit \(MemoryLayout<O>.size * 8)-bit offsets")
        }
        let w = MemoryLayout<O>.size
        try budget.take(try product(length + 1, w, "offsets size"), "list offsets")
        var offsets: [O] = [0]
        offsets.reserveCapacity(length + 1)
        var parts: [ArrayData] = []
        for (a, view, used) in views {
            let base = Int(offsets[offsets.count - 1])
            for i in 0..<a.length { offsets.append(O(truncatingIfNeeded: base + view.range(i).upperBound - used.lowerBound)) }
            parts.append(try a.children[0].slice(offset: used.lowerBound, length: used.count))
        }
        let child = parts.isEmpty ? try arrays[0].children[0].slice(offset: 0, length: 0) : try concatenate(parts, &budget, depth: depth + 1)
        let bytes = ArrowBuffer(count: offsets.count * w) { out in
            for (i, o) in offsets.enumerated() { out.storeBytes(of: o.littleEndian, toByteOffset: i * w, as: O.self) }
        }
        return ([bytes], [child])
    }

    /// Views: the views of each array in order, their data buffers appended and the
    /// buffer index of out-of-line views shifted accordingly.
    private static func concatenateViews(_ arrays: [ArrayData]) throws(ArrowError) -> [ArrowBuffer] {
        var views: [UInt8] = []
        var dataBuffers: [ArrowBuffer] = []
        for a in arrays {
            try BinaryViewLayout.check(a)
            let shift = Int32(dataBuffers.count)
            for i in 0..<a.length {
                guard var view = a.buffers[0].getSlice(at: (a.offset + i) * 16, length: 16)?.bytes else {
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
        return [ArrowBuffer(copying: views)] + dataBuffers
    }

    /// Copies bit ranges `(bitmap, offset, length)` one after another; nil bitmaps
    /// are all-valid and are filled a byte at a time (their length need not be
    /// backed by any input byte, so it must not cost a loop per bit).
    static func concatenateBitmaps(_ parts: [(ArrowBuffer?, Int, Int)]) -> ArrowBuffer {
        let total = parts.reduce(0) { $0 + $1.2 }
        return ArrowBuffer(count: (total + 7) / 8) { out in
            var bit = 0
            for (bitmap, offset, length) in parts {
                guard let bitmap else {
                    var left = length
                    while left > 0, bit & 7 != 0 {
                        out[bit >> 3] |= 1 << UInt8(bit & 7)
                        bit += 1
                        left -= 1
                    }
                    let whole = left >> 3
                    if whole > 0 {
                        UnsafeMutableRawBufferPointer(rebasing: out[(bit >> 3)..<((bit >> 3) + whole)]).initializeMemory(as: UInt8.self, repeating: 0xFF)
                        bit += whole << 3
                        left -= whole << 3
                    }
                    for _ in 0..<left {
                        out[bit >> 3] |= 1 << UInt8(bit & 7)
                        bit += 1
                    }
                    continue
                }
                for i in 0..<length {
                    let b = offset + i
                    if b >> 3 < bitmap.count && bitmap.bitUnchecked(b) { out[bit >> 3] |= 1 << UInt8(bit & 7) }
                    bit += 1
                }
            }
        }
    }

    /// Binary and strings: the data bytes of each array's used range, offsets
    /// rebased. The total is checked to fit `O` and the budget before copying.
    private static func concatenateVariable<O: FixedWidthInteger>(
        _ arrays: [ArrayData], width: Int, _: O.Type, _ budget: inout Budget
    ) throws(ArrowError) -> [ArrowBuffer] {
        var views: [(ArrayData, VariableBinaryView<O>)] = []
        var dataBytes = 0
        var length = 0
        for a in arrays where a.length > 0 {
            let view = try VariableBinaryView<O>(a)
            views.append((a, view))
            dataBytes = try sum([dataBytes, view.byteRange(a.length - 1).upperBound - view.byteRange(0).lowerBound], "data size")
            length = try sum([length, a.length], "length")
        }
        guard dataBytes <= Int(O.max) else {
            throw ArrowError.data("concatenated data of \(dataBytes) bytes does not fit \(width * 8)-bit offsets")
        }
        try budget.take(try sum([try product(length + 1, width, "offsets size"), dataBytes], "size"), "offsets and data")
        var offsets: [O] = [0]
        offsets.reserveCapacity(length + 1)
        var data: [UInt8] = []
        data.reserveCapacity(dataBytes)
        for (a, view) in views {
            let first = view.byteRange(0).lowerBound
            let last = view.byteRange(a.length - 1).upperBound
            let base = data.count - first
            data.append(contentsOf: a.buffers[1].getSlice(at: first, length: last - first)?.bytes ?? [])
            for i in 0..<a.length { offsets.append(O(truncatingIfNeeded: base + view.byteRange(i).upperBound)) }
        }
        let offsetBytes = ArrowBuffer(count: offsets.count * width) { out in
            for (i, o) in offsets.enumerated() { out.storeBytes(of: o.littleEndian, toByteOffset: i * width, as: O.self) }
        }
        return [offsetBytes, ArrowBuffer(copying: data)]
    }
}
