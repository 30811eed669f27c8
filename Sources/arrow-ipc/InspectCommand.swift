import ArrowIPC
import ArrowMemory

/// Bytes held by an array's buffers, children and dictionary (shared buffers
/// counted each time); saturates instead of overflowing.
func bufferBytes(_ data: ArrayData) -> Int {
    var total = data.validity?.count ?? 0
    for b in data.buffers { total = saturatingAdd(total, b.count) }
    for c in data.children { total = saturatingAdd(total, bufferBytes(c)) }
    if let d = data.dictionary { total = saturatingAdd(total, bufferBytes(d)) }
    return total
}

/// `a + b`, or `Int.max` where that overflows: batch lengths and sizes come from
/// the input and may each be near `Int.max`.
func saturatingAdd(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : sum
}

/// `arrow-ipc inspect PATH`: what a person wants to know about a file or stream.
/// Batches are read and printed one at a time (memory does not grow with their
/// number); names and metadata from the input are printed with control
/// characters escaped.
func inspect(_ path: String) throws(ArrowError) {
    let storage: ByteStorage
    do { storage = try ByteStorage.mapFile(atPath: path) } catch { throw ArrowError(.io, "\(error)") }
    let reader = try IPCBatchReader(buffer: ArrowBuffer(storage: storage))
    let show = DisplayText.escaped
    print("\(show(path)): Arrow IPC \(reader.format.rawValue), \(storage.count) bytes")
    print("schema (\(reader.schema.fields.count) fields):")
    for f in reader.schema.fields {
        var line = "  \(f.typeDescription)"
        if let ext = f.extensionName { line += "  [extension \(ext)]" }
        if let m = f.metadata, !m.isEmpty { line += "  {" + m.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}" }
        print(show(line))
    }
    if let metadata = reader.schema.metadata, !metadata.isEmpty {
        print("schema metadata:")
        for kv in metadata { print(show("  \(kv.key) = \(kv.value)")) }
    }
    print("record batches:")
    var rows = 0
    var rowsOverflow = false
    while let b = try reader.next() {
        let sizes = b.columns.map(bufferBytes)
        let (sum, overflow) = rows.addingReportingOverflow(b.length)
        rowsOverflow = rowsOverflow || overflow
        rows = overflow ? Int.max : sum
        print(
            show(
                "  batch \(reader.batchesRead - 1): \(b.length) rows, \(sizes.reduce(0, saturatingAdd)) buffer bytes ("
                    + zip(b.schema.fields, sizes).map { "\($0.name) \($1)" }.joined(separator: ", ") + ")"))
    }
    print("batches: \(reader.batchesRead), rows: \(rowsOverflow ? "more than \(Int.max)" : "\(rows)")")
    let dictionaries = reader.dictionaries
    if !dictionaries.isEmpty {
        print("dictionaries: " + dictionaries.keys.sorted().map { "id \($0): \(dictionaries[$0]?.length ?? 0) values" }.joined(separator: ", "))
    }
}
