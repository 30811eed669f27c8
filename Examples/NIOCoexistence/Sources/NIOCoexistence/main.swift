import ArrowIPC
import NIOCore

// NIOCore's and ArrowIPC's types side by side, unqualified: an Arrow stream
// written into a NIO ByteBuffer (as a response body would be) and read back.
let batch = try RecordBatch([("id", ArrayData([1, 2, 3] as [Int64?])), ("name", ArrayData(["a", nil, "c"]))])
let stream = try StreamWriter.bytes(schema: batch.schema, batches: [batch])

var body: ByteBuffer = ByteBufferAllocator().buffer(capacity: stream.count)
body.writeBytes(stream)
let nioOrder: Endianness = .little

let received = ArrowBuffer(copying: body.readableBytesView)
let reader = try StreamReader(buffer: received)
let arrowOrder: ArrowEndianness = reader.schema.endianness
var rows = 0
while let b = try reader.next() { rows += b.length }
struct Unexpected: Error { let rows: Int }
guard rows == 3, arrowOrder == .little, nioOrder == .little else { throw Unexpected(rows: rows) }
print("NIOCore.ByteBuffer of \(body.readableBytes) bytes -> \(rows) rows: \(reader.schema.fields.map(\.name))")
