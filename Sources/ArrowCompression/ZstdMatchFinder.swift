/// Finds matches for the Zstandard encoder and turns one block into
/// sequences: the "fast" strategy (one hash table, level 1) and the "double
/// fast" strategy (a table of 8-byte hashes for long matches and one of
/// short hashes, levels 2 and 3). Both try the last offset one byte ahead
/// first, and after each match the second-to-last offset with no literals,
/// because repeat offsets cost only a few bits.
///
/// Tables hold positions as 32-bit distances from `base`, so inputs over
/// 4 GiB move `base` forward (and forget the tables) instead of overflowing.
struct ZstdMatchFinder {
    struct Parameters {
        var windowLog: Int
        var hashLog: Int
        /// Bytes hashed into the (short) table.
        var hashBytes: Int
        /// 0 for the fast strategy, else the long table's log (8-byte hashes).
        var longHashLog: Int

        /// The parameters of compression `level` for an input of `count` bytes:
        /// tables shrink for small inputs, where they would cost more to clear
        /// than to use.
        init(level: Int, count: Int) {
            switch level {
            case ...1:
                (windowLog, hashLog, hashBytes, longHashLog) = (19, 14, 6, 0)
            case 2:
                (windowLog, hashLog, hashBytes, longHashLog) = (20, 15, 5, 16)
            default:
                (windowLog, hashLog, hashBytes, longHashLog) = (21, 16, 5, 17)
            }
            let inputLog = Int.bitWidth - max(count, 1).leadingZeroBitCount
            hashLog = max(6, min(hashLog, inputLog + 1))
            if longHashLog > 0 { longHashLog = max(6, min(longHashLog, inputLog + 1)) }
        }
    }

    let parameters: Parameters
    let window: Int
    private let table: UnsafeMutablePointer<UInt32>
    private let longTable: UnsafeMutablePointer<UInt32>?
    private var base = 0
    /// The input's size: reads stop before it.
    private var readLimit = 0
    /// The repeat offsets as the decoder will have them (RFC 8878 section 3.1.2.5).
    var repeats = (1, 4, 8)

    init(_ parameters: Parameters) {
        self.parameters = parameters
        window = 1 << parameters.windowLog
        table = .allocate(capacity: 1 << parameters.hashLog)
        table.initialize(repeating: 0, count: 1 << parameters.hashLog)
        if parameters.longHashLog > 0 {
            let tableCount = 1 << parameters.longHashLog
            let long = UnsafeMutablePointer<UInt32>.allocate(capacity: tableCount)
            long.initialize(repeating: 0, count: tableCount)
            longTable = long
        } else {
            longTable = nil
        }
    }

    func deallocate() {
        table.deallocate()
        longTable?.deallocate()
    }

    /// Turns `input[start ..< end]` (one block of the `count` input bytes;
    /// earlier input is history)
    /// into sequences and literals in `store`.
    mutating func findSequences(
        _ input: UnsafePointer<UInt8>, count: Int, start: Int, end: Int, into store: inout ZstdSequenceStore
    ) {
        readLimit = count
        if end - base > Int(UInt32.max) - 16 {
            base = start
            table.update(repeating: 0, count: 1 << parameters.hashLog)
            longTable?.update(repeating: 0, count: 1 << parameters.longHashLog)
        }
        let anchor: Int
        if let longTable {
            anchor = doubleFast(input, start: start, end: end, longTable: longTable, into: &store)
        } else {
            anchor = fast(input, start: start, end: end, into: &store)
        }
        let rest = end - anchor
        (store.literals + store.literalCount).update(from: input + anchor, count: rest)
        store.literalCount += rest
    }

    // MARK: - Hashing and matching

    @inline(__always)
    private static func load64(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian
    }

    @inline(__always)
    private static func load32(_ p: UnsafePointer<UInt8>) -> UInt32 {
        UnsafeRawPointer(p).loadUnaligned(as: UInt32.self).littleEndian
    }

    /// Hash of the first `bytes` bytes of the 8 at `p`, in `log` bits.
    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, bytes: Int, log: Int) -> Int {
        let value = load64(p) &<< UInt64(truncatingIfNeeded: 64 &- 8 &* bytes)
        return Int(truncatingIfNeeded: (value &* 0x9E37_79B1_85EB_CA87) &>> UInt64(truncatingIfNeeded: 64 &- log))
    }

    /// How many bytes at `a` equal those at `b` (which is before `a`), not
    /// reading at or past `limit`.
    @inline(__always)
    private static func commonLength(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, limit: UnsafePointer<UInt8>) -> Int {
        var p = a
        var q = b
        while limit - p >= 8 {
            let difference = load64(p) ^ load64(q)
            if difference != 0 {
                return p - a + difference.trailingZeroBitCount &>> 3
            }
            p += 8
            q += 8
        }
        while p < limit && p.pointee == q.pointee {
            p += 1
            q += 1
        }
        return p - a
    }

    /// Records a sequence: the literals from `anchor` to `position`, then a
    /// match of `length` bytes `offset` back. Picks the repeat-offset code
    /// when one applies and updates the repeat offsets as the decoder will.
    @inline(__always)
    private mutating func emit(
        _ input: UnsafePointer<UInt8>, anchor: Int, position: Int, offset: Int, length: Int,
        into store: inout ZstdSequenceStore
    ) {
        let literalLength = position - anchor
        let destination = store.literals + store.literalCount
        if literalLength <= 16 && anchor + 16 <= readLimit {
            // One 16-byte copy (the store has slack past its end; the input
            // has 16 readable bytes here), as most literal runs are short.
            let raw = UnsafeMutableRawPointer(destination)
            let source = UnsafeRawPointer(input + anchor)
            raw.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
            raw.storeBytes(of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        } else {
            destination.update(from: input + anchor, count: literalLength)
        }
        store.literalCount += literalLength
        var (r1, r2, r3) = repeats
        let value: Int
        if literalLength > 0 {
            if offset == r1 {
                value = 1
            } else if offset == r2 {
                value = 2
                r2 = r1
                r1 = offset
            } else if offset == r3 {
                value = 3
                r3 = r2
                r2 = r1
                r1 = offset
            } else {
                value = offset + 3
                r3 = r2
                r2 = r1
                r1 = offset
            }
        } else {
            if offset == r2 {
                value = 1
                r2 = r1
                r1 = offset
            } else if offset == r3 {
                value = 2
                r3 = r2
                r2 = r1
                r1 = offset
            } else {
                value = offset == r1 - 1 ? 3 : offset + 3
                r3 = r2
                r2 = r1
                r1 = offset
            }
        }
        repeats = (r1, r2, r3)
        let i = store.count
        store.literalLengths[i] = UInt32(truncatingIfNeeded: literalLength)
        store.matchLengths[i] = UInt32(truncatingIfNeeded: length)
        store.offsetValues[i] = UInt32(truncatingIfNeeded: value)
        store.count = i + 1
    }

    /// True when `offset` may be used by a match starting at `position`.
    @inline(__always)
    private func reachable(_ offset: Int, at position: Int) -> Bool {
        offset > 0 && offset <= position && offset <= window
    }

    // MARK: - Strategies

    /// The fast strategy; returns where the block's trailing literals start.
    private mutating func fast(
        _ input: UnsafePointer<UInt8>, start: Int, end: Int, into store: inout ZstdSequenceStore
    ) -> Int {
        let hashLog = parameters.hashLog
        let hashBytes = parameters.hashBytes
        let limit = input + end
        // Positions up to `last` may read 8 bytes at themselves and at the next one.
        let last = end - 9
        var anchor = start
        var position = start
        while position < last {
            let p = input + position
            let h = Self.hash(p, bytes: hashBytes, log: hashLog)
            let candidate = base + Int(table[h])
            table[h] = UInt32(truncatingIfNeeded: position - base)

            let r1 = repeats.0
            if reachable(r1, at: position + 1) && Self.load32(p + 1) == Self.load32(p + 1 - r1) {
                let length = 4 + Self.commonLength(p + 5, p + 5 - r1, limit: limit)
                emit(input, anchor: anchor, position: position + 1, offset: r1, length: length, into: &store)
                position += 1 + length
            } else {
                let offset = position - candidate
                guard reachable(offset, at: position) && Self.load32(p) == Self.load32(input + candidate) else {
                    position += 1 + (position - anchor) >> 7
                    continue
                }
                var matchStart = position
                var length = 4 + Self.commonLength(p + 4, input + candidate + 4, limit: limit)
                while matchStart > anchor && matchStart - offset > 0 && input[matchStart - 1] == input[matchStart - 1 - offset] {
                    matchStart -= 1
                    length += 1
                }
                emit(input, anchor: anchor, position: matchStart, offset: offset, length: length, into: &store)
                position = matchStart + length
            }
            anchor = position
            guard position < last else { break }
            let early = position - 2
            table[Self.hash(input + early, bytes: hashBytes, log: hashLog)] = UInt32(truncatingIfNeeded: early - base)
            // The second-to-last offset again, with no literals between.
            while position < last {
                let r2 = repeats.1
                guard reachable(r2, at: position) && Self.load32(input + position) == Self.load32(input + position - r2) else {
                    break
                }
                let length = 4 + Self.commonLength(input + position + 4, input + position + 4 - r2, limit: limit)
                table[Self.hash(input + position, bytes: hashBytes, log: hashLog)] = UInt32(truncatingIfNeeded: position - base)
                emit(input, anchor: anchor, position: position, offset: r2, length: length, into: &store)
                position += length
                anchor = position
            }
        }
        return anchor
    }

    /// The double fast strategy; returns where the block's trailing literals start.
    private mutating func doubleFast(
        _ input: UnsafePointer<UInt8>, start: Int, end: Int, longTable: UnsafeMutablePointer<UInt32>,
        into store: inout ZstdSequenceStore
    ) -> Int {
        let hashLog = parameters.hashLog
        let longLog = parameters.longHashLog
        let hashBytes = parameters.hashBytes
        let limit = input + end
        let last = end - 9
        var anchor = start
        var position = start
        while position < last {
            let p = input + position
            let hl = Self.hash(p, bytes: 8, log: longLog)
            let hs = Self.hash(p, bytes: hashBytes, log: hashLog)
            let longCandidate = base + Int(longTable[hl])
            let shortCandidate = base + Int(table[hs])
            let here = UInt32(truncatingIfNeeded: position - base)
            longTable[hl] = here
            table[hs] = here

            let r1 = repeats.0
            var matchStart: Int
            var offset: Int
            var length: Int
            if reachable(r1, at: position + 1) && Self.load32(p + 1) == Self.load32(p + 1 - r1) {
                length = 4 + Self.commonLength(p + 5, p + 5 - r1, limit: limit)
                emit(input, anchor: anchor, position: position + 1, offset: r1, length: length, into: &store)
                position += 1 + length
            } else {
                if reachable(position - longCandidate, at: position) && Self.load64(p) == Self.load64(input + longCandidate) {
                    matchStart = position
                    offset = position - longCandidate
                    length = 8 + Self.commonLength(p + 8, input + longCandidate + 8, limit: limit)
                } else if reachable(position - shortCandidate, at: position)
                    && Self.load32(p) == Self.load32(input + shortCandidate)
                {
                    // A short match: a long one starting at the next byte may be better.
                    let next = position + 1
                    let hn = Self.hash(p + 1, bytes: 8, log: longLog)
                    let nextCandidate = base + Int(longTable[hn])
                    longTable[hn] = UInt32(truncatingIfNeeded: next - base)
                    if reachable(next - nextCandidate, at: next) && Self.load64(p + 1) == Self.load64(input + nextCandidate) {
                        matchStart = next
                        offset = next - nextCandidate
                        length = 8 + Self.commonLength(p + 9, input + nextCandidate + 8, limit: limit)
                    } else {
                        matchStart = position
                        offset = position - shortCandidate
                        length = 4 + Self.commonLength(p + 4, input + shortCandidate + 4, limit: limit)
                    }
                } else {
                    position += 1 + (position - anchor) >> 7
                    continue
                }
                while matchStart > anchor && matchStart - offset > 0 && input[matchStart - 1] == input[matchStart - 1 - offset] {
                    matchStart -= 1
                    length += 1
                }
                emit(input, anchor: anchor, position: matchStart, offset: offset, length: length, into: &store)
                position = matchStart + length
            }
            anchor = position
            guard position < last else { break }
            // Index positions inside the match so later data can find it.
            let early = position - length + 2
            if early < position - 2 {
                longTable[Self.hash(input + early, bytes: 8, log: longLog)] = UInt32(truncatingIfNeeded: early - base)
                table[Self.hash(input + early, bytes: hashBytes, log: hashLog)] = UInt32(truncatingIfNeeded: early - base)
            }
            longTable[Self.hash(input + position - 2, bytes: 8, log: longLog)] = UInt32(truncatingIfNeeded: position - 2 - base)
            table[Self.hash(input + position - 1, bytes: hashBytes, log: hashLog)] = UInt32(truncatingIfNeeded: position - 1 - base)
            while position < last {
                let r2 = repeats.1
                guard reachable(r2, at: position) && Self.load32(input + position) == Self.load32(input + position - r2) else {
                    break
                }
                let repeatLength = 4 + Self.commonLength(input + position + 4, input + position + 4 - r2, limit: limit)
                let here = UInt32(truncatingIfNeeded: position - base)
                table[Self.hash(input + position, bytes: hashBytes, log: hashLog)] = here
                longTable[Self.hash(input + position, bytes: 8, log: longLog)] = here
                emit(input, anchor: anchor, position: position, offset: r2, length: repeatLength, into: &store)
                position += repeatLength
                anchor = position
            }
        }
        return anchor
    }
}
