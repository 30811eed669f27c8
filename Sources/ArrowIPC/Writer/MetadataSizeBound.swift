import ArrowFlatBuffers

/// An upper bound on the bytes of the FlatBuffer the writer would build, checked
/// before building it. A FlatBuffer cannot exceed 2 GiB and the builder stops the
/// program when asked to (it trusts its caller), while what the writer encodes
/// can come from input: a schema read from a file, one footer block per batch of
/// a stream. So the writer throws here instead. The constants over-count every
/// table, vtable, offset and padding byte.
enum MetadataSizeBound {
    /// The most the writer builds: a FlatBuffer's limit, less room for framing.
    static let limit = FlatBufferBuilder.maxBufferSize - 64

    static func add(_ values: Int...) -> Int {
        values.reduce(0) { a, b in
            let (s, o) = a.addingReportingOverflow(b)
            return o ? Int.max : s
        }
    }

    static func times(_ a: Int, _ b: Int) -> Int {
        let (p, o) = a.multipliedReportingOverflow(by: b)
        return o ? Int.max : p
    }

    static func keyValues(_ pairs: [KeyValue]?) -> Int {
        guard let pairs else { return 0 }
        return pairs.reduce(16) { add($0, 64, $1.key.utf8.count, $1.value.utf8.count) }
    }

    static func type(_ type: ArrowType, depth: Int) -> Int {
        switch type {
        case .timestamp(_, let zone): return add(64, zone?.utf8.count ?? 0)
        case .union(_, let members, let ids): return add(64, times(ids.count, 4), fields(members, depth: depth + 1))
        case .dictionary(let index, let value, _): return add(128, Self.type(index, depth: depth), Self.type(value, depth: depth))
        default: return add(64, fields(type.children, depth: depth + 1))
        }
    }

    static func fields(_ list: [Field], depth: Int) -> Int {
        // Deeper than any reader accepts: the writer's own recursion must not be the problem.
        guard depth < 1024 else { return Int.max }
        return list.reduce(16) { add($0, 128, $1.name.utf8.count, keyValues($1.metadata), type($1.type, depth: depth)) }
    }

    static func schema(_ s: Schema) -> Int {
        add(64, fields(s.fields, depth: 0), keyValues(s.metadata), times(s.features.count, 8))
    }

    static func recordBatch(_ r: RecordBatchHeader) -> Int {
        add(128, times(r.nodes.count, 16), times(r.buffers.count, 16), times(r.variadicBufferCounts.count, 8))
    }

    static func check(_ bound: Int, _ what: String) throws(ArrowError) {
        guard bound <= limit else {
            throw ArrowError(
                .invalidArgument, "\(what) metadata could reach \(bound == Int.max ? "more than 2^63" : "\(bound)") bytes; a FlatBuffer holds at most \(limit)")
        }
    }

    static func message(_ header: MetadataEncoder.Header, metadata: [KeyValue]) throws(ArrowError) {
        switch header {
        case .schema(let s): try check(add(128, schema(s), keyValues(metadata)), "schema message")
        case .recordBatch(let r): try check(add(128, recordBatch(r), keyValues(metadata)), "record batch message")
        case .dictionaryBatch(_, let r, _): try check(add(192, recordBatch(r), keyValues(metadata)), "dictionary batch message")
        }
    }

    static func footer(schema s: Schema, blocks: Int, metadata: [KeyValue]) throws(ArrowError) {
        try check(add(128, schema(s), times(blocks, 24), keyValues(metadata)), "file footer")
    }
}
