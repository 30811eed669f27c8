import ArrowIPC

/// A table the service streams on `GET /tables/{name}`. Batches are built one at
/// a time, when the response is ready for them, so a large table never exists in
/// memory as a whole.
///
/// What each table holds is documented here and in the example's README; the
/// test computes the same values in Python from that description.
struct ServedTable: Sendable {
    let schema: Schema
    let batchCount: Int
    let makeBatch: @Sendable (_ index: Int) throws -> RecordBatch

    /// The largest `rows` a client may ask of `numbers` (about 300 MB of stream).
    static let maxRows = 10_000_000

    /// `numbers?rows=N` (default 10,000; 0...10,000,000), in batches of 4,096 rows:
    /// - `id: int64 not null` = i
    /// - `half: double` = i / 2, null when i % 10 == 3
    /// - `label: string` = "row-<i>", null when i % 7 == 0
    static func numbers(rows: Int) -> ServedTable {
        let batchRows = 4096
        let schema = Schema([Field("id", .int64, nullable: false), Field("half", .float64), Field("label", .utf8)])
        return ServedTable(schema: schema, batchCount: (rows + batchRows - 1) / batchRows) { index in
            let range = (index * batchRows)..<min((index + 1) * batchRows, rows)
            let ids = range.map { Int64($0) }
            let halves = range.map { $0 % 10 == 3 ? nil : Double($0) / 2 }
            let labels = range.map { $0 % 7 == 0 ? nil : "row-\($0)" }
            return try RecordBatch(fields: [
                (schema.fields[0], ArrayData(ids.map { Optional($0) })),
                (schema.fields[1], ArrayData(halves)),
                (schema.fields[2], try ArrayData(labels)),
            ])
        }
    }

    /// `colors`: 5 batches of 1,000 rows, a dictionary-encoded column whose
    /// dictionary changes between batches (a replacement dictionary is sent):
    /// - `id: int64 not null` = i
    /// - `color: dictionary<values=string, indices=int32, ordered=0>` =
    ///   ["red", "green", "blue"][i % 3], null when i % 11 == 5; each batch's
    ///   dictionary lists the colors in order of first appearance in that batch
    static func colors() -> ServedTable {
        let batchRows = 1000
        let names = ["red", "green", "blue"]
        let colorType = ArrowType.dictionary(indexType: .int32, valueType: .utf8, ordered: false)
        let schema = Schema([Field("id", .int64, nullable: false), Field("color", colorType, dictionaryId: 0)])
        return ServedTable(schema: schema, batchCount: 5) { index in
            let range = (index * batchRows)..<((index + 1) * batchRows)
            let colors = range.map { $0 % 11 == 5 ? nil : names[$0 % 3] }
            return try RecordBatch(fields: [
                (schema.fields[0], ArrayData(range.map { Optional(Int64($0)) })),
                (schema.fields[1], try ArrayData.dictionaryEncoding(colors, indexType: .int32)),
            ])
        }
    }

    /// `empty`: the schema `id: int64` and no batch.
    static func empty() -> ServedTable {
        ServedTable(schema: Schema([Field("id", .int64)]), batchCount: 0) { _ in
            throw ArrowError(.invalidArgument, "the empty table has no batches")
        }
    }

    /// The table called `name`, or nil; `rows` is only read by `numbers`.
    static func named(_ name: String, rows: Int?) -> ServedTable? {
        switch name {
        case "numbers": numbers(rows: rows ?? 10_000)
        case "colors": colors()
        case "empty": empty()
        default: nil
        }
    }
}
