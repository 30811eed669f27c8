#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Foundation's `Data` in and out, for callers that hold their bytes that way.

/// Keeps a `Data` alive so an `ArrowBuffer` can view its bytes in place. Only
/// for data large enough to live in heap storage (small `Data` values keep
/// their bytes inline, and a pointer to those does not outlive the call).
private final class DataByteOwner: Sendable {
    let data: Data
    init(_ data: Data) { self.data = data }

    static let smallestViewed = 64

    static func buffer(_ data: Data) -> ArrowBuffer {
        guard data.count >= smallestViewed else { return ArrowBuffer(copying: data) }
        let owner = DataByteOwner(data)
        guard let base = owner.data.withUnsafeBytes({ $0.baseAddress }) else { return ArrowBuffer(copying: data) }
        return ArrowBuffer(storage: ByteStorage(unsafeBase: UnsafeMutableRawPointer(mutating: base), count: data.count, keeping: owner))
    }
}

extension StreamReader where Source == BufferSource {
    /// Reads a stream from `data` without copying it (the arrays view it and
    /// keep it alive; data under 64 bytes is copied).
    /// - Parameters:
    ///   - data: The whole stream.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError`, as `init(source:options:)` does.
    /// - Complexity: O(schema metadata).
    public convenience init(data: Data, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(buffer: DataByteOwner.buffer(data), options: options)
    }
}

extension FileReader {
    /// Opens a file from `data` without copying it (the arrays view it and
    /// keep it alive; data under 64 bytes is copied).
    /// - Parameters:
    ///   - data: The whole file.
    ///   - options: Projection, validation level and limits.
    /// - Throws: `ArrowError`, as `init(buffer:options:)` does.
    /// - Complexity: O(footer + dictionaries).
    public convenience init(data: Data, options: IPCReadOptions = IPCReadOptions()) throws(ArrowError) {
        try self.init(buffer: DataByteOwner.buffer(data), options: options)
    }
}

extension StreamWriter {
    /// The bytes of a whole stream holding `batches`, as `Data`.
    /// - Parameters:
    ///   - schema: The schema of every batch.
    ///   - batches: The batches, in order.
    ///   - options: Metadata version, framing, alignment, compression.
    /// - Returns: The encoded stream, copied once into a `Data`.
    /// - Throws: `ArrowError`, as `bytes(schema:batches:options:)` does.
    /// - Complexity: O(*n*) in the bytes written.
    public static func data(schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) -> Data {
        Data(try bytes(schema: schema, batches: batches, options: options))
    }
}

extension FileWriter {
    /// The bytes of a whole file holding `batches`, as `Data`.
    /// - Parameters:
    ///   - schema: The schema of every batch.
    ///   - batches: The batches, in order.
    ///   - options: Metadata version, framing, alignment, compression.
    /// - Returns: The encoded file, copied once into a `Data`.
    /// - Throws: `ArrowError`, as `bytes(schema:batches:options:)` does.
    /// - Complexity: O(*n*) in the bytes written.
    public static func data(schema: Schema, batches: [RecordBatch], options: IPCWriteOptions = IPCWriteOptions()) throws(ArrowError) -> Data {
        Data(try bytes(schema: schema, batches: batches, options: options))
    }
}
