// A small `Encoder` that records each row's stored properties as `RowNode`s.
// Synthesized `Encodable` conformances call `encodeIfPresent` for optional
// properties; implementing those lets a nil still say what type it would have.

/// Limits and shared state of one `RecordBatch(rows:)` call.
final class RowEncoding {
    static let maxDepth = 32

    /// The first problem met inside a non-throwing `Encoder` method.
    var error: ArrowError?
    /// Active nesting of `encode(_:into:path:)` calls.
    private var depth = 0
    private var types: [ObjectIdentifier: TypeInfo] = [:]

    /// What the encoder needs to know about a static type, computed once per type.
    struct TypeInfo {
        var hint: RowShape?
        var special: RowSpecialType?
        var isOptional: Bool
        var isDictionary: Bool
    }

    func info(_ type: Any.Type) -> TypeInfo {
        let id = ObjectIdentifier(type)
        if let known = types[id] { return known }
        let info = TypeInfo(
            hint: Self.staticShape(type, depth: 0), special: RowSpecialType(type),
            isOptional: type is any RowOptionalMarker.Type, isDictionary: type is any RowDictionaryMarker.Type)
        types[id] = info
        return info
    }

    func fail(_ error: ArrowError) {
        if self.error == nil { self.error = error }
    }

    static func pathString(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// Encodes `value` into `node`, recognising the types that have their own Arrow type.
    func encode<T: Encodable>(_ value: T, into node: RowNode, path: [any CodingKey]) throws {
        guard depth < Self.maxDepth else {
            throw ArrowError(.unsupported, "values nested deeper than \(Self.maxDepth)", fieldPath: Self.pathString(path))
        }
        depth += 1
        defer { depth -= 1 }
        let info = info(T.self)
        if let hint = info.hint { node.hint = hint }
        if T.self == [UInt8].self, let bytes = value as? [UInt8] {
            node.kind = .scalar(.bytes(bytes))
            return
        }
        if info.isDictionary {
            throw ArrowError(
                .unsupported, "dictionaries (\(T.self)) have no column type; use a struct or an array",
                fieldPath: Self.pathString(path))
        }
        if info.isOptional { node.isOptional = true }
        switch info.special {
        case .date:
            // `Date` encodes its seconds since 2001-01-01 as one Double.
            let seconds = RowNode()
            try value.encode(to: RowEncoder(node: seconds, context: self, codingPath: path))
            guard case .scalar(.double(let s)) = seconds.kind, let micros = Int64(exactly: (s * 1_000_000).rounded()) else {
                throw ArrowError(.invalidArgument, "date outside the range of timestamp[us]", fieldPath: Self.pathString(path))
            }
            let (sinceEpoch, overflow) = micros.addingReportingOverflow(978_307_200_000_000)
            guard !overflow else {
                throw ArrowError(.invalidArgument, "date outside the range of timestamp[us]", fieldPath: Self.pathString(path))
            }
            node.kind = .scalar(.timestamp(sinceEpoch))
        case .data:
            // `Data` encodes its bytes one by one into an unkeyed container.
            let bytes = RowNode()
            try value.encode(to: RowEncoder(node: bytes, context: self, codingPath: path))
            var out: [UInt8] = []
            out.reserveCapacity(bytes.items.count)
            for item in bytes.items {
                guard case .scalar(.uint(let b, .uint8)) = item.kind else {
                    throw ArrowError(.unsupported, "unexpected encoding of \(T.self)", fieldPath: Self.pathString(path))
                }
                out.append(UInt8(truncatingIfNeeded: b))
            }
            node.kind = .scalar(.bytes(out))
        case nil:
            try value.encode(to: RowEncoder(node: node, context: self, codingPath: path))
        }
    }

    /// The shape the static type `type` implies, when it says something.
    func hint(_ type: Any.Type) -> RowShape? { info(type).hint }

    private static func staticShape(_ type: Any.Type, depth: Int) -> RowShape? {
        guard depth < maxDepth else { return nil }
        if let scalar = scalarType(type) { return RowShape(kind: .scalar(scalar), nullable: false) }
        if let optional = type as? any RowOptionalMarker.Type {
            var shape = staticShape(optional.wrappedType, depth: depth + 1) ?? .unknown
            shape.nullable = true
            return shape
        }
        if let array = type as? any RowArrayMarker.Type {
            let element = staticShape(array.elementType, depth: depth + 1) ?? RowShape(kind: .unknown, nullable: false)
            return RowShape(kind: .list(element), nullable: false)
        }
        return nil
    }

    private static func scalarType(_ type: Any.Type) -> ArrowType? {
        switch type {
        case is Int.Type, is Int64.Type: .int64
        case is Int32.Type: .int32
        case is Int16.Type: .int16
        case is Int8.Type: .int8
        case is UInt.Type, is UInt64.Type: .uint64
        case is UInt32.Type: .uint32
        case is UInt16.Type: .uint16
        case is UInt8.Type: .uint8
        case is Double.Type: .float64
        case is Float.Type: .float32
        case is Bool.Type: .bool
        case is String.Type: .utf8
        case is [UInt8].Type: .binary
        default:
            switch RowSpecialType(type) {
            case .date: RowScalar.timestampType
            case .data: .binary
            case nil: nil
            }
        }
    }
}

/// Foundation types recognised by name, so this module need not import Foundation.
enum RowSpecialType {
    case date, data

    init?(_ type: Any.Type) {
        switch String(reflecting: type) {
        case "Foundation.Date", "FoundationEssentials.Date": self = .date
        case "Foundation.Data", "FoundationEssentials.Data": self = .data
        default: return nil
        }
    }
}

protocol RowOptionalMarker {
    static var wrappedType: Any.Type { get }
}

extension Optional: RowOptionalMarker {
    static var wrappedType: Any.Type { Wrapped.self }
}

protocol RowArrayMarker {
    static var elementType: Any.Type { get }
}

extension Array: RowArrayMarker {
    static var elementType: Any.Type { Element.self }
}

protocol RowDictionaryMarker {}

extension Dictionary: RowDictionaryMarker {}

struct RowEncoder: Encoder {
    let node: RowNode
    let context: RowEncoding
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: RowNode, context: RowEncoding, codingPath: [any CodingKey]) {
        self.node = node
        self.context = context
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        switch node.kind {
        case .record: break
        case .unset, .null: node.kind = .record
        default: context.fail(ArrowError(.unsupported, "value encodes both keyed and other values", fieldPath: RowEncoding.pathString(codingPath)))
        }
        return KeyedEncodingContainer(RowKeyedContainer<Key>(node: node, context: context, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        switch node.kind {
        case .list: break
        case .unset, .null: node.kind = .list
        default: context.fail(ArrowError(.unsupported, "value encodes both an array and other values", fieldPath: RowEncoding.pathString(codingPath)))
        }
        return RowUnkeyedContainer(node: node, context: context, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        RowSingleValueContainer(node: node, context: context, codingPath: codingPath)
    }
}

/// Coding key of an array item or `super`.
struct RowIndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(_ index: Int) {
        stringValue = String(index)
        intValue = index
    }
    init?(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }
    init?(intValue: Int) { self.init(intValue) }
}
