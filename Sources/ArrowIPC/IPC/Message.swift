import ArrowFlatBuffers
import ArrowMemory

/// `MetadataVersion` of `Schema.fbs`. V4 and V5 differ only in unions (V4 unions
/// carry a validity bitmap). Messages older than V4 are refused; a file footer may
/// declare any version (it is informational).
public enum MetadataVersion: Int16, Sendable, Hashable, Comparable {
    /// The versions of `Schema.fbs`: V1 (0) to V5 (4). Writers write V4 or V5.
    case v1 = 0, v2, v3, v4, v5

    /// Orders versions by their raw value, oldest first.
    /// - Parameters:
    ///   - a: A version.
    ///   - b: Another version.
    /// - Returns: Whether `a` is older than `b`.
    public static func < (a: MetadataVersion, b: MetadataVersion) -> Bool { a.rawValue < b.rawValue }
}

/// Codec of a compressed record batch body (`BodyCompression.codec`).
public enum CompressionCodec: Int8, Sendable, Hashable {
    /// LZ4 frame format (0) or Zstandard (1), as `CompressionType` in `Message.fbs`.
    case lz4Frame = 0, zstd = 1
}

/// Length and null count of one array in a record batch (`FieldNode`).
struct FieldNode: Sendable {
    var length: Int64
    var nullCount: Int64
}

/// Position of one buffer in a message body (`Buffer`).
struct BodyBuffer: Sendable {
    var offset: Int64
    var length: Int64
}

/// The metadata of a record batch or of a dictionary batch's data.
struct RecordBatchHeader: Sendable {
    var length: Int64
    var nodes: [FieldNode]
    var buffers: [BodyBuffer]
    var compression: CompressionCodec?
    var variadicBufferCounts: [Int64]
}

/// The header of one IPC message.
enum MessageHeader: Sendable {
    case schema(Schema)
    case dictionaryBatch(id: Int64, data: RecordBatchHeader, isDelta: Bool)
    case recordBatch(RecordBatchHeader)
    case tensor(FlatBufferTable)
    case sparseTensor
}

/// One decoded `Message` flatbuffer.
struct Message: Sendable {
    var version: MetadataVersion
    var header: MessageHeader
    var bodyLength: Int64
    var metadata: [KeyValue]

    /// Decodes the `Message` root table in `buffer`.
    static func decode(_ buffer: ArrowBuffer) throws(FlatBufferError) -> Message {
        let t = try FlatBufferTable(root: buffer, field: "Message")
        let rawVersion = try t.scalar(0, default: Int16(0), field: "Message.version")
        guard let version = MetadataVersion(rawValue: rawVersion), version >= .v4 else {
            throw FlatBufferError(.invalidValue(Int64(rawVersion)), offset: t.position, field: "Message.version (V4 or V5 required)")
        }
        let tag = try t.scalar(1, default: UInt8(0), field: "Message.header_type")
        guard let headerTable = try t.table(2, field: "Message.header") else {
            throw FlatBufferError(.missingRequiredField, offset: t.position, field: "Message.header")
        }
        let header: MessageHeader
        switch ArrowFormat.MessageHeaderTag(rawValue: tag) {
        case .schema?: header = .schema(try SchemaDecoder.schema(headerTable))
        case .dictionaryBatch?:
            let id = try headerTable.scalar(0, default: Int64(0), field: "DictionaryBatch.id")
            guard let data = try headerTable.table(1, field: "DictionaryBatch.data") else {
                throw FlatBufferError(.missingRequiredField, offset: headerTable.position, field: "DictionaryBatch.data")
            }
            let isDelta = try headerTable.bool(2, default: false, field: "DictionaryBatch.isDelta")
            header = .dictionaryBatch(id: id, data: try recordBatch(data), isDelta: isDelta)
        case .recordBatch?: header = .recordBatch(try recordBatch(headerTable))
        case .tensor?: header = .tensor(headerTable)
        case .sparseTensor?: header = .sparseTensor
        case nil: throw FlatBufferError(.unknownUnionType(tag), offset: t.position, field: "Message.header_type")
        }
        let bodyLength = try t.scalar(3, default: Int64(0), field: "Message.bodyLength")
        let metadata = try SchemaDecoder.keyValues(t, slot: 4, field: "Message.custom_metadata") ?? []
        return Message(version: version, header: header, bodyLength: bodyLength, metadata: metadata)
    }

    static func recordBatch(_ t: FlatBufferTable) throws(FlatBufferError) -> RecordBatchHeader {
        let length = try t.scalar(0, default: Int64(0), field: "RecordBatch.length")
        var nodes: [FieldNode] = []
        if let v = try t.vector(1, elementSize: 16, field: "RecordBatch.nodes") {
            nodes.reserveCapacity(v.count)
            for i in 0..<v.count {
                nodes.append(FieldNode(length: v.structField(at: i, offset: 0), nullCount: v.structField(at: i, offset: 8)))
            }
        }
        var buffers: [BodyBuffer] = []
        if let v = try t.vector(2, elementSize: 16, field: "RecordBatch.buffers") {
            buffers.reserveCapacity(v.count)
            for i in 0..<v.count {
                buffers.append(BodyBuffer(offset: v.structField(at: i, offset: 0), length: v.structField(at: i, offset: 8)))
            }
        }
        var compression: CompressionCodec? = nil
        if let c = try t.table(3, field: "RecordBatch.compression") {
            let codec = try c.scalar(0, default: Int8(0), field: "BodyCompression.codec")
            guard let known = CompressionCodec(rawValue: codec) else {
                throw FlatBufferError(.invalidValue(Int64(codec)), offset: c.position, field: "BodyCompression.codec")
            }
            let method = try c.scalar(1, default: Int8(0), field: "BodyCompression.method")
            guard method == 0 else {
                throw FlatBufferError(.invalidValue(Int64(method)), offset: c.position, field: "BodyCompression.method")
            }
            compression = known
        }
        var variadic: [Int64] = []
        if let v = try t.vector(4, elementSize: 8, field: "RecordBatch.variadicBufferCounts") {
            variadic = (0..<v.count).map { v.scalar(at: $0, as: Int64.self) }
        }
        return RecordBatchHeader(length: length, nodes: nodes, buffers: buffers, compression: compression, variadicBufferCounts: variadic)
    }
}
