/// A dict key or set element compared as Python compares it: strings by
/// their code points (Swift's `String ==` treats canonically equivalent
/// strings as equal, so "\u{212A}" (Kelvin sign) would merge with "K", which
/// Python keeps apart). Hashing a string's UTF-8 bytes is also much cheaper
/// than Swift's normalizing string hash.
struct PickleKey: Hashable {
    let value: PickleValue

    static func == (lhs: PickleKey, rhs: PickleKey) -> Bool {
        same(lhs.value, rhs.value)
    }

    func hash(into hasher: inout Hasher) {
        Self.hash(value, into: &hasher)
    }

    private static func same(_ a: PickleValue, _ b: PickleValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            return sameText(x, y)
        case (.tuple(let x), .tuple(let y)), (.frozenset(let x), .frozenset(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        default:
            return a == b
        }
    }

    /// Equal code points, i.e. equal UTF-8 bytes. A string used again through the
    /// memo shares its storage with the first use: that is equal at once, so a
    /// long key repeated many times costs no byte comparisons.
    private static func sameText(_ x: String, _ y: String) -> Bool {
        let a = x.utf8
        let b = y.utf8
        guard a.count == b.count else { return false }
        let compared = a.withContiguousStorageIfAvailable { left in
            b.withContiguousStorageIfAvailable { right in
                left.baseAddress == right.baseAddress || left.elementsEqual(right)
            }
        }
        return compared.flatMap { $0 } ?? a.elementsEqual(b)
    }

    /// Bytes of a string that its hash reads from each end: the cost of hashing
    /// a key is bounded whatever its length (a pickle may use one long string as
    /// the key of many dicts through the memo).
    static let hashedEnds = 128

    /// The hash of `PickleKey(value: value)`, without copying `value`.
    static func hashValue(of value: PickleValue) -> Int {
        var hasher = Hasher()
        hash(value, into: &hasher)
        return hasher.finalize()
    }

    private static func hash(_ value: PickleValue, into hasher: inout Hasher) {
        switch value {
        case .string(let text):
            // Only the bytes: a str equal to a value of another type hashing alike costs one
            // comparison, while every extra `combine` costs each key. A long string
            // contributes its length and both ends, not every byte.
            func combine(_ raw: UnsafeRawBufferPointer) {
                if raw.count <= 2 * hashedEnds {
                    hasher.combine(bytes: raw)
                } else {
                    hasher.combine(raw.count)
                    hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.prefix(hashedEnds)))
                    hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.suffix(hashedEnds)))
                }
            }
            let utf8 = text.utf8
            let hashed: Void? = utf8.withContiguousStorageIfAvailable { combine(UnsafeRawBufferPointer($0)) }
            // Native strings are contiguous; a bridged one hashes the same bytes.
            if hashed == nil { Array(utf8).withUnsafeBytes { combine($0) } }
        case .tuple(let items):
            hasher.combine(9 as UInt8)
            hasher.combine(items.count)
            for item in items { hash(item, into: &hasher) }
        case .frozenset(let items):
            hasher.combine(12 as UInt8)
            hasher.combine(items.count)
            for item in items { hash(item, into: &hasher) }
        case .int(let number):
            hasher.combine(2 as UInt8)
            hasher.combine(number)
        default:
            value.hash(into: &hasher)
        }
    }

    /// Whether Python could use the value as a dict key or set element.
    static func isHashable(_ value: PickleValue) -> Bool {
        switch value {
        case .list, .dict, .set, .bytearray, .ndarray:
            return false
        case .tuple(let items):
            return items.allSatisfy(isHashable)
        default:
            return true
        }
    }

    /// A dict's items with a repeated key keeping its first place and its
    /// last value, as a Python dict does.
    static func deduplicated(_ items: [PickleDictItem]) -> [PickleDictItem] {
        guard items.count > 1 else { return items }
        if items.count <= smallCount {
            // Comparing every pair is cheaper than building a hash table for a few items.
            for later in 1..<items.count {
                for earlier in 0..<later where PickleKey(value: items[earlier].key) == PickleKey(value: items[later].key) {
                    return deduplicatedByHashing(items)
                }
            }
            return items
        }
        return deduplicatedByHashing(items)
    }

    /// Up to this many items, duplicates are looked for pair by pair.
    private static let smallCount = 8

    private static func deduplicatedByHashing(_ items: [PickleDictItem]) -> [PickleDictItem] {
        var table = PickleKeyTable(count: items.count)
        var result: [PickleDictItem] = []
        var repeated = false
        for position in items.indices {
            let place = repeated ? result.count : position
            let at = table.insert(hash: hashValue(of: items[position].key), place: place) { earlier in
                same(repeated ? result[earlier].key : items[earlier].key, items[position].key)
            }
            if at == place {
                if repeated { result.append(items[position]) }
            } else {
                if !repeated {
                    result = Array(items[..<position])
                    repeated = true
                }
                result[at].value = items[position].value
            }
        }
        return repeated ? result : items
    }

    /// Elements in first-seen order without repeats.
    static func distinct(_ values: [PickleValue]) -> [PickleValue] {
        var out: [PickleValue] = []
        out.reserveCapacity(values.count)
        if values.count <= smallCount {
            for value in values where !out.contains(where: { same($0, value) }) { out.append(value) }
            return out
        }
        var table = PickleKeyTable(count: values.count)
        for value in values {
            let place = out.count
            if table.insert(hash: hashValue(of: value), place: place, isEqual: { same(out[$0], value) }) == place {
                out.append(value)
            }
        }
        return out
    }
}

/// Where each distinct key first appeared, by hash: open addressing with
/// linear probing and the full hash kept, so keys are compared only when
/// their hashes agree (Swift's `Dictionary` compares on every probe).
/// Hashes come from the per-process seeded `Hasher`, so crafted keys cannot
/// be made to collide.
struct PickleKeyTable {
    private var hashes: [Int]
    /// Place + 1 of the key in each slot; 0 when empty.
    private var places: [Int]
    private let mask: Int

    init(count: Int) {
        var size = 16
        while size < count * 2 { size *= 2 }
        hashes = Array(repeating: 0, count: size)
        places = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The place of an equal key seen before, or `place` after recording it.
    mutating func insert(hash: Int, place: Int, isEqual: (Int) -> Bool) -> Int {
        var slot = hash & mask
        while places[slot] != 0 {
            if hashes[slot] == hash, isEqual(places[slot] - 1) { return places[slot] - 1 }
            slot = (slot + 1) & mask
        }
        hashes[slot] = hash
        places[slot] = place + 1
        return place
    }
}
