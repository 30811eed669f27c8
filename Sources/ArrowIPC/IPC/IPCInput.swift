import ArrowMemory

/// Whether bytes hold an IPC file or an IPC stream.
public enum IPCFormat: String, Sendable {
    /// The random-access file format (`ARROW1` magic and footer), or the stream format.
    case file, stream
}

/// Everything in an IPC file or stream, read at once.
///
/// Arrays view the input bytes; this value keeps them alive.
///
/// ```swift
/// let contents = try IPCContents.read(path: "data.arrow")   // a file or a stream
/// print(contents.format, contents.schema, contents.batches.count)
/// ```
public struct IPCContents: Sendable {
    /// Whether the input was a file or a stream.
    public var format: IPCFormat
    /// The schema (the selected fields, with a projection).
    public var schema: Schema
    /// Every record batch, in order.
    public var batches: [RecordBatch]
    /// Dictionaries as they stood after the last message.
    public var dictionaries: [Int64: ArrayData]
}

extension IPCContents {
    /// Reads a file or stream held in `buffer`, detecting which it is by the `ARROW1` magic.
    /// - Parameters:
    ///   - buffer: The whole file or stream; arrays view it without copying.
    ///   - options: Projection, validation level and limits.
    /// - Returns: The schema, every batch and the final dictionaries.
    /// - Throws: `ArrowError`, as `FileReader.init(buffer:options:)` and
    ///   `recordBatch(at:)`, or `StreamReader.init(buffer:options:)` and `next()`, do.
    /// - Complexity: O(metadata) of every message, plus decompression and byte
    ///   swapping where needed.
    public static func read(_ buffer: ArrowBuffer, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) -> IPCContents {
        if FileReader.isFile(buffer) {
            let reader = try FileReader(buffer: buffer, options: options)
            return IPCContents(format: .file, schema: reader.schema, batches: try reader.readAll(), dictionaries: reader.dictionaries)
        }
        let reader = try StreamReader(buffer: buffer, options: options)
        let batches = try reader.readAll()
        return IPCContents(format: .stream, schema: reader.schema, batches: batches, dictionaries: reader.dictionaries)
    }

    /// Memory-maps the file at `path` and reads it as an IPC file or stream.
    /// - Parameters:
    ///   - path: Path of the file.
    ///   - options: Projection, validation level and limits.
    /// - Returns: The schema, every batch and the final dictionaries.
    /// - Throws: `ArrowError` of kind `.io` when the file cannot be mapped;
    ///   otherwise as `read(_:options:)`.
    /// - Complexity: As `read(_:options:)`.
    public static func read(path: String, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) -> IPCContents {
        let storage: ByteStorage
        do { storage = try ByteStorage.mapFile(atPath: path) } catch { throw error.arrowError }
        return try read(ArrowBuffer(storage: storage), options: options)
    }

    /// Checks every column of every batch to `level` (by default everything:
    /// layout, values, UTF-8).
    ///
    /// - Parameter level: How much to check; `.full` by default.
    /// - Throws: `ArrowError` of kind `.invalidData` naming the first problem, with
    ///   the column and child path in `fieldPath` and the batch in `messageIndex`.
    /// - Complexity: O(total length of all columns) for `.values` and `.full`.
    public func validate(_ level: ValidationLevel = .full) throws(ArrowError) {
        for (b, batch) in batches.enumerated() {
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
