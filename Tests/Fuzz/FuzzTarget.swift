// libFuzzer entry point: any bytes through the reader, full validation, logical
// comparison and the writer must end in success or a thrown error, never a trap,
// a hang or an unbounded allocation. Built by `make fuzz` (see run.sh), which
// compiles the library sources with this file into one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = ByteBuffer(copying: UnsafeBufferPointer(start: data, count: size))
    do {
        let contents = try IPCContents.read(bytes)
        try contents.validate(full: true)
        for batch in contents.batches {
            for column in batch.columns { _ = try? column.logicallyEquals(column) }
            _ = try? StreamWriter.bytes(schema: batch.schema, batches: [batch])
        }
    } catch {}
    // The same bytes as a Tensor message: decode, read every element, re-encode.
    if let tensor = try? AnyTensor(decoding: bytes) {
        _ = tensor.leadingValues(1 << 16)
        if case .float32(let t) = tensor {
            _ = t.toArray(order: .fortran)
            _ = try? TensorEncoder.encode(t)
        }
    }
    return 0
}
