import ArrowMemory

/// Turns a record batch header plus its body into `ArrayData`, one field at a time,
/// consuming field nodes and buffers in the depth-first order IPC writes them.
///
/// Only structural checks happen here (O(number of buffers)): every node and buffer
/// exists, every buffer lies inside the body and is long enough for the type and
/// length. Value-level checks (offsets, indices, run ends) run once per array when
/// a typed view is made, or on `validate(_:)`; see `docs/validation.md`.
struct BatchLoader {
    let header: RecordBatchHeader
    let body: ArrowBuffer
    let version: MetadataVersion
    let swapEndianness: Bool
    let dictionaries: [Int64: ArrayData]
    /// Every buffer already decompressed, when the body is compressed.
    let decompressed: [ArrowBuffer]?
    let limits: IPCReadLimits

    private var nextNode = 0
    private var nextBuffer = 0
    private var nextVariadic = 0

    init(
        header: RecordBatchHeader, body: ArrowBuffer, version: MetadataVersion, swapEndianness: Bool,
        dictionaries: [Int64: ArrayData], decompressed: [ArrowBuffer]?, limits: IPCReadLimits = .default
    ) {
        self.limits = limits
        self.header = header
        self.body = body
        self.version = version
        self.swapEndianness = swapEndianness
        self.dictionaries = dictionaries
        self.decompressed = decompressed
    }

    /// Loads every column of `fields`, then checks that all nodes and buffers were used
    /// (pyarrow tolerates leftovers, so we do too, but never fewer).
    mutating func loadColumns(_ fields: [Field]) throws(ArrowError) -> [ArrayData] {
        guard header.length >= 0 else { throw ArrowError(.invalidMetadata, "negative record batch length \(header.length)") }
        guard header.length <= Int64(limits.maxRecordBatchLength) else {
            throw IPCReadLimits.exceeded("maxRecordBatchLength", limit: limits.maxRecordBatchLength, value: Int(header.length), "record batch length")
        }
        var columns: [ArrayData] = []
        columns.reserveCapacity(fields.count)
        for field in fields {
            do throws(ArrowError) {
                let column = try load(field, depth: 0)
                guard column.length == header.length else {
                    throw ArrowError.data("column length \(column.length) differs from batch length \(header.length)")
                }
                columns.append(column)
            } catch {
                throw error.inField(field.name)
            }
        }
        return columns
    }

    private mutating func node() throws(ArrowError) -> FieldNode {
        guard nextNode < header.nodes.count else {
            throw ArrowError(.invalidMetadata, "record batch has \(header.nodes.count) field nodes, more are needed")
        }
        let n = header.nodes[nextNode]
        nextNode += 1
        guard n.length >= 0, n.nullCount >= 0, n.nullCount <= n.length else {
            throw ArrowError(.invalidMetadata, "field node \(nextNode - 1): length \(n.length), null count \(n.nullCount)")
        }
        // Every node, not only the batch: a body-free child (null, struct<>,
        // zero-width) can claim any length without a byte behind it.
        guard n.length <= Int64(limits.maxRecordBatchLength) else {
            throw IPCReadLimits.exceeded(
                "maxRecordBatchLength", limit: limits.maxRecordBatchLength, value: Int(n.length),
                "length of field node \(nextNode - 1)")
        }
        return n
    }

    /// The body slice of buffer `index`, checked to lie inside the body.
    static func slice(_ b: BodyBuffer, index: Int, of body: ArrowBuffer) throws(ArrowError) -> ArrowBuffer {
        guard b.offset >= 0, b.length >= 0, b.offset <= Int64(body.count), b.length <= Int64(body.count) - b.offset,
            let slice = body.getSlice(at: Int(b.offset), length: Int(b.length))
        else {
            throw ArrowError(.invalidMetadata, "buffer \(index) (offset \(b.offset), length \(b.length)) outside body of \(body.count) bytes")
        }
        return slice
    }

    /// The body slices of all buffers.
    static func slices(_ header: RecordBatchHeader, _ body: ArrowBuffer) throws(ArrowError) -> [ArrowBuffer] {
        var out: [ArrowBuffer] = []
        out.reserveCapacity(header.buffers.count)
        for (i, b) in header.buffers.enumerated() { out.append(try slice(b, index: i, of: body)) }
        return out
    }

    private mutating func buffer() throws(ArrowError) -> ArrowBuffer {
        guard nextBuffer < header.buffers.count else {
            throw ArrowError(.invalidMetadata, "record batch has \(header.buffers.count) buffers, more are needed")
        }
        let i = nextBuffer
        nextBuffer += 1
        if let decompressed { return decompressed[i] }
        return try Self.slice(header.buffers[i], index: i, of: body)
    }

    /// Reads a validity buffer: an empty one means "no nulls".
    private mutating func validity(_ node: FieldNode) throws(ArrowError) -> ArrowBuffer? {
        let bits = try buffer()
        if node.nullCount == 0 { return nil }
        guard bits.count * 8 >= node.length else {
            throw ArrowError.data("validity bitmap of \(bits.count) bytes too short for \(node.length) values with \(node.nullCount) nulls")
        }
        return fitted(bits, (Int(node.length) + 7) / 8)
    }

    /// A decompressed buffer far longer than its array needs (a small frame that
    /// inflates into a zero-row column) is cut to what is needed, so a batch keeps
    /// only memory its lengths account for; readers that hold every batch (the
    /// file reader's `readAll`, integration JSON) then stay bounded too. Buffers
    /// that view the input are left alone: they cost nothing.
    private func fitted(_ buffer: ArrowBuffer, _ bytes: Int) -> ArrowBuffer {
        guard decompressed != nil, bytes >= 0, buffer.count > bytes + 4096, let head = buffer.getSlice(at: 0, length: bytes) else { return buffer }
        return ArrowBuffer(copying: head.bytes)
    }

    /// Bytes of data a binary array's offsets reach (its last offset), or -1 when unreadable.
    private static func dataEnd(_ offsets: ArrowBuffer, length: Int, width: Int) -> Int {
        guard length > 0 else { return 0 }
        if width == 4 { return offsets.getInteger(at: length * 4, as: Int32.self).map { Int($0) } ?? -1 }
        return offsets.getInteger(at: length * 8, as: Int64.self).map { Int($0) } ?? -1
    }

    private func require(_ buffer: ArrowBuffer, bytes: Int, _ what: String) throws(ArrowError) {
        guard buffer.count >= bytes else {
            throw ArrowError.data("\(what) buffer has \(buffer.count) bytes, needs \(bytes)")
        }
    }

    private func swapped(_ buffer: ArrowBuffer, width: Int) -> ArrowBuffer {
        swapEndianness ? EndianSwap.swap(buffer, elementWidth: width) : buffer
    }

    /// Steps over a column the read options did not select, reading none of its buffers.
    mutating func skip(_ layout: FieldLayout) {
        nextNode += layout.nodes
        nextBuffer += layout.buffers
        nextVariadic += layout.variadicCounts
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    mutating func load(_ field: Field, depth: Int) throws(ArrowError) -> ArrayData {
        guard depth < limits.maxNestingDepth else {
            throw IPCReadLimits.exceeded("maxNestingDepth", limit: limits.maxNestingDepth, value: depth + 1, "field nesting depth")
        }
        let type = field.type
        let n = try node()
        let length = Int(n.length)
        var data = ArrayData(type: type, length: length, nullCount: Int(n.nullCount))

        func loadChildren(_ fields: [Field], into data: inout ArrayData, _ loader: inout BatchLoader) throws(ArrowError) {
            for child in fields {
                do throws(ArrowError) {
                    data.children.append(try loader.load(child, depth: depth + 1))
                } catch {
                    throw error.inField(child.name)
                }
            }
        }

        switch type {
        case .null:
            data.nullCount = length
        case .bool:
            data.validity = try validity(n)
            let values = try buffer()
            try require(values, bytes: (length + 7) / 8, "boolean values")
            data.buffers = [fitted(values, (length + 7) / 8)]
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
            .date32, .date64, .time32, .time64, .timestamp, .duration, .decimal, .interval, .fixedSizeBinary:
            data.validity = try validity(n)
            let width = type.byteWidth ?? 0
            let values = try buffer()
            let (needed, overflow) = length.multipliedReportingOverflow(by: width)
            guard !overflow else { throw ArrowError.data("values buffer size overflows") }
            try require(values, bytes: needed, "values")
            data.buffers = [swapped(fitted(values, needed), width: Self.swapWidth(type))]
        case .binary, .utf8, .largeBinary, .largeUtf8:
            data.validity = try validity(n)
            let w = (type == .binary || type == .utf8) ? 4 : 8
            let offsets = swapped(try buffer(), width: w)
            let values = try buffer()
            if length > 0 { try require(offsets, bytes: (length + 1) * w, "offsets") }
            data.buffers = [fitted(offsets, length > 0 ? (length + 1) * w : 0), fitted(values, Self.dataEnd(offsets, length: length, width: w))]
        case .binaryView, .utf8View:
            data.validity = try validity(n)
            let views = try buffer()
            try require(views, bytes: length * 16, "views")
            guard nextVariadic < header.variadicBufferCounts.count else {
                throw ArrowError(.invalidMetadata, "variadicBufferCounts has no entry for this view array")
            }
            let count = header.variadicBufferCounts[nextVariadic]
            nextVariadic += 1
            guard count >= 0, count <= Int64(header.buffers.count - nextBuffer) else {
                throw ArrowError(.invalidMetadata, "variadic buffer count \(count) exceeds the buffers left")
            }
            let fittedViews = fitted(views, length * 16)
            data.buffers = [swapEndianness ? EndianSwap.swapViews(fittedViews) : fittedViews]
            for _ in 0..<Int(count) { data.buffers.append(try buffer()) }
        case .list(let child), .largeList(let child), .map(let child, _):
            data.validity = try validity(n)
            let w = { if case .largeList = type { 8 } else { 4 } }()
            let offsets = swapped(try buffer(), width: w)
            if length > 0 { try require(offsets, bytes: (length + 1) * w, "offsets") }
            data.buffers = [fitted(offsets, length > 0 ? (length + 1) * w : 0)]
            try loadChildren([child], into: &data, &self)
        case .listView(let child), .largeListView(let child):
            data.validity = try validity(n)
            let w = { if case .largeListView = type { 8 } else { 4 } }()
            let offsets = swapped(try buffer(), width: w)
            let sizes = swapped(try buffer(), width: w)
            try require(offsets, bytes: length * w, "offsets")
            try require(sizes, bytes: length * w, "sizes")
            data.buffers = [fitted(offsets, length * w), fitted(sizes, length * w)]
            try loadChildren([child], into: &data, &self)
        case .fixedSizeList(let child, let size):
            data.validity = try validity(n)
            try loadChildren([child], into: &data, &self)
            let (needed, overflow) = length.multipliedReportingOverflow(by: Int(size))
            guard !overflow, data.children[0].length >= needed else {
                throw ArrowError.data("fixed-size list child has \(data.children[0].length) values, needs \(length) x \(size)")
            }
        case .struct(let fields):
            data.validity = try validity(n)
            try loadChildren(fields, into: &data, &self)
            for (i, c) in data.children.enumerated() where c.length < length {
                throw ArrowError.data("struct child has \(c.length) values, needs \(length)").inField(fields[i].name)
            }
        case .union(let mode, let fields, _):
            if version < .v5 { _ = try buffer() }  // V4 unions carry an unused validity bitmap
            data.nullCount = 0
            let typeIds = try buffer()
            try require(typeIds, bytes: length, "type ids")
            data.buffers = [fitted(typeIds, length)]
            if mode == .dense {
                let offsets = swapped(try buffer(), width: 4)
                try require(offsets, bytes: length * 4, "union offsets")
                data.buffers.append(fitted(offsets, length * 4))
            }
            try loadChildren(fields, into: &data, &self)
            if mode == .sparse {
                for (i, c) in data.children.enumerated() where c.length < length {
                    throw ArrowError.data("sparse union child has \(c.length) values, needs \(length)").inField(fields[i].name)
                }
            }
        case .runEndEncoded(let runEnds, let values):
            if version < .v5 { _ = try buffer() }  // before V5 every non-null type had a validity slot
            guard n.nullCount == 0 else { throw ArrowError.data("run-end encoded array with null count \(n.nullCount)") }
            try loadChildren([runEnds, values], into: &data, &self)
            guard data.children[0].nullCount == 0 else { throw ArrowError.data("run ends contain nulls") }
            guard data.children[0].length == data.children[1].length else {
                throw ArrowError.data("\(data.children[0].length) run ends but \(data.children[1].length) values")
            }
            guard length == 0 || data.children[0].length > 0 else {
                throw ArrowError.data("run-end encoded array of length \(length) has no runs")
            }
        case .dictionary(let indexType, _, _):
            data.validity = try validity(n)
            let width = indexType.byteWidth ?? 0
            let indices = swapped(try buffer(), width: width)
            try require(indices, bytes: length * width, "dictionary indices")
            data.buffers = [fitted(indices, length * width)]
            guard let id = field.dictionaryId, let dictionary = dictionaries[id] else {
                throw ArrowError(.invalidData, "no dictionary with id \(field.dictionaryId ?? -1) was read before this batch")
            }
            data.dictionary = dictionary
        }
        return data
    }

    /// Width of the units to byte-swap: decimals and intervals swap per component.
    static func swapWidth(_ type: ArrowType) -> Int {
        switch type {
        case .fixedSizeBinary: 1
        case .decimal(_, _, let bits): Int(bits) / 8
        case .interval(.dayTime), .interval(.yearMonth): 4
        case .interval(.monthDayNano): -16  // special: two int32 then one int64
        default: type.byteWidth ?? 1
        }
    }
}
