import ArrowIPC
import ArrowMemory

/// Bytes held by an array's buffers, children and dictionary (shared buffers counted each time).
func bufferBytes(_ data: ArrayData) -> Int {
    (data.validity?.count ?? 0) + data.buffers.reduce(0) { $0 + $1.count }
        + data.children.reduce(0) { $0 + bufferBytes($1) } + (data.dictionary.map(bufferBytes) ?? 0)
}

/// `arrow-ipc inspect PATH`: what a person wants to know about a file or stream.
func inspect(_ path: String) throws(ArrowError) {
    let storage: ByteStorage
    do { storage = try ByteStorage.mapFile(atPath: path) } catch { throw ArrowError(.io, "\(error)") }
    let contents = try IPCContents.read(ByteBuffer(storage: storage))
    print("\(path): Arrow IPC \(contents.format.rawValue), \(storage.count) bytes")
    print("schema (\(contents.schema.fields.count) fields):")
    for f in contents.schema.fields {
        var line = "  \(f.typeDescription)"
        if let ext = f.extensionName { line += "  [extension \(ext)]" }
        if let m = f.metadata, !m.isEmpty { line += "  {" + m.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}" }
        print(line)
    }
    for kv in contents.schema.metadata ?? [] { print("  metadata \(kv.key) = \(kv.value)") }
    let rows = contents.batches.reduce(0) { $0 + $1.length }
    print("batches: \(contents.batches.count), rows: \(rows)")
    for (i, b) in contents.batches.enumerated() {
        let sizes = b.columns.map(bufferBytes)
        print("  batch \(i): \(b.length) rows, \(sizes.reduce(0, +)) buffer bytes (" +
              zip(b.schema.fields, sizes).map { "\($0.name) \($1)" }.joined(separator: ", ") + ")")
    }
    if !contents.dictionaries.isEmpty {
        print("dictionaries: " + contents.dictionaries.keys.sorted().map { "id \($0): \(contents.dictionaries[$0]?.length ?? 0) values" }.joined(separator: ", "))
    }
}
