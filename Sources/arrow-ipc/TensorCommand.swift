import ArrowIPC
import ArrowMemory
import ArrowTensor

/// Tensor messages (`pa.ipc.write_tensor` output, possibly several back to
/// back) for `inspect` and `validate`. Returns nil when the file does not start
/// with a tensor message, so the caller reads it as a record batch stream or file.
func readTensors(_ path: String) throws(ArrowError) -> (tensors: [AnyTensor], bytes: Int)? {
    let storage: ByteStorage
    do { storage = try ByteStorage.mapFile(atPath: path) } catch { throw ArrowError(.io, "\(error)") }
    let buffer = ArrowBuffer(storage: storage)
    guard AnyTensor.isTensorMessage(buffer) else { return nil }
    var tensors: [AnyTensor] = []
    var offset = 0
    while offset < buffer.count, let rest = buffer.getSlice(from: offset) {
        do throws(ArrowError) {
            tensors.append(try AnyTensor(decoding: rest))
            offset += try AnyTensor.messageLength(rest)
        } catch {
            throw error.inTensorMessage(tensors.count, at: offset)
        }
    }
    return (tensors, buffer.count)
}

func printTensors(_ path: String, _ read: (tensors: [AnyTensor], bytes: Int)) {
    print("\(path): Arrow tensor message\(read.tensors.count == 1 ? "" : "s") (\(read.tensors.count)), \(read.bytes) bytes")
    for (i, t) in read.tensors.enumerated() {
        print("tensor \(i): dtype \(t.dataType.numpyName), shape \(t.shape), strides \(t.strides) bytes, \(t.count) elements")
        if t.dimensionNames.contains(where: { !$0.isEmpty }) {
            print("  dimension names: " + t.dimensionNames.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        let first = t.leadingValues(10)
        if !first.isEmpty {
            print("  first values (C order): " + first.joined(separator: ", ") + (t.count > first.count ? ", ..." : ""))
        }
    }
}

extension ArrowError {
    /// The same error with the message index and byte offset filled in where unknown.
    func inTensorMessage(_ messageIndex: Int, at byteOffset: Int) -> ArrowError {
        var e = self
        if e.messageIndex == nil { e.messageIndex = messageIndex }
        e.byteOffset = e.byteOffset.map { $0 + byteOffset } ?? byteOffset
        return e
    }
}
