/// An integer of any size, held as pickle's LONG1/LONG4 payload holds it:
/// little-endian two's complement in the fewest bytes that keep the sign.
public struct PickleBigInt: Sendable, Hashable, CustomStringConvertible {
    /// Minimal little-endian two's complement bytes; empty for zero.
    public private(set) var littleEndianBytes: [UInt8]

    /// `bytes` as little-endian two's complement (any length; trimmed to minimal).
    ///
    /// - Parameter bytes: The value, least significant byte first; the top
    ///   bit of the last byte is the sign. Empty means 0.
    /// - Complexity: O(n) in the number of bytes.
    public init(littleEndianTwosComplement bytes: [UInt8]) {
        var trimmed = bytes
        while let last = trimmed.last {
            let before = trimmed.count >= 2 ? trimmed[trimmed.count - 2] : nil
            if last == 0, before.map({ $0 & 0x80 == 0 }) ?? true {
                trimmed.removeLast()
            } else if last == 0xFF, let before, before & 0x80 != 0 {
                trimmed.removeLast()
            } else {
                break
            }
        }
        littleEndianBytes = trimmed
    }

    /// The integer `value`.
    ///
    /// - Parameter value: Any 64-bit integer.
    public init(_ value: Int64) {
        var bytes: [UInt8] = []
        var v = value
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
        self.init(littleEndianTwosComplement: bytes)
    }

    /// Whether the value is below zero.
    public var isNegative: Bool { (littleEndianBytes.last ?? 0) & 0x80 != 0 }

    /// The value if it fits in 64 bits.
    public var int64Value: Int64? {
        guard littleEndianBytes.count <= 8 else { return nil }
        var result: UInt64 = isNegative ? ~0 : 0
        for (index, byte) in littleEndianBytes.enumerated() {
            let shift = UInt64(index * 8)
            result = (result & ~(0xFF << shift)) | (UInt64(byte) << shift)
        }
        return Int64(bitPattern: result)
    }

    /// Parses an optionally signed decimal integer. Python itself refuses to
    /// parse more than 4300 digits, and so does this (the work is quadratic).
    ///
    /// `nil` for empty text, more than 4300 digits, or any character other
    /// than ASCII digits after an optional `+` or `-` (no spaces or `_`).
    ///
    /// - Parameter text: The decimal text.
    /// - Complexity: O(d²) in the number of digits.
    public init?(decimal text: some StringProtocol) {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" || digits.first == "+" {
            negative = digits.first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 4300 else { return nil }
        var limbs: [UInt32] = []  // magnitude, little-endian base 2^32
        for char in digits {
            guard let digit = char.wholeNumberValue, char.isASCII else { return nil }
            var carry = UInt64(digit)
            for index in limbs.indices {
                let product = UInt64(limbs[index]) * 10 + carry
                limbs[index] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry != 0 { limbs.append(UInt32(carry)) }
        }
        var bytes: [UInt8] = []
        for limb in limbs {
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: limb >> shift)) }
        }
        bytes.append(0)  // room for the sign bit
        if negative {
            // Two's complement negation: invert and add one.
            var carry = 1
            for index in bytes.indices {
                let sum = Int(~bytes[index]) + carry
                bytes[index] = UInt8(truncatingIfNeeded: sum)
                carry = sum >> 8
            }
        }
        self.init(littleEndianTwosComplement: bytes)
    }

    /// The decimal digits, with a leading `-` when negative (O(n²) in the byte count).
    public var description: String {
        var magnitude = littleEndianBytes
        if isNegative {
            var carry = 1
            for index in magnitude.indices {
                let sum = Int(~magnitude[index]) + carry
                magnitude[index] = UInt8(truncatingIfNeeded: sum)
                carry = sum >> 8
            }
        }
        // Base 2^32 limbs aligned at the least significant byte, most significant first.
        var limbs: [UInt32] = []
        for start in stride(from: 0, to: magnitude.count, by: 4) {
            var limb: UInt32 = 0
            for byteIndex in stride(from: min(start + 4, magnitude.count) - 1, through: start, by: -1) {
                limb = limb << 8 | UInt32(magnitude[byteIndex])
            }
            limbs.append(limb)
        }
        limbs.reverse()
        while limbs.first == 0 { limbs.removeFirst() }
        if limbs.isEmpty { return "0" }
        var chunks: [UInt32] = []
        while !limbs.isEmpty {
            var remainder: UInt64 = 0
            for i in limbs.indices {
                let current = remainder << 32 | UInt64(limbs[i])
                limbs[i] = UInt32(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            chunks.append(UInt32(remainder))
            while limbs.first == 0 { limbs.removeFirst() }
        }
        var text = isNegative ? "-" : ""
        text += String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let part = String(chunk)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }
}
