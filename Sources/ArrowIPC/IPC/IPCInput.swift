import ArrowMemory

/// Whether bytes hold an IPC file or an IPC stream.
public enum IPCFormat: String, Sendable {
    case file, stream
}

/// Everything in an IPC file or stream, read at once.
public struct IPCContents: Sendable {
    public var format: IPCFormat
    public var schema: Schema
    public var batches: [RecordBatch]
    /// Dictionaries as they stood after the last message.
    public var dictionaries: [Int64: ArrayData]
}

extension IPCContents {
    /// Reads a file or stream held in `buffer`, detecting which it is by the `ARROW1` magic.
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
    public static func read(path: String, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) -> IPCContents {
        let storage: ByteStorage
        do { storage = try ByteStorage.mapFile(atPath: path) } catch { throw error.arrowError }
        return try read(ArrowBuffer(storage: storage), options: options)
    }

    /// Checks every column of every batch to `level` (by default everything:
    /// layout, values, UTF-8).
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
