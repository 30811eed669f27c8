import ArrowMemory

extension ArrayData {
    /// Largest precision of each decimal width, as Arrow C++ allows.
    static func maxDecimalPrecision(bitWidth: Int32) -> Int32? {
        switch bitWidth {
        case 32: 9
        case 64: 18
        case 128: 38
        case 256: 76
        default: nil
        }
    }

    private static func checkDecimal(precision: Int32, bitWidth: Int32) throws(ArrowError) {
        guard let maxPrecision = maxDecimalPrecision(bitWidth: bitWidth) else {
            throw ArrowError(.invalidArgument, "decimal bit width must be 32, 64, 128 or 256, not \(bitWidth)")
        }
        guard precision >= 1, precision <= maxPrecision else {
            throw ArrowError(.invalidArgument, "decimal\(bitWidth) precision must be in 1...\(maxPrecision), not \(precision)")
        }
    }

    /// A decimal array from unscaled integers: `12345` with scale 2 is `123.45`.
    /// Each value is sign-extended to `bitWidth` bits; `nil` is null.
    ///
    /// - Parameters:
    ///   - values: The unscaled values, in order; `nil` is null (zero bytes).
    ///   - precision: Number of decimal digits, 1 up to 9, 18, 38 or 76 by `bitWidth`.
    ///   - scale: Number of digits after the decimal point (not checked).
    ///   - bitWidth: 32, 64, 128 (the default) or 256.
    /// - Returns: A new array of `bitWidth / 8` bytes per value, with a validity
    ///   bitmap only when a value is nil.
    /// - Throws: `ArrowError` (`.invalidArgument`) for a bit width other than
    ///   32, 64, 128 or 256, a precision outside what the width allows, or a value
    ///   with more digits than `precision` (naming its index; checked for
    ///   precisions below 19, larger ones hold any `Int64`).
    /// - Complexity: O(n).
    public static func decimal(
        _ values: [Int64?], precision: Int32, scale: Int32, bitWidth: Int32 = 128
    ) throws(ArrowError) -> ArrayData {
        try checkDecimal(precision: precision, bitWidth: bitWidth)
        if precision < 19 {
            var limit: UInt64 = 1
            for _ in 0..<precision { limit *= 10 }
            for (i, v) in values.enumerated() {
                if let v, v.magnitude >= limit {
                    throw ArrowError(.invalidArgument, "value \(v) at index \(i) has more than \(precision) digits")
                }
            }
        }
        let width = Int(bitWidth) / 8
        let (validity, nulls) = BuilderBuffers.validity(of: values)
        let buffer = ArrowBuffer(count: values.count * width) { out in
            for (i, v) in values.enumerated() {
                guard let v else { continue }
                let base = i * width
                if width == 4 {
                    out.storeBytes(of: Int32(truncatingIfNeeded: v).littleEndian, toByteOffset: base, as: Int32.self)
                    continue
                }
                out.storeBytes(of: v.littleEndian, toByteOffset: base, as: Int64.self)
                let fill: UInt8 = v < 0 ? 0xFF : 0
                for k in 8..<width { out[base + k] = fill }
            }
        }
        return ArrayData(
            type: .decimal(precision: precision, scale: scale, bitWidth: bitWidth), length: values.count,
            nullCount: nulls, validity: validity, buffers: [buffer])
    }

    /// A decimal array from the raw little-endian two's complement bytes of each
    /// unscaled value (`bitWidth / 8` bytes each); `nil` is null.
    ///
    /// The bytes are copied as they are: their digits are not checked against
    /// the precision.
    ///
    /// - Parameters:
    ///   - values: Each value's bytes, in order; `nil` is null (zero bytes).
    ///   - precision: Number of decimal digits, 1 up to 9, 18, 38 or 76 by `bitWidth`.
    ///   - scale: Number of digits after the decimal point (not checked).
    ///   - bitWidth: 32, 64, 128 (the default) or 256.
    /// - Returns: A new array of `bitWidth / 8` bytes per value, with a validity
    ///   bitmap only when a value is nil.
    /// - Throws: `ArrowError` (`.invalidArgument`) for a bit width other than
    ///   32, 64, 128 or 256, a precision outside what the width allows, or a value
    ///   of another length than `bitWidth / 8` bytes (naming its index).
    /// - Complexity: O(n).
    public static func decimal(
        littleEndian values: [[UInt8]?], precision: Int32, scale: Int32, bitWidth: Int32 = 128
    ) throws(ArrowError) -> ArrayData {
        try checkDecimal(precision: precision, bitWidth: bitWidth)
        let width = Int(bitWidth) / 8
        for (i, v) in values.enumerated() where v != nil && v?.count != width {
            throw ArrowError(.invalidArgument, "decimal\(bitWidth) value at index \(i) has \(v?.count ?? 0) bytes, needs \(width)")
        }
        let (validity, nulls) = BuilderBuffers.validity(of: values)
        let buffer = ArrowBuffer(count: values.count * width) { out in
            for (i, v) in values.enumerated() {
                guard let v else { continue }
                BuilderBuffers.copy(v, into: UnsafeMutableRawBufferPointer(rebasing: out[(i * width)..<((i + 1) * width)]))
            }
        }
        return ArrayData(
            type: .decimal(precision: precision, scale: scale, bitWidth: bitWidth), length: values.count,
            nullCount: nulls, validity: validity, buffers: [buffer])
    }
}
