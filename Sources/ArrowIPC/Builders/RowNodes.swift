// What `RecordBatch(rows:)` records while encoding: a tree of nodes per row, and
// the column shapes inferred from them.

/// A scalar property value, with the Arrow type it becomes.
enum RowScalar: Sendable {
    case int(Int64, ArrowType)
    case uint(UInt64, ArrowType)
    case float(Float)
    case double(Double)
    case bool(Bool)
    case string(String)
    case bytes([UInt8])
    /// Microseconds since 1970 (from a `Date`).
    case timestamp(Int64)

    static let timestampType = ArrowType.timestamp(.microsecond, timezone: "UTC")

    var arrowType: ArrowType {
        switch self {
        case .int(_, let t), .uint(_, let t): t
        case .float: .float32
        case .double: .float64
        case .bool: .bool
        case .string: .utf8
        case .bytes: .binary
        case .timestamp: Self.timestampType
        }
    }
}

/// One encoded value: a scalar, a list (unkeyed container) or a record (keyed container).
final class RowNode {
    enum Kind {
        case unset, null, scalar(RowScalar), list, record
    }

    var kind: Kind = .unset
    /// Items of a list.
    var items: [RowNode] = []
    /// Keys of a record in the order first encoded, and the value of each.
    var keys: [String] = []
    var fields: [String: RowNode] = [:]
    /// Whether the static type was `Optional`.
    var isOptional = false
    /// The shape the static type implies, used when the value says nothing (nil, []).
    var hint: RowShape?

    /// The node of `key` in a record, new (replacing an earlier one) each time.
    func field(_ key: String) -> RowNode {
        let node = RowNode()
        if fields.updateValue(node, forKey: key) == nil { keys.append(key) }
        return node
    }

    func appendItem() -> RowNode {
        let node = RowNode()
        items.append(node)
        return node
    }
}

/// The inferred type of a column: what Arrow type, and whether it can be null.
struct RowShape: Sendable {
    indirect enum Kind {
        /// Never seen a value (only nils): becomes the null type.
        case unknown
        case scalar(ArrowType)
        case list(RowShape)
        case record([String], [String: RowShape])
    }

    var kind: Kind
    var nullable: Bool

    static let unknown = RowShape(kind: .unknown, nullable: true)

    /// The shape that covers both `self` and `other`.
    func merged(with other: RowShape, path: String) throws(ArrowError) -> RowShape {
        let nullable = nullable || other.nullable
        switch (kind, other.kind) {
        case (.unknown, let k), (let k, .unknown):
            return RowShape(kind: k, nullable: nullable)
        case (.scalar(let a), .scalar(let b)):
            guard a == b else { throw Self.conflict(path, "\(a)", "\(b)") }
            return RowShape(kind: kind, nullable: nullable)
        case (.list(let a), .list(let b)):
            return RowShape(kind: .list(try a.merged(with: b, path: Self.join(path, "item"))), nullable: nullable)
        case (.record(let keysA, let a), .record(let keysB, let b)):
            var keys = keysA
            var shapes = a
            for k in keysB {
                if let existing = a[k], let theirs = b[k] {
                    shapes[k] = try existing.merged(with: theirs, path: Self.join(path, k))
                } else if var theirs = b[k] {
                    keys.append(k)
                    theirs.nullable = true  // missing from the other records
                    shapes[k] = theirs
                }
            }
            for k in keysA where b[k] == nil { shapes[k]?.nullable = true }
            return RowShape(kind: .record(keys, shapes), nullable: nullable)
        default:
            throw Self.conflict(path, kind.name, other.kind.name)
        }
    }

    static func conflict(_ path: String, _ a: String, _ b: String) -> ArrowError {
        ArrowError(.unsupported, "property holds both \(a) and \(b) values", fieldPath: path)
    }
}

extension RowShape.Kind {
    var name: String {
        switch self {
        case .unknown: "null"
        case .scalar(let t): "\(t)"
        case .list: "array"
        case .record: "keyed (struct)"
        }
    }
}

extension RowNode {
    /// The shape of this value alone.
    func shape(path: String, depth: Int) throws(ArrowError) -> RowShape {
        guard depth <= RowEncoding.maxDepth else {
            throw ArrowError(.unsupported, "values nested deeper than \(RowEncoding.maxDepth)", fieldPath: path)
        }
        var result: RowShape
        switch kind {
        case .unset, .null:
            result = RowShape(kind: .unknown, nullable: true)
        case .scalar(let s):
            result = RowShape(kind: .scalar(s.arrowType), nullable: false)
        case .list:
            var element = RowShape(kind: .unknown, nullable: false)
            let itemPath = RowShape.join(path, "item")
            for item in items { element = try element.merged(with: try item.shape(path: itemPath, depth: depth + 1), path: itemPath) }
            result = RowShape(kind: .list(element), nullable: false)
        case .record:
            var shapes: [String: RowShape] = [:]
            for k in keys {
                if let node = fields[k] { shapes[k] = try node.shape(path: RowShape.join(path, k), depth: depth + 1) }
            }
            result = RowShape(kind: .record(keys, shapes), nullable: false)
        }
        if isOptional { result.nullable = true }
        if let hint { result = try result.merged(with: hint, path: path) }
        return result
    }
}
