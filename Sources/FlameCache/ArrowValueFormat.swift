import ArrowIPC

/// How `ArrowValueJSON` writes a value. `flameJSON` is the `flame decode --json`
/// contract; `json`, `csv` and `display` are the forms of `arrow-ipc cat`
/// (docs/cli.md says why each choice was made).
public struct ArrowValueFormat: Sendable, Equatable {
    /// How dates, times and timestamps are written.
    public enum Temporal: Sendable, Equatable {
        /// The stored integer (days, seconds, ... since the epoch).
        case storedInteger
        /// Dates, times and timestamps as ISO-8601 text (`dateTimeSeparator`
        /// between date and time); durations stay integers.
        case isoText(dateTimeSeparator: String)
    }

    /// How NaN and the infinities are written.
    public enum NonFinite: Sendable, Equatable {
        /// The strings "NaN", "Infinity", "-Infinity".
        case strings
        /// JSON null, as pandas' `to_json` writes them.
        case null
        /// The bare words `nan`, `inf`, `-inf`, as pyarrow prints them (not JSON).
        case bare
    }

    /// How binary values are written.
    public enum Binary: Sendable, Equatable {
        /// Standard base64 (RFC 4648, with padding).
        case base64
        /// Upper-case hexadecimal, as pyarrow prints binary.
        case hex
    }

    /// How dates, times and timestamps are written.
    public var temporal: Temporal
    /// How NaN and the infinities are written.
    public var nonFinite: NonFinite
    /// How binary values are written.
    public var binary: Binary
    /// Floats as pyarrow prints them (`1`, `-0`, `1e+30`, float32 at float32
    /// precision) instead of JSON numbers widened to double (`1.0`).
    public var arrowFloatText: Bool
    /// Dates, times and decimals without quotes at any depth (pyarrow's
    /// display, not JSON).
    public var unquotedTemporalAndDecimal: Bool
    /// A top-level string, decimal, date or time without JSON quotes and escapes
    /// (a CSV field); nested values keep JSON form.
    public var unquotedTopLevel: Bool
    /// Strings also escape C1 controls, U+2028 and U+2029 (text for a terminal).
    public var escapeAllControls: Bool

    /// A format; the flags default to JSON behaviour.
    /// - Parameters:
    ///   - temporal: How dates, times and timestamps are written.
    ///   - nonFinite: How NaN and the infinities are written.
    ///   - binary: How binary values are written.
    ///   - arrowFloatText: Floats as pyarrow prints them instead of JSON numbers.
    ///   - unquotedTemporalAndDecimal: Dates, times and decimals without quotes at any depth.
    ///   - unquotedTopLevel: A top-level text value without quotes (a CSV field).
    ///   - escapeAllControls: Also escape C1 controls, U+2028 and U+2029.
    public init(
        temporal: Temporal, nonFinite: NonFinite, binary: Binary, arrowFloatText: Bool = false,
        unquotedTemporalAndDecimal: Bool = false, unquotedTopLevel: Bool = false, escapeAllControls: Bool = false
    ) {
        self.unquotedTemporalAndDecimal = unquotedTemporalAndDecimal
        self.temporal = temporal
        self.nonFinite = nonFinite
        self.binary = binary
        self.arrowFloatText = arrowFloatText
        self.unquotedTopLevel = unquotedTopLevel
        self.escapeAllControls = escapeAllControls
    }

    /// `flame decode --json`: stored integers, "NaN" strings, base64.
    public static let flameJSON = ArrowValueFormat(temporal: .storedInteger, nonFinite: .strings, binary: .base64)
    /// `cat --format json|jsonl`.
    public static let json = ArrowValueFormat(temporal: .isoText(dateTimeSeparator: "T"), nonFinite: .null, binary: .base64)
    /// `cat --format csv` fields.
    public static let csv = ArrowValueFormat(
        temporal: .isoText(dateTimeSeparator: "T"), nonFinite: .bare, binary: .base64,
        arrowFloatText: true, unquotedTopLevel: true)
    /// `cat --format table` cells, close to pyarrow's `Table.to_string()`.
    public static let display = ArrowValueFormat(
        temporal: .isoText(dateTimeSeparator: " "), nonFinite: .bare, binary: .hex,
        arrowFloatText: true, unquotedTemporalAndDecimal: true, escapeAllControls: true)
}

/// One value of an array as text in a given format.
public enum ArrowValueText {
    /// Row `row` of `data` in `format`.
    /// - Parameters:
    ///   - data: The array.
    ///   - row: A row in `0..<data.length`.
    ///   - format: How the value is written.
    ///   - maximumBytes: Longest text produced (64 MiB by default).
    /// - Returns: The value's text.
    /// - Throws: `FlameError` (`.unsupported`) for a row out of range, a value
    ///   nested deeper than 64 or text longer than `maximumBytes`; (`.arrow`) when
    ///   the array's values are invalid.
    /// - Complexity: O(size of the value), not of the array.
    public static func text(_ data: ArrayData, _ row: Int, format: ArrowValueFormat, maximumBytes: Int = 64 << 20) throws(FlameError) -> String {
        try written(data, row, format: format, maximumBytes: maximumBytes).text
    }

    /// Row `row` of `data` as a CSV field's text (`format.unquotedTopLevel`), or
    /// nil when the value is null, so that null and the empty string differ.
    /// - Parameters:
    ///   - data: The array.
    ///   - row: A row in `0..<data.length`.
    ///   - format: How the value is written.
    ///   - maximumBytes: Longest text produced (64 MiB by default).
    /// - Returns: The field's text, or nil for null.
    /// - Throws: `FlameError` as ``text(_:_:format:maximumBytes:)`` does.
    /// - Complexity: O(size of the value), not of the array.
    public static func field(_ data: ArrayData, _ row: Int, format: ArrowValueFormat, maximumBytes: Int = 64 << 20) throws(FlameError) -> String? {
        let out = try written(data, row, format: format, maximumBytes: maximumBytes)
        return out.wroteTopLevelNull ? nil : out.text
    }

    /// Row `row` of `data` written in `format`, within `maximumBytes`.
    private static func written(_ data: ArrayData, _ row: Int, format: ArrowValueFormat, maximumBytes: Int) throws(FlameError) -> JSONText {
        guard row >= 0, row < data.length else {
            throw FlameError(.unsupported, "row \(row) outside 0..<\(data.length)")
        }
        var out = JSONText()
        out.maximumBytes = maximumBytes
        out.escapeAllControls = format.escapeAllControls
        try ArrowValueJSON.write(data, row, into: &out, format: format)
        try out.checkSize()
        return out
    }

    /// `s` as a JSON string literal (escaped as the values are).
    /// - Parameter s: Any string.
    /// - Returns: The quoted, escaped literal.
    public static func jsonString(_ s: String) -> String {
        var out = JSONText()
        out.string(s)
        return out.text
    }
}
