#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Foundation's `Data` in and out, for callers that hold their bytes that way.

extension StreamReader where Source == BufferSource {
    /// Reads a stream from `data` (copied once into an `ArrowBuffer` the arrays view).
    public convenience init(data: Data, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(buffer: ArrowBuffer(copying: data), options: options)
    }
}

extension FileReader {
    /// Opens a file from `data` (copied once into an `ArrowBuffer` the arrays view).
    public convenience init(data: Data, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(buffer: ArrowBuffer(copying: data), options: options)
    }
}

extension StreamWriter {
    /// The bytes of a whole stream holding `batches`, as `Data`.
    public static func data(schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) -> Data {
        Data(try bytes(schema: schema, batches: batches, options: options))
    }
}

extension FileWriter {
    /// The bytes of a whole file holding `batches`, as `Data`.
    public static func data(schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) -> Data {
        Data(try bytes(schema: schema, batches: batches, options: options))
    }
}
