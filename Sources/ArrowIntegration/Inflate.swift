import ArrowIPC

/// A small DEFLATE (RFC 1951) and gzip (RFC 1952) decoder, enough to read the
/// `.json.gz` files of arrow-testing without a C library. It follows zlib's
/// `puff.c`: canonical Huffman codes decoded bit by bit. Every malformed input
/// ends in a thrown `ArrowError`, never a trap.
public enum Inflate {
    /// The largest output accepted (guards against decompression bombs).
    public static let defaultLimit = 1 << 30

    /// Decompresses all members of gzip data and checks their CRC-32 and sizes.
    ///
    /// Zero bytes after the last member are ignored.
    ///
    /// - Parameters:
    ///   - bytes: One or more gzip members.
    ///   - limit: The most output bytes over all members (default 1 GiB).
    /// - Returns: The members' contents, concatenated.
    /// - Throws: `ArrowError` with kind `.invalidFormat` (message `gzip: ...`,
    ///   with the byte offset where known) for empty or truncated input, a bad
    ///   magic number, method or reserved flag, malformed DEFLATE data, a CRC-32
    ///   or size mismatch in a trailer, or output beyond `limit` (the message
    ///   names `limit`, however many members came before).
    /// - Complexity: O(n) in the input plus output size.
    public static func gunzip(_ bytes: [UInt8], limit: Int = defaultLimit) throws(ArrowError) -> [UInt8] {
        var out: [UInt8] = []
        var pos = 0
        repeat {
            pos = try member(bytes, at: pos, into: &out, limit: limit)
            // Trailing zero padding after the last member is tolerated.
            while pos < bytes.count, bytes[pos] == 0 { pos += 1 }
        } while pos < bytes.count
        return out
    }

    /// Decompresses raw DEFLATE data (no zlib or gzip wrapper).
    ///
    /// Bytes after the final block are ignored.
    ///
    /// - Parameters:
    ///   - bytes: The DEFLATE stream.
    ///   - limit: The most output bytes (default 1 GiB).
    /// - Returns: The decompressed bytes.
    /// - Throws: `ArrowError` with kind `.invalidFormat` (message `gzip: ...`)
    ///   for truncated data, an invalid block type, stored-block length check,
    ///   Huffman code or distance, or output beyond `limit`.
    /// - Complexity: O(n) in the input plus output size.
    public static func inflate(_ bytes: [UInt8], limit: Int = defaultLimit) throws(ArrowError) -> [UInt8] {
        var state = InflateState(input: bytes, position: 0, limit: limit, earlierOutput: 0)
        try state.run()
        return state.output
    }

    static func error(_ message: String, at offset: Int? = nil) -> ArrowError {
        ArrowError(.invalidFormat, "gzip: \(message)", byteOffset: offset)
    }

    private static func member(_ bytes: [UInt8], at start: Int, into out: inout [UInt8], limit: Int) throws(ArrowError) -> Int {
        func byte(_ k: Int) throws(ArrowError) -> UInt8 {
            guard k >= 0, k < bytes.count else { throw error("truncated header", at: k) }
            return bytes[k]
        }
        guard try byte(start) == 0x1F, try byte(start + 1) == 0x8B else { throw error("not gzip data", at: start) }
        guard try byte(start + 2) == 8 else { throw error("unknown compression method", at: start + 2) }
        let flags = try byte(start + 3)
        guard flags & 0xE0 == 0 else { throw error("reserved header flags set", at: start + 3) }
        var p = start + 10
        if flags & 0x04 != 0 {  // FEXTRA
            let n = Int(try byte(p)) | Int(try byte(p + 1)) << 8
            p += 2 + n
        }
        if flags & 0x08 != 0 {  // FNAME
            while try byte(p) != 0 { p += 1 }
            p += 1
        }
        if flags & 0x10 != 0 {  // FCOMMENT
            while try byte(p) != 0 { p += 1 }
            p += 1
        }
        if flags & 0x02 != 0 { p += 2 }  // FHCRC
        guard p <= bytes.count else { throw error("truncated header", at: p) }
        var state = InflateState(input: bytes, position: p, limit: limit, earlierOutput: out.count)
        try state.run()
        let end = state.position
        guard end + 8 <= bytes.count else { throw error("truncated trailer", at: end) }
        func le32(_ k: Int) -> UInt32 {
            UInt32(bytes[k]) | UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k + 2]) << 16 | UInt32(bytes[k + 3]) << 24
        }
        guard le32(end) == CRC32.checksum(state.output) else { throw error("CRC-32 mismatch", at: end) }
        guard le32(end + 4) == UInt32(truncatingIfNeeded: state.output.count) else { throw error("size mismatch", at: end + 4) }
        out.append(contentsOf: state.output)
        return end + 8
    }
}

enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        let t = table
        for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

/// A canonical Huffman code: number of codes of each length and the symbols in code order.
struct Huffman {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int]

    init(lengths: ArraySlice<Int>) throws(ArrowError) {
        symbols = [Int](repeating: 0, count: lengths.count)
        for l in lengths { counts[l] += 1 }
        var left = 1
        for len in 1...15 {
            left <<= 1
            left -= counts[len]
            guard left >= 0 else { throw Inflate.error("over-subscribed Huffman code") }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for len in 1..<15 { offsets[len + 1] = offsets[len] + counts[len] }
        for (symbol, l) in zip(0..., lengths) where l != 0 {
            symbols[offsets[l]] = symbol
            offsets[l] += 1
        }
    }
}

struct InflateState {
    let input: [UInt8]
    var position: Int
    /// The caller's limit over all output, which errors name.
    let limit: Int
    /// What this member may still add: `limit` less the earlier members' output.
    let room: Int
    var output: [UInt8] = []
    var bitBuffer: UInt64 = 0
    var bitCount = 0

    /// `earlierOutput` bytes came from earlier gzip members (never more than
    /// `limit`, so `room` cannot overflow).
    init(input: [UInt8], position: Int, limit: Int, earlierOutput: Int) {
        self.input = input
        self.position = position
        self.limit = limit
        room = limit - earlierOutput
    }

    var tooLarge: ArrowError { Inflate.error("output larger than \(limit) bytes", at: position) }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    mutating func bits(_ n: Int) throws(ArrowError) -> Int {
        while bitCount < n {
            guard position < input.count else { throw Inflate.error("unexpected end of compressed data", at: position) }
            bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
        let v = Int(bitBuffer & ((1 << UInt64(n)) - 1))
        bitBuffer >>= UInt64(n)
        bitCount -= n
        return v
    }

    mutating func decode(_ h: Huffman) throws(ArrowError) -> Int {
        var code = 0
        var first = 0
        var index = 0
        for len in 1...15 {
            code |= try bits(1)
            let count = h.counts[len]
            if code - count < first { return h.symbols[index + (code - first)] }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        throw Inflate.error("invalid Huffman code", at: position)
    }

    mutating func run() throws(ArrowError) {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(InflateState.fixedLengths, InflateState.fixedDistances)
            case 2: try dynamic()
            default: throw Inflate.error("invalid block type", at: position)
            }
        }
        // Give back whole bytes read ahead of the end.
        position -= bitCount / 8
        bitCount = 0
        bitBuffer = 0
    }

    mutating func stored() throws(ArrowError) {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw Inflate.error("truncated stored block", at: position) }
        let len = Int(input[position]) | Int(input[position + 1]) << 8
        let nlen = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard len == ~nlen & 0xFFFF else { throw Inflate.error("stored block length check failed", at: position) }
        position += 4
        guard position + len <= input.count else { throw Inflate.error("truncated stored block", at: position) }
        guard output.count + len <= room else { throw tooLarge }
        output.append(contentsOf: input[position..<position + len])
        position += len
    }

    static let fixedLengths: Huffman = {
        var l = [Int](repeating: 8, count: 288)
        for k in 144..<256 { l[k] = 9 }
        for k in 256..<280 { l[k] = 7 }
        // The lengths are constant and complete, so this cannot fail.
        return (try? Huffman(lengths: l[...])) ?? Huffman.empty
    }()

    static let fixedDistances: Huffman = (try? Huffman(lengths: [Int](repeating: 5, count: 30)[...])) ?? Huffman.empty

    mutating func dynamic() throws(ArrowError) {
        let nlen = try bits(5) + 257
        let ndist = try bits(5) + 1
        let ncode = try bits(4) + 4
        guard nlen <= 286, ndist <= 30 else { throw Inflate.error("bad dynamic block counts", at: position) }
        var lengths = [Int](repeating: 0, count: 320)
        for k in 0..<ncode { lengths[InflateState.codeLengthOrder[k]] = try bits(3) }
        let lencode = try Huffman(lengths: lengths[0..<19])
        var index = 0
        while index < nlen + ndist {
            var symbol = try decode(lencode)
            if symbol < 16 {
                lengths[index] = symbol
                index += 1
                continue
            }
            var value = 0
            switch symbol {
            case 16:
                guard index > 0 else { throw Inflate.error("repeat with no first length", at: position) }
                value = lengths[index - 1]
                symbol = 3 + (try bits(2))
            case 17:
                symbol = 3 + (try bits(3))
            default:
                symbol = 11 + (try bits(7))
            }
            guard index + symbol <= nlen + ndist else { throw Inflate.error("too many lengths", at: position) }
            for _ in 0..<symbol {
                lengths[index] = value
                index += 1
            }
        }
        guard lengths[256] != 0 else { throw Inflate.error("no end-of-block code", at: position) }
        let lengthCode = try Huffman(lengths: lengths[0..<nlen])
        let distanceCode = try Huffman(lengths: lengths[nlen..<(nlen + ndist)])
        try codes(lengthCode, distanceCode)
    }

    mutating func codes(_ lengthCode: Huffman, _ distanceCode: Huffman) throws(ArrowError) {
        while true {
            var symbol = try decode(lengthCode)
            if symbol < 256 {
                guard output.count < room else { throw tooLarge }
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                symbol -= 257
                guard symbol < 29 else { throw Inflate.error("invalid length symbol", at: position) }
                let length = InflateState.lengthBase[symbol] + (try bits(InflateState.lengthExtra[symbol]))
                let d = try decode(distanceCode)
                guard d < 30 else { throw Inflate.error("invalid distance symbol", at: position) }
                let distance = InflateState.distanceBase[d] + (try bits(InflateState.distanceExtra[d]))
                guard distance <= output.count else { throw Inflate.error("distance too far back", at: position) }
                guard output.count + length <= room else { throw tooLarge }
                let from = output.count - distance
                for k in 0..<length { output.append(output[from + k]) }
            }
        }
    }
}

extension Huffman {
    static let empty = Huffman()

    private init() {
        symbols = []
    }
}
