import ArrowIPC
import Foundation
import Hummingbird

// An HTTP service that streams Arrow IPC both ways:
//   GET  /tables/{name}  an Arrow IPC stream of a served table (ServedTables.swift)
//   POST /tables/{name}  an Arrow IPC stream in the body; answers UploadSummary as JSON
// Usage: ArrowHTTPService <port>   (listens on 127.0.0.1; port 0 picks a free one)
// Prints "listening on 127.0.0.1:<port>" once it accepts connections.

let arguments = CommandLine.arguments
guard arguments.count == 2, let port = Int(arguments[1]), (0...65535).contains(port) else {
    FileHandle.standardError.write(Data("usage: ArrowHTTPService <port>  (0 picks a free port)\n".utf8))
    exit(2)
}

let router = Router()
router.get("/tables/:name") { request, context -> Response in
    let name = try context.parameters.require("name")
    let rows = request.uri.queryParameters.get("rows", as: Int.self)
    if let rows, !(0...ServedTable.maxRows).contains(rows) {
        throw HTTPError(.badRequest, message: "rows must be in 0...\(ServedTable.maxRows)")
    }
    guard let table = ServedTable.named(name, rows: rows) else {
        throw HTTPError(.notFound, message: "no table named \(name); try numbers, colors or empty")
    }
    return ArrowStreamResponse.response(for: table)
}
router.post("/tables/:name") { request, context -> UploadSummary in
    let name = try context.parameters.require("name")
    return try await UploadSummary.decode(name: name, body: request.body)
}

let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "ArrowHTTPService"),
    onServerRunning: { channel in
        // Written unbuffered: a test reads this line from a pipe to learn the port.
        FileHandle.standardOutput.write(Data("listening on 127.0.0.1:\(channel.localAddress?.port ?? port)\n".utf8))
    }
)
try await app.runService()
