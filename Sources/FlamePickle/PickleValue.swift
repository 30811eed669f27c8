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
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.bigInt(let a), .bigInt(let b)): a == b
        case (.float(let a), .float(let b)): a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): a == b
        case (.bytes(let a), .bytes(let b)): a == b
        case (.bytearray(let a), .bytearray(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.tuple(let a), .tuple(let b)): a == b
        case (.dict(let a), .dict(let b)): a == b
        case (.set(let a), .set(let b)): a == b
        case (.frozenset(let a), .frozenset(let b)): a == b
        case (.ndarray(let a), .ndarray(let b)): a == b
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
        case .bool(let v):
            hasher.combine(1)
            hasher.combine(v)
        case .int(let v):
            hasher.combine(2)
            hasher.combine(v)
        case .bigInt(let v):
            hasher.combine(3)
            hasher.combine(v)
        case .float(let v):
            hasher.combine(4)
            hasher.combine(v.bitPattern)
        case .string(let v):
            hasher.combine(5)
            hasher.combine(v)
        case .bytes(let v):
            hasher.combine(6)
            hasher.combine(v)
        case .bytearray(let v):
            hasher.combine(7)
            hasher.combine(v)
        case .list(let v):
            hasher.combine(8)
            hasher.combine(v)
        case .tuple(let v):
            hasher.combine(9)
            hasher.combine(v)
        case .dict(let v):
            hasher.combine(10)
            hasher.combine(v)
        case .set(let v):
            hasher.combine(11)
            hasher.combine(v)
        case .frozenset(let v):
            hasher.combine(12)
            hasher.combine(v)
        case .ndarray(let v):
            hasher.combine(13)
            hasher.combine(v)
        }
    }

    /// Whether CPython puts the value in the memo (so a second reference to
    /// the same object is a memo hit): everything but None, bools, ints,
    /// floats and the empty tuple.
    var isMemoized: Bool {
        switch self {
        case .none, .bool, .int, .bigInt, .float: false
        case .tuple(let items): !items.isEmpty
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
