import ArrowMemory

// Concatenating dictionary-encoded arrays, as pyarrow's `concat_arrays` does:
// when every dictionary equals the first (same memory or equal values), the
// first dictionary is kept and the indices are copied. Otherwise the
// dictionaries are unified: the distinct values of all dictionaries, in order of
// first appearance (the first dictionary's values first), and each array's
// indices are rewritten to point into it. Like Arrow C++'s memo table, values
// compare by their bytes, except that every NaN is one value (so 0.0 and -0.0
// stay apart). Arrow C++ unifies flat types only, and no dictionary holding a
// null; so does this.

extension ArrayConcatenation {
    /// The concatenated indices of dictionary-encoded `arrays` and the dictionary
    /// they point into. `arrays` passed `validateLayout()` (so each has its
    /// indices buffer and a dictionary).
    static func concatenateDictionaryEncoded(
        _ arrays: [ArrayData], indexType: ArrowType, length: Int, _ budget: inout Budget, depth: Int
    ) throws(ArrowError) -> (indices: ArrowBuffer, dictionary: ArrayData) {
        let dictionaries = arrays.compactMap(\.dictionary)
        guard dictionaries.count == arrays.count, let first = dictionaries.first else {
            throw ArrowError.data("dictionary-encoded array without dictionary")
        }
        let width = indexType.byteWidth ?? 0
        let total = try product(length, width, "indices size")
        try budget.take(total, "indices")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        if try dictionariesEqual(dictionaries) {
            for a in arrays {
                guard let part = a.buffers[0].getSlice(at: a.offset * width, length: a.length * width) else {
                    throw ArrowError.data("indices buffer too short to concatenate")
                }
                bytes.append(contentsOf: part.bytes)
            }
            return (ArrowBuffer(copying: bytes), first)
        }
        let (unified, maps) = try unify(dictionaries, indexType: indexType, &budget, depth: depth)
        for (a, map) in zip(arrays, maps) {
            try DictionaryLayout.check(a, indexType: indexType)
            for i in 0..<a.length {
                let index = a.isNull(i) ? 0 : map[Int(DictionaryLayout.index(a, i, indexType))]
                withUnsafeBytes(of: Int64(index).littleEndian) { bytes.append(contentsOf: $0.prefix(width)) }
            }
        }
        return (ArrowBuffer(copying: bytes), unified)
    }

    /// Whether every dictionary equals the first. Values are compared only when
    /// they are paid for by bytes (null and struct<> lengths are not), so a claimed
    /// length cannot cost a step per element; such dictionaries count as different
    /// unless identical.
    private static func dictionariesEqual(_ dictionaries: [ArrayData]) throws(ArrowError) -> Bool {
        guard let first = dictionaries.first else { return true }
        for d in dictionaries.dropFirst() where !d.isIdentical(to: first) {
            let comparable =
                d.type == .null
                || IPCWriterCore.elementsBackedByBytes(first) && IPCWriterCore.elementsBackedByBytes(d)
            guard comparable, try first.logicallyEquals(d) else { return false }
        }
        return true
    }

    /// A dictionary value as a hash key.
    private enum ValueKey: Hashable {
        case bytes(HashedBytes)
        case bit(Bool)
        case nan
    }

    /// Bytes hashed and compared by content (a zero-copy slice of the dictionary).
    private struct HashedBytes: Hashable {
        let buffer: ArrowBuffer
        func hash(into hasher: inout Hasher) { buffer.withUnsafeBytes { hasher.combine(bytes: $0) } }
        static func == (a: HashedBytes, b: HashedBytes) -> Bool { a.buffer.contentEquals(b.buffer) }
    }

    /// The distinct values of `dictionaries` in order of first appearance, and for
    /// each dictionary the unified index of each of its values.
    private static func unify(
        _ dictionaries: [ArrayData], indexType: ArrowType, _ budget: inout Budget, depth: Int
    ) throws(ArrowError) -> (ArrayData, [[Int]]) {
        let valueType = dictionaries[0].type
        var memo: [ValueKey: Int] = [:]
        var maps: [[Int]] = []
        // Runs of values new to the unified dictionary: (dictionary, first row, count).
        var runs: [(Int, Int, Int)] = []
        for (k, d) in dictionaries.enumerated() {
            let key = try keyReader(d, valueType)
            var map: [Int] = []
            map.reserveCapacity(d.length)
            for j in 0..<d.length {
                guard d.isValid(j) else {
                    throw ArrowError(.unsupported, "unifying dictionaries that hold nulls (dictionary \(k), value \(j)); pyarrow refuses them too")
                }
                let value = key(j)
                if case .bytes(let b) = value { try budget.take(b.buffer.count, "dictionary values compared") }
                if let known = memo[value] {
                    map.append(known)
                    continue
                }
                memo[value] = memo.count
                map.append(memo.count - 1)
                if let last = runs.last, last.0 == k, last.1 + last.2 == j {
                    runs[runs.count - 1].2 += 1
                } else {
                    runs.append((k, j, 1))
                }
            }
            maps.append(map)
        }
        if let limit = maxIndex(indexType), memo.count - 1 > limit {
            throw ArrowError(.invalidArgument, "the unified dictionary has \(memo.count) values, more than index type \(indexType) can address")
        }
        var parts: [ArrayData] = []
        for (k, start, count) in runs { parts.append(try dictionaries[k].slice(offset: start, length: count)) }
        let unified = parts.isEmpty ? try dictionaries[0].slice(offset: 0, length: 0) : try concatenate(parts, &budget, depth: depth + 1)
        return (unified, maps)
    }

    /// Reads value `j` of `d` as a key, for the value types Arrow C++ unifies.
    private static func keyReader(_ d: ArrayData, _ type: ArrowType) throws(ArrowError) -> (Int) -> ValueKey {
        try d.validateLayout()
        switch type {
        case .bool:
            let values = d.buffers[0]
            let offset = d.offset
            return { .bit(values.bitUnchecked(offset + $0)) }
        case .binary, .utf8, .largeBinary, .largeUtf8, .binaryView, .utf8View, .fixedSizeBinary:
            let layout = try BinaryLayout(d)
            return { .bytes(HashedBytes(buffer: layout.bytes($0))) }
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
            .date32, .date64, .time32, .time64, .timestamp, .duration, .decimal, .interval:
            let width = type.byteWidth ?? 0
            let values = d.buffers[0]
            let offset = d.offset
            return { j in
                let bytes = values.getSlice(at: (offset + j) * width, length: width) ?? .empty
                if isNaN(bytes, type) { return .nan }
                return .bytes(HashedBytes(buffer: bytes))
            }
        default:
            throw ArrowError(.unsupported, "unifying dictionaries of type \(type) (the arrays' dictionaries differ); pyarrow does not either")
        }
    }

    private static func isNaN(_ bytes: ArrowBuffer, _ type: ArrowType) -> Bool {
        switch type {
        case .float16:
            let bits = bytes.getInteger(at: 0, as: UInt16.self) ?? 0
            return bits & 0x7C00 == 0x7C00 && bits & 0x3FF != 0
        case .float32: return Float(bitPattern: bytes.getInteger(at: 0, as: UInt32.self) ?? 0).isNaN
        case .float64: return Double(bitPattern: bytes.getInteger(at: 0, as: UInt64.self) ?? 0).isNaN
        default: return false
        }
    }

    /// The largest index `type` holds (capped at `Int.max`).
    private static func maxIndex(_ type: ArrowType) -> Int? {
        guard let (bits, signed) = type.integerLayout else { return nil }
        if bits >= 64 { return Int.max }
        return signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1
    }
}
