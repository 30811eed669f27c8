import ArrowFlatBuffers

/// Writes IPC metadata flatbuffers with the same sequence of builder calls as
/// Arrow C++ (`metadata_internal.cc`), so the bytes match pyarrow's. The order
/// in which nested objects are created matters as much as the field order
/// inside each table (which `TableSpec` handles); see `docs/writer.md`.
enum MetadataEncoder {
    // MARK: Schema

    static func schema(_ schema: Schema, _ b: inout FlatBufferBuilder) -> FlatBufferOffset {
        let fields = schema.fields.map { field($0, &b) }
        let fieldVector = b.createVector(of: fields)
        // C++ writes the schema's metadata whenever it exists, even empty (pyarrow's `{}`).
        let metadata = schema.metadata.map { keyValueVector($0, &b) }
        var t = TableSpec(fieldCount: 4)
        // Arrays are always native in memory (big-endian input is swapped on reading),
        // so what we write is native whatever the schema was read with.
        t.scalar(0, ArrowEndianness.native.rawValue, default: 0)
        t.offset(1, fieldVector)
        t.offset(2, metadata)
        return t.build(&b)
    }

    /// A vector of `KeyValue` tables, or nil when there are no pairs (C++'s rule for
    /// fields, messages and footers: `HasMetadata()` is false for an empty list).
    static func keyValues(_ pairs: [KeyValue]?, _ b: inout FlatBufferBuilder) -> FlatBufferOffset? {
        guard let pairs, !pairs.isEmpty else { return nil }
        return keyValueVector(pairs, &b)
    }

    /// A vector of `KeyValue` tables, empty or not.
    static func keyValueVector(_ pairs: [KeyValue], _ b: inout FlatBufferBuilder) -> FlatBufferOffset {
        let tables = pairs.map { kv -> FlatBufferOffset in
            let key = b.createString(kv.key)
            let value = b.createString(kv.value)
            var t = TableSpec(fieldCount: 2)
            t.offset(0, key)
            t.offset(1, value)
            return t.build(&b)
        }
        return b.createVector(of: tables)
    }

    static func field(_ field: Field, _ b: inout FlatBufferBuilder) -> FlatBufferOffset {
        var valueType = field.type
        var dictionaryInfo: (index: ArrowType, ordered: Bool)? = nil
        if case .dictionary(let index, let value, let ordered) = field.type {
            valueType = value
            dictionaryInfo = (index, ordered)
        }
        let (tag, typeTable, children) = type(valueType, &b)
        var dictionary: FlatBufferOffset? = nil
        if let info = dictionaryInfo {
            let index = intTable(info.index, &b)
            var t = TableSpec(fieldCount: 4)
            t.scalar(0, field.dictionaryId ?? 0, default: 0)
            t.offset(1, index)
            t.bool(2, info.ordered, default: false)
            dictionary = t.build(&b)
        }
        let metadata = keyValues(field.metadata.map(cppMetadataOrder), &b)
        let name = b.createString(field.name)
        let childVector = b.createVector(of: children)
        var t = TableSpec(fieldCount: 7)
        t.offset(0, name)
        t.bool(1, field.nullable, default: false)
        t.scalar(2, tag.rawValue, default: 0)
        t.offset(3, typeTable)
        t.offset(4, dictionary)
        t.offset(5, childVector)
        t.offset(6, metadata)
        return t.build(&b)
    }

    /// Extension types that Arrow C++ (pyarrow 26) knows: it parses them on reading
    /// and writes their keys back where its serializer puts them. Unknown extension
    /// types stay plain storage fields whose metadata keeps the order it was read in.
    static let cppRegisteredExtensions: Set<String> = [
        "arrow.bool8", "arrow.json", "arrow.uuid", "arrow.opaque",
        "arrow.fixed_shape_tensor", "arrow.variable_shape_tensor",
    ]

    /// For an extension type C++ knows, the keys go where C++ writes them
    /// (`Field.extensionKeysInCppOrder`); other metadata keeps the order it has.
    static func cppMetadataOrder(_ pairs: [KeyValue]) -> [KeyValue] {
        guard let name = pairs[key: Field.extensionNameKey], cppRegisteredExtensions.contains(name) else { return pairs }
        return Field.extensionKeysInCppOrder(pairs)
    }

    private static func intTable(_ type: ArrowType, _ b: inout FlatBufferBuilder) -> FlatBufferOffset {
        let (bits, signed) = type.integerLayout ?? (64, false)
        var t = TableSpec(fieldCount: 2)
        t.scalar(0, Int32(bits), default: 0)
        t.bool(1, signed, default: false)
        return t.build(&b)
    }

    private static func empty(_ b: inout FlatBufferBuilder) -> FlatBufferOffset {
        TableSpec(fieldCount: 0).build(&b)
    }

    private static func unitTable(_ unit: Int16, default d: Int16, _ b: inout FlatBufferBuilder) -> FlatBufferOffset {
        var t = TableSpec(fieldCount: 1)
        t.scalar(0, unit, default: d)
        return t.build(&b)
    }

    /// The `Type` union tag, its table, and the child fields (built first, as C++ does).
    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func type(_ type: ArrowType, _ b: inout FlatBufferBuilder) -> (ArrowFormat.TypeTag, FlatBufferOffset, [FlatBufferOffset]) {
        func children(_ fields: [Field]) -> [FlatBufferOffset] { fields.map { field($0, &b) } }
        switch type {
        case .null: return (.null, empty(&b), [])
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: return (.int, intTable(type, &b), [])
        case .float16, .float32, .float64:
            let p: Int16 = type == .float16 ? 0 : type == .float32 ? 1 : 2
            return (.floatingPoint, unitTable(p, default: 0, &b), [])
        case .binary: return (.binary, empty(&b), [])
        case .utf8: return (.utf8, empty(&b), [])
        case .bool: return (.bool, empty(&b), [])
        case .decimal(let p, let s, let bits):
            var t = TableSpec(fieldCount: 3)
            t.scalar(0, p, default: 0)
            t.scalar(1, s, default: 0)
            t.scalar(2, bits, default: 128)
            return (.decimal, t.build(&b), [])
        case .date32: return (.date, unitTable(0, default: 1, &b), [])
        case .date64: return (.date, unitTable(1, default: 1, &b), [])
        case .time32(let u), .time64(let u):
            var t = TableSpec(fieldCount: 2)
            t.scalar(0, u.rawValue, default: 1)
            let bits: Int32
            if case .time32 = type { bits = 32 } else { bits = 64 }
            t.scalar(1, bits, default: 32)
            return (.time, t.build(&b), [])
        case .timestamp(let u, let tz):
            let zone = (tz?.isEmpty == false) ? b.createString(tz ?? "") : nil
            var t = TableSpec(fieldCount: 2)
            t.scalar(0, u.rawValue, default: 0)
            t.offset(1, zone)
            return (.timestamp, t.build(&b), [])
        case .interval(let u): return (.interval, unitTable(u.rawValue, default: 0, &b), [])
        case .list(let f):
            let c = children([f])
            return (.list, empty(&b), c)
        case .struct(let fs):
            let c = children(fs)
            return (.structType, empty(&b), c)
        case .union(let mode, let fs, let ids):
            let c = children(fs)
            let idVector = b.createVector(ids)
            var t = TableSpec(fieldCount: 2)
            t.scalar(0, mode.rawValue, default: 0)
            t.offset(1, idVector)
            return (.union, t.build(&b), c)
        case .fixedSizeBinary(let w):
            return (
                .fixedSizeBinary,
                {
                    var t = TableSpec(fieldCount: 1)
                    t.scalar(0, w, default: 0)
                    return t.build(&b)
                }(), []
            )
        case .fixedSizeList(let f, let n):
            let c = children([f])
            var t = TableSpec(fieldCount: 1)
            t.scalar(0, n, default: 0)
            return (.fixedSizeList, t.build(&b), c)
        case .map(let entries, let sorted):
            let c = children([entries])
            var t = TableSpec(fieldCount: 1)
            t.bool(0, sorted, default: false)
            return (.map, t.build(&b), c)
        case .duration(let u): return (.duration, unitTable(u.rawValue, default: 1, &b), [])
        case .largeBinary: return (.largeBinary, empty(&b), [])
        case .largeUtf8: return (.largeUtf8, empty(&b), [])
        case .largeList(let f):
            let c = children([f])
            return (.largeList, empty(&b), c)
        case .runEndEncoded(let r, let v):
            let c = children([r, v])
            return (.runEndEncoded, empty(&b), c)
        case .binaryView: return (.binaryView, empty(&b), [])
        case .utf8View: return (.utf8View, empty(&b), [])
        case .listView(let f):
            let c = children([f])
            return (.listView, empty(&b), c)
        case .largeListView(let f):
            let c = children([f])
            return (.largeListView, empty(&b), c)
        case .dictionary(_, let value, _):
            // Only reached for a dictionary nested directly in a dictionary, which
            // Arrow does not allow; describe the value type.
            return Self.type(value, &b)
        }
    }

    // MARK: Messages

    static func recordBatch(_ header: RecordBatchHeader, _ b: inout FlatBufferBuilder) -> FlatBufferOffset {
        b.startVector(elementSize: 16, count: header.nodes.count, alignment: 8)
        for node in header.nodes.reversed() {
            b.prepend(node.nullCount)
            b.prepend(node.length)
        }
        let nodes = b.endVector(count: header.nodes.count)
        b.startVector(elementSize: 16, count: header.buffers.count, alignment: 8)
        for buffer in header.buffers.reversed() {
            b.prepend(buffer.length)
            b.prepend(buffer.offset)
        }
        let buffers = b.endVector(count: header.buffers.count)
        var compression: FlatBufferOffset? = nil
        if let codec = header.compression {
            var t = TableSpec(fieldCount: 2)
            t.scalar(0, codec.rawValue, default: 0)
            t.scalar(1, Int8(0), default: 0)
            compression = t.build(&b)
        }
        let variadic = header.variadicBufferCounts.isEmpty ? nil : b.createVector(header.variadicBufferCounts)
        var t = TableSpec(fieldCount: 5)
        t.scalar(0, header.length, default: 0)
        t.offset(1, nodes)
        t.offset(2, buffers)
        t.offset(3, compression)
        t.offset(4, variadic)
        return t.build(&b)
    }

    enum Header {
        case schema(Schema)
        case recordBatch(RecordBatchHeader)
        case dictionaryBatch(id: Int64, RecordBatchHeader, isDelta: Bool)
    }

    /// The `Message` flatbuffer bytes (unframed).
    static func message(_ header: Header, bodyLength: Int64, version: MetadataVersion, metadata: [KeyValue]) throws(ArrowError) -> [UInt8] {
        try MetadataSizeBound.message(header, metadata: metadata)
        var b = FlatBufferBuilder(initialCapacity: 1024)
        let tag: ArrowFormat.MessageHeaderTag
        let headerOffset: FlatBufferOffset
        switch header {
        case .schema(let s):
            tag = .schema
            headerOffset = schema(s, &b)
        case .recordBatch(let r):
            tag = .recordBatch
            headerOffset = recordBatch(r, &b)
        case .dictionaryBatch(let id, let r, let isDelta):
            tag = .dictionaryBatch
            let data = recordBatch(r, &b)
            var t = TableSpec(fieldCount: 3)
            t.scalar(0, id, default: 0)
            t.offset(1, data)
            t.bool(2, isDelta, default: false)
            headerOffset = t.build(&b)
        }
        let custom = keyValues(metadata, &b)
        var t = TableSpec(fieldCount: 5)
        t.scalar(0, version.rawValue, default: 0)
        t.scalar(1, tag.rawValue, default: 0)
        t.offset(2, headerOffset)
        t.scalar(3, bodyLength, default: 0)
        t.offset(4, custom)
        let root = t.build(&b)
        b.finish(root: root)
        return b.finishedBytes
    }

    struct Block {
        var offset: Int64
        var metadataLength: Int32
        var bodyLength: Int64
    }

    /// The `Footer` flatbuffer bytes.
    static func footer(schema s: Schema, dictionaries: [Block], recordBatches: [Block], metadata: [KeyValue]) throws(ArrowError) -> [UInt8] {
        try MetadataSizeBound.footer(schema: s, blocks: dictionaries.count + recordBatches.count, metadata: metadata)
        var b = FlatBufferBuilder(initialCapacity: 1024)
        let schemaOffset = schema(s, &b)
        func blocks(_ list: [Block]) -> FlatBufferOffset {
            b.startVector(elementSize: 24, count: list.count, alignment: 8)
            for block in list.reversed() {
                b.prepend(block.bodyLength)
                b.pad(4)
                b.prepend(block.metadataLength)
                b.prepend(block.offset)
            }
            return b.endVector(count: list.count)
        }
        let dictionaryVector = blocks(dictionaries)
        let batchVector = blocks(recordBatches)
        let custom = keyValues(metadata, &b)
        var t = TableSpec(fieldCount: 5)
        t.scalar(0, MetadataVersion.v5.rawValue, default: 0)
        t.offset(1, schemaOffset)
        t.offset(2, dictionaryVector)
        t.offset(3, batchVector)
        t.offset(4, custom)
        let root = t.build(&b)
        b.finish(root: root)
        return b.finishedBytes
    }
}
