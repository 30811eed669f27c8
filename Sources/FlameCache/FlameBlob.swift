import ArrowIPC

/// The 4-byte prefix of a Flame cache blob, as flamepy 0.6.0 writes it
/// (`flamepy.core.cache`): "FLM" and a type byte. Bytes with no prefix are a
/// legacy pickle. `propertyList` is our own marker, for Swift values that no
/// Arrow form fits; see docs/flame-cache.md.
public enum FlameBlobFormat: Sendable, Hashable {
    /// `FLM\x00` + a cloudpickle (protocol 5).
    case cloudpickle
    /// `FLM\x01` + an Arrow Tensor message (`pa.ipc.write_tensor`).
    case tensor
    /// `FLM\x02` + an IPC stream of a table.
    case table
    /// `FLM\x03` + an IPC stream of one batch with one column `data`.
    case array
    /// `FLM\x04` + an IPC stream of one record batch.
    case recordBatch
    /// No prefix: a pickle written before flamepy used prefixes.
    case legacyPickle
    /// `0xFE "SPL"` + a binary property list (ours; flamepy cannot read it).
    case propertyList

    static let flamePrefix: [UInt8] = Array("FLM".utf8)
    /// Our marker: 0xFE is no pickle opcode (they are printable ASCII and
    /// 0x80-0x98), and it is not `F`, so it collides with neither.
    public static let propertyListMarker: [UInt8] = [0xFE, UInt8(ascii: "S"), UInt8(ascii: "P"), UInt8(ascii: "L")]

    /// The 4-byte prefix, or nil for a legacy pickle.
    public var prefix: [UInt8]? {
        switch self {
        case .cloudpickle: Self.flamePrefix + [0]
        case .tensor: Self.flamePrefix + [1]
        case .table: Self.flamePrefix + [2]
        case .array: Self.flamePrefix + [3]
        case .recordBatch: Self.flamePrefix + [4]
        case .propertyList: Self.propertyListMarker
        case .legacyPickle: nil
        }
    }

    /// The format `bytes` announces. A blob that starts with `FLM` and a type byte
    /// flamepy does not define is an error naming the byte: it is never a pickle.
    ///
    /// Only the first 4 bytes are read; the payload is not checked.
    ///
    /// - Parameter bytes: The blob.
    /// - Returns: The announced format; `.legacyPickle` for anything shorter than
    ///   4 bytes or without a known prefix.
    /// - Throws: `FlameError` with kind `.invalidFormat` (byte offset 3) when the
    ///   blob starts with `FLM` and a type byte above 4.
    public static func of(_ bytes: ArrowBuffer) throws(FlameError) -> FlameBlobFormat {
        guard bytes.count >= 4, let head = bytes.getSlice(at: 0, length: 4)?.bytes else { return .legacyPickle }
        if head == propertyListMarker { return .propertyList }
        guard Array(head[0..<3]) == flamePrefix else { return .legacyPickle }
        switch head[3] {
        case 0: return .cloudpickle
        case 1: return .tensor
        case 2: return .table
        case 3: return .array
        case 4: return .recordBatch
        case let b:
            throw FlameError(.invalidFormat, "unknown Flame blob type byte 0x\(String(b, radix: 16, uppercase: true)) after \"FLM\"", byteOffset: 3)
        }
    }
}
