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

extension ArrowType {
    /// Buffers an array of this type has in an IPC body, its children's not
    /// counted (`Columnar.rst`, "Buffer Layout"): the validity bitmap where the
    /// type has one (in V4 also for unions and run-end encoded arrays, which
    /// V5 writes without), then its own buffers. View types count their views
    /// buffer; their data buffers are the batch's `variadicBufferCounts`.
    ///
    /// The one table of layouts: the reader steps over unselected columns with
    /// it (`FieldLayout`) and the writer checks every body it makes against it.
    package func ipcBufferCount(version: MetadataVersion) -> Int {
        switch self {
        case .null: return 0
        case .bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
            .date32, .date64, .time32, .time64, .timestamp, .duration, .decimal, .interval, .fixedSizeBinary, .dictionary:
            return 2
        case .binary, .utf8, .largeBinary, .largeUtf8: return 3
        case .binaryView, .utf8View: return 2
        case .list, .largeList, .map: return 2
        case .listView, .largeListView: return 3
        case .fixedSizeList, .struct: return 1
        case .union(let mode, _, _): return (version < .v5 ? 1 : 0) + 1 + (mode == .dense ? 1 : 0)
        case .runEndEncoded: return version < .v5 ? 1 : 0
        }
    }

    /// `ipcBufferCount` of this type and, recursively, its children.
    package func ipcBufferTotal(version: MetadataVersion, depth: Int = 0) throws(ArrowError) -> Int {
        guard depth < ArrowFormat.maxNestingDepth else {
            throw ArrowError(.invalidArgument, "fields nested deeper than \(ArrowFormat.maxNestingDepth)")
        }
        var total = ipcBufferCount(version: version)
        for child in ipcChildren { total += try child.type.ipcBufferTotal(version: version, depth: depth + 1) }
        return total
    }

    /// The fields whose nodes and buffers follow this one's in a record batch:
    /// `children`, except that a dictionary-encoded column is its indices only
    /// (the dictionary's own children are in its dictionary batch).
    package var ipcChildren: [Field] {
        if case .dictionary = self { return [] }
        return children
    }
}
