// Target `ipc-gen`: structure-aware. The fuzzer's bytes are not the IPC input
// but the choices of a generator that writes well-formed FlatBuffers IPC
// (with the library's own `MetadataEncoder` and `FlatBufferBuilder`) whose
// values are hostile: lengths of 2^31 and more with no body behind them, one
// FlatBuffer table shared by many parents, footer blocks reused or pointing
// at the wrong message, buffers that overlap or lie outside the body, lying
// decompressed sizes, dictionary deltas repeated until lengths overflow.
// Since the framing, the FlatBuffers and most counts are right, the reader
// gets past its first checks and meets the hostile values where they matter.
// The result goes through the same reading, validation, comparison and
// writing as target `ipc`, and through the push decoder.

func fuzzGeneratedIPC(_ bytes: ArrowBuffer) {
    var choices = FuzzChoices(bytes)
    let generated = HostileIPCGenerator.generate(&choices)
    if let path = fuzzGeneratedOutputPath { writeFuzzOutput(generated, to: path) }
    let buffer = ArrowBuffer(copying: generated)
    exerciseIPC(buffer)
    var decoder = StreamDecoder(options: IPCReadOptions(limits: fuzzLimits))
    _ = try? decoder.feed(buffer)
    _ = try? decoder.finish()
}

/// The fuzzer's bytes read as a stream of choices; zeros once they run out,
/// so that every input generates something.
struct FuzzChoices {
    private let bytes: ArrowBuffer
    private var at = 0

    init(_ bytes: ArrowBuffer) { self.bytes = bytes }

    mutating func byte() -> UInt8 {
        guard let b = bytes[checked: at] else { return 0 }
        at += 1
        return b
    }

    /// A number in 0..<n.
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(byte()) % n }

    mutating func chance(_ inSixteen: Int) -> Bool { below(16) < inSixteen }

    mutating func raw64() -> Int64 {
        var v: UInt64 = 0
        for _ in 0..<8 { v = v << 8 | UInt64(byte()) }
        return Int64(bitPattern: v)
    }

    /// Mostly `typical`; otherwise a value chosen to break arithmetic or
    /// bounds: the edges of Int32 and Int64, negatives, off by one, raw bits.
    mutating func hostile(_ typical: Int64, honesty: Int = 12) -> Int64 {
        if chance(honesty) { return typical }
        switch below(12) {
        case 0: return 0
        case 1: return -1
        case 2: return typical &+ 1
        case 3: return typical &- 1
        case 4: return Int64(Int32.max)
        case 5: return Int64(Int32.max) + 1
        case 6: return Int64(UInt32.max)
        case 7: return 1 << 40
        case 8: return Int64.max
        case 9: return Int64.max - 7
        case 10: return Int64.min
        default: return raw64()
        }
    }
}

enum HostileIPCGenerator {
    /// Physical sizes are kept small whatever the claims say.
    static let maxNaturalLength = 512

    static func generate(_ c: inout FuzzChoices) -> [UInt8] {
        let schema = makeSchema(&c)
        var messages: [[UInt8]] = []
        var bodies: [[UInt8]] = []
        var isDictionary: [Bool] = []
        func add(_ header: MetadataEncoder.Header, _ body: [UInt8], _ c: inout FuzzChoices) {
            let claimed = c.hostile(Int64(body.count), honesty: 14)
            guard let m = try? MetadataEncoder.message(header, bodyLength: claimed, version: .v5, metadata: []) else { return }
            messages.append(m)
            if case .dictionaryBatch = header { isDictionary.append(true) } else { isDictionary.append(false) }
            // A lying claimed length often comes with no body at all.
            bodies.append(claimed != Int64(body.count) && c.chance(8) ? [] : body)
        }
        messages.append(
            c.chance(4) ? sharedTableSchemaMessage(schema) : (try? MetadataEncoder.message(.schema(schema), bodyLength: 0, version: .v5, metadata: [])) ?? [])
        bodies.append([])
        isDictionary.append(false)

        let dictionaryFields = schema.fields.flatMap(dictionaryFieldsIn)
        // Readers want every dictionary before the first batch: one per id
        // first (mostly), then any mix of batches, replacements and deltas.
        var firstDictionaries: [Field] = []
        if c.chance(14) {
            var seen: Set<Int64> = []
            for field in dictionaryFields where seen.insert(field.dictionaryId ?? 0).inserted { firstDictionaries.append(field) }
        }
        let messageCount = firstDictionaries.count + 1 + c.below(6)
        for k in 0..<messageCount {
            let pick =
                k < firstDictionaries.count
                ? firstDictionaries[k]
                : (dictionaryFields.isEmpty || !c.chance(7) ? nil : dictionaryFields[c.below(dictionaryFields.count)])
            if let field = pick, case .dictionary(_, let valueType, _) = field.type {
                let length = naturalLength(&c)
                var body: [UInt8] = []
                let header = batchHeader([Field("values", valueType)], length: length, body: &body, &c)
                let id = c.chance(14) ? field.dictionaryId ?? 0 : c.hostile(0, honesty: 0)
                let isDelta = k >= firstDictionaries.count && c.chance(8)
                // Deltas repeated: the dictionary's length adds up message after message.
                for _ in 0..<(isDelta && c.chance(4) ? 1 + c.below(40) : 1) {
                    add(.dictionaryBatch(id: id, header, isDelta: isDelta), body, &c)
                }
            } else {
                var body: [UInt8] = []
                let header = batchHeader(schema.fields, length: naturalLength(&c), body: &body, &c)
                add(.recordBatch(header), body, &c)
            }
        }
        return c.chance(8) ? frameFile(schema, messages, bodies, isDictionary, &c) : frameStream(messages, bodies, &c)
    }

    // MARK: Schema

    static func makeSchema(_ c: inout FuzzChoices) -> Schema {
        var fields: [Field] = []
        for i in 0..<(1 + c.below(4)) { fields.append(makeField("f\(i)", depth: 0, &c)) }
        return Schema(fields)
    }

    static func makeField(_ name: String, depth: Int, _ c: inout FuzzChoices) -> Field {
        if depth < 2, c.chance(3) {
            let indexTypes: [ArrowType] = [.int8, .int16, .int32, .int64, .uint8, .uint32]
            let value = makeType(depth: depth + 1, &c)
            return Field(
                name, .dictionary(indexType: indexTypes[c.below(indexTypes.count)], valueType: value, ordered: c.chance(2)),
                nullable: c.chance(12), dictionaryId: Int64(c.below(3)))
        }
        return Field(name, makeType(depth: depth, &c), nullable: c.chance(12))
    }

    static func makeType(depth: Int, _ c: inout FuzzChoices) -> ArrowType {
        let leaves: [ArrowType] = [
            .null, .bool, .int8, .int32, .int64, .uint16, .float16, .float32, .float64,
            .decimal(precision: 20, scale: 3, bitWidth: 128), .decimal(precision: 40, scale: 0, bitWidth: 256),
            .date32, .date64, .time32(.millisecond), .time64(.nanosecond), .timestamp(.microsecond, timezone: "UTC"),
            .duration(.second), .interval(.monthDayNano), .interval(.yearMonth),
            .binary, .largeBinary, .utf8, .largeUtf8, .binaryView, .utf8View, .fixedSizeBinary(byteWidth: 3),
        ]
        if depth >= 3 || c.chance(9) { return leaves[c.below(leaves.count)] }
        let child = { (c: inout FuzzChoices) in makeField("item", depth: depth + 1, &c) }
        switch c.below(10) {
        case 0: return .list(child(&c))
        case 1: return .largeList(child(&c))
        case 2: return .listView(child(&c))
        case 3: return .largeListView(child(&c))
        case 4: return .fixedSizeList(child(&c), listSize: Int32(truncatingIfNeeded: c.hostile(Int64(1 + c.below(4)), honesty: 14)))
        case 5:
            // The same child several times: shared tables when encoded by sharedTableSchemaMessage.
            let one = child(&c)
            return .struct(c.chance(8) ? Array(repeating: one, count: 1 + c.below(4)) : [one, child(&c)])
        case 6:
            let entries = Field("entries", .struct([Field("key", .utf8, nullable: false), child(&c)]), nullable: false)
            return .map(entries: entries, keysSorted: c.chance(2))
        case 7:
            let fields = [child(&c), child(&c)]
            return .union(c.chance(8) ? .sparse : .dense, fields: fields, typeIds: c.chance(14) ? [0, 1] : [5, 5])
        case 8:
            let runEnds: [ArrowType] = [.int16, .int32, .int64]
            return .runEndEncoded(runEnds: Field("run_ends", runEnds[c.below(3)], nullable: false), values: child(&c))
        default:
            return .struct([child(&c)])
        }
    }

    static func dictionaryFieldsIn(_ field: Field) -> [Field] {
        var found: [Field] = []
        if case .dictionary = field.type { found.append(field) }
        for child in field.type.children { found += dictionaryFieldsIn(child) }
        return found
    }

    /// The schema message with every identical field written once and
    /// referenced from each parent: a DAG of tables, exponential in depth
    /// when unfolded.
    static func sharedTableSchemaMessage(_ schema: Schema) -> [UInt8] {
        var b = FlatBufferBuilder(initialCapacity: 1024)
        var written: [Field: FlatBufferOffset] = [:]
        func encode(_ field: Field) -> FlatBufferOffset {
            if let offset = written[field] { return offset }
            let offset: FlatBufferOffset
            if case .struct(let children) = field.type {
                let childOffsets = children.map(encode)
                let childVector = b.createVector(of: childOffsets)
                let empty = TableSpec(fieldCount: 0).build(&b)
                let name = b.createString(field.name)
                var t = TableSpec(fieldCount: 7)
                t.offset(0, name)
                t.bool(1, field.nullable, default: false)
                t.scalar(2, UInt8(13), default: 0)
                t.offset(3, empty)
                t.offset(5, childVector)
                offset = t.build(&b)
            } else {
                offset = MetadataEncoder.field(field, &b)
            }
            written[field] = offset
            return offset
        }
        let top = schema.fields.map(encode)
        let fieldVector = b.createVector(of: top)
        var s = TableSpec(fieldCount: 4)
        s.offset(1, fieldVector)
        let schemaTable = s.build(&b)
        var m = TableSpec(fieldCount: 5)
        m.scalar(0, MetadataVersion.v5.rawValue, default: 0)
        m.scalar(1, UInt8(1), default: 0)
        m.offset(2, schemaTable)
        let root = m.build(&b)
        b.finish(root: root)
        return b.finishedBytes
    }

    // MARK: Record batches

    static func naturalLength(_ c: inout FuzzChoices) -> Int64 {
        let small: [Int64] = [0, 1, 2, 3, 7, 8, 9, 64, 100, 511]
        return c.hostile(small[c.below(small.count)], honesty: 13)
    }

    /// What one buffer of a layout holds.
    enum BufferKind {
        case validity, fixed(Int), offsets32, offsets64, variableData, views, typeIds, unionOffsets
    }

    /// The buffers of one node and its children's lengths, per Arrow's columnar format.
    static func layout(_ type: ArrowType, length: Int64, step: Int64, variadic: Int) -> ([BufferKind], [(Field, Int64)]) {
        switch type {
        case .null: return ([], [])
        case .bool: return ([.validity, .validity], [])
        case .binary, .utf8: return ([.validity, .offsets32, .variableData], [])
        case .largeBinary, .largeUtf8: return ([.validity, .offsets64, .variableData], [])
        case .binaryView, .utf8View: return ([.validity, .views] + Array(repeating: .variableData, count: variadic), [])
        case .list(let f), .map(let f, _): return ([.validity, .offsets32], [(f, length &* step)])
        case .largeList(let f): return ([.validity, .offsets64], [(f, length &* step)])
        case .listView(let f): return ([.validity, .offsets32, .fixed(4)], [(f, length &* step)])
        case .largeListView(let f): return ([.validity, .offsets64, .fixed(8)], [(f, length &* step)])
        case .fixedSizeList(let f, let n): return ([.validity], [(f, length &* Int64(n))])
        case .struct(let fs): return ([.validity], fs.map { ($0, length) })
        case .union(let mode, let fs, _):
            return (mode == .sparse ? [.typeIds] : [.typeIds, .unionOffsets], fs.map { ($0, length) })
        case .runEndEncoded(let r, let v): return ([], [(r, min(length, 4)), (v, min(length, 4))])
        case .dictionary(let index, _, _): return layout(index, length: length, step: step, variadic: variadic)
        default: return ([.validity, .fixed(type.byteWidth ?? 8)], [])
        }
    }

    /// A record batch header over `fields` with its body appended to `body`:
    /// honest layouts (monotonic offsets, full validity) with some values
    /// replaced by hostile ones.
    static func batchHeader(_ fields: [Field], length: Int64, body: inout [UInt8], _ c: inout FuzzChoices) -> RecordBatchHeader {
        var nodes: [FieldNode] = []
        var buffers: [BodyBuffer] = []
        var variadicCounts: [Int64] = []
        let compression: CompressionCodec? = c.chance(3) ? (c.chance(8) ? .zstd : .lz4Frame) : nil

        func visit(_ field: Field, _ length: Int64) {
            let nodeLength = c.hostile(length, honesty: 14)
            nodes.append(FieldNode(length: nodeLength, nullCount: c.hostile(0, honesty: 14)))
            let physical = Int(max(0, min(nodeLength, Int64(maxNaturalLength))))
            let step = Int64(c.below(4))
            var variadic = 0
            if case .binaryView = field.type {
                variadic = c.below(3)
                variadicCounts.append(c.hostile(Int64(variadic), honesty: 14))
            }
            if case .utf8View = field.type {
                variadic = c.below(3)
                variadicCounts.append(c.hostile(Int64(variadic), honesty: 14))
            }
            let (kinds, children) = layout(field.type, length: nodeLength, step: step, variadic: variadic)
            var previous: BodyBuffer?
            for kind in kinds {
                var data = contents(kind, count: physical, step: Int(step), &c)
                if let compression { data = compressed(data, compression, &c) }
                let honest = BodyBuffer(offset: Int64(body.count), length: Int64(data.count))
                body += data
                body += Array(repeating: 0, count: (8 - body.count % 8) % 8)
                var buffer = honest
                switch c.below(16) {
                case 0: if let previous { buffer.offset = previous.offset }  // overlaps the previous buffer
                case 1: buffer.length = c.hostile(honest.length, honesty: 0)
                case 2: buffer.offset = c.hostile(honest.offset, honesty: 0)
                default: break
                }
                buffers.append(buffer)
                previous = buffer
            }
            for (child, childLength) in children { visit(child, min(childLength, Int64(maxNaturalLength))) }
        }
        for field in fields { visit(field, length) }
        return RecordBatchHeader(
            length: c.hostile(length, honesty: 14), nodes: nodes, buffers: buffers,
            compression: compression, variadicBufferCounts: variadicCounts)
    }

    static func contents(_ kind: BufferKind, count: Int, step: Int, _ c: inout FuzzChoices) -> [UInt8] {
        func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
            values.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        }
        switch kind {
        case .validity: return Array(repeating: c.chance(12) ? 0xFF : c.byte(), count: (count + 7) / 8)
        case .fixed(let width): return (0..<(count * width)).map { _ in c.byte() }
        case .offsets32: return littleEndian((0...count).map { Int32($0 * step) })
        case .offsets64: return littleEndian((0...count).map { Int64($0 * step) })
        case .variableData: return (0..<(count * step)).map { _ in UInt8(ascii: "a") &+ c.byte() % 26 }
        case .views:
            // Inline views (length <= 12) of `step` bytes each.
            return (0..<count).flatMap { _ in littleEndian([Int32(step)]) + (0..<12).map { i in i < step ? UInt8(ascii: "x") : 0 } }
        case .typeIds: return (0..<count).map { _ in c.chance(14) ? c.byte() % 2 : c.byte() }
        case .unionOffsets: return littleEndian((0..<count).map { Int32($0) })
        }
    }

    /// A compressed buffer: the uncompressed length (sometimes a lie, or -1
    /// for "stored uncompressed"), then the frame.
    static func compressed(_ data: [UInt8], _ codec: CompressionCodec, _ c: inout FuzzChoices) -> [UInt8] {
        let prefix = c.hostile(Int64(data.count))
        let frame = codec == .zstd ? Zstd.compress(data) : LZ4Frame.compress(data, options: .arrow)
        return withUnsafeBytes(of: prefix.littleEndian) { Array($0) } + (prefix == -1 ? data : frame)
    }

    // MARK: Framing

    static func frame(_ metadata: [UInt8], _ body: [UInt8], _ c: inout FuzzChoices) -> [UInt8] {
        var padded = metadata
        padded += Array(repeating: 0, count: (8 - (padded.count + 8) % 8) % 8)
        let length = Int32(truncatingIfNeeded: c.hostile(Int64(padded.count), honesty: 15))
        var out: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        withUnsafeBytes(of: length.littleEndian) { out += $0 }
        return out + padded + body
    }

    static func frameStream(_ messages: [[UInt8]], _ bodies: [[UInt8]], _ c: inout FuzzChoices) -> [UInt8] {
        var out: [UInt8] = []
        for (m, b) in zip(messages, bodies) { out += frame(m, b, &c) }
        if c.chance(12) { out += [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0] }
        return out
    }

    static func frameFile(_ schema: Schema, _ messages: [[UInt8]], _ bodies: [[UInt8]], _ isDictionary: [Bool], _ c: inout FuzzChoices) -> [UInt8] {
        var out = Array("ARROW1".utf8) + [0, 0]
        var dictionaryBlocks: [MetadataEncoder.Block] = []
        var batchBlocks: [MetadataEncoder.Block] = []
        for (i, (m, b)) in zip(messages, bodies).enumerated() {
            let offset = out.count
            let framed = frame(m, b, &c)
            out += framed
            guard i > 0 else { continue }
            let block = MetadataEncoder.Block(offset: Int64(offset), metadataLength: Int32(framed.count - b.count), bodyLength: Int64(b.count))
            if isDictionary[i] {
                dictionaryBlocks.append(block)
            } else {
                batchBlocks.append(block)
            }
        }
        out += [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
        func mutate(_ blocks: [MetadataEncoder.Block], _ c: inout FuzzChoices) -> [MetadataEncoder.Block] {
            guard let first = blocks.first else { return blocks }
            switch c.below(8) {
            case 0: return Array(repeating: first, count: 1 + c.below(64))  // one block reused
            case 1:
                return blocks.map {
                    var b = $0
                    b.bodyLength = c.hostile(b.bodyLength, honesty: 8)
                    return b
                }
            case 2:
                return blocks.map {
                    var b = $0
                    b.offset = c.hostile(b.offset, honesty: 8)
                    return b
                }
            case 3: return blocks.reversed()
            default: return blocks
            }
        }
        var dictionaries = mutate(dictionaryBlocks, &c)
        var batches = mutate(batchBlocks, &c)
        if c.chance(1) { swap(&dictionaries, &batches) }  // blocks pointing at the wrong kind of message
        guard let footer = try? MetadataEncoder.footer(schema: schema, dictionaries: dictionaries, recordBatches: batches, metadata: []) else {
            return out
        }
        out += footer
        withUnsafeBytes(of: Int32(truncatingIfNeeded: c.hostile(Int64(footer.count), honesty: 15)).littleEndian) { out += $0 }
        return out + Array("ARROW1".utf8)
    }
}
