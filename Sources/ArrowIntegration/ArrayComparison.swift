import ArrowIPC
import ArrowMemory

/// Logical comparison of Arrow data, independent of the physical layout:
/// offsets and slicing, buffer padding, an absent validity bitmap versus an
/// all-set one, the values behind null slots, dictionaries (compared by the
/// values they decode to), run-end encoding (by logical values), views (by
/// their bytes) and unions (by type id and child value). Floating-point values
/// are equal when their bits are, or when both are NaN.
///
/// Every function returns the first difference as a readable sentence, or `nil`.
public enum ArrayComparison {
    /// The first difference between two arrays, e.g. `row 5: expected 3, got 4`.
    /// Both arrays are validated first; an invalid one is reported as a difference.
    ///
    /// Validation is the layout check without UTF-8 checking
    /// (`validate(.values)`).
    ///
    /// - Parameters:
    ///   - expected: The reference array.
    ///   - actual: The array under test.
    /// - Returns: A sentence naming the first row (and nested path) that
    ///   differs, a type or length difference, or an invalid array; `nil` when
    ///   the arrays are logically equal.
    /// - Complexity: O(n) in the number of values up to the first difference,
    ///   after an O(n) validation of both arrays.
    public static func firstDifference(expected: ArrayData, actual: ArrayData) -> String? {
        firstDifference(expected: expected, actual: actual, where: "")
    }

    /// Compares arrays; `place` (e.g. `batch 0, column 'x'`) starts every message.
    static func firstDifference(expected: ArrayData, actual: ArrayData, where place: String) -> String? {
        let prefix = place.isEmpty ? "" : place + ", "
        let head = place.isEmpty ? "" : place + ": "
        do throws(ArrowError) {
            try expected.validate(.values)
        } catch {
            return "\(head)expected array is invalid: \(error)"
        }
        do throws(ArrowError) {
            try actual.validate(.values)
        } catch {
            return "\(head)actual array is invalid: \(error)"
        }
        if let t = typeDifference(expected.type, actual.type) { return "\(head)\(t)" }
        guard expected.length == actual.length else {
            return "\(head)length: expected \(expected.length), got \(actual.length)"
        }
        let e: Node
        let a: Node
        do throws(ArrowError) {
            e = try Node(expected, depth: 0)
            a = try Node(actual, depth: 0)
        } catch {
            return "\(head)\(error)"
        }
        for i in 0..<expected.length {
            if let m = e.difference(i, a, i, depth: 0) {
                return "\(prefix)row \(i)\(m.path): \(m.message)"
            }
        }
        return nil
    }

    /// The first difference between two schemas: field names, types,
    /// nullability, dictionary encoding (index type, ordered) and custom
    /// metadata of the schema and of every field. Dictionary ids, endianness
    /// and features are not compared. Metadata is compared as a set of pairs
    /// (order ignored), and absent metadata equals empty metadata.
    ///
    /// - Parameters:
    ///   - expected: The reference schema.
    ///   - actual: The schema under test.
    /// - Returns: A sentence naming the first differing field or metadata, or
    ///   `nil` when the schemas agree.
    /// - Complexity: O(f) in the number of fields, nested ones included.
    public static func firstDifference(expected: Schema, actual: Schema) -> String? {
        if let m = metadataDifference(expected.metadata, actual.metadata) { return "schema metadata: \(m)" }
        guard expected.fields.count == actual.fields.count else {
            return "schema: expected \(expected.fields.count) fields, got \(actual.fields.count)"
        }
        for (k, (e, a)) in zip(expected.fields, actual.fields).enumerated() {
            if let m = fieldDifference(e, a, path: "field \(k) '\(e.name)'", depth: 0) { return "schema: \(m)" }
        }
        return nil
    }

    /// The first difference between two files: schema, number of batches, then
    /// every column of every batch.
    ///
    /// The `dictionaries` maps are not compared on their own: dictionary
    /// columns are compared by the values they decode to.
    ///
    /// - Parameters:
    ///   - expected: The reference contents.
    ///   - actual: The contents under test.
    /// - Returns: A sentence naming the batch, column and row of the first
    ///   difference, or `nil` when the files agree.
    /// - Complexity: O(n) in the total number of values.
    public static func firstDifference(expected: IntegrationFile, actual: IntegrationFile) -> String? {
        if let s = firstDifference(expected: expected.schema, actual: actual.schema) { return s }
        guard expected.batches.count == actual.batches.count else {
            return "number of batches: expected \(expected.batches.count), got \(actual.batches.count)"
        }
        for (b, (e, a)) in zip(expected.batches, actual.batches).enumerated() {
            guard e.length == a.length else { return "batch \(b): rows: expected \(e.length), got \(a.length)" }
            guard e.columns.count == a.columns.count else {
                return "batch \(b): columns: expected \(e.columns.count), got \(a.columns.count)"
            }
            for (c, (ec, ac)) in zip(e.columns, a.columns).enumerated() {
                let name = c < expected.schema.fields.count ? expected.schema.fields[c].name : "\(c)"
                if let m = firstDifference(expected: ec, actual: ac, where: "batch \(b), column '\(name)'") { return m }
            }
        }
        return nil
    }

    // MARK: Schemas

    /// Absent and empty metadata compare equal here (the integration JSON cannot
    /// always tell them apart); the writer keeps them apart.
    static func metadataDifference(_ expected: [KeyValue]?, _ actual: [KeyValue]?) -> String? {
        let e = expected ?? []
        let a = actual ?? []
        if e == a { return nil }
        func sorted(_ m: [KeyValue]) -> [KeyValue] {
            m.sorted { ($0.key, $0.value) < ($1.key, $1.value) }
        }
        if sorted(e) == sorted(a) { return nil }
        func show(_ m: [KeyValue]) -> String {
            "{" + m.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
        return "expected \(show(e)), got \(show(a))"
    }

    /// Compares two fields and their children. The names of a map's entries,
    /// key and value fields are not compared (`checkName` false): some writers
    /// restore the canonical `entries`/`key`/`value`, as Arrow C++ does without
    /// `check_metadata` (the arrow-testing `map_non_canonical` stream shows it).
    static func fieldDifference(_ e: Field, _ a: Field, path: String, depth: Int, checkName: Bool = true, isMapEntries: Bool = false) -> String? {
        guard depth < ArrowFormat.maxNestingDepth else { return nil }
        if checkName, e.name != a.name { return "\(path): name: expected '\(e.name)', got '\(a.name)'" }
        guard e.nullable == a.nullable else { return "\(path): nullable: expected \(e.nullable), got \(a.nullable)" }
        if let m = metadataDifference(e.metadata, a.metadata) { return "\(path): metadata: \(m)" }
        if let t = typeDifference(e.type, a.type) { return "\(path): \(t)" }
        var isMap = false
        if case .map = e.type { isMap = true }
        for (c, a) in zip(e.type.children, a.type.children) {
            let m = fieldDifference(c, a, path: "\(path).'\(c.name)'", depth: depth + 1, checkName: !isMap && !isMapEntries, isMapEntries: isMap)
            if let m { return m }
        }
        return nil
    }

    /// Compares the types without their child fields (those are compared as fields).
    static func typeDifference(_ e: ArrowType, _ a: ArrowType) -> String? {
        if head(e) == head(a) { return nil }
        switch (e, a) {
        case (.dictionary(let ei, let ev, let eo), .dictionary(let ai, let av, let ao)):
            if ei != ai { return "dictionary index type: expected \(ei), got \(ai)" }
            if eo != ao { return "dictionary ordered: expected \(eo), got \(ao)" }
            return typeDifference(ev, av).map { "dictionary values: \($0)" }
        case (.dictionary, _):
            return "expected dictionary-encoded \(e), got \(a)"
        case (_, .dictionary):
            return "expected \(e), got dictionary-encoded \(a)"
        default:
            return "type: expected \(e), got \(a)"
        }
    }

    /// The type with every child field replaced by the same placeholder.
    static func head(_ t: ArrowType) -> ArrowType {
        let p = Field("", .null)
        switch t {
        case .list: return .list(p)
        case .largeList: return .largeList(p)
        case .listView: return .listView(p)
        case .largeListView: return .largeListView(p)
        case .fixedSizeList(_, let n): return .fixedSizeList(p, listSize: n)
        case .struct(let fs): return .struct(fs.map { _ in p })
        case .map(_, let sorted): return .map(entries: p, keysSorted: sorted)
        case .union(let mode, let fs, let ids): return .union(mode, fields: fs.map { _ in p }, typeIds: ids)
        case .runEndEncoded: return .runEndEncoded(runEnds: p, values: p)
        case .dictionary(let i, let v, let o): return .dictionary(indexType: i, valueType: head(v), ordered: o)
        default: return t
        }
    }
}

/// Where below a row a difference was found, and what it is.
struct Mismatch {
    var path: String
    var message: String

    func below(_ segment: String) -> Mismatch {
        Mismatch(path: segment + path, message: message)
    }
}

/// A validated array with what comparison needs precomputed (run ends, the
/// child of each union type id), and the same for its children and dictionary.
final class Node {
    let data: ArrayData
    let children: [Node]
    let dictionary: Node?
    let runEnds: RunEndEncodedArray?
    /// Child index of every union type id (-1 when not declared).
    let childOfTypeId: [Int]
    let fieldNames: [String]

    init(_ data: ArrayData, depth: Int) throws(ArrowError) {
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError(.invalidData, "arrays nested deeper than \(ArrowFormat.maxNestingDepth)") }
        self.data = data
        var children: [Node] = []
        for c in data.children { children.append(try Node(c, depth: depth + 1)) }
        self.children = children
        dictionary = try data.dictionary.map { d throws(ArrowError) in try Node(d, depth: depth + 1) }
        if case .runEndEncoded = data.type {
            runEnds = try RunEndEncodedArray(data)
        } else {
            runEnds = nil
        }
        var map = [Int](repeating: -1, count: 128)
        if case .union(_, _, let ids) = data.type {
            for (k, id) in ids.enumerated() where id >= 0 && id < 128 { map[Int(id)] = k }
        }
        childOfTypeId = map
        fieldNames = data.type.children.map(\.name)
    }

    func name(_ k: Int) -> String { k < fieldNames.count ? fieldNames[k] : "\(k)" }

    var values: ArrowBuffer { data.buffers.first ?? .empty }

    func child(_ k: Int) -> Node? { k >= 0 && k < children.count ? children[k] : nil }

    /// Union: the child and its row for row `i`, or nil for an undeclared type id.
    func unionTarget(_ i: Int) -> (child: Int, row: Int)? {
        guard case .union(let mode, _, _) = data.type else { return nil }
        let id = Int(values.value(data.offset + i, as: Int8.self))
        guard id >= 0, id < 128 else { return nil }
        let k = childOfTypeId[id]
        guard k >= 0 else { return nil }
        if mode == .dense {
            let offsets = data.buffers.count > 1 ? data.buffers[1] : .empty
            return (k, Int(offsets.value(data.offset + i, as: Int32.self)))
        }
        return (k, data.offset + i)
    }

    /// Run-end encoded: the physical index of row `i` in the values child.
    func run(_ i: Int) -> Int {
        runEnds?.physicalIndex(at: i) ?? 0
    }

    /// Dictionary: the index at row `i`.
    func index(_ i: Int) -> Int {
        guard case .dictionary(let indexType, _, _) = data.type else { return 0 }
        let j = data.offset + i
        let b = values
        switch indexType {
        case .int8: return Int(b.value(j, as: Int8.self))
        case .uint8: return Int(b.value(j, as: UInt8.self))
        case .int16: return Int(b.value(j, as: Int16.self))
        case .uint16: return Int(b.value(j, as: UInt16.self))
        case .int32: return Int(b.value(j, as: Int32.self))
        case .uint32: return Int(b.value(j, as: UInt32.self))
        case .int64: return Int(b.value(j, as: Int64.self))
        case .uint64: return Int(truncatingIfNeeded: b.value(j, as: UInt64.self))
        default: return 0
        }
    }

    /// Whether row `i` is null, looking through unions, run ends and dictionaries.
    func isNull(_ i: Int, depth: Int = 0) -> Bool {
        guard depth < ArrowFormat.maxNestingDepth else { return false }
        switch data.type {
        case .null:
            return true
        case .union:
            guard let t = unionTarget(i), let c = child(t.child) else { return false }
            return c.isNull(t.row, depth: depth + 1)
        case .runEndEncoded:
            guard let c = child(1) else { return false }
            return c.isNull(run(i), depth: depth + 1)
        case .dictionary:
            if data.isNull(i) { return true }
            guard let d = dictionary else { return true }
            return d.isNull(index(i), depth: depth + 1)
        default:
            return data.isNull(i)
        }
    }

    /// Offsets (start, length) of list-like row `i`.
    func listRange(_ i: Int) -> (start: Int, count: Int) {
        let j = data.offset + i
        let b = values
        switch data.type {
        case .list, .map:
            let s = Int(b.value(j, as: Int32.self))
            return (s, Int(b.value(j + 1, as: Int32.self)) - s)
        case .largeList:
            let s = Int(b.value(j, as: Int64.self))
            return (s, Int(b.value(j + 1, as: Int64.self)) - s)
        case .listView:
            let sizes = data.buffers.count > 1 ? data.buffers[1] : .empty
            return (Int(b.value(j, as: Int32.self)), Int(sizes.value(j, as: Int32.self)))
        case .largeListView:
            let sizes = data.buffers.count > 1 ? data.buffers[1] : .empty
            return (Int(b.value(j, as: Int64.self)), Int(sizes.value(j, as: Int64.self)))
        case .fixedSizeList(_, let n):
            return (j * Int(n), Int(n))
        default:
            return (0, 0)
        }
    }

    /// The bytes of binary-like row `i`.
    func binaryBytes(_ i: Int) -> ArraySlice<UInt8> {
        let j = data.offset + i
        let b = values
        let bytes = data.buffers.count > 1 ? data.buffers[1] : .empty
        switch data.type {
        case .binary, .utf8:
            let s = Int(b.value(j, as: Int32.self))
            return bytes.bytes(s, Int(b.value(j + 1, as: Int32.self)) - s)
        case .largeBinary, .largeUtf8:
            let s = Int(b.value(j, as: Int64.self))
            return bytes.bytes(s, Int(b.value(j + 1, as: Int64.self)) - s)
        case .binaryView, .utf8View:
            let size = Int(b.value(4 * j, as: Int32.self))
            if size <= 12 { return b.bytes(16 * j + 4, max(size, 0)) }
            let buffer = Int(b.value(4 * j + 2, as: Int32.self)) + 1
            let offset = Int(b.value(4 * j + 3, as: Int32.self))
            guard buffer >= 1, buffer < data.buffers.count else { return [] }
            return data.buffers[buffer].bytes(offset, size)
        case .fixedSizeBinary(let w):
            return b.bytes(j * Int(w), Int(w))
        default:
            return []
        }
    }

    /// Row `i` as text for messages (nested values are summarized).
    func text(_ i: Int, depth: Int = 0) -> String {
        if isNull(i) { return "null" }
        guard depth < ArrowFormat.maxNestingDepth else { return "…" }
        let j = data.offset + i
        let b = values
        switch data.type {
        case .null: return "null"
        case .bool: return b.bit(j) ? "true" : "false"
        case .int8: return String(b.value(j, as: Int8.self))
        case .uint8: return String(b.value(j, as: UInt8.self))
        case .int16: return String(b.value(j, as: Int16.self))
        case .uint16: return String(b.value(j, as: UInt16.self))
        case .int32, .date32, .time32, .interval(.yearMonth): return String(b.value(j, as: Int32.self))
        case .uint32: return String(b.value(j, as: UInt32.self))
        case .int64, .date64, .time64, .timestamp, .duration: return String(b.value(j, as: Int64.self))
        case .uint64: return String(b.value(j, as: UInt64.self))
        case .float16:
            let bits = b.value(j, as: UInt16.self)
            return "\(ValueText.halfFloat(bits)) (0x\(String(bits, radix: 16)))"
        case .float32: return "\(Float(bitPattern: b.value(j, as: UInt32.self)))"
        case .float64: return "\(Double(bitPattern: b.value(j, as: UInt64.self)))"
        case .decimal(_, let scale, let bits):
            let digits: String
            switch bits {
            case 32: digits = String(b.value(j, as: Int32.self))
            case 64: digits = String(b.value(j, as: Int64.self))
            default:
                let words = Int(bits) / 64
                digits = ValueText.signedDecimal((0..<words).map { b.value(j * words + $0, as: UInt64.self) })
            }
            return scale == 0 ? digits : "\(digits)e\(-Int(scale))"
        case .interval(.dayTime):
            return "{days: \(b.value(2 * j, as: Int32.self)), milliseconds: \(b.value(2 * j + 1, as: Int32.self))}"
        case .interval(.monthDayNano):
            return
                "{months: \(b.value(4 * j, as: Int32.self)), days: \(b.value(4 * j + 1, as: Int32.self)), nanoseconds: \(b.value(2 * j + 1, as: Int64.self))}"
        case .utf8, .largeUtf8, .utf8View:
            return "\"\(String(decoding: binaryBytes(i), as: UTF8.self))\""
        case .binary, .largeBinary, .binaryView, .fixedSizeBinary:
            return "0x" + ValueText.hex(binaryBytes(i))
        case .list, .largeList, .listView, .largeListView, .fixedSizeList, .map:
            return "list of \(listRange(i).count)"
        case .struct:
            return "struct"
        case .union:
            return "union type id \(b.value(j, as: Int8.self))"
        case .runEndEncoded:
            return child(1)?.text(run(i), depth: depth + 1) ?? "?"
        case .dictionary:
            return dictionary?.text(index(i), depth: depth + 1) ?? "?"
        }
    }

    /// The first difference between row `i` of this (expected) and row `j` of `other` (actual).
    func difference(_ i: Int, _ other: Node, _ j: Int, depth: Int) -> Mismatch? {
        guard depth < ArrowFormat.maxNestingDepth else { return nil }
        let eNull = isNull(i)
        let aNull = other.isNull(j)
        if case .union = data.type {
            let eid = values.value(data.offset + i, as: Int8.self)
            let aid = other.values.value(other.data.offset + j, as: Int8.self)
            guard eid == aid else { return Mismatch(path: "", message: "union type id: expected \(eid), got \(aid)") }
        }
        if eNull || aNull {
            if eNull == aNull { return nil }
            return Mismatch(path: "", message: "expected \(text(i)), got \(other.text(j))")
        }
        let di = data.offset + i
        let dj = other.data.offset + j
        func fixed(_ width: Int) -> Mismatch? {
            if values.bytes(di * width, width) == other.values.bytes(dj * width, width) { return nil }
            return Mismatch(path: "", message: "expected \(text(i)), got \(other.text(j))")
        }
        switch data.type {
        case .null:
            return nil
        case .bool:
            if values.bit(di) == other.values.bit(dj) { return nil }
            return Mismatch(path: "", message: "expected \(text(i)), got \(other.text(j))")
        case .float16:
            let e = values.value(di, as: UInt16.self)
            let a = other.values.value(dj, as: UInt16.self)
            if e == a || (HalfFloat.isNaN(e) && HalfFloat.isNaN(a)) { return nil }
            return Mismatch(path: "", message: "expected \(text(i)), got \(other.text(j))")
        case .float32:
            let e = values.value(di, as: UInt32.self)
            let a = other.values.value(dj, as: UInt32.self)
            if e == a || (Float(bitPattern: e).isNaN && Float(bitPattern: a).isNaN) { return nil }
            return Mismatch(path: "", message: "expected \(text(i)), got \(other.text(j))")
        case .float64:
            let e = values.value(di, as: UInt64.self)
            let a = other.values.value(dj, as: UInt64.self)
            if e == a || (Double(bitPattern: e).isNaN && Double(bitPattern: a).isNaN) { return nil }
            return Mismatch(path: "", message: "expected \(text(i)), got \(other.text(j))")
        case .binary, .utf8, .largeBinary, .largeUtf8, .binaryView, .utf8View, .fixedSizeBinary:
            if binaryBytes(i) == other.binaryBytes(j) { return nil }
            return Mismatch(path: "", message: "expected \(text(i)), got \(other.text(j))")
        case .list, .largeList, .listView, .largeListView, .fixedSizeList, .map:
            let e = listRange(i)
            let a = other.listRange(j)
            guard e.count == a.count else {
                return Mismatch(path: "", message: "list length: expected \(e.count), got \(a.count)")
            }
            guard let ec = child(0), let ac = other.child(0) else { return nil }
            for k in 0..<max(0, e.count) {
                if let m = ec.difference(e.start + k, ac, a.start + k, depth: depth + 1) {
                    return m.below(", '\(name(0))' element \(k)")
                }
            }
            return nil
        case .struct:
            for k in 0..<min(children.count, other.children.count) {
                if let m = children[k].difference(di, other.children[k], dj, depth: depth + 1) {
                    return m.below(", field '\(name(k))'")
                }
            }
            return nil
        case .union:
            guard let e = unionTarget(i), let a = other.unionTarget(j),
                let ec = child(e.child), let ac = other.child(a.child)
            else { return nil }
            if let m = ec.difference(e.row, ac, a.row, depth: depth + 1) {
                return m.below(", union member '\(name(e.child))'")
            }
            return nil
        case .runEndEncoded:
            guard let ec = child(1), let ac = other.child(1) else { return nil }
            return ec.difference(run(i), ac, other.run(j), depth: depth + 1)
        case .dictionary:
            guard let ed = dictionary, let ad = other.dictionary else { return nil }
            return ed.difference(index(i), ad, other.index(j), depth: depth + 1)
        default:
            return fixed(data.type.byteWidth ?? 0)
        }
    }
}
