import ArrowMemory

/// Reads an IPC file or stream (detected by the `ARROW1` magic) one record batch
/// at a time, so a command that looks at each batch once (validate, inspect,
/// convert) holds one batch plus the dictionaries, however many batches there are.
public final class IPCBatchReader {
    public let format: IPCFormat
    public let schema: Schema
    private let stream: StreamReader<BufferSource>?
    private let file: FileReader?
    private var nextIndex = 0

    /// Opens `buffer` as a file or a stream.
    public init(buffer: ArrowBuffer, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        if FileReader.isFile(buffer) {
            let reader = try FileReader(buffer: buffer, options: options)
            (format, schema, file, stream) = (.file, reader.schema, reader, nil)
        } else {
            let reader = try StreamReader(buffer: buffer, options: options)
            (format, schema, file, stream) = (.stream, reader.schema, nil, reader)
        }
    }

    /// Memory-maps the file at `path` and opens it as a file or a stream.
    public convenience init(path: String, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        let storage: ByteStorage
        do { storage = try ByteStorage.mapFile(atPath: path) } catch { throw error.arrowError }
        try self.init(buffer: ArrowBuffer(storage: storage), options: options)
    }

    /// The next record batch, or nil after the last.
    public func next() throws(ArrowError) -> RecordBatch? {
        if let file {
            guard nextIndex < file.recordBatchCount else { return nil }
            nextIndex += 1
            return try file.recordBatch(at: nextIndex - 1)
        }
        guard let batch = try stream?.next() else { return nil }
        nextIndex += 1
        return batch
    }

    /// Number of batches returned so far.
    public var batchesRead: Int { nextIndex }

    /// The dictionaries as they stand (for a stream: after the messages read so far).
    public var dictionaries: [Int64: ArrayData] { file?.dictionaries ?? stream?.dictionaries ?? [:] }

    /// Reads every remaining batch, checking each to `level` (by default
    /// everything: layout, values, UTF-8) and dropping it before the next is read.
    public func validateAll(_ level: ValidationLevel = .full) throws(ArrowError) {
        while let batch = try next() {
            let b = nextIndex - 1
            for (c, column) in batch.columns.enumerated() {
                do throws(ArrowError) {
                    try column.validate(level)
                } catch {
                    throw error.inField(batch.schema.fields[c].name).located(messageIndex: b, byteOffset: nil)
                }
            }
        }
    }
}
