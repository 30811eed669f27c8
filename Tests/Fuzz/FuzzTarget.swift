// libFuzzer entry point: any bytes through the reader, full validation, logical
// comparison and the writer must end in success or a thrown error, never a trap,
// a hang or an unbounded allocation. Built by `make fuzz` (see run.sh), which
// compiles the library sources with this file into one module.

/// Tighter than the defaults, so that what the limits allow (a body-free column
/// of 2^31 rows compared element by element, a 1 GiB decompressed buffer) is not
/// reported as a hang or a memory blow-up; the classes themselves are still hit.
let fuzzLimits = IPCReadLimits(maxRecordBatchLength: 1 << 20, maxDecodedBytesPerMessage: 64 << 20, maxDictionaryBytes: 64 << 20)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = ArrowBuffer(copying: UnsafeBufferPointer(start: data, count: size))
    do {
        let contents = try IPCContents.read(bytes, options: IPCReadOptions(limits: fuzzLimits))
        try contents.validate(full: true)
        for batch in contents.batches {
            // Shifted by one row, so the comparison is not settled by identity.
            for column in batch.columns { _ = try? column.rangeEquals(1, column, 0, count: max(column.length - 1, 0)) }
            _ = try? StreamWriter.bytes(schema: batch.schema, batches: [batch])
        }
        // All batches at once: the writer meets each dictionary again.
        _ = try? FileWriter.bytes(schema: contents.schema, batches: contents.batches)
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
