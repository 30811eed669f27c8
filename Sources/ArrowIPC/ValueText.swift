/// Text forms of raw value bits that the integration JSON (`ArrowIntegration`)
/// and the Flame JSON documents (`FlameCache`) both print: hexadecimal bytes,
/// half-precision floats and two's complement integers wider than 64 bits.
package enum ValueText {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// `bytes` as upper-case hexadecimal, two digits per byte (pyarrow's and
    /// the integration format's form of binary values).
    package static func hex(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of IEEE binary16 `bits`, exactly (every half value is a
    /// `Double`, and a `Float`); computed by hand because `Float16` is absent on
    /// Intel Macs.
    package static func halfFloat(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// The decimal text of the two's complement number whose little-endian
    /// 64-bit words are `words` ("-" first when negative, "0" for none).
    package static func signedDecimal(_ words: [UInt64]) -> String {
        guard let last = words.last else { return "0" }
        var limbs = words
        let negative = last >> 63 == 1
        if negative { negate(&limbs) }
        var chunks: [UInt64] = []
        let base: UInt64 = 10_000_000_000_000_000_000
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for k in limbs.indices.reversed() {
                (limbs[k], remainder) = base.dividingFullWidth((high: remainder, low: limbs[k]))
            }
            chunks.append(remainder)
        }
        guard let head = chunks.last else { return "0" }
        var s = negative ? "-" : ""
        s += String(head)
        for c in chunks.dropLast().reversed() {
            let digits = String(c)
            s += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return s
    }

    /// Two's complement negation of little-endian words, in place.
    package static func negate(_ limbs: inout [UInt64]) {
        var carry: UInt64 = 1
        for k in limbs.indices {
            let (s, o) = (~limbs[k]).addingReportingOverflow(carry)
            limbs[k] = s
            carry = o ? 1 : 0
        }
    }
}
