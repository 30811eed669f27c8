/// The record batches of a file as a random-access collection. Decoding a
/// batch can fail on damaged input, so each element is a `Result`; nothing is
/// decoded until an element is read.
public struct FileReaderBatches: RandomAccessCollection, Sendable {
    /// The reader whose batches these are.
    public let reader: FileReader

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The number of record batches in the file.
    public var endIndex: Int { reader.recordBatchCount }

    /// Batch `i`, decoded now (O(columns); buffers are views of the file).
    /// Nothing is cached: reading an element twice decodes it twice.
    /// - Parameter i: Batch index, `0..<count`.
    /// - Returns: The batch, or the `ArrowError` that `FileReader.recordBatch(at:)` threw.
    public subscript(i: Int) -> Result<RecordBatch, ArrowError> {
        Result { () throws(ArrowError) -> RecordBatch in try reader.recordBatch(at: i) }
    }
}

extension FileReader {
    /// The batches as a `RandomAccessCollection` (`file.batches[2]`,
    /// `file.batches.count`, `for case .success(let b) in file.batches`).
    public var batches: FileReaderBatches { FileReaderBatches(reader: self) }
}
