/// xxHash32, the checksum of the LZ4 frame format (header, block and content
/// checksums).
public enum XXH32 {
    /// The 32-bit xxHash of `bytes` with `seed`.
    ///
    /// - Parameters:
    ///   - bytes: The bytes to hash; may be empty.
    ///   - seed: The seed (LZ4 frames use 0, the default).
    /// - Returns: The XXH32 digest.
    /// - Complexity: O(n) in the number of bytes.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        var state = XXH32State(seed: seed)
        state.update(bytes)
        return state.digest()
    }

    /// The 32-bit xxHash of `bytes` with `seed`.
    ///
    /// - Parameters:
    ///   - bytes: The bytes to hash; may be empty.
    ///   - seed: The seed (LZ4 frames use 0, the default).
    /// - Returns: The XXH32 digest.
    /// - Complexity: O(n) in the number of bytes.
    public static func hash(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }
}

/// Incremental xxHash32: feed any number of pieces with `update`, then read
/// `digest`. The result equals `XXH32.hash` of the concatenated pieces.
struct XXH32State {
    static let prime1: UInt32 = 0x9E37_79B1
    static let prime2: UInt32 = 0x85EB_CA77
    static let prime3: UInt32 = 0xC2B2_AE3D
    static let prime4: UInt32 = 0x27D4_EB2F
    static let prime5: UInt32 = 0x1656_67B1

    private var v1: UInt32
    private var v2: UInt32
    private var v3: UInt32
    private var v4: UInt32
    private let seed: UInt32
    /// Total bytes fed so far (only its low 32 bits enter the hash).
    private var totalLength: UInt64 = 0
    /// Bytes of an unfinished 16-byte stripe, held back until it completes.
    private var pending: (UInt64, UInt64) = (0, 0)
    private var pendingCount = 0

    init(seed: UInt32 = 0) {
        self.seed = seed
        v1 = seed &+ Self.prime1 &+ Self.prime2
        v2 = seed &+ Self.prime2
        v3 = seed
        v4 = seed &- Self.prime1
    }

    @inline(__always)
    private static func round(_ accumulator: UInt32, _ lane: UInt32) -> UInt32 {
        let mixed = accumulator &+ lane &* prime2
        return ((mixed << 13) | (mixed >> 19)) &* prime1
    }

    @inline(__always)
    private static func rotl(_ value: UInt32, _ amount: UInt32) -> UInt32 {
        (value << amount) | (value >> (32 - amount))
    }

    @inline(__always)
    private static func lane(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Consumes whole 16-byte stripes from `base`; returns how many bytes it used.
    private mutating func consumeStripes(_ base: UnsafeRawPointer, count: Int) -> Int {
        var a = v1
        var b = v2
        var c = v3
        var d = v4
        var offset = 0
        while count - offset >= 16 {
            a = Self.round(a, Self.lane(base, offset))
            b = Self.round(b, Self.lane(base, offset + 4))
            c = Self.round(c, Self.lane(base, offset + 8))
            d = Self.round(d, Self.lane(base, offset + 12))
            offset += 16
        }
        v1 = a
        v2 = b
        v3 = c
        v4 = d
        return offset
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        totalLength &+= UInt64(bytes.count)
        var input = start
        var remaining = bytes.count
        if pendingCount > 0 {
            let take = min(16 - pendingCount, remaining)
            withUnsafeMutableBytes(of: &pending) { stripe in
                stripe.baseAddress.unsafelyUnwrapped.advanced(by: pendingCount)
                    .copyMemory(from: input, byteCount: take)
            }
            pendingCount += take
            input += take
            remaining -= take
            if pendingCount < 16 { return }
            let stripe = pending
            withUnsafeBytes(of: stripe) { _ = consumeStripes($0.baseAddress.unsafelyUnwrapped, count: 16) }
            pendingCount = 0
        }
        let used = consumeStripes(input, count: remaining)
        input += used
        remaining -= used
        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { stripe in
                stripe.baseAddress.unsafelyUnwrapped.copyMemory(from: input, byteCount: remaining)
            }
            pendingCount = remaining
        }
    }

    func digest() -> UInt32 {
        var h: UInt32
        if totalLength >= 16 {
            h = Self.rotl(v1, 1) &+ Self.rotl(v2, 7) &+ Self.rotl(v3, 12) &+ Self.rotl(v4, 18)
        } else {
            h = seed &+ Self.prime5
        }
        h &+= UInt32(truncatingIfNeeded: totalLength)
        let tail = pending
        let count = pendingCount
        withUnsafeBytes(of: tail) { raw in
            let base = raw.baseAddress.unsafelyUnwrapped
            var offset = 0
            while count - offset >= 4 {
                h &+= Self.lane(base, offset) &* Self.prime3
                h = Self.rotl(h, 17) &* Self.prime4
                offset += 4
            }
            while offset < count {
                h &+= UInt32(raw[offset]) &* Self.prime5
                h = Self.rotl(h, 11) &* Self.prime1
                offset += 1
            }
        }
        h ^= h >> 15
        h &*= Self.prime2
        h ^= h >> 13
        h &*= Self.prime3
        h ^= h >> 16
        return h
    }
}
