import ArrowMemory

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
        if case .zstd(let level) = options.compression, !(1...22).contains(level) {
            throw ArrowError(.invalidArgument, "zstd level must be 1 through 22, not \(level)")
        }
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

    func write(_ buffer: ArrowBuffer) throws(ArrowError) {
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
        let prefix = options.legacyFraming ? 4 : 8
        let alignment = options.alignment
        let padded = (metadata.count + prefix + alignment - 1) / alignment * alignment
        if !options.legacyFraming { try write(ArrowFormat.continuationBytes) }
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
        let bytes = try MetadataEncoder.message(.schema(schema), bodyLength: 0, version: options.metadataVersion, metadata: [])
        try writeMessage(bytes, body: nil)
    }

    func writeEndOfStream() throws(ArrowError) {
        if !options.legacyFraming { try write(ArrowFormat.continuationBytes) }
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
        for (field, column) in zip(schema.fields, batch.columns) { try ColumnTypeCheck.check(column, against: field) }
        var dictionaries: [(Int64, ArrayData)] = []
        for (field, column) in zip(schema.fields, batch.columns) {
            try DictionaryIds.collect(field, column, into: &dictionaries, depth: 0)
        }
        for (id, dictionary) in dictionaries { try writeDictionary(id: id, dictionary) }
        let body = try serialize(batch.columns, length: batch.length)
        let metadata = try MetadataEncoder.message(
            .recordBatch(body.header), bodyLength: body.bodyLength,
            version: options.metadataVersion, metadata: batch.metadata)
        recordBatchBlocks.append(try writeMessage(metadata, body: body))
    }

    /// The body of `columns`, compressed when the options ask for it.
    private func serialize(_ columns: [ArrayData], length: Int) throws(ArrowError) -> SerializedBody {
        let body = try BodySerializer.serialize(columns, length: length, version: options.metadataVersion)
        guard let compression = options.compression else { return body }
        return BodyCompressor.compress(body, compression, useThreads: options.useThreads)
    }

    /// Whether `data` holds at least one byte per 8 elements (a bitmap's worth), so a
    /// comparison element by element costs at most a few steps per byte held.
    static func elementsBackedByBytes(_ data: ArrayData) -> Bool {
        let held = ArrayConcatenation.heldBytes(data) + (data.dictionary.map(ArrayConcatenation.heldBytes) ?? 0)
        return data.length <= held.multipliedReportingOverflow(by: 8).partialValue + 4096
    }

    private func writeDictionary(id: Int64, _ dictionary: ArrayData) throws(ArrowError) {
        let version = options.metadataVersion
        // Identity first: the dictionary of every batch read from one input is the
        // same array, and serializing or comparing it again would cost its length.
        if let last = lastDictionaries[id], last.isIdentical(to: dictionary) { return }
        let body = try serialize([dictionary], length: dictionary.length)
        var isDelta = false
        var toWrite = body
        if let last = lastDictionaries[id] {
            // Comparing costs a step per element; lengths of null or struct<> values
            // need no bytes, so compare only when the elements are paid for by bytes
            // (or are nulls, equal without looking). Otherwise the dictionary counts
            // as changed and is sent again, which costs only its bytes.
            let comparable = dictionary.type == .null || Self.elementsBackedByBytes(last) && Self.elementsBackedByBytes(dictionary)
            if last.length == dictionary.length, comparable {
                let same = try last.logicallyEquals(dictionary)
                if same { return }
            }
            if comparable, dictionary.length > last.length, options.emitDictionaryDeltas, !DictionaryIds.hasNestedDictionary(dictionary.type) {
                if try dictionary.rangeEquals(0, last, 0, count: last.length) {
                    isDelta = true
                    let tail = try dictionary.slice(offset: last.length, length: dictionary.length - last.length)
                    toWrite = try serialize([tail], length: tail.length)
                }
            }
            if isFile && !isDelta {
                throw ArrowError(
                    .invalidArgument, "dictionary replacement (id \(id)) cannot be written to an IPC file; files hold one dictionary per field (deltas allowed)"
                )
            }
        }
        let metadata = try MetadataEncoder.message(
            .dictionaryBatch(id: id, toWrite.header, isDelta: isDelta),
            bodyLength: toWrite.bodyLength, version: version, metadata: [])
        dictionaryBlocks.append(try writeMessage(metadata, body: toWrite))
        lastDictionaries[id] = dictionary
    }
}
