import ArrowIPC
import ArrowTensor
import FlamePickle

/// The JSON documents of `arrow-ipc flame decode --json` (a contract other tools
/// rely on; see docs/flame-cache.md). Built whole in memory: a document is
/// either complete or not produced.
public enum FlameJSON {
    /// The largest document printed by default: 256 MiB (a pickle sharing
    /// subtrees could otherwise print exponentially more than its size).
    public static let maximumDocumentBytes = 256 << 20

    /// A bound proportional to the input: 16 bytes of JSON per input byte plus
    /// 16 MiB, enough for any table or pickle printed once per value.
    ///
    /// - Parameter size: The input's size in bytes; a negative size counts as 0.
    /// - Returns: `16 * size + 16 MiB`, or `Int.max` when that does not fit in
    ///   an `Int` (never traps).
    public static func maximumDocumentBytes(forInputOf size: Int) -> Int {
        let (scaled, overflow) = max(size, 0).multipliedReportingOverflow(by: 16)
        let (bound, overflowAgain) = scaled.addingReportingOverflow(16 << 20)
        return overflow || overflowAgain ? Int.max : bound
    }

    /// The JSON document of one blob's value (see docs/flame-cache.md for its shape).
    ///
    /// - Parameters:
    ///   - value: The decoded blob.
    ///   - maximumBytes: The largest document allowed (default 256 MiB).
    /// - Returns: The document, on one line.
    /// - Throws: `FlameError` with kind `.unsupported` when the document would
    ///   exceed `maximumBytes`, a pickle nests deeper than 1000 or an Arrow value
    ///   deeper than 64; `.invalidFormat` for a numpy array whose shape is
    ///   invalid or needs more bytes than it has; `.arrow` for Arrow values with
    ///   no JSON form or that fail to decode. An error inside a table or array
    ///   value keeps its kind and message and has the value as its `location`
    ///   (`column[row]`, rows counted over all batches, or `values[i]`).
    /// - Complexity: O(n) in the document size.
    public static func document(_ value: FlameValue, maximumBytes: Int = maximumDocumentBytes) throws(FlameError) -> String {
        var out = JSONText()
        out.maximumBytes = maximumBytes
        try write(value, &out)
        return out.text
    }

    /// The JSON document of a `do_get` answer: `{"kind":"not_modified"}` or
    /// the object's document.
    ///
    /// - Parameters:
    ///   - answer: The decoded answer.
    ///   - maximumBytes: The largest document allowed (default 256 MiB).
    /// - Returns: The document, on one line.
    /// - Throws: `FlameError` as for `document(_:maximumBytes:)` of a value.
    /// - Complexity: O(n) in the document size.
    public static func document(_ answer: FlameAnswer, maximumBytes: Int = maximumDocumentBytes) throws(FlameError) -> String {
        switch answer {
        case .notModified: return "{\"kind\":\"not_modified\"}"
        case .object(let o): return try document(o, maximumBytes: maximumBytes)
        }
    }

    /// The JSON document of a cache object: `kind`, `native_arrow`,
    /// `logical_type`, `base` and `patches` (each with `version` and `value`).
    ///
    /// - Parameters:
    ///   - object: The object.
    ///   - maximumBytes: The largest document allowed (default 256 MiB).
    /// - Returns: The document, on one line.
    /// - Throws: `FlameError` as for `document(_:maximumBytes:)` of a value.
    /// - Complexity: O(n) in the document size.
    public static func document(_ object: FlameObject, maximumBytes: Int = maximumDocumentBytes) throws(FlameError) -> String {
        var out = JSONText()
        out.maximumBytes = maximumBytes
        out.raw("{\"kind\":\"flame_object\",\"native_arrow\":")
        out.bool(object.nativeArrow)
        out.raw(",\"logical_type\":")
        if let t = object.logicalType { out.string(t) } else { out.null() }
        out.raw(",\"base\":")
        if let base = object.base { try write(base, &out) } else { out.null() }
        out.raw(",\"patches\":")
        try out.array(object.patches) { (o, p) throws(FlameError) in
            o.raw("{\"version\":")
            o.integer(p.version)
            o.raw(",\"value\":")
            try write(p.value, &o)
            o.raw("}")
        }
        out.raw("}")
        return out.text
    }

    static func write(_ value: FlameValue, _ out: inout JSONText) throws(FlameError) {
        switch value {
        case .tensor(let t): try tensor(t, &out)
        case .table(let schema, let batches): try table("table", schema, batches, &out)
        case .recordBatch(let b): try table("record_batch", b.schema, [b], &out)
        case .array(let a):
            out.raw("{\"kind\":\"array\",\"type\":")
            out.string(a.type.description)
            out.raw(",\"length\":")
            out.integer(a.length)
            out.raw(",\"values\":")
            try out.array(0..<a.length) { (o, i) throws(FlameError) in try ArrowValueJSON.write(a, i, into: &o, location: "values[\(i)]") }
            out.raw("}")
        case .pickle(let v, _, _):
            out.raw("{\"kind\":\"pickle\",\"value\":")
            try pickle(v, &out, depth: 0)
            out.raw("}")
        case .propertyList(let bytes):
            out.raw("{\"kind\":\"property_list\",\"bytes\":")
            out.base64(bytes)
            out.raw("}")
        }
    }

    private static func table(_ kind: String, _ schema: Schema, _ batches: [RecordBatch], _ out: inout JSONText) throws(FlameError) {
        out.raw("{\"kind\":\"\(kind)\",\"schema\":")
        try out.array(schema.fields) { (o, f) throws(FlameError) in
            o.raw("{\"name\":")
            o.string(f.name)
            o.raw(",\"type\":")
            o.string(f.type.description)
            o.raw(",\"nullable\":")
            o.bool(f.nullable)
            o.raw("}")
        }
        out.raw(",\"num_rows\":")
        out.integer(batches.reduce(0) { $0 + $1.length })
        out.raw(",\"rows\":[")
        var rowNumber = 0  // over all batches, as the "rows" array counts
        for batch in batches {
            for row in 0..<batch.length {
                if rowNumber > 0 { out.raw(",") }
                try out.object(
                    Array(zip(schema.fields, batch.columns)), key: { $0.0.name },
                    { (o, fc) throws(FlameError) in
                        try ArrowValueJSON.write(fc.1, row, into: &o, location: "\(fc.0.name)[\(rowNumber)]")
                    })
                rowNumber += 1
            }
        }
        out.raw("]}")
    }

    private static func tensor(_ t: AnyTensor, _ out: inout JSONText) throws(FlameError) {
        func body<T: TensorElement>(_ tensor: Tensor<T>, _ element: (inout JSONText, T) -> Void) {
            let fortran = tensor.rank > 1 && !tensor.isCContiguous && tensor.isFortranContiguous
            header(t.dataType.numpyName, tensor.shape, fortran ? "F" : "C", &out)
            out.raw("[")
            for (k, v) in tensor.toArray(order: .c).enumerated() {
                if k > 0 { out.raw(",") }
                element(&out, v)
            }
            out.raw("]}")
        }
        switch t {
        case .int8(let x): body(x) { $0.integer($1) }
        case .int16(let x): body(x) { $0.integer($1) }
        case .int32(let x): body(x) { $0.integer($1) }
        case .int64(let x): body(x) { $0.integer($1) }
        case .uint8(let x): body(x) { $0.integer($1) }
        case .uint16(let x): body(x) { $0.integer($1) }
        case .uint32(let x): body(x) { $0.integer($1) }
        case .uint64(let x): body(x) { $0.integer($1) }
        case .float16(let x): body(x) { $0.double(Double(Float($1))) }
        case .float32(let x): body(x) { $0.double(Double($1)) }
        case .float64(let x): body(x) { $0.double($1) }
        }
    }

    private static func header(_ dtype: String, _ shape: [Int], _ order: String, _ out: inout JSONText) {
        out.raw("{\"kind\":\"tensor\",\"dtype\":")
        out.string(dtype)
        out.raw(",\"shape\":[" + shape.map(String.init).joined(separator: ",") + "],\"order\":\"\(order)\",\"values\":")
    }

    private static func pickle(_ v: PickleValue, _ out: inout JSONText, depth: Int) throws(FlameError) {
        guard depth < 1000 else { throw FlameError(.unsupported, "pickled value nested deeper than 1000") }
        try out.checkSize()
        func items(_ list: [PickleValue]) throws(FlameError) {
            try out.array(list) { (o, e) throws(FlameError) in try pickle(e, &o, depth: depth + 1) }
        }
        switch v {
        case .none: out.null()
        case .bool(let b): out.bool(b)
        case .int(let i): out.integer(i)
        case .bigInt(let b): out.raw(b.description)
        case .float(let d): out.double(d)
        case .string(let s): out.string(s)
        case .bytes(let b), .bytearray(let b):
            out.raw("{\"$bytes\":")
            out.base64(b)
            out.raw("}")
        case .list(let l): try items(l)
        case .tuple(let l):
            out.raw("{\"$tuple\":")
            try items(l)
            out.raw("}")
        case .set(let l), .frozenset(let l):
            out.raw("{\"$set\":")
            try items(l)
            out.raw("}")
        case .dict(let pairs):
            var keys: [String] = []
            for p in pairs { if case .string(let k) = p.key { keys.append(k) } else { break } }
            if keys.count == pairs.count {
                try out.object(
                    Array(zip(keys, pairs)), key: { $0.0 },
                    { (o, kp) throws(FlameError) in try pickle(kp.1.value, &o, depth: depth + 1) })
            } else {
                out.raw("{\"$dict\":")
                try out.array(pairs) { (o, p) throws(FlameError) in
                    o.raw("[")
                    try pickle(p.key, &o, depth: depth + 1)
                    o.raw(",")
                    try pickle(p.value, &o, depth: depth + 1)
                    o.raw("]")
                }
                out.raw("}")
            }
        case .ndarray(let a): try ndarray(a, &out)
        }
    }

    /// A pickled numpy array as the tensor object: values in C order whatever
    /// its storage order, for every dtype numpy pickles (bool, integers, floats,
    /// complex as [real, imaginary]), either byte order.
    private static func ndarray(_ a: PickledNDArray, _ out: inout JSONText) throws(FlameError) {
        let width = a.itemSize
        let bigEndian = a.dtype.first == ">"
        let kind = a.dtype.last(where: { "biufc".contains($0) }) ?? "u"
        header(a.typeName, a.shape, a.fortranOrder && a.shape.count > 1 ? "F" : "C", &out)
        var count = 1
        for n in a.shape {
            let (c, overflow) = count.multipliedReportingOverflow(by: n)
            guard n >= 0, !overflow else { throw FlameError(.invalidFormat, "numpy array shape \(a.shape) is invalid") }
            count = c
        }
        guard count.multipliedReportingOverflow(by: width).partialValue <= a.data.count, count <= a.data.count else {
            throw FlameError(.invalidFormat, "numpy array of shape \(a.shape) needs more than its \(a.data.count) bytes")
        }
        func load(_ at: Int, _ n: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<n {
                let byte = UInt64(a.data[at + (bigEndian ? n - 1 - k : k)])
                v |= byte << (UInt64(k) * 8)
            }
            return v
        }
        func element(_ at: Int) {
            switch (kind, width) {
            case ("b", _): out.bool(a.data[at] != 0)
            case ("i", _):
                let shift = UInt64(64 - width * 8)
                out.integer(Int64(bitPattern: load(at, width) << shift) >> shift)
            case ("u", _): out.integer(load(at, width))
            case ("f", 2): out.double(ValueText.halfFloat(UInt16(load(at, 2))))
            case ("f", 4): out.double(Double(Float(bitPattern: UInt32(load(at, 4)))))
            case ("f", _): out.double(Double(bitPattern: load(at, 8)))
            case ("c", 8):
                out.raw("[")
                out.double(Double(Float(bitPattern: UInt32(load(at, 4)))))
                out.raw(",")
                out.double(Double(Float(bitPattern: UInt32(load(at + 4, 4)))))
                out.raw("]")
            default:
                out.raw("[")
                out.double(Double(bitPattern: load(at, 8)))
                out.raw(",")
                out.double(Double(bitPattern: load(at + 8, 8)))
                out.raw("]")
            }
        }
        // Storage strides (in elements) of the array's order; walk in C order.
        let rank = a.shape.count
        var strides = [Int](repeating: 1, count: rank)
        if a.fortranOrder {
            for d in stride(from: 1, to: rank, by: 1) { strides[d] = strides[d - 1] * a.shape[d - 1] }
        } else {
            for d in stride(from: rank - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * a.shape[d + 1] }
        }
        out.raw("[")
        var index = [Int](repeating: 0, count: rank)
        for k in 0..<count {
            if k > 0 { out.raw(",") }
            var at = 0
            for d in 0..<rank { at += index[d] * strides[d] }
            element(at * width)
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < a.shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        out.raw("]}")
    }
}
