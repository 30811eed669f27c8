import ArrowMemory

/// Reads an IPC file or stream (detected by the `ARROW1` magic) one record batch
/// at a time, so a command that looks at each batch once (validate, inspect,
/// convert) holds one batch plus the dictionaries, however many batches there are.
///
/// Not `Sendable`: use one reader from one task at a time.
public final class IPCBatchReader {
    /// Whether the input is an IPC file or an IPC stream.
    public let format: IPCFormat
    /// The schema; with a projection in the options, only the selected fields.
    public let schema: Schema
    private let stream: StreamReader<BufferSource>?
    private let file: FileReader?
    private var nextIndex = 0

    /// Opens `buffer` as a file or a stream; arrays view it without copying.
    /// - Parameters:
    ///   - buffer: The whole file or stream.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError`, as `FileReader.init(buffer:options:)` or
    ///   `StreamReader.init(buffer:options:)` does.
    /// - Complexity: O(footer + dictionaries) for a file, O(schema metadata) for a stream.
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
    /// - Parameters:
    ///   - path: Path of the file.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError` of kind `.io` when the file cannot be mapped;
    ///   otherwise as `init(buffer:options:)`.
    /// - Complexity: As `init(buffer:options:)`.
    public convenience init(path: String, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        let storage: ByteStorage
        do { storage = try ByteStorage.mapFile(atPath: path) } catch { throw error.arrowError }
        try self.init(buffer: ArrowBuffer(storage: storage), options: options)
    }

    /// The next record batch, or nil after the last.
    /// - Returns: The batch, or `nil` when there is none left.
    /// - Throws: `ArrowError`, as `FileReader.recordBatch(at:)` or `StreamReader.next()` does.
    /// - Complexity: O(metadata) of the batch, as those methods.
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
    ///
    /// - Parameter level: How much to check; `.full` by default.
    /// - Throws: The reading errors of `next()`, and `ArrowError` of kind
    ///   `.invalidData` naming the first invalid value, with the column in
    ///   `fieldPath` and the batch in `messageIndex`.
    /// - Complexity: O(input) time; memory for one batch at a time.
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
