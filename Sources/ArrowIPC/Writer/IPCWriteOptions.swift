/// Options of the IPC writers, mirroring pyarrow's `IpcWriteOptions`.
public struct IPCWriteOptions: Sendable {
    /// Metadata version written in every message (V5 unless a reader needs V4).
    public var metadataVersion: MetadataVersion = .v5
    /// Pre-0.15 framing: no continuation marker before message lengths.
    public var legacyFormat: Bool = false
    /// Alignment of message metadata (the body is always padded to 8 bytes).
    public var alignment: Int = 8
    /// In streams, write a changed dictionary that extends the previous one as a delta.
    public var emitDictionaryDeltas: Bool = false
    /// Body compression; reading supports ZSTD and LZ4_FRAME, writing compressed bodies is not supported yet.
    public var compression: CompressionCodec? = nil

    public init(metadataVersion: MetadataVersion = .v5, legacyFormat: Bool = false, alignment: Int = 8,
                emitDictionaryDeltas: Bool = false, compression: CompressionCodec? = nil) {
        self.metadataVersion = metadataVersion
        self.legacyFormat = legacyFormat
        self.alignment = alignment
        self.emitDictionaryDeltas = emitDictionaryDeltas
        self.compression = compression
    }
}
