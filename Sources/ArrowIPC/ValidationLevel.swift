/// How much of an array is checked: by the readers while reading
/// (`IPCReadOptions.validation`) and by the `validate(_:)` methods of arrays,
/// read contents and batch readers. Each level includes the ones before it.
public enum ValidationLevel: Sendable, Hashable {
    /// Layout, O(buffers): every node and buffer exists and is long enough for
    /// the type, offset and length. The readers always check this; value checks
    /// then run when a typed view is made (see `docs/validation.md`).
    case structure
    /// Also the values, O(length): offsets monotonic and inside the data,
    /// dictionary indices inside the dictionary, union type ids and offsets,
    /// run ends increasing, views inside their buffers.
    case values
    /// Also UTF-8 of string data, as pyarrow's `validate(full=True)`.
    case full
}
