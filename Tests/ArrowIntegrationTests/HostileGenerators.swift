import ArrowFlatBuffers
import ArrowIPC
import ArrowMemory

/// Builds hostile IPC inputs of the classes in `../shared/hostile/`: a valid
/// stream or file is written by our writer with a distinctive length, which is
/// then patched to the claimed value (lengths of body-free arrays live only in
/// the metadata, so the result stays well-formed apart from the lie).
enum HostileGenerators {
    /// A length no FlatBuffer or body of these small inputs holds by accident.
    static let marker = 2_763_306  // 0x2A2A2A
    static let listMarker = 666_154  // 0x0A2A2A

    static func patch64(_ bytes: inout [UInt8], _ from: Int, _ to: Int) {
        patch(&bytes, withUnsafeBytes(of: Int64(from).littleEndian, Array.init), withUnsafeBytes(of: Int64(to).littleEndian, Array.init))
    }

    static func patch32(_ bytes: inout [UInt8], _ from: Int, _ to: Int) {
        patch(&bytes, withUnsafeBytes(of: Int32(from).littleEndian, Array.init), withUnsafeBytes(of: Int32(truncatingIfNeeded: to).littleEndian, Array.init))
    }

    private static func patch(_ bytes: inout [UInt8], _ from: [UInt8], _ to: [UInt8]) {
        var i = 0
        while i + from.count <= bytes.count {
            if bytes[i..<i + from.count].elementsEqual(from) {
                bytes.replaceSubrange(i..<i + from.count, with: to)
                i += from.count
            } else {
                i += 1
            }
        }
    }

    private static func int32s(_ values: [Int32]) -> ArrowBuffer {
        ArrowBuffer(copying: values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
    }

    /// One dictionary-encoded column of one row (index 0) over `dictionary`.
    private static func dictionaryColumn(_ dictionary: ArrayData) -> ArrayData {
        ArrayData(
            type: .dictionary(indexType: .int32, valueType: dictionary.type, ordered: false), length: 1,
            buffers: [int32s([0])], dictionary: dictionary)
    }

    private static func dictionaryStream(_ dictionaries: [ArrayData], deltas: Bool) throws(ArrowError) -> [UInt8] {
        let columns = dictionaries.map(dictionaryColumn)
        let schema = Schema([Field("d", columns[0].type)])
        let batches = columns.map { RecordBatch(schema: schema, length: 1, columns: [$0]) }
        return try StreamWriter.bytes(schema: schema, batches: batches, options: IPCWriteOptions(emitDictionaryDeltas: deltas))
    }

    /// A body-free dictionary (struct<>) of 8 rows, one null, then a delta of
    /// `claimedLength` rows with no body: the concatenation needs a bitmap for all.
    static func bodyFreeDelta(type: ArrowType, claimedLength: Int) throws(ArrowError) -> [UInt8] {
        let first = ArrayData(type: type, length: 8, nullCount: 1, validity: ArrowBuffer(copying: [0xFE]))
        var bits = [UInt8](repeating: 0xFF, count: (8 + marker + 7) / 8)
        bits[0] = 0xFE
        let extended = ArrayData(type: type, length: 8 + marker, nullCount: 1, validity: ArrowBuffer(copying: bits))
        var bytes = try dictionaryStream([first, extended], deltas: true)
        patch64(&bytes, marker, claimedLength)
        return bytes
    }

    /// A list<null> dictionary of one list of `childLength` nulls and a delta of
    /// another: the concatenated offsets pass 2^31-1 when `childLength` is large.
    static func listDeltaOffsets(childLength: Int) throws(ArrowError) -> [UInt8] {
        let type = ArrowType.list(Field("item", .null))
        let m = Int32(listMarker)
        let first = ArrayData(
            type: type, length: 1, buffers: [int32s([0, m])],
            children: [ArrayData(type: .null, length: listMarker, nullCount: listMarker)])
        let extended = ArrayData(
            type: type, length: 2, buffers: [int32s([0, m, 2 * m])],
            children: [ArrayData(type: .null, length: 2 * listMarker, nullCount: 2 * listMarker)])
        var bytes = try dictionaryStream([first, extended], deltas: true)
        patch64(&bytes, listMarker, childLength)
        patch32(&bytes, listMarker, childLength)
        return bytes
    }

    /// Two batches over a body-free dictionary of `claimedLength` values: the same
    /// one, or (`replaced`) a second dictionary message of the same length.
    static func repeatedBodyFreeDictionary(type: ArrowType, replaced: Bool, claimedLength: Int = Int(Int32.max)) throws(ArrowError) -> [UInt8] {
        func make(_ n: Int) -> ArrayData { ArrayData(type: type, length: n, nullCount: type == .null ? n : 0) }
        let first = make(marker)
        var bytes = try dictionaryStream([first, replaced ? make(marker + 1) : first], deltas: false)
        patch64(&bytes, marker, claimedLength)
        patch64(&bytes, marker + 1, claimedLength)
        return bytes
    }

    /// One column of a body-free type and `claimedLength` rows.
    static func bodyFreeColumn(type: ArrowType, claimedLength: Int) throws(ArrowError) -> [UInt8] {
        let schema = Schema([Field("c", type)])
        let column = ArrayData(type: type, length: marker, nullCount: type == .null ? marker : 0)
        var bytes = try StreamWriter.bytes(schema: schema, batches: [RecordBatch(schema: schema, length: marker, columns: [column])])
        patch64(&bytes, marker, claimedLength)
        return bytes
    }

    /// A schema message whose `width` top-level fields are one shared struct
    /// table, whose `width` children are one shared leaf with a long name: a
    /// ~1 KB FlatBuffer that reads as width² fields.
    static func schemaDAG(width: Int, nameLength: Int) -> [UInt8] {
        var b = FlatBufferBuilder()
        let leafName = b.createString(String(repeating: "n", count: nameLength))
        b.startTable(fieldCount: 0)
        let nullType = b.endTable()
        b.startTable(fieldCount: 7)
        b.addOffset(field: 0, leafName)
        b.add(field: 2, UInt8(1), default: 0)  // Type.Null
        b.addOffset(field: 3, nullType)
        let leaf = b.endTable()
        let children = b.createVector(of: Array(repeating: leaf, count: width))
        let structName = b.createString("s")
        b.startTable(fieldCount: 0)
        let structType = b.endTable()
        b.startTable(fieldCount: 7)
        b.addOffset(field: 0, structName)
        b.add(field: 2, UInt8(13), default: 0)  // Type.Struct_
        b.addOffset(field: 3, structType)
        b.addOffset(field: 5, children)
        let node = b.endTable()
        let fields = b.createVector(of: Array(repeating: node, count: width))
        b.startTable(fieldCount: 4)
        b.addOffset(field: 1, fields)
        let schema = b.endTable()
        b.startTable(fieldCount: 5)
        b.add(field: 0, Int16(4), default: 0)  // V5
        b.add(field: 1, UInt8(1), default: 0)  // MessageHeader.Schema
        b.addOffset(field: 2, schema)
        let message = b.endTable()
        b.finish(root: message)
        var metadata = b.finishedBytes
        while metadata.count % 8 != 0 { metadata.append(0) }
        return [0xFF, 0xFF, 0xFF, 0xFF] + withUnsafeBytes(of: Int32(metadata.count).littleEndian, Array.init) + metadata
            + [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
    }

    static let compressedValues = 70_001

    /// A Zstandard-compressed int64 column of zeros; with `claim`, the buffer's
    /// uncompressed-length prefix is replaced by it.
    static func compressedClaim(claim: Int?) throws(ArrowError) -> [UInt8] {
        let schema = Schema([Field("v", .int64, nullable: false)])
        let values = ArrayData(type: .int64, length: compressedValues, buffers: [ArrowBuffer(copying: [UInt8](repeating: 0, count: compressedValues * 8))])
        var bytes = try StreamWriter.bytes(
            schema: schema, batches: [RecordBatch(schema: schema, length: compressedValues, columns: [values])],
            options: IPCWriteOptions(compression: .zstd(level: 1)))
        if let claim { patch64(&bytes, compressedValues * 8, claim) }
        return bytes
    }

    /// A file of two batches (and a dictionary) whose footer lists one message
    /// twice: record batch 1 is batch 0's block, or batch 0 is the dictionary's.
    static func fileWithReusedBlock(dictionaryAsBatch: Bool) throws -> [UInt8] {
        let dictionary = ArrayData(type: .utf8, length: 2, buffers: [int32s([0, 1, 2]), ArrowBuffer(copying: Array("ab".utf8))])
        let column = dictionaryColumn(dictionary)
        let schema = Schema([Field("d", column.type)])
        let batch = RecordBatch(schema: schema, length: 1, columns: [column])
        var bytes = try FileWriter.bytes(schema: schema, batches: [batch, batch])
        let lengthAt = bytes.count - 10
        let footerLength = Int(bytes[lengthAt..<lengthAt + 4].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
        let footerStart = lengthAt - footerLength
        let buffer = ArrowBuffer(copying: Array(bytes[footerStart..<lengthAt]))
        let footer = try FlatBufferTable(root: buffer)
        guard let dictionaries = try footer.vector(2, elementSize: 24, field: "dictionaries"),
            let batches = try footer.vector(3, elementSize: 24, field: "recordBatches"), batches.count == 2, dictionaries.count == 1
        else { throw ArrowError(.invalidData, "unexpected footer") }
        let source = dictionaryAsBatch ? dictionaries.structPosition(at: 0) : batches.structPosition(at: 0)
        let target = dictionaryAsBatch ? batches.structPosition(at: 0) : batches.structPosition(at: 1)
        let block = Array(bytes[footerStart + source..<footerStart + source + 24])
        bytes.replaceSubrange(footerStart + target..<footerStart + target + 24, with: block)
        return bytes
    }

    /// A valid stream whose names and metadata hold terminal escapes and other
    /// control bytes, with a struct and a dictionary (to trip each limit).
    static func controlCharacterNames() throws(ArrowError) -> [UInt8] {
        let inner = Field("x\u{1B}[31m", .int32)
        let structField = Field("\u{1B}[31m", .struct([inner]))
        let dictionary = ArrayData(type: .utf8, length: 1, buffers: [int32s([0, 3]), ArrowBuffer(copying: Array("a\nb".utf8))])
        let column = dictionaryColumn(dictionary)
        let schema = Schema([structField, Field("d\u{7}", column.type)], metadata: [KeyValue("k\r", "v\u{0}")])
        let ints = ArrayData(type: .int32, length: 1, buffers: [int32s([7])])
        let structs = ArrayData(type: .struct([inner]), length: 1, children: [ints])
        return try StreamWriter.bytes(schema: schema, batches: [RecordBatch(schema: schema, length: 1, columns: [structs, column])])
    }

    /// A Zstandard frame of RLE blocks (4 bytes per 128 KiB) that inflates to
    /// `size` zero bytes: 32,768:1, the format's best ratio.
    static func zstdZeros(_ size: Int) -> [UInt8] {
        // Magic, then a descriptor for a single segment with a 4-byte content size.
        var out: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xA0] + withUnsafeBytes(of: UInt32(size).littleEndian, Array.init)
        var left = size
        repeat {
            let n = min(left, 1 << 17)
            left -= n
            let header = UInt32(left == 0 ? 1 : 0) | 1 << 1 | UInt32(n) << 3  // last block, RLE, size
            out += [UInt8(header & 0xFF), UInt8(header >> 8 & 0xFF), UInt8(header >> 16 & 0xFF), 0]
        } while left > 0
        return out
    }

    /// A stream of `batches` zero-row batches of one int64 column whose values
    /// buffer is a real Zstandard frame inflating to `inflated` bytes.
    static func inflatingZeroRowBatches(batches: Int, inflated: Int) throws(ArrowError) -> [UInt8] {
        let schema = Schema([Field("v", .int64, nullable: false)])
        let empty = try StreamWriter.bytes(schema: schema, batches: [])
        var body = withUnsafeBytes(of: Int64(inflated).littleEndian, Array.init) + zstdZeros(inflated)
        let bufferLength = body.count
        while body.count % 8 != 0 { body.append(0) }
        var b = FlatBufferBuilder()
        b.startTable(fieldCount: 2)
        b.add(field: 0, Int8(1), default: 0)  // CompressionType.ZSTD
        let compression = b.endTable()
        b.startVector(elementSize: 16, count: 2, alignment: 8)
        b.prepend(Int64(bufferLength))  // buffer 1 (values): length, offset
        b.prepend(Int64(0))
        b.prepend(Int64(0))  // buffer 0 (validity): empty
        b.prepend(Int64(0))
        let buffers = b.endVector(count: 2)
        b.startVector(elementSize: 16, count: 1, alignment: 8)
        b.prepend(Int64(0))  // null count, length
        b.prepend(Int64(0))
        let nodes = b.endVector(count: 1)
        b.startTable(fieldCount: 4)
        b.addOffset(field: 1, nodes)
        b.addOffset(field: 2, buffers)
        b.addOffset(field: 3, compression)
        let recordBatch = b.endTable()
        b.startTable(fieldCount: 5)
        b.add(field: 0, Int16(4), default: 0)  // V5
        b.add(field: 1, UInt8(3), default: 0)  // MessageHeader.RecordBatch
        b.addOffset(field: 2, recordBatch)
        b.add(field: 3, Int64(body.count), default: 0)
        let message = b.endTable()
        b.finish(root: message)
        var metadata = b.finishedBytes
        while metadata.count % 8 != 0 { metadata.append(0) }
        let framed = [0xFF, 0xFF, 0xFF, 0xFF] + withUnsafeBytes(of: Int32(metadata.count).littleEndian, Array.init) + metadata + body
        return Array(empty.dropLast(8)) + Array(repeating: framed, count: batches).flatMap { $0 } + Array(empty.suffix(8))
    }
}
