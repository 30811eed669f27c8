/// How many field nodes, buffers and variadic buffer counts one column takes in
/// a record batch message, so a reader can step over a column it was not asked
/// for without reading its buffers. Same order and counts as `BatchLoader.load`.
struct FieldLayout: Sendable {
    var nodes = 0
    var buffers = 0
    var variadicCounts = 0

    /// The layout of `field`; `variadic` is the batch's `variadicBufferCounts`,
    /// `nextVariadic` the first entry this field would use.
    static func of(_ field: Field, version: MetadataVersion, variadic: [Int64], nextVariadic: Int) throws(ArrowError) -> FieldLayout {
        var layout = FieldLayout()
        try layout.add(field.type, version: version, variadic: variadic, nextVariadic: nextVariadic, depth: 0)
        return layout
    }

    private mutating func add(_ type: ArrowType, version: MetadataVersion, variadic: [Int64], nextVariadic: Int, depth: Int) throws(ArrowError) {
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError(.invalidMetadata, "fields nested deeper than \(ArrowFormat.maxNestingDepth)") }
        nodes += 1
        var children: [Field] = []
        switch type {
        case .null: break
        case .bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
            .date32, .date64, .time32, .time64, .timestamp, .duration, .decimal, .interval, .fixedSizeBinary, .dictionary:
            buffers += 2
        case .binary, .utf8, .largeBinary, .largeUtf8:
            buffers += 3
        case .binaryView, .utf8View:
            let index = nextVariadic + variadicCounts
            guard index < variadic.count, variadic[index] >= 0, variadic[index] <= Int64(Int32.max) else {
                throw ArrowError(.invalidMetadata, "variadicBufferCounts has no valid entry for this view array")
            }
            buffers += 2 + Int(variadic[index])
            variadicCounts += 1
        case .list(let child), .largeList(let child), .map(let child, _):
            buffers += 2
            children = [child]
        case .listView(let child), .largeListView(let child):
            buffers += 3
            children = [child]
        case .fixedSizeList(let child, _):
            buffers += 1
            children = [child]
        case .struct(let fields):
            buffers += 1
            children = fields
        case .union(let mode, let fields, _):
            buffers += (version < .v5 ? 1 : 0) + 1 + (mode == .dense ? 1 : 0)
            children = fields
        case .runEndEncoded(let runEnds, let values):
            buffers += version < .v5 ? 1 : 0
            children = [runEnds, values]
        }
        for child in children {
            try add(child.type, version: version, variadic: variadic, nextVariadic: nextVariadic, depth: depth + 1)
        }
    }
}
