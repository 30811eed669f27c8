import ArrowFlatBuffers

// Reads `Schema.fbs` tables into the Swift model. Slot numbers are the field
// order in the .fbs files; a union takes two slots (type tag, then value).

enum SchemaDecoder {
    /// Field slots of `table Field`.
    private enum FieldSlot {
        static let name = 0, nullable = 1, typeType = 2, type = 3, dictionary = 4, children = 5, metadata = 6
    }

    static func schema(_ t: FlatBufferTable) throws(FlatBufferError) -> Schema {
        let endianRaw = try t.scalar(0, default: Int16(0), field: "Schema.endianness")
        guard let endianness = ArrowEndianness(rawValue: endianRaw) else {
            throw FlatBufferError(.invalidValue(Int64(endianRaw)), offset: t.position, field: "Schema.endianness")
        }
        var fields: [Field] = []
        if let v = try t.vector(1, elementSize: 4, field: "Schema.fields") {
            fields.reserveCapacity(v.count)
            for i in 0..<v.count {
                fields.append(try field(v.table(at: i, field: "Schema.fields[\(i)]"), path: "fields[\(i)]"))
            }
        }
        let metadata = try keyValues(t, slot: 2, field: "Schema.custom_metadata")
        var features: [Int64] = []
        if let v = try t.vector(3, elementSize: 8, field: "Schema.features") {
            features = (0..<v.count).map { v.scalar(at: $0, as: Int64.self) }
        }
        return Schema(fields, metadata: metadata, endianness: endianness, features: features)
    }

    /// The pairs of a `custom_metadata` vector, or nil when the table has none
    /// (absent and empty are different: Arrow C++ keeps them apart and writes each back).
    static func keyValues(_ t: FlatBufferTable, slot: Int, field: String) throws(FlatBufferError) -> [KeyValue]? {
        guard let v = try t.vector(slot, elementSize: 4, field: field) else { return nil }
        var out: [KeyValue] = []
        out.reserveCapacity(v.count)
        for i in 0..<v.count {
            let kv = try v.table(at: i, field: field)
            out.append(KeyValue(try kv.string(0, field: "KeyValue.key") ?? "", try kv.string(1, field: "KeyValue.value") ?? ""))
        }
        return out
    }

    static func field(_ t: FlatBufferTable, path: String) throws(FlatBufferError) -> Field {
        let name = try t.string(FieldSlot.name, field: "\(path).name") ?? ""
        let nullable = try t.bool(FieldSlot.nullable, default: false, field: "\(path).nullable")
        var children: [Field] = []
        if let v = try t.vector(FieldSlot.children, elementSize: 4, field: "\(path).children") {
            children.reserveCapacity(v.count)
            for i in 0..<v.count {
                children.append(try field(v.table(at: i, field: "\(path).children[\(i)]"), path: "\(path).children[\(i)]"))
            }
        }
        let metadata = try keyValues(t, slot: FieldSlot.metadata, field: "\(path).custom_metadata")
        let typeTag = try t.scalar(FieldSlot.typeType, default: UInt8(0), field: "\(path).type_type")
        let typeTable = try t.table(FieldSlot.type, field: "\(path).type")
        var type = try arrowType(tag: typeTag, table: typeTable, children: children, position: t.position, path: path)
        var dictionaryId: Int64? = nil
        if let d = try t.table(FieldSlot.dictionary, field: "\(path).dictionary") {
            dictionaryId = try d.scalar(0, default: Int64(0), field: "\(path).dictionary.id")
            var indexType = ArrowType.int32
            if let it = try d.table(1, field: "\(path).dictionary.indexType") {
                indexType = try intType(it, path: "\(path).dictionary.indexType")
            }
            let ordered = try d.bool(2, default: false, field: "\(path).dictionary.isOrdered")
            type = .dictionary(indexType: indexType, valueType: type, ordered: ordered)
        }
        return Field(name, type, nullable: nullable, metadata: metadata, dictionaryId: dictionaryId)
    }

    static func intType(_ t: FlatBufferTable, path: String) throws(FlatBufferError) -> ArrowType {
        let bits = try t.scalar(0, default: Int32(0), field: "\(path).bitWidth")
        let signed = try t.bool(1, default: false, field: "\(path).is_signed")
        guard let type = ArrowType.integer(bitWidth: Int(bits), signed: signed) else {
            throw FlatBufferError(.invalidValue(Int64(bits)), offset: t.position, field: "\(path).bitWidth")
        }
        return type
    }

    private static func timeUnit(_ raw: Int16, _ t: FlatBufferTable, _ path: String) throws(FlatBufferError) -> TimeUnit {
        guard let u = TimeUnit(rawValue: raw) else {
            throw FlatBufferError(.invalidValue(Int64(raw)), offset: t.position, field: "\(path).unit")
        }
        return u
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func arrowType(tag: UInt8, table: FlatBufferTable?, children: [Field], position: Int, path: String) throws(FlatBufferError) -> ArrowType {
        func require() throws(FlatBufferError) -> FlatBufferTable {
            guard let table else { throw FlatBufferError(.missingRequiredField, offset: position, field: "\(path).type") }
            return table
        }
        func childCount(_ n: Int) throws(FlatBufferError) {
            guard children.count == n else {
                throw FlatBufferError(.missingRequiredField, offset: position, field: "\(path).children (expected \(n), found \(children.count))")
            }
        }
        guard let kind = ArrowFormat.TypeTag(rawValue: tag) else {
            throw FlatBufferError(.unknownUnionType(tag), offset: position, field: "\(path).type_type")
        }
        switch kind {
        case .null: return .null
        case .int: return try intType(require(), path: "\(path).type")
        case .floatingPoint:
            switch try require().scalar(0, default: Int16(0), field: "\(path).precision") {
            case 0: return .float16
            case 1: return .float32
            case 2: return .float64
            case let p: throw FlatBufferError(.invalidValue(Int64(p)), offset: position, field: "\(path).precision")
            }
        case .binary: return .binary
        case .utf8: return .utf8
        case .bool: return .bool
        case .decimal:
            let t = try require()
            let p = try t.scalar(0, default: Int32(0), field: "\(path).precision")
            let s = try t.scalar(1, default: Int32(0), field: "\(path).scale")
            let w = try t.scalar(2, default: Int32(128), field: "\(path).bitWidth")
            guard [32, 64, 128, 256].contains(w) else {
                throw FlatBufferError(.invalidValue(Int64(w)), offset: t.position, field: "\(path).bitWidth")
            }
            return .decimal(precision: p, scale: s, bitWidth: w)
        case .date:
            let unit = try table?.scalar(0, default: Int16(1), field: "\(path).unit") ?? 1
            switch unit {
            case 0: return .date32
            case 1: return .date64
            default: throw FlatBufferError(.invalidValue(Int64(unit)), offset: position, field: "\(path).unit")
            }
        case .time:
            let t = try require()
            let unit = try timeUnit(t.scalar(0, default: Int16(1), field: "\(path).unit"), t, path)
            let bits = try t.scalar(1, default: Int32(32), field: "\(path).bitWidth")
            switch (bits, unit) {
            case (32, .second), (32, .millisecond): return .time32(unit)
            case (64, .microsecond), (64, .nanosecond): return .time64(unit)
            default: throw FlatBufferError(.invalidValue(Int64(bits)), offset: t.position, field: "\(path).bitWidth")
            }
        case .timestamp:
            let t = try require()
            let unit = try timeUnit(t.scalar(0, default: Int16(0), field: "\(path).unit"), t, path)
            return .timestamp(unit, timezone: try t.string(1, field: "\(path).timezone"))
        case .interval:
            let t = try require()
            let raw = try t.scalar(0, default: Int16(0), field: "\(path).unit")
            guard let unit = IntervalUnit(rawValue: raw) else {
                throw FlatBufferError(.invalidValue(Int64(raw)), offset: t.position, field: "\(path).unit")
            }
            return .interval(unit)
        case .list:
            try childCount(1)
            return .list(children[0])
        case .structType: return .struct(children)
        case .union:
            let t = try require()
            let mode = try t.scalar(0, default: Int16(0), field: "\(path).mode")
            guard let unionMode = UnionMode(rawValue: mode) else {
                throw FlatBufferError(.invalidValue(Int64(mode)), offset: t.position, field: "\(path).mode")
            }
            var ids: [Int32] = Array(0..<Int32(children.count))
            if let v = try t.vector(1, elementSize: 4, field: "\(path).typeIds") {
                guard v.count == children.count else {
                    throw FlatBufferError(.missingRequiredField, offset: t.position, field: "\(path).typeIds (count \(v.count) != children \(children.count))")
                }
                ids = (0..<v.count).map { v.scalar(at: $0, as: Int32.self) }
            }
            for id in ids where id < 0 || id > 127 {
                throw FlatBufferError(.invalidValue(Int64(id)), offset: t.position, field: "\(path).typeIds")
            }
            return .union(unionMode, fields: children, typeIds: ids)
        case .fixedSizeBinary:
            let w = try require().scalar(0, default: Int32(0), field: "\(path).byteWidth")
            guard w >= 0 else { throw FlatBufferError(.outOfBounds, offset: position, field: "\(path).byteWidth") }
            return .fixedSizeBinary(byteWidth: w)
        case .fixedSizeList:
            try childCount(1)
            let n = try require().scalar(0, default: Int32(0), field: "\(path).listSize")
            guard n >= 0 else { throw FlatBufferError(.outOfBounds, offset: position, field: "\(path).listSize") }
            return .fixedSizeList(children[0], listSize: n)
        case .map:
            try childCount(1)
            guard case .struct(let kv) = children[0].type, kv.count == 2 else {
                throw FlatBufferError(.missingRequiredField, offset: position, field: "\(path) map entries must be a struct of 2 fields")
            }
            let sorted = try table?.bool(0, default: false, field: "\(path).keysSorted") ?? false
            return .map(entries: children[0], keysSorted: sorted)
        case .duration:
            let t = try require()
            return .duration(try timeUnit(t.scalar(0, default: Int16(1), field: "\(path).unit"), t, path))
        case .largeBinary: return .largeBinary
        case .largeUtf8: return .largeUtf8
        case .largeList:
            try childCount(1)
            return .largeList(children[0])
        case .runEndEncoded:
            try childCount(2)
            guard [.int16, .int32, .int64].contains(children[0].type) else {
                throw FlatBufferError(.missingRequiredField, offset: position, field: "\(path) run_ends must be int16, int32 or int64")
            }
            return .runEndEncoded(runEnds: children[0], values: children[1])
        case .binaryView: return .binaryView
        case .utf8View: return .utf8View
        case .listView:
            try childCount(1)
            return .listView(children[0])
        case .largeListView:
            try childCount(1)
            return .largeListView(children[0])
        }
    }
}
