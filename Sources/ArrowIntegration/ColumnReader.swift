import ArrowIPC
import ArrowMemory

// MARK: - JSON -> ArrayData

struct ColumnReader {
    let schema: Schema
    /// `data` objects of the JSON dictionaries by id.
    var dictionaryJSON: [Int64: JSONValue] = [:]
    /// Dictionaries built so far.
    var dictionaries: [Int64: ArrayData] = [:]
    var building: Set<Int64> = []
    let valueTypes: [Int64: ArrowType]

    /// The largest `count` accepted (Arrow C++ reads counts as 32-bit integers).
    static let maximumCount = Int64(Int32.max)

    init(schema: Schema) {
        self.schema = schema
        self.valueTypes = IntegrationFile.dictionaryValueFields(schema)
    }

    static func count(_ json: JSONValue, in what: String) throws(ArrowError) -> Int {
        let c = try json.int("count", in: what)
        guard c >= 0, c <= maximumCount else { throw IntegrationJSON.error("count \(c) of \(what) out of range") }
        return Int(c)
    }

    mutating func dictionary(_ id: Int64, depth: Int) throws(ArrowError) -> ArrayData {
        if let d = dictionaries[id] { return d }
        guard !building.contains(id) else { throw IntegrationJSON.error("dictionary \(id) contains itself") }
        guard let data = dictionaryJSON[id] else { throw IntegrationJSON.error("no dictionary with id \(id)") }
        guard let valueType = valueTypes[id] else { throw IntegrationJSON.error("dictionary \(id) is used by no field") }
        building.insert(id)
        defer { building.remove(id) }
        do throws(ArrowError) {
            let count = try ColumnReader.count(data, in: "dictionary \(id)")
            let columns = try data.array("columns", in: "dictionary \(id)")
            guard columns.count == 1 else { throw IntegrationJSON.error("dictionary \(id) has \(columns.count) columns, needs 1") }
            let values = try read(Field("DICT\(id)", valueType, nullable: true), columns[0], depth: depth + 1)
            guard values.length == count else { throw IntegrationJSON.error("dictionary \(id) has \(values.length) values, count says \(count)") }
            dictionaries[id] = values
            return values
        } catch {
            throw error.inFieldPath("dictionary \(id)")
        }
    }

    /// Elements of a buffer member (`DATA`, `OFFSET`, ...) that must hold `count` entries.
    func elements(_ json: JSONValue, _ key: String, _ count: Int) throws(ArrowError) -> [JSONValue] {
        guard let m = json[key] else {
            if count == 0 { return [] }
            throw IntegrationJSON.error("column has no '\(key)'")
        }
        guard let list = m.arrayValue else { throw IntegrationJSON.error("'\(key)' is not an array") }
        guard list.count == count else {
            throw IntegrationJSON.error("'\(key)' has \(list.count) entries, needs \(count)")
        }
        return list
    }

    /// The `VALIDITY` bits, or `nil` when absent (every value valid).
    func validity(_ json: JSONValue, _ count: Int) throws(ArrowError) -> [Bool]? {
        guard let m = json["VALIDITY"], !m.isNull else { return nil }
        guard let list = m.arrayValue, list.count == count else {
            throw IntegrationJSON.error("'VALIDITY' needs \(count) entries")
        }
        var out: [Bool] = []
        out.reserveCapacity(count)
        for v in list {
            guard let b = v.int64Value, b == 0 || b == 1 else { throw IntegrationJSON.error("'VALIDITY' entries must be 0 or 1") }
            out.append(b == 1)
        }
        return out
    }

    func integers<T: FixedWidthInteger>(_ list: [JSONValue], _ valid: [Bool]?, _ what: String, as: T.Type) throws(ArrowError) -> [T] {
        var out: [T] = []
        out.reserveCapacity(list.count)
        for (k, v) in list.enumerated() {
            let parsed: T?
            if T.isSigned {
                parsed = v.int64Value.flatMap { T(exactly: $0) }
            } else {
                parsed = v.uint64Value.flatMap { T(exactly: $0) }
            }
            if let parsed {
                out.append(parsed)
            } else if let valid, !valid[k] {
                out.append(0)
            } else {
                throw IntegrationJSON.error("\(what) entry \(k) is not a \(T.self): \(v.jsonText)")
            }
        }
        return out
    }

    /// Offsets of a list or binary column; an empty list stands for `[0]`.
    func offsets<T: FixedWidthInteger>(_ json: JSONValue, _ count: Int, as: T.Type) throws(ArrowError) -> [T] {
        if count == 0, json["OFFSET"]?.arrayValue?.isEmpty ?? true { return [0] }
        let list = try elements(json, "OFFSET", count + 1)
        return try integers(list, nil, "OFFSET", as: T.self)
    }

    mutating func readChildren(_ json: JSONValue, _ fields: [Field], depth: Int) throws(ArrowError) -> [ArrayData] {
        var list: [JSONValue] = []
        if let c = json["children"], !c.isNull {
            guard let l = c.arrayValue else { throw IntegrationJSON.error("'children' is not an array") }
            list = l
        }
        guard list.count == fields.count else {
            throw IntegrationJSON.error("column has \(list.count) children, type has \(fields.count)")
        }
        var out: [ArrayData] = []
        out.reserveCapacity(fields.count)
        for (f, c) in zip(fields, list) {
            do throws(ArrowError) {
                out.append(try read(f, c, depth: depth + 1))
            } catch {
                throw error.inFieldPath(f.name)
            }
        }
        return out
    }

    /// Bytes of a `DATA` entry of a binary (hex) or string (UTF-8) column.
    func binary(_ v: JSONValue, utf8: Bool) -> [UInt8]? {
        guard let s = v.stringValue else { return nil }
        return utf8 ? Array(s.utf8) : Hex.decode(s)
    }

    mutating func read(_ field: Field, _ json: JSONValue, depth: Int) throws(ArrowError) -> ArrayData {
        guard depth < ArrowFormat.maxNestingDepth else { throw IntegrationJSON.error("columns nested deeper than \(ArrowFormat.maxNestingDepth)") }
        guard case .object = json else { throw IntegrationJSON.error("column is not an object") }
        let count = try ColumnReader.count(json, in: "column")
        let type = field.type
        var out = ArrayData(type: type, length: count)
        var valid: [Bool]?
        if type.hasValidityBitmap, let bits = try validity(json, count) {
            let nulls = bits.reduce(0) { $0 + ($1 ? 0 : 1) }
            if nulls > 0 {
                out.validity = Buffers.bitmap(bits)
                out.nullCount = nulls
                valid = bits
            }
        }

        func isValid(_ k: Int) -> Bool { valid.map { $0[k] } ?? true }

        switch type {
        case .null:
            out.nullCount = count
        case .bool:
            var bits: [Bool] = []
            bits.reserveCapacity(count)
            for (k, v) in try elements(json, "DATA", count).enumerated() {
                switch v {
                case .bool(let b): bits.append(b)
                default:
                    guard let n = v.int64Value, n == 0 || n == 1 else {
                        if !isValid(k) {
                            bits.append(false)
                            continue
                        }
                        throw IntegrationJSON.error("DATA entry \(k) is not a boolean")
                    }
                    bits.append(n == 1)
                }
            }
            out.buffers = [Buffers.bitmap(bits)]
        case .int8:
            out.buffers = [Buffers.of(try integers(try elements(json, "DATA", count), valid, "DATA", as: Int8.self))]
        case .uint8:
            out.buffers = [Buffers.of(try integers(try elements(json, "DATA", count), valid, "DATA", as: UInt8.self))]
        case .int16:
            out.buffers = [Buffers.of(try integers(try elements(json, "DATA", count), valid, "DATA", as: Int16.self))]
        case .uint16:
            out.buffers = [Buffers.of(try integers(try elements(json, "DATA", count), valid, "DATA", as: UInt16.self))]
        case .int32, .date32, .time32, .interval(.yearMonth):
            out.buffers = [Buffers.of(try integers(try elements(json, "DATA", count), valid, "DATA", as: Int32.self))]
        case .uint32:
            out.buffers = [Buffers.of(try integers(try elements(json, "DATA", count), valid, "DATA", as: UInt32.self))]
        case .int64, .date64, .time64, .timestamp, .duration:
            out.buffers = [Buffers.of(try integers(try elements(json, "DATA", count), valid, "DATA", as: Int64.self))]
        case .uint64:
            out.buffers = [Buffers.of(try integers(try elements(json, "DATA", count), valid, "DATA", as: UInt64.self))]
        case .float16:
            // Arrow C++ writes the 16 bits as an integer; other writers print the value.
            var bits: [UInt16] = []
            for (k, v) in try elements(json, "DATA", count).enumerated() {
                if case .number(let text) = v, !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" || $0.isLetter }),
                    let n = UInt16(text)
                {
                    bits.append(n)
                } else if let d = v.doubleValue {
                    bits.append(HalfFloat.bits(d))
                } else if !isValid(k) {
                    bits.append(0)
                } else {
                    throw IntegrationJSON.error("DATA entry \(k) is not a number")
                }
            }
            out.buffers = [Buffers.of(bits)]
        case .float32, .float64:
            let single = type == .float32
            var bits32: [UInt32] = []
            var bits64: [UInt64] = []
            for (k, v) in try elements(json, "DATA", count).enumerated() {
                var d = v.doubleValue
                if d == nil, !isValid(k) { d = 0 }
                guard let d else { throw IntegrationJSON.error("DATA entry \(k) is not a number") }
                if single { bits32.append(Float(d).bitPattern) } else { bits64.append(d.bitPattern) }
            }
            out.buffers = [single ? Buffers.of(bits32) : Buffers.of(bits64)]
        case .decimal(_, _, let bits):
            let list = try elements(json, "DATA", count)
            switch bits {
            case 32:
                out.buffers = [Buffers.of(try integers(list, valid, "DATA", as: Int32.self))]
            case 64:
                out.buffers = [Buffers.of(try integers(list, valid, "DATA", as: Int64.self))]
            default:
                let words = Int(bits) / 64
                var all: [UInt64] = []
                all.reserveCapacity(count * words)
                for (k, v) in list.enumerated() {
                    var text: String?
                    switch v {
                    case .string(let s), .number(let s): text = s
                    default: text = nil
                    }
                    if let text, let w = WideInteger.parse(text, words: words) {
                        all.append(contentsOf: w)
                    } else if !isValid(k) {
                        all.append(contentsOf: repeatElement(0, count: words))
                    } else {
                        throw IntegrationJSON.error("DATA entry \(k) is not a \(bits)-bit decimal: \(v.jsonText)")
                    }
                }
                out.buffers = [Buffers.of(all)]
            }
        case .interval(.dayTime):
            var all: [Int32] = []
            for (k, v) in try elements(json, "DATA", count).enumerated() {
                let days = v["days"]?.int64Value.flatMap { Int32(exactly: $0) }
                let ms = v["milliseconds"]?.int64Value.flatMap { Int32(exactly: $0) }
                if isValid(k), days == nil || ms == nil {
                    throw IntegrationJSON.error("DATA entry \(k) is not a day-time interval")
                }
                all.append(days ?? 0)
                all.append(ms ?? 0)
            }
            out.buffers = [Buffers.of(all)]
        case .interval(.monthDayNano):
            var bytes: [UInt8] = []
            for (k, v) in try elements(json, "DATA", count).enumerated() {
                let months = v["months"]?.int64Value.flatMap { Int32(exactly: $0) }
                let days = v["days"]?.int64Value.flatMap { Int32(exactly: $0) }
                let ns = v["nanoseconds"]?.int64Value
                if isValid(k), months == nil || days == nil || ns == nil {
                    throw IntegrationJSON.error("DATA entry \(k) is not a month-day-nano interval")
                }
                withUnsafeBytes(of: (months ?? 0).littleEndian) { bytes.append(contentsOf: $0) }
                withUnsafeBytes(of: (days ?? 0).littleEndian) { bytes.append(contentsOf: $0) }
                withUnsafeBytes(of: (ns ?? 0).littleEndian) { bytes.append(contentsOf: $0) }
            }
            out.buffers = [ArrowBuffer(copying: bytes)]
        case .fixedSizeBinary(let width):
            // Null slots may be zero-filled, so bound what a short document can allocate.
            let (total, overflow) = Int(width).multipliedReportingOverflow(by: count)
            guard !overflow, total <= 1 << 30 else { throw IntegrationJSON.error("fixed-size binary column larger than 1 GiB") }
            var bytes: [UInt8] = []
            for (k, v) in try elements(json, "DATA", count).enumerated() {
                if let b = binary(v, utf8: false), b.count == Int(width) {
                    bytes.append(contentsOf: b)
                } else if !isValid(k) {
                    bytes.append(contentsOf: repeatElement(0, count: Int(width)))
                } else {
                    throw IntegrationJSON.error("DATA entry \(k) is not \(width) hex-encoded bytes")
                }
            }
            out.buffers = [ArrowBuffer(copying: bytes)]
        case .binary, .utf8, .largeBinary, .largeUtf8:
            let utf8 = type == .utf8 || type == .largeUtf8
            let large = type == .largeBinary || type == .largeUtf8
            var data: [UInt8] = []
            var ends: [Int64] = [0]
            for (k, v) in try elements(json, "DATA", count).enumerated() {
                if let b = binary(v, utf8: utf8) {
                    if isValid(k) { data.append(contentsOf: b) }
                } else if isValid(k) {
                    throw IntegrationJSON.error("DATA entry \(k) is not a \(utf8 ? "string" : "hex string")")
                }
                ends.append(Int64(data.count))
            }
            guard large || data.count <= Int(Int32.max) else { throw IntegrationJSON.error("string data exceeds 2 GiB") }
            let offsets = large ? Buffers.of(ends) : Buffers.of(ends.map { Int32(truncatingIfNeeded: $0) })
            out.buffers = [offsets, ArrowBuffer(copying: data)]
        case .binaryView, .utf8View:
            let utf8 = type == .utf8View
            var variadic: [ArrowBuffer] = []
            if let m = json["VARIADIC_DATA_BUFFERS"], !m.isNull {
                guard let list = m.arrayValue else { throw IntegrationJSON.error("'VARIADIC_DATA_BUFFERS' is not an array") }
                for (k, v) in list.enumerated() {
                    guard let s = v.stringValue, let b = Hex.decode(s) else {
                        throw IntegrationJSON.error("variadic buffer \(k) is not a hex string")
                    }
                    variadic.append(ArrowBuffer(copying: b))
                }
            }
            let entries = try elements(json, "VIEWS", count)
            var views = [UInt8](repeating: 0, count: entries.count * 16)
            for (k, v) in entries.enumerated() {
                func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
                    withUnsafeBytes(of: value.littleEndian) { raw in
                        for (n, byte) in raw.enumerated() { views[k * 16 + offset + n] = byte }
                    }
                }
                guard let size = v["SIZE"]?.int64Value.flatMap({ Int32(exactly: $0) }), size >= 0 else {
                    if !isValid(k) { continue }
                    throw IntegrationJSON.error("view \(k) has no valid 'SIZE'")
                }
                put(size, at: 0)
                if size <= 12 {
                    guard let inline = v["INLINED"].flatMap({ binary($0, utf8: utf8) }), inline.count == Int(size) else {
                        if !isValid(k) {
                            put(Int32(0), at: 0)
                            continue
                        }
                        throw IntegrationJSON.error("view \(k) needs 'INLINED' of \(size) bytes")
                    }
                    for (n, byte) in inline.enumerated() { views[k * 16 + 4 + n] = byte }
                } else {
                    guard let prefix = v["PREFIX_HEX"]?.stringValue.flatMap(Hex.decode), prefix.count == 4,
                        let index = v["BUFFER_INDEX"]?.int64Value.flatMap({ Int32(exactly: $0) }),
                        let offset = v["OFFSET"]?.int64Value.flatMap({ Int32(exactly: $0) })
                    else {
                        if !isValid(k) {
                            put(Int32(0), at: 0)
                            continue
                        }
                        throw IntegrationJSON.error("view \(k) needs 'PREFIX_HEX', 'BUFFER_INDEX' and 'OFFSET'")
                    }
                    for (n, byte) in prefix.enumerated() { views[k * 16 + 4 + n] = byte }
                    put(index, at: 8)
                    put(offset, at: 12)
                }
            }
            out.buffers = [ArrowBuffer(copying: views)] + variadic
        case .list(let child), .map(let child, _):
            out.buffers = [Buffers.of(try offsets(json, count, as: Int32.self))]
            out.children = try readChildren(json, [child], depth: depth)
        case .largeList(let child):
            out.buffers = [Buffers.of(try offsets(json, count, as: Int64.self))]
            out.children = try readChildren(json, [child], depth: depth)
        case .listView(let child):
            let o = try integers(try elements(json, "OFFSET", count), valid, "OFFSET", as: Int32.self)
            let s = try integers(try elements(json, "SIZE", count), valid, "SIZE", as: Int32.self)
            out.buffers = [Buffers.of(o), Buffers.of(s)]
            out.children = try readChildren(json, [child], depth: depth)
        case .largeListView(let child):
            let o = try integers(try elements(json, "OFFSET", count), valid, "OFFSET", as: Int64.self)
            let s = try integers(try elements(json, "SIZE", count), valid, "SIZE", as: Int64.self)
            out.buffers = [Buffers.of(o), Buffers.of(s)]
            out.children = try readChildren(json, [child], depth: depth)
        case .fixedSizeList(let child, _):
            out.children = try readChildren(json, [child], depth: depth)
        case .struct(let fields):
            out.children = try readChildren(json, fields, depth: depth)
        case .union(let mode, let fields, _):
            let ids = try integers(try elements(json, "TYPE_ID", count), nil, "TYPE_ID", as: Int8.self)
            out.buffers = [Buffers.of(ids)]
            if mode == .dense {
                out.buffers.append(Buffers.of(try integers(try elements(json, "OFFSET", count), nil, "OFFSET", as: Int32.self)))
            }
            out.children = try readChildren(json, fields, depth: depth)
        case .runEndEncoded(let runEnds, let values):
            out.children = try readChildren(json, [runEnds, values], depth: depth)
        case .dictionary(let indexType, _, _):
            guard let id = field.dictionaryId else { throw IntegrationJSON.error("dictionary-encoded field without dictionary id") }
            let list = try elements(json, "DATA", count)
            switch indexType {
            case .int8: out.buffers = [Buffers.of(try integers(list, valid, "DATA", as: Int8.self))]
            case .uint8: out.buffers = [Buffers.of(try integers(list, valid, "DATA", as: UInt8.self))]
            case .int16: out.buffers = [Buffers.of(try integers(list, valid, "DATA", as: Int16.self))]
            case .uint16: out.buffers = [Buffers.of(try integers(list, valid, "DATA", as: UInt16.self))]
            case .int32: out.buffers = [Buffers.of(try integers(list, valid, "DATA", as: Int32.self))]
            case .uint32: out.buffers = [Buffers.of(try integers(list, valid, "DATA", as: UInt32.self))]
            case .int64: out.buffers = [Buffers.of(try integers(list, valid, "DATA", as: Int64.self))]
            case .uint64: out.buffers = [Buffers.of(try integers(list, valid, "DATA", as: UInt64.self))]
            default: throw IntegrationJSON.error("dictionary index type \(indexType) is not an integer")
            }
            out.dictionary = try dictionary(id, depth: depth)
        }
        return out
    }
}
