/// Unit of a time, timestamp or duration value. Raw values are those of `Schema.fbs`.
public enum TimeUnit: Int16, Sendable, Hashable, CaseIterable {
    /// Seconds, milliseconds, microseconds or nanoseconds.
    case second = 0, millisecond = 1, microsecond = 2, nanosecond = 3

    /// The abbreviation pyarrow prints: `s`, `ms`, `us`, `ns`.
    public var abbreviation: String {
        switch self {
        case .second: "s"
        case .millisecond: "ms"
        case .microsecond: "us"
        case .nanosecond: "ns"
        }
    }
}

/// Unit of an interval value. Raw values are those of `Schema.fbs`.
public enum IntervalUnit: Int16, Sendable, Hashable, CaseIterable {
    /// Months as one `Int32`; days and milliseconds as two `Int32`s; or months and
    /// days as `Int32`s plus nanoseconds as an `Int64` (16 bytes).
    case yearMonth = 0, dayTime = 1, monthDayNano = 2
}

/// Layout of a union array. Raw values are those of `Schema.fbs`.
public enum UnionMode: Int16, Sendable, Hashable {
    /// Sparse: every child has the union's length and a type-ids buffer picks one
    /// per row. Dense: a second buffer of `Int32` offsets says which row of the
    /// chosen child holds the value.
    case sparse = 0, dense = 1
}

/// An Arrow logical type, covering every type in `Schema.fbs`.
///
/// Nested types carry their child `Field`s. Dictionary encoding is a type of its
/// own (as in pyarrow) whose id lives on the `Field`. Extension types are kept as
/// their storage type, with the `ARROW:extension:*` keys in the field's metadata.
public indirect enum ArrowType: Sendable, Hashable {
    /// No values: every value is null and there are no buffers.
    case null
    /// Booleans packed one bit each, least significant bit first.
    case bool
    /// Signed integers of 8, 16, 32 or 64 bits.
    case int8, int16, int32, int64
    /// Unsigned integers of 8, 16, 32 or 64 bits.
    case uint8, uint16, uint32, uint64
    /// IEEE 754 floating point of 16, 32 or 64 bits.
    case float16, float32, float64
    /// Decimal with `bitWidth` 32, 64, 128 or 256.
    case decimal(precision: Int32, scale: Int32, bitWidth: Int32)
    /// Days since the UNIX epoch as `Int32`, or milliseconds since it as `Int64`.
    case date32, date64
    /// Time of day since midnight: `Int32` seconds or milliseconds, or `Int64`
    /// microseconds or nanoseconds.
    case time32(TimeUnit), time64(TimeUnit)
    /// `Int64` time since the UNIX epoch (UTC); `timezone` is the zone to show it
    /// in, such as `UTC` or `+07:30`, or `nil` for a time without zone.
    case timestamp(TimeUnit, timezone: String?)
    /// A length of time as `Int64` in `unit`.
    case duration(TimeUnit)
    /// A calendar interval; see `IntervalUnit` for the layouts.
    case interval(IntervalUnit)
    /// Variable-length bytes or UTF-8 strings, with `Int32` offsets or (`large`) `Int64` offsets.
    case binary, largeBinary, utf8, largeUtf8
    /// Bytes or strings as 16-byte views: short values inline, longer ones in
    /// variadic data buffers.
    case binaryView, utf8View
    /// Byte strings of `byteWidth` bytes each.
    case fixedSizeBinary(byteWidth: Int32)
    /// Lists with `Int32` or (`large`) `Int64` offsets into a child array of the field's type.
    case list(Field), largeList(Field)
    /// Lists given by an offset and a size per row, `Int32` or (`large`) `Int64`;
    /// rows may overlap and come in any order.
    case listView(Field), largeListView(Field)
    /// Lists of exactly `listSize` values each.
    case fixedSizeList(Field, listSize: Int32)
    /// A row of named fields, one child array per field.
    case `struct`([Field])
    /// `entries` is the struct field holding `key` and `value`.
    case map(entries: Field, keysSorted: Bool)
    /// One of several types per row; `typeIds[i]` is the type id of `fields[i]`.
    case union(UnionMode, fields: [Field], typeIds: [Int32])
    /// Integer indices into a dictionary of `valueType` values; `ordered` says
    /// whether the dictionary's order is meaningful.
    case dictionary(indexType: ArrowType, valueType: ArrowType, ordered: Bool)
    /// Runs of equal values: `runEnds` (`Int16`, `Int32` or `Int64`) holds where each
    /// run ends, `values` one value per run.
    case runEndEncoded(runEnds: Field, values: Field)

    /// Byte width of one value for fixed-width types (bool and null report 0).
    public var byteWidth: Int? {
        switch self {
        case .int8, .uint8: 1
        case .int16, .uint16, .float16: 2
        case .int32, .uint32, .float32, .date32, .time32: 4
        case .int64, .uint64, .float64, .date64, .time64, .timestamp, .duration: 8
        case .decimal(_, _, let bits): Int(bits) / 8
        case .interval(.yearMonth): 4
        case .interval(.dayTime): 8
        case .interval(.monthDayNano): 16
        case .fixedSizeBinary(let w): Int(w)
        default: nil
        }
    }

    /// The fields of a nested type (empty for flat types).
    public var children: [Field] {
        switch self {
        case .list(let f), .largeList(let f), .listView(let f), .largeListView(let f), .fixedSizeList(let f, _):
            [f]
        case .struct(let fs), .union(_, let fs, _): fs
        case .map(let entries, _): [entries]
        case .runEndEncoded(let r, let v): [r, v]
        case .dictionary(_, let value, _): value.children
        default: []
        }
    }

    /// Whether arrays of this type carry a validity bitmap in IPC (metadata V5).
    public var hasValidityBitmap: Bool {
        switch self {
        case .null, .union, .runEndEncoded: false
        default: true
        }
    }

    /// The integer type of `bitWidth` (8, 16, 32, 64) and signedness, or nil.
    /// - Parameters:
    ///   - bitWidth: 8, 16, 32 or 64.
    ///   - signed: Whether the type is signed.
    /// - Returns: The type, such as `.int32` or `.uint8`, or `nil` for other widths.
    public static func integer(bitWidth: Int, signed: Bool) -> ArrowType? {
        switch (bitWidth, signed) {
        case (8, true): .int8
        case (16, true): .int16
        case (32, true): .int32
        case (64, true): .int64
        case (8, false): .uint8
        case (16, false): .uint16
        case (32, false): .uint32
        case (64, false): .uint64
        default: nil
        }
    }

    /// Bit width and signedness of an integer type, or nil for other types.
    public var integerLayout: (bitWidth: Int, signed: Bool)? {
        switch self {
        case .int8: (8, true)
        case .int16: (16, true)
        case .int32: (32, true)
        case .int64: (64, true)
        case .uint8: (8, false)
        case .uint16: (16, false)
        case .uint32: (32, false)
        case .uint64: (64, false)
        default: nil
        }
    }

    /// Whether this is one of the signed or unsigned integer types.
    public var isInteger: Bool { integerLayout != nil }
}
