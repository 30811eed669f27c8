/// Text from the input (field names, metadata, dictionary values) shown to a
/// person: control characters would let a file rewrite a terminal or forge log
/// lines, so they are written as `\u{XX}` escapes (and a backslash as `\\`, so an
/// escape in the output always means an escaped byte).
public enum DisplayText {
    /// `text` with control characters (C0, DEL, C1, U+2028, U+2029) written as
    /// `\u{XX}` escapes and backslashes doubled.
    /// - Parameter text: Text that came from the input.
    /// - Returns: `text` itself when nothing needs escaping, else the escaped copy.
    /// - Complexity: O(*n*) in the number of Unicode scalars.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                out += "\\\\"
            } else if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) || scalar == "\\"
            || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
