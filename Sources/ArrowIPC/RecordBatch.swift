/// A set of equal-length columns with a schema.
///
/// A value type whose columns usually view the IPC input (zero-copy); it keeps
/// those bytes alive. `Sendable`: batches can be handed to other tasks.
///
/// ```swift
/// let schema = Schema([Field("id", .int64, nullable: false), Field("name", .utf8)])
/// let batch = RecordBatch(schema: schema, length: 2,
///                         columns: [ArrayData([1, 2] as [Int64?]), try ArrayData(["a", nil] as [String?])])
/// let bytes = try StreamWriter.bytes(schema: batch.schema, batches: [batch])
/// ```
public struct RecordBatch: Sendable {
    /// The fields of the columns, in column order.
    public let schema: Schema
    /// Number of rows.
    public let length: Int
    /// One array per field of `schema`, in the same order.
    public let columns: [ArrayData]
    /// The custom metadata of the message that carried this batch.
    public let metadata: [KeyValue]

    /// Creates a batch from parts, as given.
    ///
    /// Nothing is checked here; the writers reject a batch whose column count
    /// differs from the schema's, whose columns differ from `length`, or whose
    /// columns (their children and dictionaries too) are not of their fields'
    /// types. `init(_:schemaMetadata:)` builds the schema from
    /// named columns and checks their lengths.
    ///
    /// - Parameters:
    ///   - schema: The fields, one per column.
    ///   - length: Number of rows; each column should have this length.
    ///   - columns: The arrays, in the order of `schema.fields`.
    ///   - metadata: Custom metadata of the record batch message; empty by default.
    public init(schema: Schema, length: Int, columns: [ArrayData], metadata: [KeyValue] = []) {
        self.schema = schema
        self.length = length
        self.columns = columns
        self.metadata = metadata
    }

    /// The column of the first field called `name`.
    /// - Parameter name: The field name to look for.
    /// - Returns: That field's column, or `nil` when no field has the name.
    /// - Complexity: O(*n*), where *n* is the number of fields.
    public func column(named name: String) -> ArrayData? {
        guard let i = schema.fields.firstIndex(where: { $0.name == name }) else { return nil }
        return columns[i]
    }
}
