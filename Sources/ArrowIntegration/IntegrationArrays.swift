import ArrowIPC
import ArrowMemory

/// The contents of an Arrow integration JSON file (or of an IPC file seen the
/// same way): schema, record batches and dictionaries by id.
///
/// Built from JSON, dictionary-encoded columns (also nested ones) have
/// `dictionary` set to the JSON dictionary with their field's id.
public struct IntegrationFile: Sendable {
    public var schema: Schema
    public var batches: [RecordBatch]
    public var dictionaries: [Int64: ArrayData]

    public init(schema: Schema, batches: [RecordBatch], dictionaries: [Int64: ArrayData] = [:]) {
        self.schema = schema
        self.batches = batches
        self.dictionaries = dictionaries
    }

    /// Parses integration JSON text.
    public init(json bytes: [UInt8]) throws(ArrowError) {
        try self.init(json: try JSONValue(parsing: bytes))
    }

    /// Reads a parsed integration JSON document.
    public init(json: JSONValue) throws(ArrowError) {
        guard case .object = json else { throw IntegrationJSON.error("document is not an object") }
        let schema = try IntegrationJSON.schema(from: try json.member("schema", in: "document"))
        var reader = ColumnReader(schema: schema)
        var sequenced: [(beforeBatch: Int, id: Int64, isDelta: Bool, data: JSONValue)] = []
        if let d = json["dictionaries"], !d.isNull {
            guard let list = d.arrayValue else { throw IntegrationJSON.error("'dictionaries' is not an array") }
            for entry in list {
                let id = try entry.int("id", in: "dictionary")
                let data = try entry.member("data", in: "dictionary \(id)")
                if entry["beforeBatch"] != nil {
                    // Extension used by Fixtures/generate.py for streams whose dictionaries
                    // change: one entry per dictionary message, applied before batch
                    // `beforeBatch`, replacing the dictionary or (isDelta) appending to it.
                    let before = try entry.int("beforeBatch", in: "dictionary \(id)")
                    sequenced.append((Int(before), id, entry["isDelta"]?.boolValue ?? false, data))
                    continue
                }
                guard reader.dictionaryJSON[id] == nil else { throw IntegrationJSON.error("dictionary \(id) appears twice") }
                reader.dictionaryJSON[id] = data
            }
        }
        var batches: [RecordBatch] = []
        for (b, batch) in try json.array("batches", in: "document").enumerated() {
            for s in sequenced where s.beforeBatch == b {
                if s.isDelta {
                    let existing = try reader.dictionary(s.id, depth: 0)
                    reader.dictionaries[s.id] = nil
                    reader.dictionaryJSON[s.id] = s.data
                    let delta = try reader.dictionary(s.id, depth: 0)
                    reader.dictionaries[s.id] = try ArrayData.concatenating([existing, delta])
                } else {
                    reader.dictionaries[s.id] = nil
                    reader.dictionaryJSON[s.id] = s.data
                }
            }
            do throws(ArrowError) {
                let count = try ColumnReader.count(batch, in: "batch")
                let columns = try batch.array("columns", in: "batch")
                guard columns.count == schema.fields.count else {
                    throw IntegrationJSON.error("batch has \(columns.count) columns, schema has \(schema.fields.count) fields")
                }
                var arrays: [ArrayData] = []
                for (field, column) in zip(schema.fields, columns) {
                    do throws(ArrowError) {
                        let a = try reader.read(field, column, depth: 0)
                        guard a.length == count else {
                            throw IntegrationJSON.error("column has \(a.length) values, batch has \(count) rows")
                        }
                        arrays.append(a)
                    } catch {
                        throw error.inFieldPath(field.name)
                    }
                }
                batches.append(RecordBatch(schema: schema, length: count, columns: arrays))
            } catch {
                var e = error
                if e.messageIndex == nil { e.messageIndex = b }
                throw e
            }
        }
        // Dictionaries nobody referenced while reading the batches.
        for id in reader.dictionaryJSON.keys.sorted() where reader.dictionaries[id] == nil {
            if reader.valueTypes[id] != nil { _ = try reader.dictionary(id, depth: 0) }
        }
        self.init(schema: schema, batches: batches, dictionaries: reader.dictionaries)
    }

    /// The schema, batches and dictionaries of an IPC file or stream. For a
    /// stream, `dictionaries` are the ones after the last message.
    public init(contents: IPCContents) {
        var dictionaries = contents.dictionaries
        // Ids only seen on the batches' columns.
        func collect(_ array: ArrayData, _ field: Field, depth: Int) {
            guard depth < 64 else { return }
            if let id = field.dictionaryId, dictionaries[id] == nil, let d = array.dictionary {
                dictionaries[id] = d
            }
            if case .dictionary(_, let valueType, _) = field.type, let d = array.dictionary {
                for (f, c) in zip(valueType.children, d.children) { collect(c, f, depth: depth + 1) }
            } else {
                for (f, c) in zip(field.type.children, array.children) { collect(c, f, depth: depth + 1) }
            }
        }
        for batch in contents.batches {
            for (f, c) in zip(contents.schema.fields, batch.columns) { collect(c, f, depth: 0) }
        }
        self.init(schema: contents.schema, batches: contents.batches, dictionaries: dictionaries)
    }

    /// Reads an integration JSON file (`.json`, or `.json.gz` which is inflated in memory).
    public init(jsonPath path: String) throws(ArrowError) {
        let storage: ByteStorage
        do { storage = try ByteStorage.readFile(atPath: path) } catch {
            throw ArrowError(.io, "\(error)")
        }
        var bytes = ByteBuffer(storage: storage).bytes
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B {
            bytes = try Inflate.gunzip(bytes)
        }
        try self.init(json: bytes)
    }

    /// The integration JSON document: `schema`, `dictionaries` (when there are
    /// any) and `batches`, printing only logical values (offsets start at 0,
    /// slices are resolved, null slots print as 0 or empty).
    public func json() throws(ArrowError) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("schema", IntegrationJSON.json(schema: schema))]
        var writer = ColumnWriter()
        var out: [JSONValue] = []
        for (b, batch) in batches.enumerated() {
            var columns: [JSONValue] = []
            for (field, column) in zip(schema.fields, batch.columns) {
                do throws(ArrowError) {
                    try column.validate(full: true)
                    columns.append(try writer.write(field, column, depth: 0))
                } catch {
                    var e = error.inFieldPath(field.name)
                    e.messageIndex = b
                    throw e
                }
            }
            out.append(.object([("count", .int(batch.length)), ("columns", .array(columns))]))
        }
        let valueFields = IntegrationFile.dictionaryValueFields(schema)
        var dicts: [JSONValue] = []
        for id in valueFields.keys.sorted() {
            guard let valueType = valueFields[id], let d = dictionaries[id] else { continue }
            let field = Field("DICT\(id)", valueType, nullable: true)
            do throws(ArrowError) {
                try d.validate(full: true)
                let column = try writer.write(field, d, depth: 0)
                dicts.append(.object([
                    ("id", .int(id)),
                    ("data", .object([("count", .int(d.length)), ("columns", .array([column]))])),
                ]))
            } catch {
                throw error.inFieldPath("dictionary \(id)")
            }
        }
        if !dicts.isEmpty { members.append(("dictionaries", .array(dicts))) }
        members.append(("batches", .array(out)))
        return .object(members)
    }

    /// `json()` printed as indented JSON text.
    public func jsonBytes() throws(ArrowError) -> [UInt8] {
        var bytes = try json().serialized(indent: 2)
        bytes.append(0x0A)
        return bytes
    }

    /// The value type of every dictionary id used in `schema` (first use wins).
    static func dictionaryValueFields(_ schema: Schema) -> [Int64: ArrowType] {
        var out: [Int64: ArrowType] = [:]
        func walk(_ f: Field, depth: Int) {
            guard depth < 64 else { return }
            if case .dictionary(_, let value, _) = f.type, let id = f.dictionaryId, out[id] == nil {
                out[id] = value
            }
            for c in f.type.children { walk(c, depth: depth + 1) }
        }
        for f in schema.fields { walk(f, depth: 0) }
        return out
    }
}

extension ArrowError {
    func inFieldPath(_ name: String) -> ArrowError {
        var e = self
        e.fieldPath = e.fieldPath.map { "\(name).\($0)" } ?? name
        return e
    }
}

// MARK: - Buffers

enum Buffers {
    static func of<T: FixedWidthInteger>(_ values: [T]) -> ByteBuffer {
        let size = MemoryLayout<T>.size
        return ByteBuffer(count: values.count * size) { p in
            for (k, v) in values.enumerated() {
                p.storeBytes(of: v.littleEndian, toByteOffset: k * size, as: T.self)
            }
        }
    }

    /// A bitmap with bit `k` set when `bits[k]` (least significant bit first).
    static func bitmap(_ bits: [Bool]) -> ByteBuffer {
        ByteBuffer(count: (bits.count + 7) / 8) { p in
            for (k, b) in bits.enumerated() where b {
                p[k >> 3] |= 1 << UInt8(k & 7)
            }
        }
    }
}

extension ByteBuffer {
    /// Element `index` of width `T`, or 0 outside the buffer.
    @inline(__always)
    func value<T: FixedWidthInteger>(_ index: Int, as: T.Type = T.self) -> T {
        let (at, overflow) = index.multipliedReportingOverflow(by: MemoryLayout<T>.size)
        guard !overflow else { return 0 }
        return readInteger(at: at, as: T.self) ?? 0
    }

    /// Bit `index` (least significant first), or `false` outside the buffer.
    @inline(__always)
    func bit(_ index: Int) -> Bool {
        guard index >= 0, index >> 3 < count else { return false }
        return bitUnchecked(index)
    }

    /// `count` bytes at `start`, or nothing when out of range.
    func bytes(_ start: Int, _ count: Int) -> ArraySlice<UInt8> {
        guard let s = slice(start, count: count) else { return [] }
        return s.bytes[...]
    }
}

// MARK: - Hex, decimals and half floats

enum Hex {
    static func decode(_ s: String) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var k = 0
        while k < u.count {
            guard let hi = hexDigit(u[k]), let lo = hexDigit(u[k + 1]) else { return nil }
            out.append(hi << 4 | lo)
            k += 2
        }
        return out
    }

    static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Two's complement integers of 128 or 256 bits as little-endian 64-bit words.
enum WideInteger {
    /// Parses a decimal integer into `words` words, or `nil` when it does not fit.
    static func parse(_ text: String, words: Int) -> [UInt64]? {
        var u = Array(text.utf8)[...]
        var negative = false
        if let f = u.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            negative = f == UInt8(ascii: "-")
            u = u.dropFirst()
        }
        guard !u.isEmpty, u.count <= 100 else { return nil }
        var limbs = [UInt64](repeating: 0, count: words)
        for c in u {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            var carry = UInt64(c - UInt8(ascii: "0"))
            for k in 0..<words {
                let (hi, lo) = limbs[k].multipliedFullWidth(by: 10)
                let (sum, o) = lo.addingReportingOverflow(carry)
                limbs[k] = sum
                carry = hi + (o ? 1 : 0)
            }
            guard carry == 0 else { return nil }
        }
        let top = limbs[words - 1] >> 63
        if negative {
            let isZero = limbs.allSatisfy { $0 == 0 }
            negate(&limbs)
            guard isZero || limbs[words - 1] >> 63 == 1 else { return nil }
        } else {
            guard top == 0 else { return nil }
        }
        return limbs
    }

    static func negate(_ limbs: inout [UInt64]) {
        var carry: UInt64 = 1
        for k in 0..<limbs.count {
            let (s, o) = (~limbs[k]).addingReportingOverflow(carry)
            limbs[k] = s
            carry = o ? 1 : 0
        }
    }

    /// The decimal text of a two's complement number.
    static func format(_ words: [UInt64]) -> String {
        guard let last = words.last else { return "0" }
        var limbs = words
        let negative = last >> 63 == 1
        if negative { negate(&limbs) }
        var chunks: [UInt64] = []
        let base: UInt64 = 10_000_000_000_000_000_000
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for k in stride(from: limbs.count - 1, through: 0, by: -1) {
                let (q, r) = base.dividingFullWidth((remainder, limbs[k]))
                limbs[k] = q
                remainder = r
            }
            chunks.append(remainder)
        }
        guard let head = chunks.last else { return "0" }
        var s = negative ? "-" : ""
        s += String(head)
        for c in chunks.dropLast().reversed() {
            let digits = String(c)
            s += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return s
    }
}

enum HalfFloat {
    /// The binary16 bits nearest to `value` (round to nearest even).
    static func bits(_ value: Double) -> UInt16 {
        let f = Float(value)
        let b = f.bitPattern
        let sign = UInt16(truncatingIfNeeded: (b >> 16) & 0x8000)
        let exponent = Int((b >> 23) & 0xFF)
        let mantissa = b & 0x7F_FFFF
        if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }
        let e = exponent - 127 + 15
        if e >= 31 { return sign | 0x7C00 }
        if e <= 0 {
            if e < -10 { return sign }
            let m = mantissa | 0x80_0000
            let shift = UInt32(14 - e)
            var h = m >> shift
            let rest = m & ((1 << shift) - 1)
            let half = UInt32(1) << (shift - 1)
            if rest > half || (rest == half && h & 1 == 1) { h += 1 }
            return sign | UInt16(truncatingIfNeeded: h)
        }
        var h = UInt32(e) << 10 | (mantissa >> 13)
        let rest = mantissa & 0x1FFF
        if rest > 0x1000 || (rest == 0x1000 && h & 1 == 1) { h += 1 }
        return sign | UInt16(truncatingIfNeeded: h)
    }

    static func value(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    static func isNaN(_ bits: UInt16) -> Bool { bits & 0x7C00 == 0x7C00 && bits & 0x3FF != 0 }
}

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
        guard depth < 64 else { throw IntegrationJSON.error("columns nested deeper than 64") }
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
                        if !isValid(k) { bits.append(false); continue }
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
                   let n = UInt16(text) {
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
            out.buffers = [ByteBuffer(copying: bytes)]
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
            out.buffers = [ByteBuffer(copying: bytes)]
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
            out.buffers = [offsets, ByteBuffer(copying: data)]
        case .binaryView, .utf8View:
            let utf8 = type == .utf8View
            var variadic: [ByteBuffer] = []
            if let m = json["VARIADIC_DATA_BUFFERS"], !m.isNull {
                guard let list = m.arrayValue else { throw IntegrationJSON.error("'VARIADIC_DATA_BUFFERS' is not an array") }
                for (k, v) in list.enumerated() {
                    guard let s = v.stringValue, let b = Hex.decode(s) else {
                        throw IntegrationJSON.error("variadic buffer \(k) is not a hex string")
                    }
                    variadic.append(ByteBuffer(copying: b))
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
                        if !isValid(k) { put(Int32(0), at: 0); continue }
                        throw IntegrationJSON.error("view \(k) needs 'INLINED' of \(size) bytes")
                    }
                    for (n, byte) in inline.enumerated() { views[k * 16 + 4 + n] = byte }
                } else {
                    guard let prefix = v["PREFIX_HEX"]?.stringValue.flatMap(Hex.decode), prefix.count == 4,
                          let index = v["BUFFER_INDEX"]?.int64Value.flatMap({ Int32(exactly: $0) }),
                          let offset = v["OFFSET"]?.int64Value.flatMap({ Int32(exactly: $0) })
                    else {
                        if !isValid(k) { put(Int32(0), at: 0); continue }
                        throw IntegrationJSON.error("view \(k) needs 'PREFIX_HEX', 'BUFFER_INDEX' and 'OFFSET'")
                    }
                    for (n, byte) in prefix.enumerated() { views[k * 16 + 4 + n] = byte }
                    put(index, at: 8)
                    put(offset, at: 12)
                }
            }
            out.buffers = [ByteBuffer(copying: views)] + variadic
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

// MARK: - ArrayData -> JSON

struct ColumnWriter {
    /// The JSON column of `array` (already validated) described by `field`.
    mutating func write(_ field: Field, _ array: ArrayData, depth: Int) throws(ArrowError) -> JSONValue {
        guard depth < 64 else { throw ArrowError(.invalidArgument, "arrays nested deeper than 64") }
        let n = array.length
        let o = array.offset
        var members: [(key: String, value: JSONValue)] = [("name", .string(field.name)), ("count", .int(n))]
        let type = array.type
        if type.hasValidityBitmap {
            members.append(("VALIDITY", .array((0..<n).map { array.isNull($0) ? .number("0") : .number("1") })))
        }
        func data(_ values: [JSONValue]) { members.append(("DATA", .array(values))) }
        func values<T: FixedWidthInteger>(_: T.Type, buffer: Int = 0, asString: Bool = false) -> [JSONValue] {
            let b = array.buffers.count > buffer ? array.buffers[buffer] : .empty
            return (0..<n).map { i in
                let v: T = array.isNull(i) ? 0 : b.value(o + i)
                return asString ? .string(String(v)) : .number(String(v))
            }
        }
        func children(_ fields: [Field], _ arrays: [ArrayData]) throws(ArrowError) {
            guard fields.count == arrays.count else {
                throw ArrowError(.invalidData, "\(type) array has \(arrays.count) children, type has \(fields.count)")
            }
            var out: [JSONValue] = []
            for (f, a) in zip(fields, arrays) {
                do throws(ArrowError) {
                    out.append(try write(f, a, depth: depth + 1))
                } catch {
                    throw error.inFieldPath(f.name)
                }
            }
            members.append(("children", .array(out)))
        }
        func child(_ k: Int) throws(ArrowError) -> ArrayData {
            guard k < array.children.count else { throw ArrowError(.invalidData, "\(type) array is missing child \(k)") }
            return array.children[k]
        }
        let values0 = array.buffers.first ?? .empty

        switch type {
        case .null:
            break
        case .bool:
            data((0..<n).map { .bool(!array.isNull($0) && values0.bit(o + $0)) })
        case .int8: data(values(Int8.self))
        case .uint8: data(values(UInt8.self))
        case .int16: data(values(Int16.self))
        case .uint16: data(values(UInt16.self))
        case .int32, .date32, .time32, .interval(.yearMonth): data(values(Int32.self))
        case .uint32: data(values(UInt32.self))
        case .int64, .date64, .time64, .timestamp, .duration: data(values(Int64.self, asString: true))
        case .uint64: data(values(UInt64.self, asString: true))
        case .float16: data(values(UInt16.self))
        case .float32:
            data((0..<n).map { i in
                array.isNull(i) ? .number("0") : .double(Double(Float(bitPattern: values0.value(o + i, as: UInt32.self))))
            })
        case .float64:
            data((0..<n).map { i in
                array.isNull(i) ? .number("0") : .double(Double(bitPattern: values0.value(o + i, as: UInt64.self)))
            })
        case .decimal(_, _, let bits):
            switch bits {
            case 32: data(values(Int32.self, asString: true))
            case 64: data(values(Int64.self, asString: true))
            default:
                let words = Int(bits) / 64
                data((0..<n).map { i in
                    guard !array.isNull(i) else { return .string("0") }
                    let w = (0..<words).map { values0.value((o + i) * words + $0, as: UInt64.self) }
                    return .string(WideInteger.format(w))
                })
            }
        case .interval(.dayTime):
            data((0..<n).map { i in
                guard !array.isNull(i) else { return .object([]) }
                return .object([
                    ("days", .int(values0.value(2 * (o + i), as: Int32.self))),
                    ("milliseconds", .int(values0.value(2 * (o + i) + 1, as: Int32.self))),
                ])
            })
        case .interval(.monthDayNano):
            data((0..<n).map { i in
                guard !array.isNull(i) else { return .object([]) }
                return .object([
                    ("months", .int(values0.value(4 * (o + i), as: Int32.self))),
                    ("days", .int(values0.value(4 * (o + i) + 1, as: Int32.self))),
                    ("nanoseconds", .int(values0.value(2 * (o + i) + 1, as: Int64.self))),
                ])
            })
        case .fixedSizeBinary(let width):
            let w = Int(width)
            data((0..<n).map { i in .string(Hex.encode(values0.bytes((o + i) * w, w))) })
        case .binary, .utf8, .largeBinary, .largeUtf8:
            let utf8 = type == .utf8 || type == .largeUtf8
            let large = type == .largeBinary || type == .largeUtf8
            let bytes = array.buffers.count > 1 ? array.buffers[1] : .empty
            var ends: [JSONValue] = [large ? .string("0") : .number("0")]
            var strings: [JSONValue] = []
            var total: Int64 = 0
            for i in 0..<n {
                var slice: ArraySlice<UInt8> = []
                if !array.isNull(i) {
                    let start = large ? Int(values0.value(o + i, as: Int64.self)) : Int(values0.value(o + i, as: Int32.self))
                    let end = large ? Int(values0.value(o + i + 1, as: Int64.self)) : Int(values0.value(o + i + 1, as: Int32.self))
                    slice = bytes.bytes(start, end - start)
                }
                total += Int64(slice.count)
                ends.append(large ? .string(String(total)) : .number(String(total)))
                strings.append(.string(utf8 ? String(decoding: slice, as: UTF8.self) : Hex.encode(slice)))
            }
            members.append(("OFFSET", .array(ends)))
            data(strings)
        case .binaryView, .utf8View:
            let utf8 = type == .utf8View
            var views: [JSONValue] = []
            for i in 0..<n {
                let at = (o + i) * 16
                let size = array.isNull(i) ? 0 : max(0, Int(values0.value(4 * (o + i), as: Int32.self)))
                if size <= 12 {
                    let inline = values0.bytes(at + 4, size)
                    views.append(.object([
                        ("SIZE", .int(size)),
                        ("INLINED", .string(utf8 ? String(decoding: inline, as: UTF8.self) : Hex.encode(inline))),
                    ]))
                } else {
                    views.append(.object([
                        ("SIZE", .int(size)),
                        ("PREFIX_HEX", .string(Hex.encode(values0.bytes(at + 4, 4)))),
                        ("BUFFER_INDEX", .int(values0.value(4 * (o + i) + 2, as: Int32.self))),
                        ("OFFSET", .int(values0.value(4 * (o + i) + 3, as: Int32.self))),
                    ]))
                }
            }
            members.append(("VIEWS", .array(views)))
            members.append(("VARIADIC_DATA_BUFFERS", .array(array.buffers.dropFirst().map { .string(Hex.encode($0.bytes)) })))
        case .list(let f), .map(let f, _), .largeList(let f):
            let large: Bool
            if case .largeList = type { large = true } else { large = false }
            func offset(_ k: Int) -> Int {
                large ? Int(values0.value(o + k, as: Int64.self)) : Int(values0.value(o + k, as: Int32.self))
            }
            let first = n > 0 ? offset(0) : 0
            let last = n > 0 ? offset(n) : 0
            members.append(("OFFSET", .array((0...n).map { k in
                let v = n > 0 ? offset(k) - first : 0
                return large ? .string(String(v)) : .number(String(v))
            })))
            try children([f], [try child(0).slice(first, last - first)])
        case .listView(let f), .largeListView(let f):
            let large: Bool
            if case .largeListView = type { large = true } else { large = false }
            func get(_ buffer: Int, _ k: Int) -> Int {
                guard buffer < array.buffers.count else { return 0 }
                let b = array.buffers[buffer]
                return large ? Int(b.value(o + k, as: Int64.self)) : Int(b.value(o + k, as: Int32.self))
            }
            var low = Int.max, high = 0
            for i in 0..<n where !array.isNull(i) && get(1, i) > 0 {
                low = min(low, get(0, i))
                high = max(high, get(0, i) + get(1, i))
            }
            if low > high { low = 0; high = 0 }
            func number(_ v: Int) -> JSONValue { large ? .string(String(v)) : .number(String(v)) }
            var offsets: [JSONValue] = []
            var sizes: [JSONValue] = []
            for i in 0..<n {
                if array.isNull(i) || get(1, i) == 0 {
                    offsets.append(number(0))
                    sizes.append(number(0))
                } else {
                    offsets.append(number(get(0, i) - low))
                    sizes.append(number(get(1, i)))
                }
            }
            members.append(("OFFSET", .array(offsets)))
            members.append(("SIZE", .array(sizes)))
            try children([f], [try child(0).slice(low, high - low)])
        case .fixedSizeList(let f, let size):
            let s = Int(size)
            try children([f], [try child(0).slice(o * s, n * s)])
        case .struct(let fields):
            var sliced: [ArrayData] = []
            for k in 0..<fields.count { sliced.append(try child(k).slice(o, n)) }
            try children(fields, sliced)
        case .union(let mode, let fields, _):
            members.append(("TYPE_ID", .array((0..<n).map { .int(values0.value(o + $0, as: Int8.self)) })))
            if mode == .dense {
                let offsets = array.buffers.count > 1 ? array.buffers[1] : .empty
                members.append(("OFFSET", .array((0..<n).map { .int(offsets.value(o + $0, as: Int32.self)) })))
                try children(fields, array.children)
            } else {
                var sliced: [ArrayData] = []
                for k in 0..<fields.count { sliced.append(try child(k).slice(o, n)) }
                try children(fields, sliced)
            }
        case .runEndEncoded(let runEndsField, let valuesField):
            // The logical runs of the window offset..<offset+length, as Arrow C++ writes them.
            let (runEndsArray, valuesArray) = try RunEndEncodedArray(array).logicalChildren()
            try children([runEndsField, valuesField], [runEndsArray, valuesArray])
        case .dictionary(let indexType, _, _):
            switch indexType {
            case .int8: data(values(Int8.self))
            case .uint8: data(values(UInt8.self))
            case .int16: data(values(Int16.self))
            case .uint16: data(values(UInt16.self))
            case .int32: data(values(Int32.self))
            case .uint32: data(values(UInt32.self))
            case .int64: data(values(Int64.self, asString: true))
            case .uint64: data(values(UInt64.self, asString: true))
            default: throw ArrowError(.invalidData, "dictionary index type \(indexType) is not an integer")
            }
        }
        return .object(members)
    }
}

