import ArrowIPC

// The schema part of Arrow's integration JSON format
// (docs/source/format/Integration.rst): `Schema`, `Field` and `Type` objects.

extension JSONValue {
    func member(_ key: String, in what: String) throws(ArrowError) -> JSONValue {
        guard let v = self[key] else { throw IntegrationJSON.error("\(what) has no '\(key)'") }
        return v
    }

    func int(_ key: String, in what: String) throws(ArrowError) -> Int64 {
        guard let v = try member(key, in: what).int64Value else {
            throw IntegrationJSON.error("'\(key)' of \(what) is not an integer")
        }
        return v
    }

    func int32(_ key: String, in what: String) throws(ArrowError) -> Int32 {
        let v = try int(key, in: what)
        guard let r = Int32(exactly: v) else { throw IntegrationJSON.error("'\(key)' of \(what) out of range: \(v)") }
        return r
    }

    func string(_ key: String, in what: String) throws(ArrowError) -> String {
        guard let v = try member(key, in: what).stringValue else {
            throw IntegrationJSON.error("'\(key)' of \(what) is not a string")
        }
        return v
    }

    func array(_ key: String, in what: String) throws(ArrowError) -> [JSONValue] {
        guard let v = try member(key, in: what).arrayValue else {
            throw IntegrationJSON.error("'\(key)' of \(what) is not an array")
        }
        return v
    }

    func bool(_ key: String, default value: Bool, in what: String) throws(ArrowError) -> Bool {
        guard let m = self[key], !m.isNull else { return value }
        guard let b = m.boolValue else { throw IntegrationJSON.error("'\(key)' of \(what) is not a boolean") }
        return b
    }
}

/// Conversions between integration JSON and the Arrow model.
public enum IntegrationJSON {
    static func error(_ message: String) -> ArrowError {
        ArrowError(.invalidFormat, "integration JSON: \(message)")
    }

    // MARK: JSON -> Schema

    /// Reads a JSON `Schema` object.
    ///
    /// - Parameter json: The `schema` member of an integration document.
    /// - Returns: The schema with its fields and metadata (a list of key/value
    ///   objects, or an object as some writers print it).
    /// - Throws: `ArrowError` with kind `.invalidFormat` (message `integration
    ///   JSON: ...`) when `fields` is missing or not an array, or in the cases of
    ///   `field(from:)` and for malformed metadata.
    /// - Complexity: O(f) in the number of fields, nested ones included.
    public static func schema(from json: JSONValue) throws(ArrowError) -> Schema {
        let fields = try json.array("fields", in: "schema")
        var out: [Field] = []
        out.reserveCapacity(fields.count)
        for f in fields { out.append(try field(from: f, depth: 0)) }
        return Schema(out, metadata: try metadata(from: json["metadata"], in: "schema"))
    }

    /// The pairs, or nil when the JSON has no `metadata` member (an empty list stays empty).
    static func metadata(from json: JSONValue?, in what: String) throws(ArrowError) -> [KeyValue]? {
        guard let json, !json.isNull else { return nil }
        switch json {
        case .array(let pairs):
            var out: [KeyValue] = []
            for p in pairs {
                out.append(KeyValue(try p.string("key", in: "metadata of \(what)"), try p.string("value", in: "metadata of \(what)")))
            }
            return out
        case .object(let members):
            // Some writers print metadata as an object.
            var out: [KeyValue] = []
            for m in members {
                guard let v = m.value.stringValue else { throw error("metadata value of \(what) is not a string") }
                out.append(KeyValue(m.key, v))
            }
            return out
        default:
            throw error("metadata of \(what) is neither a list nor an object")
        }
    }

    /// Reads a JSON `Field` object.
    ///
    /// A missing name reads as "", a missing `nullable` as `true`. A
    /// `dictionary` member makes the type a dictionary of the field's type.
    ///
    /// - Parameter json: A field object.
    /// - Returns: The field with its children, metadata and dictionary id.
    /// - Throws: `ArrowError` with kind `.invalidFormat` when the field is not
    ///   an object, a member has the wrong JSON type, the type is unknown or
    ///   inconsistent with the children (see `type(from:children:)`), a
    ///   dictionary index type is not an integer, or fields nest deeper than 64;
    ///   the error's field path names the field.
    /// - Complexity: O(f) in the number of nested fields.
    public static func field(from json: JSONValue) throws(ArrowError) -> Field {
        try field(from: json, depth: 0)
    }

    static func field(from json: JSONValue, depth: Int) throws(ArrowError) -> Field {
        guard depth < ArrowFormat.maxNestingDepth else { throw error("fields nested deeper than \(ArrowFormat.maxNestingDepth)") }
        guard case .object = json else { throw error("field is not an object") }
        let name: String
        if let n = json["name"], !n.isNull {
            guard let s = n.stringValue else { throw error("field name is not a string") }
            name = s
        } else {
            name = ""
        }
        let what = "field '\(name)'"
        let nullable = try json.bool("nullable", default: true, in: what)
        var children: [Field] = []
        if let c = json["children"], !c.isNull {
            guard let list = c.arrayValue else { throw error("children of \(what) is not an array") }
            for child in list { children.append(try field(from: child, depth: depth + 1)) }
        }
        var type: ArrowType
        do throws(ArrowError) {
            type = try self.type(from: try json.member("type", in: what), children: children)
        } catch {
            var e = error
            e.fieldPath = e.fieldPath.map { "\(name).\($0)" } ?? name
            throw e
        }
        let metadata = try metadata(from: json["metadata"], in: what)
        var dictionaryId: Int64?
        if let d = json["dictionary"], !d.isNull {
            let id = try d.int("id", in: "dictionary of \(what)")
            let indexJSON = try d.member("indexType", in: "dictionary of \(what)")
            let indexType = try self.type(from: indexJSON, children: [])
            guard indexType.isInteger else { throw error("dictionary index type of \(what) is \(indexType), not an integer") }
            let ordered = try d.bool("isOrdered", default: false, in: "dictionary of \(what)")
            type = .dictionary(indexType: indexType, valueType: type, ordered: ordered)
            dictionaryId = id
        }
        return Field(name, type, nullable: nullable, metadata: metadata, dictionaryId: dictionaryId)
    }

    static func timeUnit(_ json: JSONValue, in what: String) throws(ArrowError) -> TimeUnit {
        switch try json.string("unit", in: what) {
        case "SECOND": .second
        case "MILLISECOND": .millisecond
        case "MICROSECOND": .microsecond
        case "NANOSECOND": .nanosecond
        case let u: throw error("unknown time unit '\(u)' of \(what)")
        }
    }

    /// Reads a JSON `Type` object; `children` are the field's child fields.
    ///
    /// - Parameters:
    ///   - json: A `Type` object, e.g. `{"name": "int", "bitWidth": 32, "isSigned": true}`.
    ///   - children: The field's already-read children, for nested types.
    /// - Returns: The Arrow type.
    /// - Throws: `ArrowError` with kind `.invalidFormat` when `name` is missing
    ///   or unknown, a width, precision or unit is not supported, a required
    ///   member is missing or of the wrong JSON type, or the number of children
    ///   does not fit the type (e.g. a list without exactly one child, a union
    ///   whose type ids repeat or do not match its children).
    public static func type(from json: JSONValue, children: [Field]) throws(ArrowError) -> ArrowType {
        let name = try json.string("name", in: "type")
        let what = "type '\(name)'"
        func one() throws(ArrowError) -> Field {
            guard children.count == 1 else { throw error("\(what) needs 1 child, has \(children.count)") }
            return children[0]
        }
        func none() throws(ArrowError) {
            guard children.isEmpty else { throw error("\(what) has \(children.count) children, needs none") }
        }
        switch name {
        case "null":
            try none()
            return .null
        case "bool":
            try none()
            return .bool
        case "int":
            try none()
            let signed = try json.bool("isSigned", default: true, in: what)
            let width = try json.int("bitWidth", in: what)
            guard let type = ArrowType.integer(bitWidth: Int(width), signed: signed) else {
                throw error("unsupported integer bit width \(width)")
            }
            return type
        case "floatingpoint":
            try none()
            switch try json.string("precision", in: what) {
            case "HALF": return .float16
            case "SINGLE": return .float32
            case "DOUBLE": return .float64
            case let p: throw error("unknown floating point precision '\(p)'")
            }
        case "decimal":
            try none()
            let precision = try json.int32("precision", in: what)
            let scale = try json.int32("scale", in: what)
            let bits = json["bitWidth"] == nil ? 128 : try json.int32("bitWidth", in: what)
            guard [32, 64, 128, 256].contains(bits) else { throw error("unsupported decimal bit width \(bits)") }
            return .decimal(precision: precision, scale: scale, bitWidth: bits)
        case "date":
            try none()
            switch try json.string("unit", in: what) {
            case "DAY": return .date32
            case "MILLISECOND": return .date64
            case let u: throw error("unknown date unit '\(u)'")
            }
        case "time":
            try none()
            let unit = try timeUnit(json, in: what)
            let bits = json["bitWidth"] == nil ? (unit == .second || unit == .millisecond ? 32 : 64) : try json.int("bitWidth", in: what)
            switch (bits, unit) {
            case (32, .second), (32, .millisecond): return .time32(unit)
            case (64, .microsecond), (64, .nanosecond): return .time64(unit)
            default: throw error("time of \(bits) bits cannot have unit \(unit)")
            }
        case "timestamp":
            try none()
            var tz: String?
            if let t = json["timezone"], !t.isNull {
                guard let s = t.stringValue else { throw error("timezone is not a string") }
                tz = s
            }
            return .timestamp(try timeUnit(json, in: what), timezone: tz)
        case "duration":
            try none()
            return .duration(try timeUnit(json, in: what))
        case "interval":
            try none()
            switch try json.string("unit", in: what) {
            case "YEAR_MONTH": return .interval(.yearMonth)
            case "DAY_TIME": return .interval(.dayTime)
            case "MONTH_DAY_NANO": return .interval(.monthDayNano)
            case let u: throw error("unknown interval unit '\(u)'")
            }
        case "binary":
            try none()
            return .binary
        case "largebinary":
            try none()
            return .largeBinary
        case "utf8":
            try none()
            return .utf8
        case "largeutf8":
            try none()
            return .largeUtf8
        case "binaryview":
            try none()
            return .binaryView
        case "utf8view":
            try none()
            return .utf8View
        case "fixedsizebinary":
            try none()
            let w = try json.int32("byteWidth", in: what)
            guard w >= 0 else { throw error("negative byte width") }
            return .fixedSizeBinary(byteWidth: w)
        case "list": return .list(try one())
        case "largelist": return .largeList(try one())
        case "listview": return .listView(try one())
        case "largelistview": return .largeListView(try one())
        case "fixedsizelist":
            let n = try json.int32("listSize", in: what)
            guard n >= 0 else { throw error("negative list size") }
            return .fixedSizeList(try one(), listSize: n)
        case "struct": return .struct(children)
        case "map":
            let entries = try one()
            guard case .struct(let kv) = entries.type, kv.count == 2 else { throw error("map entries must be a struct of 2 fields") }
            return .map(entries: entries, keysSorted: try json.bool("keysSorted", default: false, in: what))
        case "union":
            let mode: UnionMode
            switch try json.string("mode", in: what) {
            case "SPARSE", "Sparse", "sparse": mode = .sparse
            case "DENSE", "Dense", "dense": mode = .dense
            case let m: throw error("unknown union mode '\(m)'")
            }
            var ids: [Int32] = []
            if let t = json["typeIds"], !t.isNull {
                guard let list = t.arrayValue else { throw error("typeIds is not an array") }
                for v in list {
                    guard let id = v.int64Value, id >= 0, id < 128 else { throw error("union type id out of 0..<128") }
                    ids.append(Int32(id))
                }
            } else {
                ids = (0..<Int32(children.count)).map { $0 }
            }
            guard ids.count == children.count else { throw error("union has \(children.count) children but \(ids.count) type ids") }
            guard Set(ids).count == ids.count else { throw error("union type ids repeat") }
            return .union(mode, fields: children, typeIds: ids)
        case "runendencoded":
            guard children.count == 2 else { throw error("run-end encoded type needs 2 children") }
            guard [ArrowType.int16, .int32, .int64].contains(children[0].type) else {
                throw error("run ends must be int16, int32 or int64")
            }
            return .runEndEncoded(runEnds: children[0], values: children[1])
        default:
            throw error("unknown type '\(name)'")
        }
    }

    // MARK: Schema -> JSON

    /// The JSON `Schema` object of `schema`.
    ///
    /// - Parameter schema: The schema.
    /// - Returns: An object with `fields` and, when non-empty, `metadata`.
    /// - Complexity: O(f) in the number of fields, nested ones included.
    public static func json(schema: Schema) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("fields", .array(schema.fields.map { json(field: $0) }))]
        if let m = schema.metadata, !m.isEmpty { members.append(("metadata", json(metadata: m))) }
        return .object(members)
    }

    static func json(metadata: [KeyValue]) -> JSONValue {
        .array(metadata.map { .object([("key", .string($0.key)), ("value", .string($0.value))]) })
    }

    /// The JSON `Field` object of `field`.
    ///
    /// A dictionary field is written with its value type and a `dictionary`
    /// member; a dictionary field without a `dictionaryId` gets id 0.
    ///
    /// - Parameter field: The field.
    /// - Returns: An object with `name`, `type`, `nullable`, `children` and,
    ///   when present, `dictionary` and `metadata`.
    /// - Complexity: O(f) in the number of nested fields.
    public static func json(field: Field) -> JSONValue {
        var valueType = field.type
        var dictionary: JSONValue?
        if case .dictionary(let index, let value, let ordered) = field.type {
            valueType = value
            dictionary = .object([
                ("id", .int(field.dictionaryId ?? 0)),
                ("indexType", json(type: index)),
                ("isOrdered", .bool(ordered)),
            ])
        }
        var members: [(key: String, value: JSONValue)] = [
            ("name", .string(field.name)),
            ("type", json(type: valueType)),
            ("nullable", .bool(field.nullable)),
            ("children", .array(valueType.children.map { json(field: $0) })),
        ]
        if let dictionary { members.append(("dictionary", dictionary)) }
        if let m = field.metadata, !m.isEmpty { members.append(("metadata", json(metadata: m))) }
        return .object(members)
    }

    static func unitName(_ u: TimeUnit) -> String {
        switch u {
        case .second: "SECOND"
        case .millisecond: "MILLISECOND"
        case .microsecond: "MICROSECOND"
        case .nanosecond: "NANOSECOND"
        }
    }

    /// The JSON `Type` object of `type` (for dictionaries: of the value type).
    ///
    /// - Parameter type: The type; children are not included (they belong to
    ///   the field object).
    /// - Returns: An object with `name` and the type's parameters.
    public static func json(type: ArrowType) -> JSONValue {
        func named(_ name: String, _ rest: [(key: String, value: JSONValue)] = []) -> JSONValue {
            .object([("name", .string(name))] + rest)
        }
        func int(_ bits: Int, _ signed: Bool) -> JSONValue {
            named("int", [("isSigned", .bool(signed)), ("bitWidth", .int(bits))])
        }
        switch type {
        case .null: return named("null")
        case .bool: return named("bool")
        case .int8: return int(8, true)
        case .int16: return int(16, true)
        case .int32: return int(32, true)
        case .int64: return int(64, true)
        case .uint8: return int(8, false)
        case .uint16: return int(16, false)
        case .uint32: return int(32, false)
        case .uint64: return int(64, false)
        case .float16: return named("floatingpoint", [("precision", .string("HALF"))])
        case .float32: return named("floatingpoint", [("precision", .string("SINGLE"))])
        case .float64: return named("floatingpoint", [("precision", .string("DOUBLE"))])
        case .decimal(let p, let s, let bits):
            return named("decimal", [("precision", .int(p)), ("scale", .int(s)), ("bitWidth", .int(bits))])
        case .date32: return named("date", [("unit", .string("DAY"))])
        case .date64: return named("date", [("unit", .string("MILLISECOND"))])
        case .time32(let u): return named("time", [("unit", .string(unitName(u))), ("bitWidth", .int(32))])
        case .time64(let u): return named("time", [("unit", .string(unitName(u))), ("bitWidth", .int(64))])
        case .timestamp(let u, let tz):
            var rest: [(key: String, value: JSONValue)] = [("unit", .string(unitName(u)))]
            if let tz { rest.append(("timezone", .string(tz))) }
            return named("timestamp", rest)
        case .duration(let u): return named("duration", [("unit", .string(unitName(u)))])
        case .interval(let u):
            let name =
                switch u {
                case .yearMonth: "YEAR_MONTH"
                case .dayTime: "DAY_TIME"
                case .monthDayNano: "MONTH_DAY_NANO"
                }
            return named("interval", [("unit", .string(name))])
        case .binary: return named("binary")
        case .largeBinary: return named("largebinary")
        case .utf8: return named("utf8")
        case .largeUtf8: return named("largeutf8")
        case .binaryView: return named("binaryview")
        case .utf8View: return named("utf8view")
        case .fixedSizeBinary(let w): return named("fixedsizebinary", [("byteWidth", .int(w))])
        case .list: return named("list")
        case .largeList: return named("largelist")
        case .listView: return named("listview")
        case .largeListView: return named("largelistview")
        case .fixedSizeList(_, let n): return named("fixedsizelist", [("listSize", .int(n))])
        case .struct: return named("struct")
        case .map(_, let sorted): return named("map", [("keysSorted", .bool(sorted))])
        case .union(let mode, _, let ids):
            return named("union", [("mode", .string(mode == .sparse ? "SPARSE" : "DENSE")), ("typeIds", .array(ids.map { .int($0) }))])
        case .dictionary(_, let value, _): return json(type: value)
        case .runEndEncoded: return named("runendencoded")
        }
    }
}
