import ArrowIPC
import Hummingbird

/// Writes a table into a response body as an Arrow IPC stream, each batch built
/// and sent before the next is built.
enum ArrowStreamResponse {
    static let contentType = "application/vnd.apache.arrow.stream"

    /// A chunked response (no content length is known in advance).
    static func response(for table: ServedTable) -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType],
            body: ResponseBody { writer in
                try await write(table, into: &writer)
                try await writer.finish(nil)
            })
    }

    static func write(_ table: ServedTable, into body: inout any ResponseBodyWriter) async throws {
        // The sink cannot capture the `inout` body writer, so it queues each
        // encoded message and the messages of one batch are written out before
        // the next batch is produced: at most one batch's messages wait here.
        let queue = MessageQueue()
        let arrow = try await AsyncStreamWriter(schema: table.schema) { message in queue.messages.append(message) }
        try await queue.drain(into: &body)
        for index in 0..<table.batchCount {
            try Task.checkCancellation()
            try await arrow.write(table.makeBatch(index))
            try await queue.drain(into: &body)
        }
        try await arrow.finish()
        try await queue.drain(into: &body)
    }
}

/// Encoded messages waiting to be written; used by one task only.
private final class MessageQueue {
    var messages: [[UInt8]] = []

    func drain(into body: inout any ResponseBodyWriter) async throws {
        let ready = messages
        messages.removeAll()
        for message in ready {
            try await body.write(ByteBuffer(bytes: message))
        }
    }
}
