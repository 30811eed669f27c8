/// A greedy LZ4 block compressor: one hash table of 4-byte sequences, matches
/// up to 64 KB back, skipping faster through data that does not match.
struct LZ4BlockEncoder {
    private static let hashBits = 13
    private static let minimumMatch = 4
    /// The last match must start at least this many bytes before the block end.
    private static let matchStartMargin = 12
    /// The last this many bytes of a block are always literals.
    private static let lastLiterals = 5
    private static let maximumOffset = 65535
    /// After 2^skipTrigger failed probes, the search step grows by one.
    private static let skipTrigger = 6

    /// Positions (into the whole source) of recently seen 4-byte sequences.
    private var table: [Int]

    init() {
        table = [Int](repeating: Int.min / 2, count: 1 << Self.hashBits)
    }

    /// The most bytes `compress` can write for a block of `count` bytes.
    static func maximumOutputSize(_ count: Int) -> Int {
        count + count / 255 + 16
    }

    @inline(__always)
    private static func hash(_ sequence: UInt32) -> Int {
        Int((sequence &* 2_654_435_761) >> UInt32(32 - hashBits))
    }

    @inline(__always)
    private static func load32(_ pointer: UnsafePointer<UInt8>) -> UInt32 {
        UnsafeRawPointer(pointer).loadUnaligned(as: UInt32.self)
    }

    @inline(__always)
    private static func load64(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
    }

    /// Writes a length's continuation bytes (the part at or above 15).
    @inline(__always)
    private static func writeLengthExtension(_ value: Int, to out: inout UnsafeMutablePointer<UInt8>) {
        var rest = value
        while rest >= 255 {
            out.pointee = 255
            out += 1
            rest -= 255
        }
        out.pointee = UInt8(rest)
        out += 1
    }

    /// Writes literals `source[anchor ..< end]` behind a token whose match
    /// nibble is `matchNibble`; returns the token's address.
    @inline(__always)
    private static func writeLiterals(
        _ source: UnsafePointer<UInt8>, from anchor: Int, to end: Int, matchNibble: Int,
        out: inout UnsafeMutablePointer<UInt8>
    ) {
        let literalLength = end - anchor
        let token = out
        out += 1
        if literalLength >= 15 {
            token.pointee = UInt8(0xF0 | matchNibble)
            writeLengthExtension(literalLength - 15, to: &out)
        } else {
            token.pointee = UInt8(literalLength << 4 | matchNibble)
        }
        if literalLength > 0 {
            UnsafeMutableRawPointer(out).copyMemory(from: source + anchor, byteCount: literalLength)
            out += literalLength
        }
    }

    /// Compresses `source[start ..< end]` into `destination`, which has room
    /// for `maximumOutputSize(end - start)` bytes; returns the bytes written.
    /// Matches may reach back to `windowStart` (earlier blocks of the same
    /// frame when blocks are linked).
    mutating func compress(
        _ source: UnsafePointer<UInt8>, windowStart: Int, start: Int, end: Int,
        into destination: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var out = destination
        var anchor = start
        let matchStartLimit = end - Self.matchStartMargin
        let matchEndLimit = end - Self.lastLiterals
        if end - start > Self.matchStartMargin {
            table.withUnsafeMutableBufferPointer { tableBuffer in
                let table = tableBuffer.baseAddress.unsafelyUnwrapped
                var position = start
                search: while true {
                    // Find a match at or after `position`.
                    var attempts = 1 << Self.skipTrigger
                    var next = position
                    var candidate = 0
                    while true {
                        position = next
                        next = position + (attempts >> Self.skipTrigger)
                        attempts += 1
                        if position > matchStartLimit { break search }
                        let sequence = Self.load32(source + position)
                        let slot = Self.hash(sequence)
                        candidate = table[slot]
                        table[slot] = position
                        if candidate >= windowStart && position - candidate <= Self.maximumOffset
                            && Self.load32(source + candidate) == sequence
                        {
                            break
                        }
                    }
                    // Extend backwards over pending literals.
                    while position > anchor && candidate > windowStart
                        && source[position - 1] == source[candidate - 1]
                    {
                        position -= 1
                        candidate -= 1
                    }
                    // Extend forwards.
                    var matchEnd = position + Self.minimumMatch
                    var from = candidate + Self.minimumMatch
                    var foundEnd = false
                    while matchEndLimit - matchEnd >= 8 {
                        let difference = Self.load64(source + matchEnd) ^ Self.load64(source + from)
                        if difference != 0 {
                            matchEnd += UInt64(littleEndian: difference).trailingZeroBitCount >> 3
                            foundEnd = true
                            break
                        }
                        matchEnd += 8
                        from += 8
                    }
                    if !foundEnd {
                        while matchEnd < matchEndLimit && source[matchEnd] == source[from] {
                            matchEnd += 1
                            from += 1
                        }
                    }
                    let matchLength = matchEnd - position
                    let offset = position - candidate
                    let matchCode = matchLength - Self.minimumMatch
                    Self.writeLiterals(source, from: anchor, to: position, matchNibble: min(matchCode, 15), out: &out)
                    out[0] = UInt8(truncatingIfNeeded: offset)
                    out[1] = UInt8(truncatingIfNeeded: offset >> 8)
                    out += 2
                    if matchCode >= 15 {
                        Self.writeLengthExtension(matchCode - 15, to: &out)
                    }
                    position = matchEnd
                    anchor = matchEnd
                    if position > matchStartLimit { break search }
                    table[Self.hash(Self.load32(source + position - 2))] = position - 2
                }
            }
        }
        Self.writeLiterals(source, from: anchor, to: end, matchNibble: 0, out: &out)
        return out - destination
    }
}
