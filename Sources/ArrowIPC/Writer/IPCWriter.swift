#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArrowMemory

/// Options of the IPC writers, mirroring pyarrow's `IpcWriteOptions`.
public struct IPCWriteOptions: Sendable {
    /// Metadata version written in every message (V5 unless a reader needs V4).
    public var metadataVersion: MetadataVersion = .v5
    /// Pre-0.15 framing: no continuation marker before message lengths.
    public var legacyFormat: Bool = false
    /// Alignment of message metadata (the body is always padded to 8 bytes).
    public var alignment: Int = 8
    /// In streams, write a changed dictionary that extends the previous one as a delta.
    public var emitDictionaryDeltas: Bool = false
    /// Body compression; not supported yet.
    public var compression: CompressionCodec? = nil

    public init(metadataVersion: MetadataVersion = .v5, legacyFormat: Bool = false, alignment: Int = 8,
                emitDictionaryDeltas: Bool = false, compression: CompressionCodec? = nil) {
        self.metadataVersion = metadataVersion
        self.legacyFormat = legacyFormat
        self.alignment = alignment
        self.emitDictionaryDeltas = emitDictionaryDeltas
        self.compression = compression
    }
}

/// Where a writer puts its bytes.
public protocol IPCOutput: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws(ArrowError)
}

/// Collects written bytes in memory. `removeAll(keepingCapacity: true)` lets one
/// output be reused for many streams without allocating (and faulting in) new
/// memory each time.
public final class MemoryOutput: IPCOutput {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        guard let source = chunk.baseAddress, chunk.count > 0 else { return }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: chunk.count))
        bytes.withUnsafeMutableBytes { target in
            target.baseAddress.map { ($0 + start).copyMemory(from: source, byteCount: chunk.count) }
        }
    }

    /// Forgets the bytes written so far.
    public func removeAll(keepingCapacity: Bool = false) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }
}

/// Writes into memory the caller allocated; refuses to write past its end.
final class PointerOutput: IPCOutput {
    let base: UnsafeMutableRawPointer
    let capacity: Int
    private(set) var count = 0

    init(base: UnsafeMutableRawPointer, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        guard chunk.count <= capacity - count else {
            throw ArrowError(.invalidArgument, "output larger than counted (\(capacity) bytes)")
        }
        if let source = chunk.baseAddress, chunk.count > 0 { (base + count).copyMemory(from: source, byteCount: chunk.count) }
        count += chunk.count
    }

    /// Runs `write` twice: once to count the bytes, once into an array of exactly that size.
    static func exactBytes(_ write: (IPCOutput) throws(ArrowError) -> Void) throws(ArrowError) -> [UInt8] {
        let counter = CountingOutput()
        try write(counter)
        var failure: ArrowError? = nil
        let bytes = [UInt8](unsafeUninitializedCapacity: counter.count) { buffer, initialized in
            guard let start = buffer.baseAddress else { return }
            adviseHugePages(UnsafeMutableRawPointer(start), count: counter.count)
            let out = PointerOutput(base: UnsafeMutableRawPointer(start), capacity: counter.count)
            do throws(ArrowError) {
                try write(out)
                if out.count != counter.count { failure = ArrowError(.invalidArgument, "output smaller than counted") }
            } catch {
                failure = error
            }
            initialized = failure == nil ? out.count : 0
        }
        if let failure { throw failure }
        return bytes
    }
}

/// Asks the kernel to back a large fresh output with huge pages where it allows
/// that on request (`madvise` mode): writing 34 MB then takes a few dozen page
/// faults instead of thousands. Only whole 2 MiB pages inside the block are
/// advised; nothing changes for small outputs or where the call is refused.
func adviseHugePages(_ start: UnsafeMutableRawPointer, count: Int) {
    #if os(Linux)
    let huge = 2 << 20
    guard count >= 4 * huge else { return }
    let address = Int(bitPattern: start)
    let first = (address + huge - 1) & ~(huge - 1)
    let end = (address + count) & ~(huge - 1)
    guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
    _ = madvise(aligned, end - first, MADV_HUGEPAGE)
    #endif
}

/// Counts bytes without keeping them; used to size a `MemoryOutput` exactly.
public final class CountingOutput: IPCOutput {
    public private(set) var count: Int = 0

    public init() {}

    public func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        count += chunk.count
    }
}

/// Writes to a file descriptor (a file, pipe or socket).
public final class FileDescriptorOutput: IPCOutput {
    public let fileDescriptor: Int32
    private let closeOnDeinit: Bool

    public init(fileDescriptor: Int32, closeOnDeinit: Bool = false) {
        self.fileDescriptor = fileDescriptor
        self.closeOnDeinit = closeOnDeinit
    }

    /// Creates (or truncates) the file at `path`.
    public convenience init(path: String) throws(ArrowError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ArrowError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
        self.init(fileDescriptor: fd, closeOnDeinit: true)
    }

    deinit { if closeOnDeinit { close(fileDescriptor) } }

    public func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        guard let base = chunk.baseAddress else { return }
        var done = 0
        while done < chunk.count {
            let n = Glibc.write(fileDescriptor, base + done, chunk.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw ArrowError(.io, "write failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
}

/// What the stream and file writers share: framing messages, serializing
/// batches and deciding which dictionaries to (re)send, as Arrow C++ does.
final class IPCWriterCore {
    let schema: Schema
    let options: IPCWriteOptions
    let output: IPCOutput
    let isFile: Bool
    private(set) var position: Int64 = 0
    private var lastDictionaries: [Int64: ArrayData] = [:]
    private(set) var dictionaryBlocks: [MetadataEncoder.Block] = []
    private(set) var recordBatchBlocks: [MetadataEncoder.Block] = []
    private static let zeros = [UInt8](repeating: 0, count: 64)

    init(schema: Schema, options: IPCWriteOptions, output: IPCOutput, isFile: Bool) throws(ArrowError) {
        guard options.compression == nil else { throw ArrowError(.unsupported, "writing compressed bodies is not supported yet") }
        guard options.metadataVersion >= .v4 else { throw ArrowError(.invalidArgument, "metadata version must be V4 or V5") }
        guard options.alignment >= 8, options.alignment % 8 == 0 else { throw ArrowError(.invalidArgument, "alignment must be a multiple of 8") }
        self.schema = DictionaryIds.assign(schema)
        self.options = options
        self.output = output
        self.isFile = isFile
    }

    /// Passes `bytes` to the output, keeping the error typed (`withUnsafeBytes` is untyped `rethrows`).
    private func emit(_ bytes: UnsafeRawBufferPointer) -> ArrowError? {
        do throws(ArrowError) {
            try output.write(bytes)
            return nil
        } catch {
            return error
        }
    }

    func write(_ bytes: [UInt8]) throws(ArrowError) {
        if let e = bytes.withUnsafeBytes({ emit($0) }) { throw e }
        position += Int64(bytes.count)
    }

    func write(_ buffer: ByteBuffer) throws(ArrowError) {
        if let e = buffer.withUnsafeBytes({ emit($0) }) { throw e }
        position += Int64(buffer.count)
    }

    func pad(_ count: Int) throws(ArrowError) {
        var left = count
        while left > 0 {
            let n = min(left, Self.zeros.count)
            if let e = Self.zeros.withUnsafeBytes({ emit(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }) { throw e }
            left -= n
        }
        position += Int64(count)
    }

    /// Frames one message (C++ `WriteMessage` + `WriteIpcPayload`) and returns its block.
    @discardableResult
    func writeMessage(_ metadata: [UInt8], body: SerializedBody?) throws(ArrowError) -> MetadataEncoder.Block {
        let start = position
        let prefix = options.legacyFormat ? 4 : 8
        let alignment = options.alignment
        let padded = (metadata.count + prefix + alignment - 1) / alignment * alignment
        if !options.legacyFormat { try write([0xFF, 0xFF, 0xFF, 0xFF]) }
        try write(withUnsafeBytes(of: Int32(padded - prefix).littleEndian, Array.init))
        try write(metadata)
        try pad(padded - prefix - metadata.count)
        if let body {
            for b in body.buffers {
                if b.count > 0 { try write(b) }
                try pad(BodySerializer.padded8(b.count) - b.count)
            }
        }
        return MetadataEncoder.Block(offset: start, metadataLength: Int32(padded), bodyLength: body?.bodyLength ?? 0)
    }

    func writeSchema() throws(ArrowError) {
        let bytes = MetadataEncoder.message(.schema(schema), bodyLength: 0, version: options.metadataVersion, metadata: [])
        try writeMessage(bytes, body: nil)
    }

    func writeEndOfStream() throws(ArrowError) {
        if !options.legacyFormat { try write([0xFF, 0xFF, 0xFF, 0xFF]) }
        try write([0, 0, 0, 0])
    }

    /// Writes the dictionaries `batch` needs that differ from what was last sent,
    /// then the batch itself.
    func writeBatch(_ batch: RecordBatch) throws(ArrowError) {
        guard batch.columns.count == schema.fields.count else {
            throw ArrowError(.invalidArgument, "batch has \(batch.columns.count) columns, schema has \(schema.fields.count)")
        }
        for (i, c) in batch.columns.enumerated() where c.length != batch.length {
            throw ArrowError(.invalidArgument, "column \(i) has \(c.length) rows, batch has \(batch.length)")
        }
        var dictionaries: [(Int64, ArrayData)] = []
        for (field, column) in zip(schema.fields, batch.columns) {
            try DictionaryIds.collect(field, column, into: &dictionaries, depth: 0)
        }
        for (id, dictionary) in dictionaries { try writeDictionary(id: id, dictionary) }
        let body = try BodySerializer.serialize(batch.columns, length: batch.length, version: options.metadataVersion)
        let metadata = MetadataEncoder.message(.recordBatch(body.header), bodyLength: body.bodyLength,
                                               version: options.metadataVersion, metadata: batch.metadata)
        recordBatchBlocks.append(try writeMessage(metadata, body: body))
    }

    private func writeDictionary(id: Int64, _ dictionary: ArrayData) throws(ArrowError) {
        let version = options.metadataVersion
        let body = try BodySerializer.serialize([dictionary], length: dictionary.length, version: version)
        var isDelta = false
        var toWrite = body
        if let last = lastDictionaries[id] {
            if last.length == dictionary.length {
                let same = try last.logicallyEquals(dictionary)
                if same { return }
            }
            if dictionary.length > last.length, options.emitDictionaryDeltas, !DictionaryIds.hasNestedDictionary(dictionary.type) {
                if try dictionary.rangeEquals(0, last, 0, count: last.length) {
                    isDelta = true
                    let tail = try dictionary.slice(last.length, dictionary.length - last.length)
                    toWrite = try BodySerializer.serialize([tail], length: tail.length, version: version)
                }
            }
            if isFile && !isDelta {
                throw ArrowError(.invalidArgument, "dictionary replacement (id \(id)) cannot be written to an IPC file; files hold one dictionary per field (deltas allowed)")
            }
        }
        let metadata = MetadataEncoder.message(.dictionaryBatch(id: id, toWrite.header, isDelta: isDelta),
                                               bodyLength: toWrite.bodyLength, version: version, metadata: [])
        dictionaryBlocks.append(try writeMessage(metadata, body: toWrite))
        lastDictionaries[id] = dictionary
    }
}

/// Dictionary ids as Arrow C++ numbers them, and the dictionaries a batch needs.
enum DictionaryIds {
    /// Numbers dictionary-encoded fields 0, 1, 2, ... in depth-first pre-order
    /// (C++ `DictionaryFieldMapper`), whatever ids the schema carried.
    static func assign(_ schema: Schema) -> Schema {
        var next: Int64 = 0
        func visit(_ field: Field) -> Field {
            var f = field
            if case .dictionary(let index, let value, let ordered) = field.type {
                f.dictionaryId = next
                next += 1
                f.type = .dictionary(indexType: index, valueType: withChildren(value, visit), ordered: ordered)
            } else {
                f.dictionaryId = nil
                f.type = withChildren(field.type, visit)
            }
            return f
        }
        var s = schema
        s.fields = schema.fields.map(visit)
        return s
    }

    /// `type` with its child fields replaced by `transform` of each.
    static func withChildren(_ type: ArrowType, _ transform: (Field) -> Field) -> ArrowType {
        switch type {
        case .list(let f): .list(transform(f))
        case .largeList(let f): .largeList(transform(f))
        case .listView(let f): .listView(transform(f))
        case .largeListView(let f): .largeListView(transform(f))
        case .fixedSizeList(let f, let n): .fixedSizeList(transform(f), listSize: n)
        case .struct(let fs): .struct(fs.map(transform))
        case .map(let e, let s): .map(entries: transform(e), keysSorted: s)
        case .union(let m, let fs, let ids): .union(m, fields: fs.map(transform), typeIds: ids)
        case .runEndEncoded(let r, let v): .runEndEncoded(runEnds: transform(r), values: transform(v))
        default: type
        }
    }

    static func hasNestedDictionary(_ type: ArrowType) -> Bool {
        let fields: [Field]
        if case .dictionary(_, let value, _) = type { fields = value.children } else { fields = type.children }
        return fields.contains { if case .dictionary = $0.type { true } else { hasNestedDictionary($0.type) } }
    }

    /// C++ `DictionaryCollector`: nested dictionaries before their parent.
    static func collect(_ field: Field, _ array: ArrayData, into out: inout [(Int64, ArrayData)], depth: Int) throws(ArrowError) {
        guard depth < 64 else { throw ArrowError(.invalidArgument, "fields nested deeper than 64") }
        if case .dictionary(_, let value, _) = field.type {
            guard let dictionary = array.dictionary, let id = field.dictionaryId else {
                throw ArrowError(.invalidArgument, "dictionary-encoded column without dictionary", fieldPath: field.name)
            }
            for (f, c) in zip(value.children, dictionary.children) { try collect(f, c, into: &out, depth: depth + 1) }
            out.append((id, dictionary))
        } else {
            for (f, c) in zip(field.type.children, array.children) { try collect(f, c, into: &out, depth: depth + 1) }
        }
    }
}
