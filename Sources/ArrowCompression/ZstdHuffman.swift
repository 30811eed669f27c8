/// Huffman-coded literals (RFC 8878 section 4.2): the tree description and
/// the decoding of one or four backward bitstreams.
enum ZstdHuffman {
    /// Reads a Huffman tree description at `input[at]`, not past `end`, into
    /// `workspace.huffman`. Returns the number of bytes it used.
    static func readTable(
        _ workspace: ZstdWorkspace, input: UnsafePointer<UInt8>, at start: Int, end: Int
    ) throws(CompressionError) -> Int {
        guard start < end else {
            throw CompressionError(format: "zstd", "missing Huffman tree description", offset: start)
        }
        let header = Int(input[start])
        let weights = workspace.weights
        var count: Int
        var used: Int
        if header >= 128 {
            // Direct representation: 4-bit weights, two per byte, high nibble first.
            count = header - 127
            used = 1 + (count + 1) / 2
            guard used <= end - start else {
                throw CompressionError(format: "zstd", "Huffman weights are truncated", offset: start)
            }
            for i in 0 ..< count {
                let byte = input[start + 1 + i / 2]
                weights[i] = i & 1 == 0 ? byte >> 4 : byte & 15
            }
        } else {
            used = 1 + header
            guard header > 0, used <= end - start else {
                throw CompressionError(format: "zstd", "FSE-compressed Huffman weights are truncated", offset: start)
            }
            count = try readCompressedWeights(workspace, input: input, at: start + 1, count: header)
        }

        // The last weight is implied: it completes the sum of 2^(weight-1) to a power of two.
        var total = 0
        for i in 0 ..< count {
            let w = Int(weights[i])
            guard w <= ZstdWorkspace.maxHuffmanLog else {
                throw CompressionError(format: "zstd", "Huffman weight \(w) exceeds \(ZstdWorkspace.maxHuffmanLog)", offset: start)
            }
            if w > 0 { total += 1 << (w - 1) }
        }
        guard total > 0 else {
            throw CompressionError(format: "zstd", "Huffman weights are all zero", offset: start)
        }
        let maxBits = Int.bitWidth - total.leadingZeroBitCount
        guard maxBits <= ZstdWorkspace.maxHuffmanLog else {
            throw CompressionError(format: "zstd", "Huffman tree is deeper than \(ZstdWorkspace.maxHuffmanLog) bits", offset: start)
        }
        let rest = (1 << maxBits) - total
        guard rest & (rest - 1) == 0 else {
            throw CompressionError(format: "zstd", "Huffman weights do not complete to a power of two", offset: start)
        }
        weights[count] = UInt8(truncatingIfNeeded: Int.bitWidth - rest.leadingZeroBitCount)
        count += 1

        // Codes are assigned by increasing weight, then by symbol: each symbol
        // of weight w fills 2^(w-1) consecutive cells of the table.
        let starts = workspace.next
        for w in 0 ... maxBits {
            starts[w] = 0
        }
        for i in 0 ..< count {
            starts[Int(weights[i])] &+= 1
        }
        var nextCell = 0
        for w in 1 ... maxBits {
            let symbols = Int(starts[w])
            starts[w] = UInt16(truncatingIfNeeded: nextCell)
            nextCell += symbols << (w - 1)
        }
        guard nextCell == 1 << maxBits else {
            throw CompressionError(format: "zstd", "Huffman weights do not fill the code space", offset: start)
        }
        let table = workspace.huffman
        for symbol in 0 ..< count {
            let w = Int(weights[symbol])
            guard w > 0 else { continue }
            let first = Int(starts[w])
            let entry = UInt16(truncatingIfNeeded: symbol << 8 | (maxBits + 1 - w))
            for cell in first ..< first + (1 << (w - 1)) {
                table[cell] = entry
            }
            starts[w] = UInt16(truncatingIfNeeded: first + (1 << (w - 1)))
        }
        workspace.huffmanLog = maxBits
        return used
    }

    /// Decodes FSE-compressed Huffman weights (at most 255) into
    /// `workspace.weights`; returns how many.
    private static func readCompressedWeights(
        _ workspace: ZstdWorkspace, input: UnsafePointer<UInt8>, at start: Int, count: Int
    ) throws(CompressionError) -> Int {
        let description = try ZstdFSE.readDistribution(
            input + start, count: count, offset: start, maxLog: 6, maxSymbol: 12, into: workspace.probabilities)
        let table = workspace.fseTable
        ZstdFSE.buildTable(workspace.probabilities, symbols: description.symbols, log: description.log,
                           into: table, next: workspace.next)
        let streamStart = start + description.bytes
        var reader = try ZstdBackwardBits(start: input + streamStart, count: count - description.bytes, offset: streamStart)
        let mask = (1 << description.log) - 1
        var state1 = reader.read(description.log) & mask
        var state2 = reader.read(description.log) & mask
        reader.reload()
        let weights = workspace.weights
        var n = 0
        // The two states take turns; when a state update reads past the
        // stream's start, the other state's symbol is the last weight.
        while true {
            guard n < 254 else {
                throw CompressionError(format: "zstd", "more than 255 Huffman weights", offset: start)
            }
            let e1 = table[state1]
            weights[n] = e1.symbol
            n += 1
            state1 = (Int(e1.baseline) + reader.read(Int(e1.nbBits))) & mask
            reader.reload()
            if reader.isOverflowed {
                weights[n] = table[state2].symbol
                n += 1
                break
            }
            let e2 = table[state2]
            weights[n] = e2.symbol
            n += 1
            state2 = (Int(e2.baseline) + reader.read(Int(e2.nbBits))) & mask
            reader.reload()
            if reader.isOverflowed {
                weights[n] = table[state1].symbol
                n += 1
                break
            }
        }
        return n
    }

    /// Decodes `count` literals from the single stream `input[start ..< start + size]`.
    static func decodeStream(
        _ workspace: ZstdWorkspace, input: UnsafePointer<UInt8>, at start: Int, size: Int,
        into destination: UnsafeMutablePointer<UInt8>, count: Int
    ) throws(CompressionError) {
        var reader = try ZstdBackwardBits(start: input + start, count: size, offset: start)
        decode(&reader, table: workspace.huffman, log: workspace.huffmanLog, into: destination, count: count)
        guard reader.isFinished else {
            throw CompressionError(format: "zstd", "Huffman stream does not end with its last literal", offset: start)
        }
    }

    /// Decodes `count` literals from four streams whose sizes follow from the
    /// 6-byte jump table at `input[start]`; `size` includes the jump table.
    static func decodeFourStreams(
        _ workspace: ZstdWorkspace, input: UnsafePointer<UInt8>, at start: Int, size: Int,
        into destination: UnsafeMutablePointer<UInt8>, count: Int
    ) throws(CompressionError) {
        guard size >= 10 else {
            throw CompressionError(format: "zstd", "Huffman streams are too short for a jump table", offset: start)
        }
        let size1 = Int(input[start]) | Int(input[start + 1]) << 8
        let size2 = Int(input[start + 2]) | Int(input[start + 3]) << 8
        let size3 = Int(input[start + 4]) | Int(input[start + 5]) << 8
        let size4 = size - 6 - size1 - size2 - size3
        guard size4 > 0 else {
            throw CompressionError(format: "zstd", "Huffman jump table exceeds the streams' size", offset: start)
        }
        let segment = (count + 3) / 4
        let last = count - 3 * segment
        guard last >= 0 else {
            throw CompressionError(format: "zstd", "too few literals (\(count)) for four Huffman streams", offset: start)
        }
        let start1 = start + 6
        let start2 = start1 + size1
        let start3 = start2 + size2
        let start4 = start3 + size3
        var r1 = try ZstdBackwardBits(start: input + start1, count: size1, offset: start1)
        var r2 = try ZstdBackwardBits(start: input + start2, count: size2, offset: start2)
        var r3 = try ZstdBackwardBits(start: input + start3, count: size3, offset: start3)
        var r4 = try ZstdBackwardBits(start: input + start4, count: size4, offset: start4)
        let table = workspace.huffman
        let log = workspace.huffmanLog
        let d1 = destination
        let d2 = d1 + segment
        let d3 = d2 + segment
        let d4 = d3 + segment

        // Four symbols per stream per refill: 4 * 11 bits fit in the 57 a
        // full refill guarantees.
        var i = 0
        let fastEnd = min(segment, last) - 3
        while i < fastEnd {
            guard r1.reload(), r2.reload(), r3.reload(), r4.reload() else { break }
            for k in 0 ..< 4 {
                var e = Int(table[r1.peek(log)])
                d1[i + k] = UInt8(truncatingIfNeeded: e >> 8)
                r1.consumed &+= e & 0xFF
                e = Int(table[r2.peek(log)])
                d2[i + k] = UInt8(truncatingIfNeeded: e >> 8)
                r2.consumed &+= e & 0xFF
                e = Int(table[r3.peek(log)])
                d3[i + k] = UInt8(truncatingIfNeeded: e >> 8)
                r3.consumed &+= e & 0xFF
                e = Int(table[r4.peek(log)])
                d4[i + k] = UInt8(truncatingIfNeeded: e >> 8)
                r4.consumed &+= e & 0xFF
            }
            i += 4
        }
        decode(&r1, table: table, log: log, into: d1 + i, count: segment - i)
        decode(&r2, table: table, log: log, into: d2 + i, count: segment - i)
        decode(&r3, table: table, log: log, into: d3 + i, count: segment - i)
        decode(&r4, table: table, log: log, into: d4 + i, count: last - i)
        guard r1.isFinished, r2.isFinished, r3.isFinished, r4.isFinished else {
            throw CompressionError(format: "zstd", "a Huffman stream does not end with its last literal", offset: start)
        }
    }

    /// Decodes `count` symbols (none if `count` <= 0). Corrupt streams decode
    /// garbage and leave the reader overflowed or unfinished.
    @inline(__always)
    private static func decode(
        _ reader: inout ZstdBackwardBits, table: UnsafePointer<UInt16>, log: Int,
        into destination: UnsafeMutablePointer<UInt8>, count: Int
    ) {
        var i = 0
        while i < count - 3 {
            guard reader.reload() else { break }
            for k in 0 ..< 4 {
                let e = Int(table[reader.peek(log)])
                destination[i + k] = UInt8(truncatingIfNeeded: e >> 8)
                reader.consumed &+= e & 0xFF
            }
            i += 4
        }
        while i < count {
            reader.reload()
            let e = Int(table[reader.peek(log)])
            destination[i] = UInt8(truncatingIfNeeded: e >> 8)
            reader.consumed &+= e & 0xFF
            i += 1
        }
    }
}
