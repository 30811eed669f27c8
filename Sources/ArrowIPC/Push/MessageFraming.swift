import ArrowFlatBuffers
import ArrowMemory

/// How far the decoder has read into the message it is assembling, and how many
/// of its bytes it needs before the next step. Same framing rules as
/// `MessageReader` (continuation marker or pre-0.15 length first; a zero length
/// ends the stream), but driven by bytes that arrive rather than pulled.
struct MessageFraming: Sendable {
    enum Step {
        /// The message is incomplete: `needed` bytes are required for the next step.
        case needMore
        /// An end-of-stream marker of `length` bytes.
        case endOfStream(length: Int)
        /// A whole message of `length` bytes.
        case complete(length: Int)
    }

    /// Bytes of the message (from its first byte) needed before the next step.
    private(set) var needed = 4
    /// 4 (pre-0.15) or 8 (continuation marker), 0 until known.
    private(set) var prefixLength = 0
    private(set) var metadataLength = 0
    private(set) var message: Message?
    private var sawContinuation = false
    /// `IPCReadLimits.maxMetadataBytes` of the decoder's options.
    let maxMetadataLength: Int

    init(maxMetadataLength: Int = IPCReadLimits.default.maxMetadataBytes) {
        self.maxMetadataLength = maxMetadataLength
    }

    /// Whether nothing of a message has been read.
    var isAtStart: Bool { needed == 4 && !sawContinuation }

    /// Reads what `view` (the message's bytes so far, from its first byte) allows.
    /// `offset` is the message's position in the stream, for errors; messages whose
    /// framed size exceeds `limit` are refused before their bytes are buffered.
    mutating func advance(_ view: ArrowBuffer, offset: Int, limit: Int) throws(ArrowError) -> Step {
        while view.count >= needed {
            if prefixLength == 0 {
                if !sawContinuation {
                    let first = view.getIntegerUnchecked(at: 0, as: Int32.self)
                    if UInt32(bitPattern: first) == ArrowFormat.continuationMarker {
                        sawContinuation = true
                        needed = 8
                        continue
                    }
                    prefixLength = 4
                    if let end = try metadataLengthRead(first, offset: offset, limit: limit) { return end }
                } else {
                    prefixLength = 8
                    let length = view.getIntegerUnchecked(at: 4, as: Int32.self)
                    if let end = try metadataLengthRead(length, offset: offset, limit: limit) { return end }
                }
            } else if message == nil {
                let metadataOffset = offset + prefixLength
                guard let metadata = view.getSlice(at: prefixLength, length: metadataLength) else { return .needMore }
                let decoded: Message
                do throws(FlatBufferError) {
                    decoded = try Message.decode(metadata)
                } catch {
                    throw ArrowError.metadata(error, base: metadataOffset)
                }
                let framed = prefixLength + metadataLength
                guard decoded.bodyLength >= 0, decoded.bodyLength <= Int64(limit - framed) else {
                    throw ArrowError(
                        .invalidFormat, "message body of \(decoded.bodyLength) bytes exceeds the decoder's limit of \(limit) bytes per message",
                        byteOffset: metadataOffset)
                }
                message = decoded
                needed = framed + Int(decoded.bodyLength)
            } else {
                return .complete(length: needed)
            }
        }
        return .needMore
    }

    /// Handles the metadata length: nil to go on, or the end-of-stream step.
    private mutating func metadataLengthRead(_ length: Int32, offset: Int, limit: Int) throws(ArrowError) -> Step? {
        if length == 0 { return .endOfStream(length: prefixLength) }
        guard length > 0 else {
            throw ArrowError(.invalidFormat, "invalid message metadata length \(length)", byteOffset: offset)
        }
        guard Int(length) <= maxMetadataLength else {
            throw IPCReadLimits.exceeded(
                "maxMetadataBytes", limit: maxMetadataLength, value: Int(length), "message metadata length",
                byteOffset: offset, kind: .invalidFormat)
        }
        guard Int(length) <= limit - prefixLength else {
            throw ArrowError(
                .invalidFormat, "message metadata of \(length) bytes exceeds the decoder's limit of \(limit) bytes per message",
                byteOffset: offset)
        }
        metadataLength = Int(length)
        needed = prefixLength + metadataLength
        return nil
    }
}
