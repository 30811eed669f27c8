/// The 64-bit xxHash (XXH64), which Zstandard frames use for their content
/// checksum (the low 32 bits, RFC 8878 section 3.1.1).
public enum XXH64 {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always)
    static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value &<< bits) | (value &>> (64 &- bits))
    }

    @inline(__always)
    static func round(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
        rotate(accumulator &+ lane &* prime2, 31) &* prime1
    }

    @inline(__always)
    static func merge(_ hash: UInt64, _ accumulator: UInt64) -> UInt64 {
        (hash ^ round(0, accumulator)) &* prime1 &+ prime4
    }

    @inline(__always)
    static func load64(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        p.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
    }

    /// The XXH64 hash of `bytes` with `seed`.
    ///
    /// - Parameters:
    ///   - bytes: The bytes to hash; may be empty.
    ///   - seed: The seed (Zstandard uses 0, the default).
    /// - Returns: The full 64-bit digest (a Zstandard frame stores its low 32 bits).
    /// - Complexity: O(n) in the number of bytes.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        guard let p = bytes.baseAddress, count > 0 else {
            return avalanche(seed &+ prime5)
        }
        var i = 0
        var h: UInt64
        if count >= 32 {
            var v1 = seed &+ prime1 &+ prime2
            var v2 = seed &+ prime2
            var v3 = seed
            var v4 = seed &- prime1
            repeat {
                v1 = round(v1, load64(p, i))
                v2 = round(v2, load64(p, i + 8))
                v3 = round(v3, load64(p, i + 16))
                v4 = round(v4, load64(p, i + 24))
                i += 32
            } while count - i >= 32
            h = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
            h = merge(h, v1)
            h = merge(h, v2)
            h = merge(h, v3)
            h = merge(h, v4)
        } else {
            h = seed &+ prime5
        }
        h = h &+ UInt64(count)
        while count - i >= 8 {
            h ^= round(0, load64(p, i))
            h = rotate(h, 27) &* prime1 &+ prime4
            i += 8
        }
        if count - i >= 4 {
            let word = UInt64(p.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian)
            h ^= word &* prime1
            h = rotate(h, 23) &* prime2 &+ prime3
            i += 4
        }
        while i < count {
            h ^= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) &* prime5
            h = rotate(h, 11) &* prime1
            i += 1
        }
        return avalanche(h)
    }

    @inline(__always)
    static func avalanche(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* prime2
        h ^= h >> 29
        h = h &* prime3
        h ^= h >> 32
        return h
    }
}
