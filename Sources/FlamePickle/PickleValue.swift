/// A plain-data Python value as a pickle carries it.
///
/// Floats compare and hash by bit pattern, so NaN equals itself and
/// `0.0 != -0.0`: equality means "the pickle would carry the same bytes".
public enum PickleValue: Sendable, Hashable {
    /// Python `None`.
    case none
    /// Python `True` or `False`.
    case bool(Bool)
    /// An int that fits in 64 bits.
    case int(Int64)
    /// An int outside the 64-bit range (never one that fits: see `integer(_:)`).
    case bigInt(PickleBigInt)
    /// A Python float (an IEEE 754 double).
    case float(Double)
    /// A Python `str`.
    case string(String)
    /// A Python `bytes` object.
    case bytes([UInt8])
    /// A Python `bytearray`.
    case bytearray([UInt8])
    /// A Python list, in order.
    case list([PickleValue])
    /// A Python tuple, in order.
    case tuple([PickleValue])
    /// A dict's items in insertion order.
    case dict([PickleDictItem])
    /// A set's elements in the order the pickle lists them (Python's iteration order).
    case set([PickleValue])
    /// A frozenset's elements in the order the pickle lists them.
    case frozenset([PickleValue])
    /// A numpy array.
    case ndarray(PickledNDArray)

    /// The int `value`, as `.int` when it fits in 64 bits and `.bigInt` otherwise.
    ///
    /// - Parameter value: Any integer.
    /// - Returns: `.int` or `.bigInt`, so that equal ints compare equal.
    public static func integer(_ value: PickleBigInt) -> PickleValue {
        if let small = value.int64Value { return .int(small) }
        return .bigInt(value)
    }

    /// A dict from `(key, value)` pairs in order.
    ///
    /// Repeated keys are kept as given (not merged as Python would).
    ///
    /// - Parameter pairs: The items, in insertion order.
    /// - Returns: A `.dict`.
    public static func dict(pairs: [(PickleValue, PickleValue)]) -> PickleValue {
        .dict(pairs.map { PickleDictItem(key: $0.0, value: $0.1) })
    }

    /// Whether two values would pickle alike: same case and equal contents,
    /// floats by bit pattern, dicts and sets in the same order.
    ///
    /// `.int(1)` and `.bool(true)` differ, as do `.list` and `.tuple`.
    ///
    /// - Parameters:
    ///   - lhs: A value.
    ///   - rhs: Another value.
    /// - Returns: Whether they are equal as described.
    /// - Complexity: O(n) in the size of the smaller value.
    public static func == (lhs: PickleValue, rhs: PickleValue) -> Bool {
        switch (lhs, rhs) {
        case (.none, .none): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.bigInt(a), .bigInt(b)): a == b
        case let (.float(a), .float(b)): a.bitPattern == b.bitPattern
        case let (.string(a), .string(b)): a == b
        case let (.bytes(a), .bytes(b)): a == b
        case let (.bytearray(a), .bytearray(b)): a == b
        case let (.list(a), .list(b)): a == b
        case let (.tuple(a), .tuple(b)): a == b
        case let (.dict(a), .dict(b)): a == b
        case let (.set(a), .set(b)): a == b
        case let (.frozenset(a), .frozenset(b)): a == b
        case let (.ndarray(a), .ndarray(b)): a == b
        default: false
        }
    }

    /// Hashes the case and contents, consistently with `==` (floats by bit pattern).
    ///
    /// - Parameter hasher: The hasher to feed.
    /// - Complexity: O(n) in the size of the value.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .none: hasher.combine(0)
        case let .bool(v): hasher.combine(1); hasher.combine(v)
        case let .int(v): hasher.combine(2); hasher.combine(v)
        case let .bigInt(v): hasher.combine(3); hasher.combine(v)
        case let .float(v): hasher.combine(4); hasher.combine(v.bitPattern)
        case let .string(v): hasher.combine(5); hasher.combine(v)
        case let .bytes(v): hasher.combine(6); hasher.combine(v)
        case let .bytearray(v): hasher.combine(7); hasher.combine(v)
        case let .list(v): hasher.combine(8); hasher.combine(v)
        case let .tuple(v): hasher.combine(9); hasher.combine(v)
        case let .dict(v): hasher.combine(10); hasher.combine(v)
        case let .set(v): hasher.combine(11); hasher.combine(v)
        case let .frozenset(v): hasher.combine(12); hasher.combine(v)
        case let .ndarray(v): hasher.combine(13); hasher.combine(v)
        }
    }

    /// Whether CPython puts the value in the memo (so a second reference to
    /// the same object is a memo hit): everything but None, bools, ints,
    /// floats and the empty tuple.
    var isMemoized: Bool {
        switch self {
        case .none, .bool, .int, .bigInt, .float: false
        case let .tuple(items): !items.isEmpty
        default: true
        }
    }

    /// Python's type name for the value, for error messages.
    public var typeName: String {
        switch self {
        case .none: "NoneType"
        case .bool: "bool"
        case .int, .bigInt: "int"
        case .float: "float"
        case .string: "str"
        case .bytes: "bytes"
        case .bytearray: "bytearray"
        case .list: "list"
        case .tuple: "tuple"
        case .dict: "dict"
        case .set: "set"
        case .frozenset: "frozenset"
        case .ndarray: "numpy.ndarray"
        }
    }
}

/// One item of a dict.
public struct PickleDictItem: Sendable, Hashable {
    /// The item's key (a hashable Python value in a decoded pickle).
    public var key: PickleValue
    /// The item's value.
    public var value: PickleValue

    /// The item `key: value`.
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - value: The value.
    public init(key: PickleValue, value: PickleValue) {
        self.key = key
        self.value = value
    }
}
