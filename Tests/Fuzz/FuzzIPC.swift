// Target `ipc`: any bytes through the reader, full validation, logical
// comparison and the writer; the same bytes as a tensor message.

/// Tighter than the defaults, so that what the limits allow (a body-free column
/// of 2^31 rows compared element by element, a 1 GiB decompressed buffer) is not
/// reported as a hang or a memory blow-up; the classes themselves are still hit.
let fuzzLimits = IPCReadLimits(maxRecordBatchLength: 1 << 20, maxDecodedBytesPerMessage: 64 << 20, maxDictionaryBytes: 64 << 20)

func fuzzIPC(_ bytes: ArrowBuffer) {
    exerciseIPC(bytes)
    exerciseTensor(bytes)
}

/// Read, validate, compare and write again whatever `bytes` holds.
func exerciseIPC(_ bytes: ArrowBuffer) {
    do {
        let contents = try IPCContents.read(bytes, options: IPCReadOptions(limits: fuzzLimits))
        try contents.validate(.full)
        for batch in contents.batches {
            // Shifted by one row, so the comparison is not settled by identity.
            for column in batch.columns { _ = try? column.rangeEquals(1, column, 0, count: max(column.length - 1, 0)) }
            _ = try? StreamWriter.bytes(schema: batch.schema, batches: [batch])
        }
        // All batches at once: the writer meets each dictionary again.
        _ = try? FileWriter.bytes(schema: contents.schema, batches: contents.batches)
    } catch {}
}
