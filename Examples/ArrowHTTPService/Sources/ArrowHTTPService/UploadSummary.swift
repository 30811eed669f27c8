import ArrowIPC
import Hummingbird

/// What `POST /tables/{name}` answers: the stream's schema and how many rows,
/// record batches and dictionary batches it held.
struct UploadSummary: ResponseEncodable {
    struct Column: Codable {
        let name: String
        /// As pyarrow's `str(field.type)`.
        let type: String
        let nullable: Bool
    }

    let name: String
    let rows: Int
    let recordBatches: Int
    let dictionaryBatches: Int
    let bytes: Int
    let schema: [Column]

    /// The largest message accepted from a client; bounds what the decoder holds.
    static let maxMessageBytes = 64 << 20

    /// Decodes `body` with the push decoder as its chunks arrive. Batches are
    /// counted and dropped, so memory stays at about one message whatever the
    /// body's size.
    static func decode(name: String, body: RequestBody) async throws -> UploadSummary {
        var decoder = StreamDecoder(maxMessageBytes: maxMessageBytes)
        var rows = 0
        var recordBatches = 0
        var dictionaryBatches = 0
        var bytes = 0
        do {
            for try await var chunk in body {
                bytes += chunk.readableBytes
                // The decoder keeps a `[UInt8]` alive and slices it without copying;
                // a `ByteBuffer` would take its generic path, copied byte by byte.
                // So: one bulk copy out of NIO's buffer, none in the decoder.
                let chunkBytes = chunk.readBytes(length: chunk.readableBytes) ?? []
                for event in try decoder.feed(chunkBytes) {
                    switch event {
                    case .schema: break
                    case .dictionary: dictionaryBatches += 1
                    case .recordBatch(let batch):
                        rows += batch.length
                        recordBatches += 1
                    }
                }
            }
            try decoder.finish()
        } catch let error as ArrowError {
            throw HTTPError(.badRequest, message: "not an Arrow IPC stream: \(error)")
        }
        guard let schema = decoder.schema else {
            throw HTTPError(.badRequest, message: "not an Arrow IPC stream: it ended before its schema")
        }
        let columns = schema.fields.map { Column(name: $0.name, type: "\($0.type)", nullable: $0.nullable) }
        return UploadSummary(
            name: name, rows: rows, recordBatches: recordBatches, dictionaryBatches: dictionaryBatches,
            bytes: bytes, schema: columns)
    }
}
