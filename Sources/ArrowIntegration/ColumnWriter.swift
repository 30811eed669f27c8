import ArrowIPC
import ArrowMemory

// MARK: - ArrayData -> JSON

struct ColumnWriter {
    /// Slots (array elements, children's included) left to render. Every slot
    /// becomes at least one JSON value, and lengths of null or struct<> arrays
    /// need no input bytes, so the document's size is bounded here, before
    /// each column's values are made.
    var slotsLeft: Int
    let maxSlots: Int

    init(maxSlots: Int = IntegrationFile.defaultMaxSlots) {
        self.maxSlots = maxSlots
        slotsLeft = maxSlots
    }

    /// The JSON column of `array` (already validated) described by `field`.
    mutating func write(_ field: Field, _ array: ArrayData, depth: Int) throws(ArrowError) -> JSONValue {
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError(.invalidArgument, "arrays nested deeper than \(ArrowFormat.maxNestingDepth)") }
        let n = array.length
        guard n <= slotsLeft else {
            throw ArrowError(.invalidData, "integration JSON would hold more than \(maxSlots) values (column of \(n), \(slotsLeft) left)")
        }
        slotsLeft -= n
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
            data(
                (0..<n).map { i in
                    array.isNull(i) ? .number("0") : .double(Double(Float(bitPattern: values0.value(o + i, as: UInt32.self))))
                })
        case .float64:
            data(
                (0..<n).map { i in
                    array.isNull(i) ? .number("0") : .double(Double(bitPattern: values0.value(o + i, as: UInt64.self)))
                })
        case .decimal(_, _, let bits):
            switch bits {
            case 32: data(values(Int32.self, asString: true))
            case 64: data(values(Int64.self, asString: true))
            default:
                let words = Int(bits) / 64
                data(
                    (0..<n).map { i in
                        guard !array.isNull(i) else { return .string("0") }
                        let w = (0..<words).map { values0.value((o + i) * words + $0, as: UInt64.self) }
                        return .string(ValueText.signedDecimal(w))
                    })
            }
        case .interval(.dayTime):
            data(
                (0..<n).map { i in
                    guard !array.isNull(i) else { return .object([]) }
                    return .object([
                        ("days", .int(values0.value(2 * (o + i), as: Int32.self))),
                        ("milliseconds", .int(values0.value(2 * (o + i) + 1, as: Int32.self))),
                    ])
                })
        case .interval(.monthDayNano):
            data(
                (0..<n).map { i in
                    guard !array.isNull(i) else { return .object([]) }
                    return .object([
                        ("months", .int(values0.value(4 * (o + i), as: Int32.self))),
                        ("days", .int(values0.value(4 * (o + i) + 1, as: Int32.self))),
                        ("nanoseconds", .int(values0.value(2 * (o + i) + 1, as: Int64.self))),
                    ])
                })
        case .fixedSizeBinary(let width):
            let w = Int(width)
            data((0..<n).map { i in .string(ValueText.hex(values0.bytes((o + i) * w, w))) })
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
                strings.append(.string(utf8 ? String(decoding: slice, as: UTF8.self) : ValueText.hex(slice)))
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
                    views.append(
                        .object([
                            ("SIZE", .int(size)),
                            ("INLINED", .string(utf8 ? String(decoding: inline, as: UTF8.self) : ValueText.hex(inline))),
                        ]))
                } else {
                    views.append(
                        .object([
                            ("SIZE", .int(size)),
                            ("PREFIX_HEX", .string(ValueText.hex(values0.bytes(at + 4, 4)))),
                            ("BUFFER_INDEX", .int(values0.value(4 * (o + i) + 2, as: Int32.self))),
                            ("OFFSET", .int(values0.value(4 * (o + i) + 3, as: Int32.self))),
                        ]))
                }
            }
            members.append(("VIEWS", .array(views)))
            members.append(("VARIADIC_DATA_BUFFERS", .array(array.buffers.dropFirst().map { .string(ValueText.hex($0.bytes)) })))
        case .list(let f), .map(let f, _), .largeList(let f):
            let large: Bool
            if case .largeList = type { large = true } else { large = false }
            func offset(_ k: Int) -> Int {
                large ? Int(values0.value(o + k, as: Int64.self)) : Int(values0.value(o + k, as: Int32.self))
            }
            let first = n > 0 ? offset(0) : 0
            let last = n > 0 ? offset(n) : 0
            members.append(
                (
                    "OFFSET",
                    .array(
                        (0...n).map { k in
                            let v = n > 0 ? offset(k) - first : 0
                            return large ? .string(String(v)) : .number(String(v))
                        })
                ))
            try children([f], [try child(0).slice(offset: first, length: last - first)])
        case .listView(let f), .largeListView(let f):
            let large: Bool
            if case .largeListView = type { large = true } else { large = false }
            func get(_ buffer: Int, _ k: Int) -> Int {
                guard buffer < array.buffers.count else { return 0 }
                let b = array.buffers[buffer]
                return large ? Int(b.value(o + k, as: Int64.self)) : Int(b.value(o + k, as: Int32.self))
            }
            var low = Int.max
            var high = 0
            for i in 0..<n where !array.isNull(i) && get(1, i) > 0 {
                low = min(low, get(0, i))
                high = max(high, get(0, i) + get(1, i))
            }
            if low > high {
                low = 0
                high = 0
            }
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
            try children([f], [try child(0).slice(offset: low, length: high - low)])
        case .fixedSizeList(let f, let size):
            let s = Int(size)
            try children([f], [try child(0).slice(offset: o * s, length: n * s)])
        case .struct(let fields):
            var sliced: [ArrayData] = []
            for k in 0..<fields.count { sliced.append(try child(k).slice(offset: o, length: n)) }
            try children(fields, sliced)
        case .union(let mode, let fields, _):
            members.append(("TYPE_ID", .array((0..<n).map { .int(values0.value(o + $0, as: Int8.self)) })))
            if mode == .dense {
                let offsets = array.buffers.count > 1 ? array.buffers[1] : .empty
                members.append(("OFFSET", .array((0..<n).map { .int(offsets.value(o + $0, as: Int32.self)) })))
                try children(fields, array.children)
            } else {
                var sliced: [ArrayData] = []
                for k in 0..<fields.count { sliced.append(try child(k).slice(offset: o, length: n)) }
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
