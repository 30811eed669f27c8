import ArrowFlatBuffers
import ArrowMemory

/// Reads an Arrow IPC file (`ARROW1` magic, messages, footer) with random access.
///
/// Opening reads only the footer and the dictionaries; every batch sees the
/// dictionaries after all dictionary blocks (deltas included) were applied, as in
/// Arrow C++ and arrow-rs. `recordBatch(at:)` decodes
/// one batch. With `init(path:)` the file is memory-mapped, so opening a file
/// larger than RAM costs only its metadata, and arrays view the mapped bytes.
///
/// ```swift
/// let file = try FileReader(path: "data.arrow")
/// print(file.schema, file.recordBatchCount)
/// let last = try file.recordBatch(at: file.recordBatchCount - 1)
/// for case .success(let batch) in file.batches { print(batch.length) }
/// ```
///
/// `Sendable`: the reader holds no mutable state after opening, so several
/// tasks may call `recordBatch(at:)` on one reader at once.
public final class FileReader: @unchecked Sendable {
    /// The 6 bytes `ARROW1` that start and end every Arrow IPC file.
    public static let magic: [UInt8] = ArrowFormat.fileMagic

    /// The whole file, as opened (mapped or in memory); batches view it.
    public let buffer: ArrowBuffer
    /// The file's schema (from the footer); with a projection in the options,
    /// only the selected fields, in the projection's order.
    public let schema: Schema
    /// Custom metadata of the footer.
    public let footerMetadata: [KeyValue]
    /// The version the footer declares (informational: V1 when absent).
    public let metadataVersion: MetadataVersion
    private let batchBlocks: [Block]
    private let decoder: IPCDecoder
    /// The limits this reader enforces (`options.limits`).
    public let limits: IPCReadLimits

    struct Block {
        var offset: Int64
        var metadataLength: Int32
        var bodyLength: Int64
    }

    /// Number of record batches in the file.
    public var recordBatchCount: Int { batchBlocks.count }

    /// Dictionaries of the file, by id.
    public var dictionaries: [Int64: ArrayData] { decoder.dictionaries }

    /// Memory-maps and opens the file at `path`. The mapping lives as long as the
    /// reader or any array read from it.
    /// - Parameters:
    ///   - path: Path of the file.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError` of kind `.io` when the file cannot be opened or
    ///   mapped; otherwise as `init(buffer:options:)`.
    /// - Complexity: O(footer + dictionaries); batch data is not touched.
    public convenience init(path: String, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        let storage: ByteStorage
        do { storage = try ByteStorage.mapFile(atPath: path) } catch { throw error.arrowError }
        try self.init(buffer: ArrowBuffer(storage: storage), options: options)
    }

    /// Opens a file from `bytes` without copying them: the arrays view the
    /// array, which is kept alive as long as they are.
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError`, as `init(buffer:options:)` does.
    /// - Complexity: O(footer + dictionaries).
    public convenience init(bytes: [UInt8], options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(buffer: ArrayByteOwner.buffer(bytes[...]), options: options)
    }

    /// Opens a file held in memory; arrays view `buffer` without copying. With a
    /// projection in `options`, `schema` holds the selected fields. Reads the
    /// footer and decodes every dictionary block.
    /// - Parameters:
    ///   - buffer: The whole file.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError` of kind `.invalidFormat` when the magic is missing,
    ///   the footer length is invalid or over `options.limits.maxMetadataBytes`,
    ///   footer blocks overlap or lie outside the file, or a dictionary block holds
    ///   another message; `.invalidMetadata` when the footer or a message is
    ///   malformed; `.invalidData` when a dictionary's buffers contradict its header
    ///   or exceed a limit; `.invalidArgument` when the projection names a column
    ///   the schema lacks; `.unsupported` for a dictionary delta of a type that
    ///   cannot be concatenated.
    /// - Complexity: O(footer + dictionaries): record batch blocks are only listed.
    public init(buffer: ArrowBuffer, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        self.buffer = buffer
        let limits = options.limits
        self.limits = limits
        let magic = Self.magic
        guard buffer.count >= 6 + 2 + 4 + 6,
            buffer.getSlice(at: 0, length: 6)?.bytes == magic,
            buffer.getSlice(at: buffer.count - 6, length: 6)?.bytes == magic
        else {
            throw ArrowError(.invalidFormat, "not an Arrow file: missing ARROW1 magic at start or end", byteOffset: 0)
        }
        let lengthAt = buffer.count - 10
        let footerLength = Int(buffer.getIntegerUnchecked(at: lengthAt, as: Int32.self))
        guard footerLength > 0, footerLength <= lengthAt - 8,
            let footerBytes = buffer.getSlice(at: lengthAt - footerLength, length: footerLength)
        else {
            throw ArrowError(.invalidFormat, "invalid footer length \(footerLength)", byteOffset: lengthAt)
        }
        try IPCReadLimits.check(footerLength, limits.maxMetadataBytes, "maxMetadataBytes", "footer length", byteOffset: lengthAt, kind: .invalidFormat)
        let footerStart = lengthAt - footerLength
        var dictionaryBlocks: [Block] = []
        var blocks: [Block] = []
        let schema: Schema
        let version: MetadataVersion
        let metadata: [KeyValue]
        do throws(FlatBufferError) {
            let footer = try FlatBufferTable(root: footerBytes, field: "Footer")
            let raw = try footer.scalar(0, default: Int16(0), field: "Footer.version")
            // The footer's version is informational (files from around 0.14 carry V1 or
            // none); each message's own version decides how its body is read.
            guard let v = MetadataVersion(rawValue: raw) else {
                throw FlatBufferError(.invalidValue(Int64(raw)), offset: footer.position, field: "Footer.version")
            }
            version = v
            guard let schemaTable = try footer.table(1, field: "Footer.schema") else {
                throw FlatBufferError(.missingRequiredField, offset: footer.position, field: "Footer.schema")
            }
            schema = try SchemaDecoder.schema(schemaTable)
            func readBlocks(_ slot: Int, _ name: String) throws(FlatBufferError) -> [Block] {
                guard let v = try footer.vector(slot, elementSize: 24, field: name) else { return [] }
                return (0..<v.count).map { i in
                    Block(
                        offset: v.structField(at: i, offset: 0), metadataLength: v.structField(at: i, offset: 8),
                        bodyLength: v.structField(at: i, offset: 16))
                }
            }
            dictionaryBlocks = try readBlocks(2, "Footer.dictionaries")
            blocks = try readBlocks(3, "Footer.recordBatches")
            metadata = try SchemaDecoder.keyValues(footer, slot: 4, field: "Footer.custom_metadata") ?? []
        } catch {
            throw ArrowError.metadata(error, base: footerStart)
        }
        self.metadataVersion = version
        self.footerMetadata = metadata
        self.batchBlocks = blocks
        try Self.checkDisjoint(dictionaries: dictionaryBlocks, batches: blocks)
        var decoder = try IPCDecoder(schema: schema, options: options)
        self.schema = decoder.outputSchema
        for (i, block) in dictionaryBlocks.enumerated() {
            let framed = try Self.readMessage(
                buffer, block, limit: footerStart, what: "dictionary block \(i)",
                maxMetadata: limits.maxMetadataBytes)
            guard case .dictionaryBatch(let id, let data, let isDelta) = framed.message.header else {
                throw ArrowError(.invalidFormat, "dictionary block \(i) does not hold a dictionary batch", byteOffset: Int(block.offset))
            }
            do throws(ArrowError) {
                try decoder.readDictionary(id: id, header: data, body: framed.body, isDelta: isDelta, version: framed.message.version)
            } catch {
                throw error.located(messageIndex: i, byteOffset: Int(block.offset))
            }
        }
        self.decoder = decoder
    }

    /// Footer blocks must not overlap or repeat: each message of a file is listed
    /// once. A footer listing one delta or one compressed batch many times would
    /// otherwise make opening or reading the file decode it again per listing
    /// (quadratic merges, repeated decompression). Arrow writers never share blocks.
    static func checkDisjoint(dictionaries: [Block], batches: [Block]) throws(ArrowError) {
        var spans: [(start: Int64, end: Int64, name: String)] = []
        spans.reserveCapacity(dictionaries.count + batches.count)
        func add(_ blocks: [Block], _ kind: String) {
            for (i, b) in blocks.enumerated() {
                // Sizes are checked against the file when each block is read; here only order matters.
                // Both sums can overflow: bodyLength is any Int64 the footer claims.
                let (size, sizeOverflow) = Int64(max(b.metadataLength, 1)).addingReportingOverflow(max(b.bodyLength, 0))
                let (end, overflow) = b.offset.addingReportingOverflow(size)
                spans.append((b.offset, overflow || sizeOverflow ? Int64.max : end, "\(kind) block \(i)"))
            }
        }
        add(dictionaries, "dictionary")
        add(batches, "record batch")
        spans.sort { $0.start < $1.start }
        for k in spans.indices.dropFirst() where spans[k].start < spans[k - 1].end {
            let a = spans[k - 1]
            let b = spans[k]
            throw ArrowError(
                .invalidFormat, "footer lists overlapping blocks: \(a.name) (bytes \(a.start)..<\(a.end)) and \(b.name) (starting at \(b.start))",
                byteOffset: Int(clamping: b.start))
        }
    }

    private static func readMessage(
        _ buffer: ArrowBuffer, _ block: Block, limit: Int, what: String,
        maxMetadata: Int
    ) throws(ArrowError) -> FramedMessage {
        guard block.offset >= 8, block.offset < Int64(limit), block.metadataLength > 0, block.bodyLength >= 0,
            Int64(block.metadataLength) <= Int64(limit) - block.offset,
            block.bodyLength <= Int64(limit) - block.offset - Int64(block.metadataLength),
            let region = buffer.getSlice(at: Int(block.offset), length: Int(Int64(block.metadataLength) + block.bodyLength))
        else {
            throw ArrowError(.invalidFormat, "\(what) (offset \(block.offset), metadata \(block.metadataLength), body \(block.bodyLength)) outside the file")
        }
        var reader = MessageReader(source: BufferSource(region), maxMetadataLength: maxMetadata)
        let framed: FramedMessage?
        do throws(ArrowError) {
            framed = try reader.next()
        } catch {
            throw error.located(messageIndex: nil, byteOffset: Int(block.offset))
        }
        guard var message = framed else {
            throw ArrowError(.invalidFormat, "\(what) is empty", byteOffset: Int(block.offset))
        }
        message.offset += Int(block.offset)
        return message
    }

    /// Decodes record batch `index` (0-based). Each call decodes it again; nothing
    /// is cached.
    /// - Parameter index: Position of the batch in the footer, `0..<recordBatchCount`.
    /// - Returns: The batch, its columns viewing the file's bytes where possible.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when `index` is out of
    ///   range; `.invalidFormat` when the block lies outside the file or holds
    ///   another message; `.invalidMetadata` or `.invalidData` when the message is
    ///   malformed, contradicts its body or exceeds a limit (with `messageIndex`
    ///   set to `index`).
    /// - Complexity: O(metadata of the batch), plus decompression and byte
    ///   swapping where needed and O(length) with `.values` validation.
    public func recordBatch(at index: Int) throws(ArrowError) -> RecordBatch {
        guard index >= 0, index < batchBlocks.count else {
            throw ArrowError(.invalidArgument, "record batch \(index) out of range 0..<\(batchBlocks.count)")
        }
        let block = batchBlocks[index]
        let limit = buffer.count - 10
        let framed = try Self.readMessage(
            buffer, block, limit: limit, what: "record batch block \(index)",
            maxMetadata: limits.maxMetadataBytes)
        guard case .recordBatch(let header) = framed.message.header else {
            throw ArrowError(.invalidFormat, "record batch block \(index) does not hold a record batch", byteOffset: Int(block.offset))
        }
        do throws(ArrowError) {
            return try decoder.readRecordBatch(header: header, body: framed.body, version: framed.message.version, metadata: framed.message.metadata)
        } catch {
            throw error.located(messageIndex: index, byteOffset: Int(block.offset))
        }
    }

    /// Decodes every record batch in order.
    /// - Returns: The batches in footer order.
    /// - Throws: `ArrowError`, as `recordBatch(at:)` does.
    /// - Complexity: O(*n*) in the number of batches, as `recordBatch(at:)` each.
    public func readAll() throws(ArrowError) -> [RecordBatch] {
        var out: [RecordBatch] = []
        out.reserveCapacity(batchBlocks.count)
        for i in 0..<batchBlocks.count { out.append(try recordBatch(at: i)) }
        return out
    }

    /// Whether `buffer` starts with the Arrow file magic. Only the first 6 bytes
    /// are looked at; the file may still be damaged.
    /// - Parameter buffer: Bytes of a file or stream.
    /// - Returns: `true` when they start with `ARROW1`.
    public static func isFile(_ buffer: ArrowBuffer) -> Bool {
        buffer.getSlice(at: 0, length: 6)?.bytes == magic
    }
}
