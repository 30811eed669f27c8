/// Numbers the Arrow format fixes (`format/Schema.fbs`, `Message.fbs`, `File.fbs`
/// and the IPC chapter of the spec), written once for the metadata reader and
/// writer, the tensor codec and the integration JSON, so that no side spells a
/// tag or a magic number of its own.
@usableFromInline
package enum ArrowFormat {
    /// `ARROW1`: the first 6 bytes (padded to 8) and the last 6 bytes of an IPC file.
    package static let fileMagic: [UInt8] = Array("ARROW1".utf8)

    /// The 4 bytes before each message's metadata length since format 0.15
    /// (older streams start with the length itself).
    package static let continuationMarker: UInt32 = 0xFFFF_FFFF
    /// `continuationMarker` as the bytes written.
    package static let continuationBytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]

    /// How deep fields and arrays may nest before reading, writing, validating,
    /// comparing or concatenating stops with an error instead of recursing further.
    /// Our bound, not the format's: deep enough for any real schema, shallow
    /// enough that recursion cannot exhaust a thread's stack. The readers'
    /// configurable bound (`IPCReadLimits.maxNestingDepth`) defaults to it.
    @usableFromInline package static let maxNestingDepth = 64

    /// Tags of the `Type` union in `Schema.fbs`, in declaration order.
    package enum TypeTag: UInt8, Sendable {
        case null = 1, int, floatingPoint, binary, utf8, bool, decimal, date, time, timestamp, interval
        case list, structType, union, fixedSizeBinary, fixedSizeList, map, duration, largeBinary, largeUtf8
        case largeList, runEndEncoded, binaryView, utf8View, listView, largeListView
    }

    /// Tags of the `MessageHeader` union in `Message.fbs`.
    package enum MessageHeaderTag: UInt8, Sendable {
        case schema = 1, dictionaryBatch, recordBatch, tensor, sparseTensor
    }
}
