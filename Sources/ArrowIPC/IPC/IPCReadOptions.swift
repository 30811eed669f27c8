/// Options of the IPC readers (`StreamReader`, `FileReader`, `StreamDecoder` and
/// the async sequences), mirroring pyarrow's `IpcReadOptions`.
///
/// ```swift
/// var options = IPCReadOptions(projection: .names(["id", "name"]), validation: .full)
/// options.limits.maxRecordBatchLength = 1_000_000     // tighter for untrusted input
/// let reader = try StreamReader(bytes: body, options: options)
/// print(reader.schema)                                // id and name only
/// ```
public struct IPCReadOptions: Sendable {
    /// The former name of ``ValidationLevel``.
    @available(*, deprecated, renamed: "ValidationLevel")
    public typealias Validation = ValidationLevel

    /// Which top-level columns to read.
    public enum Projection: Sendable, Hashable {
        /// Columns by position in the stream's schema, in the order given.
        case indices([Int])
        /// Columns by name (the first field of each name), in the order given.
        case names([String])
    }

    /// Columns to read; nil reads all. Columns left out are stepped over: their
    /// buffers are not decompressed, byte-swapped or validated, and dictionaries
    /// only they use are not decoded. Batches and the readers' `schema` hold the
    /// selected columns in the projection's order.
    public var projection: Projection?
    /// How much of each record batch and dictionary is checked while reading
    /// (default `.structure`: arrays are value-checked when a typed view is made).
    public var validation: ValidationLevel
    /// Decompress the buffers of a large compressed batch on all cores.
    public var useThreads: Bool
    /// Bounds on what one input may make the reader do (nesting depth, fields,
    /// metadata, batch length, decoded and dictionary bytes); see `IPCReadLimits`.
    public var limits: IPCReadLimits

    /// Creates options; the defaults read every column, check structure only,
    /// decompress on all cores and apply `IPCReadLimits.default`.
    /// - Parameters:
    ///   - projection: Columns to read; `nil` (the default) reads all.
    ///   - validation: How much is checked while reading; `.structure` by default.
    ///   - useThreads: Whether large compressed batches are decompressed in
    ///     parallel; `true` by default.
    ///   - limits: Bounds on what one input may make the reader do.
    public init(
        projection: Projection? = nil, validation: ValidationLevel = .structure, useThreads: Bool = true,
        limits: IPCReadLimits = .default
    ) {
        self.projection = projection
        self.validation = validation
        self.useThreads = useThreads
        self.limits = limits
    }
}
