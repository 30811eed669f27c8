/// Options of the IPC writers, mirroring pyarrow's `IpcWriteOptions`. The
/// defaults write what pyarrow writes by default (V5, continuation markers,
/// 8-byte alignment, no compression, no deltas).
///
/// ```swift
/// var options = IPCWriteOptions(compression: .zstd)   // zstd level 1, as pyarrow's "zstd"
/// options.emitDictionaryDeltas = true
/// options.metadataVersion = .v4                        // for readers older than Arrow 1.0
/// let bytes = try StreamWriter.bytes(schema: batch.schema, batches: batches, options: options)
/// ```
public struct IPCWriteOptions: Sendable {
    /// Metadata version written in every message (V5 unless a reader needs V4).
    public var metadataVersion: MetadataVersion = .v5
    /// Pre-0.15 framing: no continuation marker before message lengths.
    public var legacyFraming: Bool = false
    /// Alignment of message metadata (the body is always padded to 8 bytes).
    public var alignment: Int = 8
    /// In streams, write a changed dictionary that extends the previous one as a delta.
    public var emitDictionaryDeltas: Bool = false
    /// Body compression of record and dictionary batches (`BodyCompression`, as
    /// pyarrow's `IpcWriteOptions(compression=...)`); nil writes plain bodies.
    public var compression: IPCCompression? = nil
    /// Compress the buffers of a large batch on all cores (Arrow C++'s `use_threads`).
    public var useThreads: Bool = true

    /// Creates options; each parameter defaults to pyarrow's default.
    /// - Parameters:
    ///   - metadataVersion: `.v5` or `.v4`; writers refuse older versions.
    ///   - legacyFraming: Pre-0.15 framing without continuation markers; `false`.
    ///   - alignment: Alignment of message metadata, a multiple of 8; 8.
    ///   - emitDictionaryDeltas: Write a dictionary that only grew as a delta; `false`.
    ///   - compression: Body compression, or `nil` (the default) for none.
    ///   - useThreads: Compress a large batch's buffers on all cores; `true`.
    public init(
        metadataVersion: MetadataVersion = .v5, legacyFraming: Bool = false, alignment: Int = 8,
        emitDictionaryDeltas: Bool = false, compression: IPCCompression? = nil, useThreads: Bool = true
    ) {
        self.metadataVersion = metadataVersion
        self.legacyFraming = legacyFraming
        self.alignment = alignment
        self.emitDictionaryDeltas = emitDictionaryDeltas
        self.compression = compression
        self.useThreads = useThreads
    }
}

/// A codec for writing compressed IPC bodies.
public enum IPCCompression: Sendable, Hashable {
    /// Zstandard at `level` (1-3 use the fast and double fast strategies; Arrow
    /// C++ and pyarrow default to 1).
    case zstd(level: Int)
    /// The LZ4 frame format, as Arrow C++ writes it (independent 64 KB blocks).
    case lz4Frame

    /// Zstandard at level 1, pyarrow's default.
    public static let zstd = IPCCompression.zstd(level: 1)

    /// The codec recorded in `BodyCompression`.
    public var codec: CompressionCodec {
        switch self {
        case .zstd: .zstd
        case .lz4Frame: .lz4Frame
        }
    }
}
