import ArrowIPC

/// Whatever Flame put in a file: a blob, a cache object file (with its patches)
/// or a `do_get` answer, told apart by their first bytes.
public enum FlameInput: Sendable {
    case blob(FlameValue)
    case objectFile(FlameObject)
    case answer(FlameAnswer)

    /// Reads `path`: an object file starts with `ARROW1`, an answer stream with
    /// the IPC continuation marker (which no blob starts with), anything else is
    /// a blob. An object file's patches come from a sibling `NAME.deltas/` folder.
    public static func read(path: String, decoder: FlameBlobDecoder = FlameBlobDecoder()) throws(FlameError) -> FlameInput {
        let bytes = try FileSystem.mapped(path)
        if FileReader.isFile(bytes) { return .objectFile(try FlameObjectFile.read(path: path, decoder: decoder)) }
        if bytes.count >= 4, bytes.getSlice(at: 0, length: 4)?.bytes == ArrowFormat.continuationBytes {
            return .answer(try FlameAnswer.decode(bytes, decoder: decoder))
        }
        return .blob(try decoder.decode(bytes))
    }

    /// The `flame decode --json` document, refused past `maximumBytes` (see
    /// `FlameJSON.maximumDocumentBytes(forInputOf:)`).
    public func jsonDocument(maximumBytes: Int = FlameJSON.maximumDocumentBytes) throws(FlameError) -> String {
        switch self {
        case .blob(let v): try FlameJSON.document(v, maximumBytes: maximumBytes)
        case .objectFile(let o): try FlameJSON.document(o, maximumBytes: maximumBytes)
        case .answer(let a): try FlameJSON.document(a, maximumBytes: maximumBytes)
        }
    }

    /// Encoded again by our encoders (`flame reencode`): for what flamepy wrote,
    /// the bytes it was read from.
    public func reencoded() throws(FlameError) -> [UInt8] {
        switch self {
        case .blob(let v): try FlameBlobEncoder.encode(v)
        case .objectFile(let o): try FlameObjectFile.bytes(o)
        case .answer: throw FlameError(.unsupported, "reencode takes a blob or an object file, not a do_get answer")
        }
    }
}
