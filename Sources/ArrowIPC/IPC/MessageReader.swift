import ArrowFlatBuffers
import ArrowMemory

/// One framed message: decoded metadata plus its body bytes.
struct FramedMessage: Sendable {
    var message: Message
    var body: ArrowBuffer
    /// Offset of the message's first byte in the input.
    var offset: Int
    /// Whether the message used the pre-0.15 framing (no continuation marker).
    var legacyFraming: Bool
}

/// Splits an IPC byte stream into messages.
///
/// Framing (IPC spec, "Encapsulated message format"): `0xFFFFFFFF`, an int32
/// metadata length, the `Message` flatbuffer padded to 8 bytes, then the body.
/// Before Arrow 0.15 the continuation marker was absent and the length came first;
/// both are accepted. A length of 0 marks the end of the stream, as does the end
/// of the input at a message boundary.
struct MessageReader<Source: ByteSource> {
    var source: Source
    /// Upper limit for one message's metadata; real metadata is kilobytes.
    let maxMetadataLength: Int

    init(source: Source, maxMetadataLength: Int = IPCReadLimits.default.maxMetadataBytes) {
        self.source = source
        self.maxMetadataLength = maxMetadataLength
    }

    /// The next message, or nil at the end of the stream.
    mutating func next() throws(ArrowError) -> FramedMessage? {
        let start = source.position
        let first = try source.read(4)
        if first.count == 0 { return nil }
        guard first.count == 4 else {
            throw ArrowError(.invalidFormat, "stream ends inside a message length prefix", byteOffset: start)
        }
        var length = first.getIntegerUnchecked(at: 0, as: Int32.self)
        var legacy = true
        if UInt32(bitPattern: length) == ArrowFormat.continuationMarker {
            legacy = false
            let second = try source.read(4)
            if second.count == 0 { return nil }
            guard second.count == 4 else {
                throw ArrowError(.invalidFormat, "stream ends inside a message length prefix", byteOffset: start + 4)
            }
            length = second.getIntegerUnchecked(at: 0, as: Int32.self)
        }
        if length == 0 { return nil }
        guard length > 0 else {
            throw ArrowError(.invalidFormat, "invalid message metadata length \(length)", byteOffset: start)
        }
        guard Int(length) <= maxMetadataLength else {
            throw IPCReadLimits.exceeded(
                "maxMetadataBytes", limit: maxMetadataLength, value: Int(length), "message metadata length", byteOffset: start,
                kind: .invalidFormat)
        }
        let metadataOffset = source.position
        let metadata = try source.read(Int(length))
        guard metadata.count == Int(length) else {
            throw ArrowError(.invalidFormat, "stream ends inside message metadata (\(metadata.count) of \(length) bytes)", byteOffset: metadataOffset)
        }
        let message: Message
        do throws(FlatBufferError) {
            message = try Message.decode(metadata)
        } catch {
            throw ArrowError.metadata(error, base: metadataOffset)
        }
        guard message.bodyLength >= 0, message.bodyLength <= Int64(Int.max / 2) else {
            throw ArrowError(.invalidFormat, "invalid message body length \(message.bodyLength)", byteOffset: metadataOffset)
        }
        let bodyOffset = source.position
        let body = try source.read(Int(message.bodyLength))
        guard body.count == Int(message.bodyLength) else {
            throw ArrowError(.invalidFormat, "stream ends inside message body (\(body.count) of \(message.bodyLength) bytes)", byteOffset: bodyOffset)
        }
        return FramedMessage(message: message, body: body, offset: start, legacyFraming: legacy)
    }
}
