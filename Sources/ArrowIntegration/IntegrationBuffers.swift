import ArrowIPC
import ArrowMemory

// MARK: - Buffers

enum Buffers {
    static func of<T: FixedWidthInteger>(_ values: [T]) -> ArrowBuffer {
        let size = MemoryLayout<T>.size
        return ArrowBuffer(count: values.count * size) { p in
            for (k, v) in values.enumerated() {
                p.storeBytes(of: v.littleEndian, toByteOffset: k * size, as: T.self)
            }
        }
    }

    /// A bitmap with bit `k` set when `bits[k]` (least significant bit first).
    static func bitmap(_ bits: [Bool]) -> ArrowBuffer {
        ArrowBuffer(count: (bits.count + 7) / 8) { p in
            for (k, b) in bits.enumerated() where b {
                p[k >> 3] |= 1 << UInt8(k & 7)
            }
        }
    }
}

extension ArrowBuffer {
    /// Element `index` of width `T`, or 0 outside the buffer.
    @inline(__always)
    func value<T: FixedWidthInteger>(_ index: Int, as: T.Type = T.self) -> T {
        let (at, overflow) = index.multipliedReportingOverflow(by: MemoryLayout<T>.size)
        guard !overflow else { return 0 }
        return getInteger(at: at, as: T.self) ?? 0
    }

    /// Bit `index` (least significant first), or `false` outside the buffer.
    @inline(__always)
    func bit(_ index: Int) -> Bool {
        guard index >= 0, index >> 3 < count else { return false }
        return bitUnchecked(index)
    }

    /// `count` bytes at `start`, or nothing when out of range.
    func bytes(_ start: Int, _ count: Int) -> ArraySlice<UInt8> {
        guard let s = getSlice(at: start, length: count) else { return [] }
        return s.bytes[...]
    }
}

// MARK: - Hex, decimals and half floats

enum Hex {
    static func decode(_ s: String) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var k = 0
        while k < u.count {
            guard let hi = hexDigit(u[k]), let lo = hexDigit(u[k + 1]) else { return nil }
            out.append(hi << 4 | lo)
            k += 2
        }
        return out
    }
}

/// Two's complement integers of 128 or 256 bits as little-endian 64-bit words.
enum WideInteger {
    /// Parses a decimal integer into `words` words, or `nil` when it does not fit.
    static func parse(_ text: String, words: Int) -> [UInt64]? {
        var u = Array(text.utf8)[...]
        var negative = false
        if let f = u.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            negative = f == UInt8(ascii: "-")
            u = u.dropFirst()
        }
        guard !u.isEmpty, u.count <= 100 else { return nil }
        var limbs = [UInt64](repeating: 0, count: words)
        for c in u {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            var carry = UInt64(c - UInt8(ascii: "0"))
            for k in 0..<words {
                let (hi, lo) = limbs[k].multipliedFullWidth(by: 10)
                let (sum, o) = lo.addingReportingOverflow(carry)
                limbs[k] = sum
                carry = hi + (o ? 1 : 0)
            }
            guard carry == 0 else { return nil }
        }
        let top = limbs[words - 1] >> 63
        if negative {
            let isZero = limbs.allSatisfy { $0 == 0 }
            ValueText.negate(&limbs)
            guard isZero || limbs[words - 1] >> 63 == 1 else { return nil }
        } else {
            guard top == 0 else { return nil }
        }
        return limbs
    }
}

enum HalfFloat {
    /// The binary16 bits nearest to `value` (round to nearest even).
    static func bits(_ value: Double) -> UInt16 {
        let f = Float(value)
        let b = f.bitPattern
        let sign = UInt16(truncatingIfNeeded: (b >> 16) & 0x8000)
        let exponent = Int((b >> 23) & 0xFF)
        let mantissa = b & 0x7F_FFFF
        if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }
        let e = exponent - 127 + 15
        if e >= 31 { return sign | 0x7C00 }
        if e <= 0 {
            if e < -10 { return sign }
            let m = mantissa | 0x80_0000
            let shift = UInt32(14 - e)
            var h = m >> shift
            let rest = m & ((1 << shift) - 1)
            let half = UInt32(1) << (shift - 1)
            if rest > half || (rest == half && h & 1 == 1) { h += 1 }
            return sign | UInt16(truncatingIfNeeded: h)
        }
        var h = UInt32(e) << 10 | (mantissa >> 13)
        let rest = mantissa & 0x1FFF
        if rest > 0x1000 || (rest == 0x1000 && h & 1 == 1) { h += 1 }
        return sign | UInt16(truncatingIfNeeded: h)
    }

    static func isNaN(_ bits: UInt16) -> Bool { bits & 0x7C00 == 0x7C00 && bits & 0x3FF != 0 }
}
