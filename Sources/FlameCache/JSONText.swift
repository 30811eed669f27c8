// A minimal JSON text builder for the `flame decode --json` contract: the output
// is built in one string, so nothing reaches stdout unless the whole document
// was made.

/// Appends JSON tokens to a UTF-8 string.
struct JSONText {
    private(set) var text = ""
    /// The most UTF-8 bytes the document may have: a decoded value can share
    /// subtrees (a pickle's `DUP`, memo hits), so printing it can expand a small
    /// input exponentially; writers check `checkSize()` as they go.
    var maximumBytes = Int.max
    /// Strings also escape C1 controls, U+2028 and U+2029 (for a terminal).
    var escapeAllControls = false
    /// Set when a CSV field's value was null (written as nothing).
    var wroteTopLevelNull = false

    /// Throws once the text is longer than `maximumBytes`.
    func checkSize() throws(FlameError) {
        if text.utf8.count > maximumBytes {
            throw FlameError(.unsupported, "the JSON document would exceed \(maximumBytes) bytes (the value shares parts that print again at every use)")
        }
    }

    mutating func raw(_ s: String) { text += s }

    mutating func null() { text += "null" }

    mutating func bool(_ b: Bool) { text += b ? "true" : "false" }

    mutating func integer<T: BinaryInteger>(_ v: T) { text += String(v) }

    /// Floats as JSON numbers; NaN and the infinities as the strings "NaN",
    /// "Infinity", "-Infinity" (JSON has no literal for them).
    mutating func double(_ d: Double) {
        if d.isNaN {
            text += "\"NaN\""
        } else if d.isInfinite {
            text += d < 0 ? "\"-Infinity\"" : "\"Infinity\""
        } else {
            text += "\(d)"
        }
    }

    mutating func string(_ s: String) {
        text += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F
                || escapeAllControls && (scalar.value >= 0x80 && scalar.value < 0xA0 || scalar.value == 0x2028 || scalar.value == 0x2029):
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    mutating func base64(_ bytes: some Collection<UInt8>) { string(Base64.encode(bytes)) }

    /// `[ item, item, ... ]`, each written by `body`.
    mutating func array<C: Collection>(_ items: C, _ body: (inout JSONText, C.Element) throws(FlameError) -> Void) throws(FlameError) {
        text += "["
        var first = true
        for item in items {
            if !first { text += "," }
            first = false
            try body(&self, item)
        }
        text += "]"
    }

    /// `{ "key": value, ... }` in the given order.
    mutating func object<C: Collection>(
        _ members: C, key: (C.Element) -> String,
        _ body: (inout JSONText, C.Element) throws(FlameError) -> Void
    ) throws(FlameError) {
        text += "{"
        var first = true
        for m in members {
            if !first { text += "," }
            first = false
            string(key(m))
            text += ":"
            try body(&self, m)
        }
        text += "}"
    }

    /// A member `"key":` followed by the value `body` writes; `comma` before it unless first.
    mutating func member(_ key: String, first: Bool = false, _ body: (inout JSONText) throws(FlameError) -> Void) throws(FlameError) {
        if !first { text += "," }
        string(key)
        text += ":"
        try body(&self)
    }
}

/// Standard base64 (RFC 4648, with padding), as Python's `base64.b64encode`.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var it = bytes.makeIterator()
        while let a = it.next() {
            let b = it.next()
            let c = it.next()
            let n = UInt32(a) << 16 | UInt32(b ?? 0) << 8 | UInt32(c ?? 0)
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(b == nil ? UInt8(ascii: "=") : alphabet[Int(n >> 6 & 63)])
            out.append(c == nil ? UInt8(ascii: "=") : alphabet[Int(n & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
