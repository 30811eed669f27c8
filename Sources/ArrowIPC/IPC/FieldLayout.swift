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

    /// The data buffers of one view array: the next `variadicBufferCounts` entry.
    private mutating func addVariadic(_ variadic: [Int64], _ nextVariadic: Int) throws(ArrowError) {
        let index = nextVariadic + variadicCounts
        guard index < variadic.count, variadic[index] >= 0, variadic[index] <= Int64(Int32.max) else {
            throw ArrowError(.invalidMetadata, "variadicBufferCounts has no valid entry for this view array")
        }
        buffers += Int(variadic[index])
        variadicCounts += 1
    }

    private mutating func add(_ type: ArrowType, version: MetadataVersion, variadic: [Int64], nextVariadic: Int, depth: Int) throws(ArrowError) {
        guard depth < ArrowFormat.maxNestingDepth else { throw ArrowError(.invalidMetadata, "fields nested deeper than \(ArrowFormat.maxNestingDepth)") }
        nodes += 1
        buffers += type.ipcBufferCount(version: version)
        if case .binaryView = type { try addVariadic(variadic, nextVariadic) }
        if case .utf8View = type { try addVariadic(variadic, nextVariadic) }
        for child in type.ipcChildren {
            try add(child.type, version: version, variadic: variadic, nextVariadic: nextVariadic, depth: depth + 1)
        }
    }
}
