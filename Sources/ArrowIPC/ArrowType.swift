/// Unit of a time, timestamp or duration value.
public enum TimeUnit: Int16, Sendable, Hashable, CaseIterable {
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

/// Unit of an interval value.
public enum IntervalUnit: Int16, Sendable, Hashable, CaseIterable {
    case yearMonth = 0, dayTime = 1, monthDayNano = 2
}

/// Layout of a union array.
public enum UnionMode: Int16, Sendable, Hashable {
    case sparse = 0, dense = 1
}

/// An Arrow logical type, covering every type in `Schema.fbs`.
///
/// Nested types carry their child `Field`s. Dictionary encoding is a type of its
/// own (as in pyarrow) whose id lives on the `Field`. Extension types are kept as
/// their storage type, with the `ARROW:extension:*` keys in the field's metadata.
public indirect enum ArrowType: Sendable, Hashable {
    case null
    case bool
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case float16, float32, float64
    /// Decimal with `bitWidth` 32, 64, 128 or 256.
    case decimal(precision: Int32, scale: Int32, bitWidth: Int32)
    case date32, date64
    case time32(TimeUnit), time64(TimeUnit)
    case timestamp(TimeUnit, timezone: String?)
    case duration(TimeUnit)
    case interval(IntervalUnit)
    case binary, largeBinary, utf8, largeUtf8
    case binaryView, utf8View
    case fixedSizeBinary(byteWidth: Int32)
    case list(Field), largeList(Field)
    case listView(Field), largeListView(Field)
    case fixedSizeList(Field, listSize: Int32)
    case `struct`([Field])
    /// `entries` is the struct field holding `key` and `value`.
    case map(entries: Field, keysSorted: Bool)
    case union(UnionMode, fields: [Field], typeIds: [Int32])
    case dictionary(indexType: ArrowType, valueType: ArrowType, ordered: Bool)
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
