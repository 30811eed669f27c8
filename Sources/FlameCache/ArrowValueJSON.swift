import ArrowIPC

// Arrow values as the `flame decode --json` contract prints them: integers of
// any size as JSON integers, floats widened to double (as pyarrow's `to_pylist`
// does) with "NaN"/"Infinity"/"-Infinity", binary as base64, decimals as plain
// strings with the scale's digits, temporal values as their stored integer,
// lists as arrays, structs as objects, maps as arrays of [key, value], and
// dictionary, run-end-encoded and union values as the value they stand for.
// `ArrowValueFormat` changes the scalar forms for `arrow-ipc cat`.

enum ArrowValueJSON {
    /// The largest decimal scale (either sign) printed; far above decimal256's 76 digits.
    static let maxDecimalScale: UInt32 = 1024

    /// Writes row `i` of a top-level array; an error says once which value it
    /// is in (`location`, e.g. `name[3]`), whatever depth it came from.
    static func write(
        _ data: ArrayData, _ i: Int, into out: inout JSONText, location: @autoclosure () -> String,
        format: ArrowValueFormat = .flameJSON
    ) throws(FlameError) {
        do throws(FlameError) {
            try write(data, i, into: &out, depth: 0, format: format)
        } catch {
            throw error.located(location())
        }
    }

    /// Writes row `i` of `data` (a logical index: the array's offset is added
    /// here). Errors of nested values pass through as they are; an Arrow error
    /// becomes a `FlameError` (kind `.arrow`) once, where it happens.
    static func write(
        _ data: ArrayData, _ i: Int, into out: inout JSONText, depth: Int = 0,
        format: ArrowValueFormat = .flameJSON
    ) throws(FlameError) {
        guard depth < ArrowFormat.maxNestingDepth else {
            throw FlameError(.unsupported, "values nested deeper than \(ArrowFormat.maxNestingDepth)")
        }
        try out.checkSize()
        // The typed views below check the values they cover: a view of the
        // whole array for each value printed would make n values cost O(n²).
        let value = try arrow { () throws(ArrowError) in try data.slice(offset: i, length: 1) }
        try writeValue(value, 0, &out, depth, format)
    }

    /// The result of `body`, its Arrow error made a `FlameError` of kind `.arrow`.
    private static func arrow<T>(_ body: () throws(ArrowError) -> T) throws(FlameError) -> T {
        do throws(ArrowError) {
            return try body()
        } catch {
            throw FlameError.arrow(error)
        }
    }

    private static func writeValue(
        _ data: ArrayData, _ i: Int, _ out: inout JSONText, _ depth: Int,
        _ format: ArrowValueFormat
    ) throws(FlameError) {
        // Values that stand for another (dictionary, run-end, union) keep the depth
        // of what they stand for, so a top-level string in a dictionary is top-level.
        func child(_ d: ArrayData, _ k: Int, same: Bool = false) throws(FlameError) {
            try write(d, k, into: &out, depth: depth + (same ? 0 : 1), format: format)
        }
        // A top-level null in a CSV field is an empty field.
        func null() {
            if format.unquotedTopLevel && depth == 0 { out.wroteTopLevelNull = true } else { out.null() }
        }
        // Types whose nulls are not in a validity bitmap of their own.
        switch data.type {
        case .null:
            return null()
        case .runEndEncoded:
            let r = try arrow { () throws(ArrowError) in try RunEndEncodedArray(data) }
            return try child(r.values, r.physicalIndex(at: i), same: true)
        case .union:
            let u = try arrow { () throws(ArrowError) in try UnionArray(data) }
            let (c, k) = u.location(at: i)
            return try child(data.children[c], k, same: true)
        default: break
        }
        if data.isNull(i) { return null() }
        switch data.type {
        case .list, .largeList, .listView, .largeListView, .fixedSizeList:
            let l = try arrow { () throws(ArrowError) in try ListArray(data) }
            let r = l.valueRange(at: i)
            out.raw("[")
            for (n, k) in r.enumerated() {
                if n > 0 { out.raw(",") }
                try child(l.values, k)
            }
            out.raw("]")
        case .map:
            let l = try arrow { () throws(ArrowError) in try ListArray(data) }
            let r = l.valueRange(at: i)
            let entries = l.values
            guard entries.children.count == 2 else { throw FlameError.arrow(ArrowError(.invalidFormat, "map entries without key and value")) }
            out.raw("[")
            for (n, k) in r.enumerated() {
                if n > 0 { out.raw(",") }
                out.raw("[")
                try child(entries.children[0], entries.offset + k)
                out.raw(",")
                try child(entries.children[1], entries.offset + k)
                out.raw("]")
            }
            out.raw("]")
        case .struct(let fields):
            out.raw("{")
            for (n, (f, c)) in zip(fields, data.children).enumerated() {
                if n > 0 { out.raw(",") }
                out.string(f.name)
                out.raw(":")
                try child(c, data.offset + i)
            }
            out.raw("}")
        case .dictionary:
            let d = try arrow { () throws(ArrowError) in try DictionaryArray(data) }
            guard let k = d[i] else { return null() }
            try child(d.dictionary, k, same: true)
        default:
            try arrow { () throws(ArrowError) in try writeScalar(data, i, &out, depth, format) }
        }
    }

    /// A value without children: numbers, temporal values, decimals, strings, binary.
    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private static func writeScalar(
        _ data: ArrayData, _ i: Int, _ out: inout JSONText, _ depth: Int,
        _ format: ArrowValueFormat
    ) throws(ArrowError) {
        let bare = format.unquotedTopLevel && depth == 0
        // pyarrow prints dates, times and decimals without quotes.
        let bareText = bare || format.unquotedTemporalAndDecimal
        if case .isoText(let separator) = format.temporal, let text = try isoText(data, i, separator) {
            return bareText ? out.raw(text) : out.string(text)
        }
        switch data.type {
        case .bool: out.bool(try BooleanArray(data)[i] ?? false)
        case .int8: out.integer(try PrimitiveArray<Int8>(data).value(at: i))
        case .int16: out.integer(try PrimitiveArray<Int16>(data).value(at: i))
        case .int32: out.integer(try PrimitiveArray<Int32>(data).value(at: i))
        case .int64: out.integer(try PrimitiveArray<Int64>(data).value(at: i))
        case .uint8: out.integer(try PrimitiveArray<UInt8>(data).value(at: i))
        case .uint16: out.integer(try PrimitiveArray<UInt16>(data).value(at: i))
        case .uint32: out.integer(try PrimitiveArray<UInt32>(data).value(at: i))
        case .uint64: out.integer(try PrimitiveArray<UInt64>(data).value(at: i))
        case .float16:
            let f = Float(ValueText.halfFloat(try PrimitiveArray<UInt16>(storageOf: data).value(at: i)))
            floatValue(Double(f), narrow: "\(Double(f))", &out, format)
        case .float32:
            let f = try PrimitiveArray<Float>(data).value(at: i)
            floatValue(Double(f), narrow: "\(f)", &out, format)
        case .float64:
            let d = try PrimitiveArray<Double>(data).value(at: i)
            floatValue(d, narrow: "\(d)", &out, format)
        case .date32, .time32, .interval(.yearMonth):
            out.integer(try PrimitiveArray<Int32>(storageOf: data).value(at: i))
        case .date64, .time64, .timestamp, .duration:
            out.integer(try PrimitiveArray<Int64>(storageOf: data).value(at: i))
        case .interval(.dayTime):
            let b = data.buffers[0]
            let at = (data.offset + i) * 8
            out.raw("[\(b.getIntegerUnchecked(at: at, as: Int32.self)),\(b.getIntegerUnchecked(at: at + 4, as: Int32.self))]")
        case .interval(.monthDayNano):
            let b = data.buffers[0]
            let at = (data.offset + i) * 16
            out.raw(
                "[\(b.getIntegerUnchecked(at: at, as: Int32.self)),\(b.getIntegerUnchecked(at: at + 4, as: Int32.self)),"
                    + "\(b.getIntegerUnchecked(at: at + 8, as: Int64.self))]")
        case .decimal(_, let scale, let bits):
            // Any Int32 scale is legal Arrow (pyarrow accepts it), but the plain
            // text has |scale| digits: a scale of 10^8 would print 100 MB per value.
            guard scale.magnitude <= ArrowValueJSON.maxDecimalScale else {
                throw ArrowError(.unsupported, "decimal scale \(scale) exceeds the \(ArrowValueJSON.maxDecimalScale) digits printed as plain text")
            }
            let w = Int(bits) / 8
            guard let bytes = data.buffers[0].getSlice(at: (data.offset + i) * w, length: w) else {
                throw ArrowError(.invalidFormat, "decimal value \(i) outside its buffer")
            }
            let text = DecimalText.plain(littleEndian: bytes.bytes, scale: Int(scale))
            if bareText { out.raw(text) } else { out.string(text) }
        case .utf8, .largeUtf8, .utf8View:
            let text = try StringArray(data)[i] ?? ""
            if bare { out.raw(text) } else { out.string(text) }
        case .binary, .largeBinary, .binaryView, .fixedSizeBinary:
            let bytes = try BinaryArray(data).buffer(at: i).bytes
            switch (format.binary, bare) {
            case (.base64, false): out.base64(bytes)
            case (.base64, true): out.raw(Base64.encode(bytes))
            case (.hex, _): out.raw(ValueText.hex(bytes))
            }
        default:
            throw ArrowError(.unsupported, "no JSON form for \(data.type)")
        }
    }
}

extension ArrowValueJSON {
    /// A date, time or timestamp as ISO-8601 text; nil for other types and for
    /// values outside years 1...9999 (written as their stored integer).
    fileprivate static func isoText(_ data: ArrayData, _ i: Int, _ separator: String) throws(ArrowError) -> String? {
        switch data.type {
        case .date32:
            return TemporalText.date(days: Int64(try PrimitiveArray<Int32>(storageOf: data).value(at: i)))
        case .date64:
            let ms = try PrimitiveArray<Int64>(storageOf: data).value(at: i)
            return TemporalText.date(days: ms >= 0 ? ms / 86_400_000 : (ms + 1) / 86_400_000 - 1)
        case .time32(let unit):
            return TemporalText.time(Int64(try PrimitiveArray<Int32>(storageOf: data).value(at: i)), unit)
        case .time64(let unit):
            return TemporalText.time(try PrimitiveArray<Int64>(storageOf: data).value(at: i), unit)
        case .timestamp(let unit, let zone):
            return TemporalText.timestamp(
                try PrimitiveArray<Int64>(storageOf: data).value(at: i), unit,
                utc: !(zone ?? "").isEmpty, separator: separator)
        default:
            return nil
        }
    }

    /// A float: `narrow` is its own shortest text (float32 and float16 at their precision).
    fileprivate static func floatValue(_ d: Double, narrow: String, _ out: inout JSONText, _ format: ArrowValueFormat) {
        if !d.isFinite {
            switch format.nonFinite {
            case .strings: return out.double(d)
            case .null: return out.null()
            case .bare: return out.raw(d.isNaN ? "nan" : d < 0 ? "-inf" : "inf")
            }
        }
        if format.arrowFloatText { return out.raw(ArrowFloatText.text(narrow)) }
        out.double(d)
    }
}

/// Decimal values (two's complement, little-endian, any width) in plain notation.
enum DecimalText {
    static func plain(littleEndian bytes: [UInt8], scale: Int) -> String {
        var limbs = [UInt64](repeating: 0, count: (bytes.count + 7) / 8)
        for (k, b) in bytes.enumerated() { limbs[k / 8] |= UInt64(b) << (UInt64(k % 8) * 8) }
        if bytes.count % 8 != 0, (bytes.last ?? 0) & 0x80 != 0 {
            // Sign-extend a 32-bit value into its limb.
            limbs[limbs.count - 1] |= ~UInt64(0) << (UInt64(bytes.count % 8) * 8)
        }
        let signed = ValueText.signedDecimal(limbs)
        let negative = signed.hasPrefix("-")
        var digits = negative ? String(signed.dropFirst()) : signed
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        } else if scale < 0, digits != "0" {
            digits += String(repeating: "0", count: -scale)
        }
        return (negative ? "-" : "") + digits
    }
}
