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
            for i in 0..<count {
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
        for i in 0..<count {
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
        for w in 0...maxBits {
            starts[w] = 0
        }
        for i in 0..<count {
            starts[Int(weights[i])] &+= 1
        }
        var nextCell = 0
        for w in 1...maxBits {
            let symbols = Int(starts[w])
            starts[w] = UInt16(truncatingIfNeeded: nextCell)
            nextCell += symbols << (w - 1)
        }
        guard nextCell == 1 << maxBits else {
            throw CompressionError(format: "zstd", "Huffman weights do not fill the code space", offset: start)
        }
        // The table is always indexed by 11 bits (each cell of the tree's
        // depth repeated), so decoding shifts by a constant.
        let table = workspace.huffman
        let spread = ZstdWorkspace.maxHuffmanLog - maxBits
        for symbol in 0..<count {
            let w = Int(weights[symbol])
            guard w > 0 else { continue }
            let first = Int(starts[w])
            let entry = UInt16(truncatingIfNeeded: symbol << 8 | (maxBits + 1 - w))
            (table + first << spread).update(repeating: entry, count: 1 << (w - 1 + spread))
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
        ZstdFSE.buildTable(
            workspace.probabilities, symbols: description.symbols, log: description.log,
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
        decode(&reader, table: workspace.huffman, log: ZstdWorkspace.maxHuffmanLog, into: destination, count: count)
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
        let log = ZstdWorkspace.maxHuffmanLog
        let d1 = destination
        let d2 = d1 + segment
        let d3 = d2 + segment
        let d4 = d3 + segment

        var i = decodeFourInBulk(&r1, &r2, &r3, &r4, table: table, destination: d1, segment: segment, count: min(segment, last))

        // Four symbols per stream per refill: 4 * 11 bits fit in the 57 a
        // full refill guarantees.
        let fastEnd = min(segment, last) - 3
        while i < fastEnd {
            guard r1.reload(), r2.reload(), r3.reload(), r4.reload() else { break }
            for k in 0..<4 {
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

    /// Decodes the four streams' first symbols with no bounds checks inside
    /// the loop: five symbols per stream per round, and as many rounds as
    /// every stream's remaining bytes and `count` (symbols per stream) allow
    /// for sure. Returns how many symbols each stream decoded.
    ///
    /// Each container holds the stream's next bits at the top and a marker 1
    /// bit below them, so its trailing zero count is the number of bits read
    /// since the last load and no separate count is kept. After a load at
    /// most 7 bits are read, so at least 56 stay below the top and above the
    /// marker (the load's lowest bit, overwritten by the marker, is never
    /// reached before the next load): 5 symbols of at most 11 bits fit. A round
    /// moves a stream back by at most 62 / 8 = 7 bytes, so `(pos - start) / 7`
    /// rounds never load before a stream's start.
    @inline(__always)
    private static func decodeFourInBulk(
        _ r1: inout ZstdBackwardBits, _ r2: inout ZstdBackwardBits,
        _ r3: inout ZstdBackwardBits, _ r4: inout ZstdBackwardBits,
        table: UnsafePointer<UInt16>, destination: UnsafeMutablePointer<UInt8>, segment: Int, count: Int
    ) -> Int {
        guard count >= 5, r1.reload(), r2.reload(), r3.reload(), r4.reload() else { return 0 }
        let shift = UInt64(64 - ZstdWorkspace.maxHuffmanLog)
        var p1 = r1.pos
        var p2 = r2.pos
        var p3 = r3.pos
        var p4 = r4.pos
        var b1 = (r1.bits | 1) &<< UInt64(truncatingIfNeeded: r1.consumed)
        var b2 = (r2.bits | 1) &<< UInt64(truncatingIfNeeded: r2.consumed)
        var b3 = (r3.bits | 1) &<< UInt64(truncatingIfNeeded: r3.consumed)
        var b4 = (r4.bits | 1) &<< UInt64(truncatingIfNeeded: r4.consumed)
        // Stream k writes at `o + (k - 1) * segment`.
        var o = destination
        let segment2 = segment &* 2
        let segment3 = segment &* 3
        var done = 0
        while true {
            let rounds =
                min(
                    min(p1 - r1.start, p2 - r2.start), min(p3 - r3.start, p4 - r4.start)) / 7
            let n = min(rounds, (count &- done) / 5)
            if n == 0 { break }
            let end = o + n &* 5
            repeat {
                for k in 0..<5 {
                    // The table's low byte is the code length (at most 11,
                    // so the shift's implicit `& 63` keeps it), the next the symbol.
                    let e1 = UInt64(table[Int(truncatingIfNeeded: b1 &>> shift)])
                    let e2 = UInt64(table[Int(truncatingIfNeeded: b2 &>> shift)])
                    let e3 = UInt64(table[Int(truncatingIfNeeded: b3 &>> shift)])
                    let e4 = UInt64(table[Int(truncatingIfNeeded: b4 &>> shift)])
                    b1 = b1 &<< e1
                    b2 = b2 &<< e2
                    b3 = b3 &<< e3
                    b4 = b4 &<< e4
                    o[k] = UInt8(truncatingIfNeeded: e1 &>> 8)
                    o[segment &+ k] = UInt8(truncatingIfNeeded: e2 &>> 8)
                    o[segment2 &+ k] = UInt8(truncatingIfNeeded: e3 &>> 8)
                    o[segment3 &+ k] = UInt8(truncatingIfNeeded: e4 &>> 8)
                }
                o += 5
                refill(&b1, &p1)
                refill(&b2, &p2)
                refill(&b3, &p3)
                refill(&b4, &p4)
            } while o < end
            done &+= n &* 5
        }
        restore(&r1, b1, p1)
        restore(&r2, b2, p2)
        restore(&r3, b3, p3)
        restore(&r4, b4, p4)
        return done
    }

    /// Moves back over the whole bytes read since the last load and loads
    /// again, keeping the marker bit below the unread bits.
    @inline(__always)
    private static func refill(_ bits: inout UInt64, _ pos: inout UnsafePointer<UInt8>) {
        let read = bits.trailingZeroBitCount
        pos -= read &>> 3
        bits =
            (UnsafeRawPointer(pos).loadUnaligned(as: UInt64.self).littleEndian | 1)
            &<< UInt64(truncatingIfNeeded: read & 7)
    }

    /// Back to the reader's form: the eight bytes at `pos`, `consumed` from the top.
    @inline(__always)
    private static func restore(_ reader: inout ZstdBackwardBits, _ bits: UInt64, _ pos: UnsafePointer<UInt8>) {
        reader.pos = pos
        reader.consumed = bits.trailingZeroBitCount
        reader.bits = UnsafeRawPointer(pos).loadUnaligned(as: UInt64.self).littleEndian
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
            for k in 0..<4 {
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
