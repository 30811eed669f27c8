// Columns from encoded rows: each column's nodes, laid out by its inferred shape.

/// One row's value of a column.
enum RowSlot {
    case value(RowNode)
    /// Absent or nil.
    case null
    /// The child of a null struct: an empty, valid value, as Arrow C++ fills it.
    case empty
}

extension RowShape {
    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// Whether a field of this shape is nullable (the null type always is).
    var fieldNullable: Bool {
        if case .unknown = kind { return true }
        return nullable
    }

    /// The array of `slots` laid out as this shape.
    func column(_ slots: [RowSlot], path: String) throws(ArrowError) -> ArrayData {
        switch kind {
        case .unknown:
            return try .nulls(count: slots.count)
        case .scalar(let type):
            return try Self.scalars(slots, type, path: path)
        case .list(let element):
            var lengths: [Int?] = []
            lengths.reserveCapacity(slots.count)
            var items: [RowSlot] = []
            for slot in slots {
                switch slot {
                case .value(let node):
                    if case .list = node.kind {
                        lengths.append(node.items.count)
                        items.append(contentsOf: node.items.lazy.map { .value($0) })
                    } else {
                        lengths.append(nil)
                    }
                case .null: lengths.append(nil)
                case .empty: lengths.append(0)
                }
            }
            let values = try element.column(items, path: Self.join(path, "item"))
            return try .list(lengths: lengths, values: values, field: Field("item", values.type, nullable: element.fieldNullable))
        case .record(let keys, let shapes):
            var validity: [Bool] = []
            validity.reserveCapacity(slots.count)
            for slot in slots {
                switch slot {
                case .value(let node):
                    if case .record = node.kind { validity.append(true) } else { validity.append(false) }
                case .null: validity.append(false)
                case .empty: validity.append(true)
                }
            }
            var children: [(Field, ArrayData)] = []
            for key in keys {
                guard let shape = shapes[key] else { continue }
                let childSlots: [RowSlot] = slots.map { slot in
                    if case .value(let node) = slot, case .record = node.kind {
                        return node.fields[key].map { .value($0) } ?? .null
                    }
                    return .empty
                }
                let child = try shape.column(childSlots, path: Self.join(path, key))
                children.append((Field(key, child.type, nullable: shape.fieldNullable), child))
            }
            return try .struct(children, validity: validity.allSatisfy { $0 } ? nil : validity, length: slots.count)
        }
    }

    private static func scalars(_ slots: [RowSlot], _ type: ArrowType, path: String) throws(ArrowError) -> ArrayData {
        func collect<T>(_ empty: T, _ extract: (RowScalar) -> T?) throws(ArrowError) -> [T?] {
            var out: [T?] = []
            out.reserveCapacity(slots.count)
            for slot in slots {
                switch slot {
                case .empty: out.append(empty)
                case .null: out.append(nil)
                case .value(let node):
                    switch node.kind {
                    case .scalar(let s):
                        guard let v = extract(s) else { throw RowShape.conflict(path, "\(type)", "\(s.arrowType)") }
                        out.append(v)
                    case .unset, .null: out.append(nil)
                    case .list, .record: throw RowShape.conflict(path, "\(type)", "nested")
                    }
                }
            }
            return out
        }
        func signed(_ s: RowScalar) -> Int64? { if case .int(let v, _) = s { v } else { nil } }
        func unsigned(_ s: RowScalar) -> UInt64? { if case .uint(let v, _) = s { v } else { nil } }
        switch type {
        case .int8, .int16, .int32, .int64:
            return try ArrayData.integers(try collect(0, signed), as: type)
        case .uint8:
            return ArrayData(try collect(0, unsigned).map { $0.map { UInt8(truncatingIfNeeded: $0) } })
        case .uint16:
            return ArrayData(try collect(0, unsigned).map { $0.map { UInt16(truncatingIfNeeded: $0) } })
        case .uint32:
            return ArrayData(try collect(0, unsigned).map { $0.map { UInt32(truncatingIfNeeded: $0) } })
        case .uint64:
            return ArrayData(try collect(0, unsigned))
        case .float32:
            return ArrayData(try collect(Float(0)) { if case .float(let v) = $0 { v } else { nil } })
        case .float64:
            return ArrayData(try collect(Double(0)) { if case .double(let v) = $0 { v } else { nil } })
        case .bool:
            return ArrayData(try collect(false) { if case .bool(let v) = $0 { v } else { nil } })
        case .utf8:
            return try ArrayData.utf8(try collect("") { if case .string(let v) = $0 { v } else { nil } })
        case .binary:
            return try ArrayData.binary(try collect([UInt8]()) { if case .bytes(let v) = $0 { v } else { nil } })
        case RowScalar.timestampType:
            let micros = try collect(Int64(0)) { if case .timestamp(let v) = $0 { v } else { nil } }
            return try ArrayData.primitive(micros, type: type)
        default:
            throw ArrowError(.unsupported, "no column type for \(type)", fieldPath: path)
        }
    }
}

extension RecordBatch {
    /// A batch with one row per value of `rows` and one column per stored
    /// property, found with a small `Encoder` (the rows' `Encodable` conformance).
    ///
    /// | Swift property | column |
    /// |---|---|
    /// | `Int`, `Int8` ... `Int64`, `UInt` ... `UInt64` | int64, int8 ... int64, uint64 ... |
    /// | `Double`, `Float` | float64, float32 |
    /// | `Bool`, `String` | bool, utf8 |
    /// | `[UInt8]`, `Data` | binary |
    /// | `Date` | timestamp[us, tz=UTC] |
    /// | `Optional<T>` | T, nullable |
    /// | a nested `Encodable` struct or class | struct |
    /// | `[T]`, `Set<T>` | list<T> |
    ///
    /// Fields are nullable exactly when the property is `Optional` (or a row
    /// encodes nil or leaves a key out); list items and struct children likewise.
    /// Columns are in the order the properties are encoded (declaration order for
    /// synthesized conformances). A property that is nil in every row and whose
    /// type says nothing more (an optional struct) becomes a null-type column.
    /// With no rows there is nothing to infer from: the batch has no columns.
    ///
    /// ```swift
    /// struct Point: Encodable { var x: Double; var y: Double }
    /// struct Row: Encodable { var id: Int; var name: String?; var at: Point; var tags: [String] }
    /// let batch = try RecordBatch(rows: rows)
    /// ```
    /// - Parameters:
    ///   - rows: The rows, in order; each must encode as a keyed container.
    ///   - schemaMetadata: Custom metadata of the schema; default none.
    /// - Throws: `ArrowError` (`.unsupported`), naming the property path in
    ///   `fieldPath`, for dictionaries, properties whose values change type
    ///   between rows, values that are not keyed containers at the top, and
    ///   nesting deeper than 32; `ArrowError` (`.invalidArgument`) for a `Date`
    ///   outside the range of timestamp[us], and wrapping any other error the
    ///   row's own `encode(to:)` throws.
    /// - Complexity: O(v) for v values encoded in all rows, which are copied.
    public init<Row: Encodable>(rows: [Row], schemaMetadata: [KeyValue]? = nil) throws(ArrowError) {
        let context = RowEncoding()
        var nodes: [RowNode] = []
        nodes.reserveCapacity(rows.count)
        var shape = RowShape(kind: .record([], [:]), nullable: false)
        var first = true
        for (i, row) in rows.enumerated() {
            let node = RowNode()
            do {
                try context.encode(row, into: node, path: [])
            } catch let error as ArrowError {
                throw error
            } catch {
                throw ArrowError(.invalidArgument, "encoding row \(i) failed: \(error)")
            }
            if let error = context.error { throw error }
            guard case .record = node.kind else {
                throw ArrowError(.unsupported, "row \(i) does not encode as a keyed container (a struct or class with properties)")
            }
            let rowShape = try node.shape(path: "", depth: 0)
            shape = first ? rowShape : try shape.merged(with: rowShape, path: "")
            first = false
            nodes.append(node)
        }
        guard case .record(let keys, let shapes) = shape.kind else {
            throw ArrowError(.unsupported, "rows do not encode as keyed containers")
        }
        var columns: [(Field, ArrayData)] = []
        for key in keys {
            guard let column = shapes[key] else { continue }
            let data = try column.column(nodes.map { $0.fields[key].map { .value($0) } ?? .null }, path: key)
            columns.append((Field(key, data.type, nullable: column.fieldNullable), data))
        }
        try self.init(fields: columns, schemaMetadata: schemaMetadata)
    }
}
