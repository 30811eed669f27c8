/// A set of equal-length columns with a schema.
public struct RecordBatch: Sendable {
    public let schema: Schema
    /// Number of rows.
    public let length: Int
    public let columns: [ArrayData]
    /// The custom metadata of the message that carried this batch.
    public let metadata: [KeyValue]

    public init(schema: Schema, length: Int, columns: [ArrayData], metadata: [KeyValue] = []) {
        self.schema = schema
        self.length = length
        self.columns = columns
        self.metadata = metadata
    }

    /// The column of the first field called `name`.
    public func column(named name: String) -> ArrayData? {
        guard let i = schema.fields.firstIndex(where: { $0.name == name }) else { return nil }
        return columns[i]
    }
}
