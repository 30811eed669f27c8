import ArrowIPC

/// A parsed JSON value.
///
/// Numbers keep their text, so 64-bit integers (and the 128-bit numbers some
/// writers print unquoted) lose no precision; objects keep their key order.
public enum JSONValue: Sendable, Equatable {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// The number exactly as written (also `NaN`, `Infinity`, `-Infinity`).
    case number(String)
    /// A string, escapes decoded.
    case string(String)
    /// An array, in document order.
    case array([JSONValue])
    /// An object's members in document order; duplicate keys are kept.
    case object([(key: String, value: JSONValue)])

    /// Structural equality: same case, numbers with the same text (so `1.0`
    /// and `1` differ), objects with the same members in the same order.
    ///
    /// - Parameters:
    ///   - lhs: A value.
    ///   - rhs: Another value.
    /// - Returns: Whether they are equal as described.
    /// - Complexity: O(n) in the size of the smaller value.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The value of the first member called `key` of an object.
    ///
    /// `nil` when the member is absent or this is not an object.
    ///
    /// - Parameter key: The member name, compared exactly.
    /// - Complexity: O(m) in the number of members.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The elements when this is an array, else `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The text when this is a string, else `nil` (numbers are not converted).
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value when this is `true` or `false`, else `nil`.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// An integer written as a JSON number or as a string of digits.
    ///
    /// Integral numbers written with a fraction or exponent (`3.0`, `1e3`) are
    /// accepted when they fit, and `true`/`false` give 1/0; `nil` otherwise.
    public var int64Value: Int64? {
        switch self {
        case .number(let text), .string(let text):
            if let v = Int64(text) { return v }
            // Integral numbers written with a fraction or exponent (`3.0`, `1e3`).
            if let d = Double(text), d.isFinite, d.rounded() == d, d >= -9.223372036854775808e18, d < 9.223372036854775808e18 {
                return Int64(d)
            }
            return nil
        case .bool(let b):
            return b ? 1 : 0
        default:
            return nil
        }
    }

    /// An unsigned integer written as a JSON number or as a string of digits.
    ///
    /// Also accepts what `int64Value` accepts when it is not negative.
    public var uint64Value: UInt64? {
        switch self {
        case .number(let text), .string(let text):
            if let v = UInt64(text) { return v }
            if let v = int64Value, v >= 0 { return UInt64(v) }
            return nil
        default:
            return int64Value.flatMap { $0 >= 0 ? UInt64($0) : nil }
        }
    }

    /// A floating-point number (numbers, or strings such as `"NaN"`).
    public var doubleValue: Double? {
        switch self {
        case .number(let text), .string(let text):
            switch text {
            case "NaN", "nan": return .nan
            case "Infinity", "inf": return .infinity
            case "-Infinity", "-inf": return -.infinity
            default: return Double(text)
            }
        default:
            return nil
        }
    }
}

// MARK: - Parsing

extension JSONValue {
    /// The deepest nesting of arrays and objects the parser accepts.
    public static let maximumDepth = 256

    /// Parses one JSON document (UTF-8). Throws `ArrowError` of kind
    /// `.invalidFormat` with the byte offset on malformed input.
    ///
    /// Beyond RFC 8259 it accepts a leading byte order mark and the bare
    /// numbers `NaN`, `Infinity` and `-Infinity` (which RapidJSON writes, as
    /// this module does for non-finite doubles). Numbers with a leading
    /// zero (`01`, `-00.5`) are refused, as RFC 8259 says.
    ///
    /// - Parameter bytes: The document's UTF-8 bytes.
    /// - Throws: `ArrowError` with kind `.invalidFormat` and the byte offset for
    ///   a syntax error (a number with a leading zero: the offset of that zero),
    ///   invalid UTF-8 or escape, an unpaired surrogate, a control character in
    ///   a string, nesting deeper than `maximumDepth`, or data after the document.
    /// - Complexity: O(n) in the number of bytes.
    public init(parsing bytes: [UInt8]) throws(ArrowError) {
        var parser = JSONParser(bytes: bytes)
        self = try parser.parseDocument()
    }

    /// Parses a JSON document held in a string.
    ///
    /// - Parameter text: The document.
    /// - Throws: `ArrowError` with kind `.invalidFormat` as for `init(parsing:)`
    ///   with bytes; offsets count UTF-8 bytes.
    /// - Complexity: O(n) in the UTF-8 length.
    public init(parsing text: String) throws(ArrowError) {
        try self.init(parsing: Array(text.utf8))
    }
}

struct JSONParser {
    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func error(_ message: String) -> ArrowError {
        ArrowError(.invalidFormat, "JSON: \(message)", byteOffset: i)
    }

    mutating func parseDocument() throws(ArrowError) -> JSONValue {
        // Skip a UTF-8 byte order mark.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        let v = try parseValue(depth: 0)
        skipWhitespace()
        guard i == bytes.count else { throw error("unexpected data after the document") }
        return v
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    mutating func expectLiteral(_ text: String) throws(ArrowError) {
        let literal = Array(text.utf8)
        guard i + literal.count <= bytes.count else { throw error("unexpected end of input") }
        guard bytes[i..<(i + literal.count)].elementsEqual(literal) else { throw error("invalid literal") }
        i += literal.count
    }

    mutating func parseValue(depth: Int) throws(ArrowError) -> JSONValue {
        skipWhitespace()
        guard i < bytes.count else { throw error("unexpected end of input") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            guard depth < JSONValue.maximumDepth else { throw error("nested deeper than \(JSONValue.maximumDepth)") }
            i += 1
            var members: [(key: String, value: JSONValue)] = []
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a member name") }
                let key = try parseString()
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':'") }
                i += 1
                let value = try parseValue(depth: depth + 1)
                members.append((key, value))
                skipWhitespace()
                guard i < bytes.count else { throw error("unterminated object") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(members)
                }
                throw error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            guard depth < JSONValue.maximumDepth else { throw error("nested deeper than \(JSONValue.maximumDepth)") }
            i += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .array(elements)
            }
            while true {
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard i < bytes.count else { throw error("unterminated array") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(elements)
                }
                throw error("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "N"):
            try expectLiteral("NaN")
            return .number("NaN")
        case UInt8(ascii: "I"):
            try expectLiteral("Infinity")
            return .number("Infinity")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw error("unexpected character")
        }
    }

    mutating func parseNumber() throws(ArrowError) -> String {
        let start = i
        if bytes[i] == UInt8(ascii: "-") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "I") {
                try expectLiteral("Infinity")
                return "-Infinity"
            }
        }
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.i
            while p.i < p.bytes.count, p.bytes[p.i] >= UInt8(ascii: "0"), p.bytes[p.i] <= UInt8(ascii: "9") { p.i += 1 }
            return p.i - s
        }
        let integerStart = i
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw error("invalid number") }
        // RFC 8259: the integer part is 0 or starts with 1-9.
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            throw ArrowError(.invalidFormat, "JSON: number with a leading zero", byteOffset: integerStart)
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits(&self) > 0 else { throw error("invalid number") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(&self) > 0 else { throw error("invalid number") }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    mutating func hex4() throws(ArrowError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = hexDigit(bytes[i]) else { throw error("invalid \\u escape") }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    mutating func parseString() throws(ArrowError) -> String {
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes.
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let s = try validatedString(bytes[start..<i])
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            i += 1
        }
        var out: [UInt8] = Array(bytes[start..<i])
        while true {
            guard i < bytes.count else { throw error("unterminated string") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return try validatedString(out[...])
            }
            guard b >= 0x20 else { throw error("control character in string") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { throw error("unterminated string") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard i + 2 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("unpaired surrogate in \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw error("invalid escape")
            }
        }
    }

    func validatedString(_ slice: ArraySlice<UInt8>) throws(ArrowError) -> String {
        guard let s = String(validating: slice, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
        return s
    }
}

@inline(__always)
func hexDigit(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
    default: nil
    }
}

// MARK: - Writing

extension JSONValue {
    /// The value printed as JSON. With `indent`, objects and arrays of
    /// containers go on several lines; arrays of scalars stay on one line.
    ///
    /// Numbers are written as their stored text, so `NaN` and `Infinity`
    /// come out bare, as they were read.
    ///
    /// - Parameter indent: Spaces per nesting level (default 2), or `nil` for
    ///   compact output on one line.
    /// - Returns: The UTF-8 bytes, with no trailing newline.
    /// - Complexity: O(n) in the output size.
    public func serialized(indent: Int? = 2) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(to: &out, indent: indent, level: 0)
        return out
    }

    /// The value printed as compact JSON text.
    public var jsonText: String {
        String(decoding: serialized(indent: nil), as: UTF8.self)
    }

    private var isContainer: Bool {
        switch self {
        case .array(let a): !a.isEmpty
        case .object(let o): !o.isEmpty
        default: false
        }
    }

    func write(to out: inout [UInt8], indent: Int?, level: Int) {
        switch self {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case .number(let text): out.append(contentsOf: Array(text.utf8))
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            let multiline = indent != nil && elements.contains { $0.isContainer }
            for (k, e) in elements.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                if multiline, let indent {
                    newline(&out, indent * (level + 1))
                } else if k > 0, indent != nil {
                    out.append(0x20)
                }
                e.write(to: &out, indent: indent, level: level + 1)
            }
            if multiline, let indent { newline(&out, indent * level) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // Small objects of scalars (views, intervals) stay on one line.
            let multiline = indent != nil && (members.count > 4 || members.contains { $0.value.isContainer })
            for (k, m) in members.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                if multiline, let indent {
                    newline(&out, indent * (level + 1))
                } else if k > 0, indent != nil {
                    out.append(0x20)
                }
                JSONValue.writeString(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(0x20) }
                m.value.write(to: &out, indent: indent, level: level + 1)
            }
            if multiline, let indent { newline(&out, indent * level) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ out: inout [UInt8], _ spaces: Int) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: spaces))
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22:
                out.append(0x5C)
                out.append(0x22)
            case 0x5C:
                out.append(0x5C)
                out.append(0x5C)
            case 0x0A:
                out.append(0x5C)
                out.append(UInt8(ascii: "n"))
            case 0x0D:
                out.append(0x5C)
                out.append(UInt8(ascii: "r"))
            case 0x09:
                out.append(0x5C)
                out.append(UInt8(ascii: "t"))
            case 0x08:
                out.append(0x5C)
                out.append(UInt8(ascii: "b"))
            case 0x0C:
                out.append(0x5C)
                out.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let digits: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}

extension JSONValue {
    /// A JSON number for an integer.
    static func int<T: BinaryInteger>(_ v: T) -> JSONValue { .number(String(v)) }

    /// A JSON number for a double (`NaN`, `Infinity` for non-finite values, as
    /// RapidJSON writes them with `kWriteNanAndInfFlag`).
    static func double(_ v: Double) -> JSONValue {
        if v.isNaN { return .number("NaN") }
        if v.isInfinite { return .number(v < 0 ? "-Infinity" : "Infinity") }
        return .number(v.description)
    }
}
