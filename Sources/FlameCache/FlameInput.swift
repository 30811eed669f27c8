import ArrowIPC

/// Whatever Flame put in a file: a blob, a cache object file (with its patches)
/// or a `do_get` answer, told apart by their first bytes.
public enum FlameInput: Sendable {
    /// A single cache blob (prefix and payload).
    case blob(FlameValue)
    /// An object file, with the patches found beside it.
    case objectFile(FlameObject)
    /// A `do_get` answer stream.
    case answer(FlameAnswer)

    /// Reads `path`: an object file starts with `ARROW1`, an answer stream with
    /// the IPC continuation marker (which no blob starts with), anything else is
    /// a blob. An object file's patches come from a sibling `NAME.deltas/` folder.
    ///
    /// The file is memory-mapped once (its kind is told from the mapping, which
    /// is then decoded); decoded Arrow data views the mapping.
    ///
    /// - Parameters:
    ///   - path: The file to read.
    ///   - decoder: Decodes blobs (default limits).
    /// - Returns: What the file holds.
    /// - Throws: `FlameError` with kind `.io` when the file or the deltas folder
    ///   cannot be read, and the errors of `FlameObjectFile.read(path:decoder:)`,
    ///   `FlameAnswer.decode(_:decoder:)` or `FlameBlobDecoder.decode(_:)`.
    public static func read(path: String, decoder: FlameBlobDecoder = FlameBlobDecoder()) throws(FlameError) -> FlameInput {
        let bytes = try FileSystem.mapped(path)
        if FileReader.isFile(bytes) { return .objectFile(try FlameObjectFile.read(path: path, mapped: bytes, decoder: decoder)) }
        if bytes.count >= 4, bytes.getSlice(at: 0, length: 4)?.bytes == ArrowFormat.continuationBytes {
            return .answer(try FlameAnswer.decode(bytes, decoder: decoder))
        }
        return .blob(try decoder.decode(bytes))
    }

    /// The `flame decode --json` document, refused past `maximumBytes` (see
    /// `FlameJSON.maximumDocumentBytes(forInputOf:)`).
    ///
    /// - Parameter maximumBytes: The largest document allowed (default 256 MiB).
    /// - Returns: The JSON document.
    /// - Throws: `FlameError` as for `FlameJSON.document(_:maximumBytes:)`.
    public func jsonDocument(maximumBytes: Int = FlameJSON.maximumDocumentBytes) throws(FlameError) -> String {
        switch self {
        case .blob(let v): try FlameJSON.document(v, maximumBytes: maximumBytes)
        case .objectFile(let o): try FlameJSON.document(o, maximumBytes: maximumBytes)
        case .answer(let a): try FlameJSON.document(a, maximumBytes: maximumBytes)
        }
    }

    /// Encoded again by our encoders (`flame reencode`): for what flamepy wrote,
    /// the bytes it was read from.
    ///
    /// An object file's patches are not included (they live in their own files).
    ///
    /// - Returns: The blob or object file bytes.
    /// - Throws: `FlameError` with kind `.unsupported` for a `do_get` answer or
    ///   an object without a base, and the encoders' errors (see
    ///   `FlameBlobEncoder.encode(_:)` and `FlameObjectFile.bytes(_:)`).
    public func reencoded() throws(FlameError) -> [UInt8] {
        switch self {
        case .blob(let v): try FlameBlobEncoder.encode(v)
        case .objectFile(let o): try FlameObjectFile.bytes(o)
        case .answer: throw FlameError(.unsupported, "reencode takes a blob or an object file, not a do_get answer")
        }
    }
}
