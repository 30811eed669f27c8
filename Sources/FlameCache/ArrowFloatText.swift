/// Floats as pyarrow prints them: the shortest digits that read back to the same
/// value (Swift's `description` finds them), laid out as Arrow C++ does: plain
/// decimal when the decimal exponent is in -6..<10, otherwise `d.ddde+X`.
enum ArrowFloatText {
    static func text(_ description: String) -> String {
        switch description {
        case "nan", "-nan", "+nan": return "nan"
        case "inf", "+inf": return "inf"
        case "-inf": return "-inf"
        default: break
        }
        var mantissa = Substring(description)
        let negative = mantissa.first == "-"
        if negative { mantissa = mantissa.dropFirst() }
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(mantissa[mantissa.index(after: e)...]) ?? 0
            mantissa = mantissa[..<e]
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integer = parts.first ?? ""
        let fraction = parts.count > 1 ? parts[1] : ""
        var digits = Array(integer + fraction)
        var point = integer.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let sign = negative ? "-" : ""
        guard !digits.isEmpty else { return sign + "0" }
        let e10 = point - 1
        if e10 >= -6, e10 < 10 {
            if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
            if point >= digits.count { return sign + String(digits) + String(repeating: "0", count: point - digits.count) }
            return sign + String(digits[..<point]) + "." + String(digits[point...])
        }
        let head = String(digits[0]) + (digits.count > 1 ? "." + String(digits[1...]) : "")
        return sign + head + "e" + (e10 < 0 ? "-" : "+") + String(e10.magnitude)
    }
}
