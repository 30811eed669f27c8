/// Arguments of the protocol-0 text opcodes (INT, LONG, GET, PUT, STRING, UNICODE).
enum PickleText {
    static func integer(_ line: ArraySlice<UInt8>, error: (String) -> PickleError) throws(PickleError) -> PickleBigInt {
        let text = String(decoding: line, as: UTF8.self).trimmingASCIISpaces()
        guard let value = PickleBigInt(decimal: text) else { throw error("bad integer text '\(text.prefix(40))'") }
        return value
    }

    static func memoIndex(_ line: ArraySlice<UInt8>, error: (String) -> PickleError) throws(PickleError) -> UInt64 {
        let text = String(decoding: line, as: UTF8.self).trimmingASCIISpaces()
        guard let index = UInt64(text) else { throw error("bad memo index '\(text.prefix(40))'") }
        return index
    }

    /// A quoted Python 2 string literal (`'abc'` or `"a\x00"`) to its bytes.
    static func quotedString(_ line: ArraySlice<UInt8>, error: (String) -> PickleError) throws(PickleError) -> [UInt8] {
        let bytes = Array(line)
        guard bytes.count >= 2, let quote = bytes.first, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\""),
            bytes.last == quote
        else { throw error("STRING argument is not quoted") }
        let body = bytes[1..<(bytes.count - 1)]
        var out: [UInt8] = []
        var index = body.startIndex
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x61...0x66: byte - 0x61 + 10
            case 0x41...0x46: byte - 0x41 + 10
            default: nil
            }
        }
        while index < body.endIndex {
            let byte = body[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard index < body.endIndex else { throw error("STRING ends with a lone backslash") }
            let escape = body[index]
            index += 1
            switch escape {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\n"): break
            case UInt8(ascii: "x"):
                guard index + 1 < body.endIndex, let high = hexValue(body[index]), let low = hexValue(body[index + 1])
                else { throw error("bad \\x escape in STRING") }
                out.append(high << 4 | low)
                index += 2
            case 0x30...0x37:
                var value = Int(escape - 0x30)
                var digits = 1
                while digits < 3, index < body.endIndex, (0x30...0x37).contains(body[index]) {
                    value = value * 8 + Int(body[index] - 0x30)
                    index += 1
                    digits += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(escape)
            default:
                out.append(UInt8(ascii: "\\"))
                out.append(escape)
            }
        }
        return out
    }

    /// Python's `raw-unicode-escape`: Latin-1 bytes with `\uXXXX` and `\UXXXXXXXX` escapes.
    static func rawUnicodeEscape(_ line: ArraySlice<UInt8>, error: (String) -> PickleError) throws(PickleError) -> String {
        var scalars = String.UnicodeScalarView()
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            if byte == UInt8(ascii: "\\"), index + 1 < line.endIndex,
                line[index + 1] == UInt8(ascii: "u") || line[index + 1] == UInt8(ascii: "U")
            {
                let width = line[index + 1] == UInt8(ascii: "u") ? 4 : 8
                let start = index + 2
                guard start + width <= line.endIndex,
                    let code = UInt32(String(decoding: line[start..<(start + width)], as: UTF8.self), radix: 16)
                else { throw error("truncated \\u escape in UNICODE") }
                guard let scalar = Unicode.Scalar(code) else {
                    throw error("UNICODE escape U+\(String(code, radix: 16)) is a surrogate or out of range")
                }
                scalars.append(scalar)
                index = start + width
            } else {
                scalars.append(Unicode.Scalar(byte))
                index += 1
            }
        }
        return String(scalars)
    }
}

extension String {
    /// Without leading and trailing ASCII whitespace (as Python's `int()` and `float()` ignore it).
    func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        var slice = Substring(self)
        while let first = slice.first, isSpace(first) { slice.removeFirst() }
        while let last = slice.last, isSpace(last) { slice.removeLast() }
        return String(slice)
    }
}
