import ArrowIPC
import ArrowMemory
import FlameCache

/// `arrow-ipc cat`: the rows of an IPC file or stream as a table (close to
/// pyarrow's `print(table)`), JSON, JSON lines or CSV. Batches are read one at a
/// time and only as far as the rows printed need; cells are written by
/// FlameCache's `ArrowValueText`, the renderer `flame decode --json` uses.
func runCat(_ arguments: [String]) -> Never {
    let command = "cat"
    let parsed = CommandArguments(arguments, command: command, flags: ["--all"], valued: ["--format", "--rows"])
    let format = parsed.values["--format"] ?? "table"
    guard ["table", "json", "jsonl", "csv"].contains(format) else {
        usageError(command, "unknown format '\(format)' (table, json, jsonl or csv)")
    }
    var limit: Int? = 10
    if let text = parsed.values["--rows"] {
        guard !parsed.flags.contains("--all") else { usageError(command, "--rows and --all exclude each other") }
        guard let n = Int(text), n >= 0 else { usageError(command, "--rows needs a count, not '\(text)'") }
        limit = n
    }
    if parsed.flags.contains("--all") { limit = nil }
    let path = parsed.operands(["PATH"], command: command)[0]

    let output = StandardOutput()
    do throws(CatError) {
        let opened = try CatInput(path: path)
        switch format {
        case "table": try printTable(opened, limit: limit, output)
        case "csv": try printCSV(opened, limit: limit, output)
        default: try printJSON(opened, limit: limit, lines: format == "jsonl", output)
        }
        output.flush()
    } catch {
        output.flush()
        fail(oneLine("error: \(error.message)"), status: 1)
    }
    Platform.exit(0)
}

/// An error of `cat` from the reader or the value renderer, as one text.
struct CatError: Error {
    var message: String
    init(_ error: ArrowError) { message = "\(error)" }
    init(_ error: FlameError) { message = "\(error)" }
    init(_ message: String) { self.message = message }
}

/// The file opened once for its schema. An IPC file or stream is read again
/// (memory-mapped, so at no copy) for each pass the table layout makes; a Flame
/// blob holding a table, record batch or array (`FLM\x02`..`FLM\x04`) is
/// decoded once, as `flame decode` does, and its batches kept.
struct CatInput {
    let path: String
    let schema: Schema
    /// The batches of a Flame blob; nil for IPC input.
    private let flameBatches: [RecordBatch]?

    init(path: String) throws(CatError) {
        self.path = path
        let tensors: Bool
        let flame: Bool
        do throws(ArrowError) {
            let storage: ByteStorage
            do { storage = try ByteStorage.mapFile(atPath: path) } catch { throw ArrowError(.io, "\(error)") }
            let head = ArrowBuffer(storage: storage).getSlice(at: 0, length: min(3, storage.count))?.bytes ?? []
            flame = head == Array("FLM".utf8)
            tensors = flame ? false : try readTensors(path) != nil
        } catch {
            throw CatError(error)
        }
        if tensors { throw CatError("\(DisplayText.escaped(path)) is a tensor stream, not record batches; see `arrow-ipc inspect`") }
        if flame {
            (schema, flameBatches) = try Self.flameTable(path)
            return
        }
        flameBatches = nil
        do throws(ArrowError) {
            schema = try IPCBatchReader(path: path).schema
        } catch {
            throw CatError(error)
        }
    }

    private static func flameTable(_ path: String) throws(CatError) -> (Schema, [RecordBatch]) {
        let value: FlameValue
        do throws(FlameError) {
            guard case .blob(let v) = try FlameInput.read(path: path) else { throw FlameError(.unsupported, "not a Flame blob") }
            value = v
        } catch {
            throw CatError(error)
        }
        switch value {
        case .table(let schema, let batches): return (schema, batches)
        case .recordBatch(let b): return (b.schema, [b])
        case .array(let a):
            let schema = Schema([Field(FlameCacheSchema.dataField, a.type)])
            return (schema, [RecordBatch(schema: schema, length: a.length, columns: [a])])
        default:
            throw CatError("\(DisplayText.escaped(path)) is a Flame \(value.format) blob, not a table; see `arrow-ipc flame decode --json`")
        }
    }

    /// Calls `body` with each batch, sliced so that at most `limit` rows come in
    /// all; returns whether rows were left out.
    @discardableResult
    func batches(limit: Int?, columns: [Int]? = nil, _ body: (RecordBatch) throws(CatError) -> Void) throws(CatError) -> Bool {
        var source: () throws(CatError) -> RecordBatch?
        if let flameBatches {
            var it = flameBatches.makeIterator()
            source = { () throws(CatError) -> RecordBatch? in
                guard let b = it.next() else { return nil }
                guard let columns else { return b }
                let fields = columns.map { b.schema.fields[$0] }
                return RecordBatch(schema: Schema(fields), length: b.length, columns: columns.map { b.columns[$0] })
            }
        } else {
            let reader: IPCBatchReader
            do throws(ArrowError) {
                reader = try IPCBatchReader(path: path, options: IPCReadOptions(projection: columns.map { .indices($0) }))
            } catch {
                throw CatError(error)
            }
            source = { () throws(CatError) -> RecordBatch? in try next(reader) }
        }
        var remaining = limit ?? Int.max
        // Batch lengths are bounded by the reader (IPCReadLimits.maxRecordBatchLength).
        while let batch = try source() {
            if remaining == 0 {
                if batch.length > 0 { return true }
                continue
            }
            if batch.length <= remaining {
                remaining -= batch.length
                try body(batch)
            } else {
                let kept = remaining
                let sliced: [ArrayData]
                do throws(ArrowError) {
                    sliced = try batch.columns.map { (c) throws(ArrowError) in try c.slice(offset: 0, length: kept) }
                } catch {
                    throw CatError(error)
                }
                try body(RecordBatch(schema: batch.schema, length: kept, columns: sliced))
                return true
            }
        }
        return false
    }

    private func next(_ reader: IPCBatchReader) throws(CatError) -> RecordBatch? {
        do throws(ArrowError) {
            return try reader.next()
        } catch {
            throw CatError(error)
        }
    }

    /// Rows in the whole input, counted without loading any column (an empty
    /// projection steps over every buffer).
    func rowCount() throws(CatError) -> Int {
        var total = 0
        if let flameBatches { return flameBatches.reduce(0) { saturatingAdd($0, $1.length) } }
        do throws(ArrowError) {
            let reader = try IPCBatchReader(path: path, options: IPCReadOptions(projection: .indices([])))
            while let b = try reader.next() { total = saturatingAdd(total, b.length) }
        } catch {
            throw CatError(error)
        }
        return total
    }
}

/// Row `row` of `column` in `format`.
func cell(_ column: ArrayData, _ row: Int, _ format: ArrowValueFormat) throws(CatError) -> String {
    do throws(FlameError) {
        return try ArrowValueText.text(column, row, format: format)
    } catch {
        throw CatError(error)
    }
}

func printJSON(_ input: CatInput, limit: Int?, lines: Bool, _ out: StandardOutput) throws(CatError) {
    let names = input.schema.fields.map { ArrowValueText.jsonString($0.name) + ":" }
    var first = true
    if !lines { out.write("[") }
    try input.batches(limit: limit) { (batch) throws(CatError) in
        for row in 0..<batch.length {
            var text = lines ? "{" : (first ? "\n{" : ",\n{")
            first = false
            for (k, column) in batch.columns.enumerated() {
                if k > 0 { text += "," }
                text += names[k]
                text += try cell(column, row, .json)
            }
            text += lines ? "}\n" : "}"
            out.write(text)
        }
    }
    if !lines { out.write(first ? "]\n" : "\n]\n") }
}

func printCSV(_ input: CatInput, limit: Int?, _ out: StandardOutput) throws(CatError) {
    out.write(input.schema.fields.map { csvField($0.name) }.joined(separator: ",") + "\r\n")
    try input.batches(limit: limit) { (batch) throws(CatError) in
        for row in 0..<batch.length {
            var text = ""
            for (k, column) in batch.columns.enumerated() {
                if k > 0 { text += "," }
                text += try csvCell(column, row)
            }
            out.write(text + "\r\n")
        }
    }
}

/// Row `row` of `column` as a CSV field: null is an empty field, the empty
/// string `""` (as pyarrow's `write_csv` tells them apart).
func csvCell(_ column: ArrayData, _ row: Int) throws(CatError) -> String {
    let text: String?
    do throws(FlameError) {
        text = try ArrowValueText.field(column, row, format: .csv)
    } catch {
        throw CatError(error)
    }
    guard let text else { return "" }
    return text.isEmpty ? "\"\"" : csvField(text)
}

/// A CSV field, quoted (quotes doubled) when it holds a comma, quote or line break (RFC 4180).
func csvField(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else { return s }
    var q = "\""
    for ch in s.unicodeScalars {
        if ch == "\"" { q += "\"\"" } else { q.unicodeScalars.append(ch) }
    }
    return q + "\""
}

/// The table layout of pyarrow's `Table.to_string()`: schema, `----`, then each
/// column with one `[...]` per batch. Columns are printed one after another, so
/// each column is a pass over the input reading that column alone.
func printTable(_ input: CatInput, limit: Int?, _ out: StandardOutput) throws(CatError) {
    out.write("pyarrow.Table\n")
    for field in input.schema.fields { out.write(schemaLines(field, depth: 0)) }
    out.write("----\n")
    var omitted = false
    for (k, field) in input.schema.fields.enumerated() {
        out.write(DisplayText.escaped(field.name) + ": [")
        var firstChunk = true
        omitted = try input.batches(limit: limit, columns: [k]) { (batch) throws(CatError) in
            var text = firstChunk ? "[" : ",["
            firstChunk = false
            for row in 0..<batch.length {
                if row > 0 { text += "," }
                text += try cell(batch.columns[0], row, .display)
                if text.utf8.count > 1 << 16 {
                    out.write(text)
                    text = ""
                }
            }
            out.write(text + "]")
        }
        out.write("]\n")
    }
    if omitted, let limit {
        let total = try input.rowCount()
        out.write("(\(limit) of \(total) rows shown; \(total - limit) more: --rows N or --all)\n")
    }
}

/// `name: type` and pyarrow's `child i, ...` lines under a nested type.
private func schemaLines(_ field: Field, depth: Int, index: Int? = nil) -> String {
    let indent = depth == 0 ? "" : String(repeating: " ", count: 2 + 4 * (depth - 1))
    var text = indent + (index.map { "child \($0), " } ?? "") + DisplayText.escaped(field.typeDescription) + "\n"
    if case .dictionary = field.type { return text }
    for (i, child) in field.type.children.enumerated() { text += schemaLines(child, depth: depth + 1, index: i) }
    return text
}

/// Buffered standard output: one `write(2)` per 64 KiB, not per row.
final class StandardOutput {
    private var buffer: [UInt8] = []

    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            // A closed pipe (`| head`) ends the output: nothing more to do.
            if let base = raw.baseAddress, (try? Platform.writeAll(1, from: base, count: raw.count)) == nil {
                Platform.exit(0)
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
