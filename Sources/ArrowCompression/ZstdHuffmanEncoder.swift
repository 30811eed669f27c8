/// Writes the literals section of a compressed block (RFC 8878 section
/// 3.1.1.3.1): Huffman-coded in one or four streams when that is smaller,
/// otherwise RLE or raw.
///
/// Huffman codes are canonical in the decoder's order (`ZstdHuffman.readTable`):
/// longer codes take the lower code values, and within one length the lower
/// symbols come first. Lengths are capped at 11 bits, the format's maximum.
enum ZstdHuffmanEncoder {
    static let maxCodeLength = ZstdWorkspace.maxHuffmanLog
    /// Below this many literals the tree description rarely pays for itself.
    static let minHuffmanLiterals = 32

    /// Writes the section for `literals[0 ..< count]` at `destination`, which
    /// has room for `count + 512` bytes; returns the section's size, at most
    /// `count` plus a 3-byte header.
    static func writeSection(
        _ literals: UnsafePointer<UInt8>, count: Int, to destination: UnsafeMutablePointer<UInt8>
    ) -> Int {
        if count >= minHuffmanLiterals {
            var counts = [UInt32](repeating: 0, count: 256)
            counts.withUnsafeMutableBufferPointer { histogram($0.baseAddress.unsafelyUnwrapped, literals, count) }
            var distinct = 0
            var largest: UInt32 = 0
            for c in counts where c > 0 {
                distinct += 1
                largest = max(largest, c)
            }
            if distinct == 1 {
                let header = writeRawOrRLEHeader(type: 1, count: count, to: destination)
                destination[header] = literals[0]
                return header + 1
            }
            // Nearly uniform literals do not shrink: skip building a tree.
            if UInt64(largest) * 256 > UInt64(count) * 2 || distinct < 200 {
                if let size = writeHuffman(literals, count: count, counts: counts, to: destination) {
                    return size
                }
            }
        }
        let header = writeRawOrRLEHeader(type: 0, count: count, to: destination)
        (destination + header).update(from: literals, count: count)
        return header + count
    }

    /// A raw (type 0) or RLE (type 1) literals header with a 5-, 12- or
    /// 20-bit size; returns its size.
    private static func writeRawOrRLEHeader(type: Int, count: Int, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        if count < 32 {
            destination[0] = UInt8(truncatingIfNeeded: type | count << 3)
            return 1
        } else if count < 4096 {
            destination[0] = UInt8(truncatingIfNeeded: type | 1 << 2 | (count & 15) << 4)
            destination[1] = UInt8(truncatingIfNeeded: count >> 4)
            return 2
        }
        destination[0] = UInt8(truncatingIfNeeded: type | 3 << 2 | (count & 15) << 4)
        destination[1] = UInt8(truncatingIfNeeded: count >> 4)
        destination[2] = UInt8(truncatingIfNeeded: count >> 12)
        return 3
    }

    /// Four interleaved tables so repeated bytes do not wait on one counter.
    private static func histogram(_ counts: UnsafeMutablePointer<UInt32>, _ bytes: UnsafePointer<UInt8>, _ count: Int) {
        let partial = UnsafeMutablePointer<UInt32>.allocate(capacity: 4 * 256)
        defer { partial.deallocate() }
        partial.initialize(repeating: 0, count: 4 * 256)
        var i = 0
        while i + 4 <= count {
            partial[Int(bytes[i])] &+= 1
            partial[256 + Int(bytes[i + 1])] &+= 1
            partial[512 + Int(bytes[i + 2])] &+= 1
            partial[768 + Int(bytes[i + 3])] &+= 1
            i += 4
        }
        while i < count {
            partial[Int(bytes[i])] &+= 1
            i += 1
        }
        for s in 0..<256 {
            counts[s] = partial[s] &+ partial[256 + s] &+ partial[512 + s] &+ partial[768 + s]
        }
    }

    /// Huffman-coded literals, or nil when they would not be smaller than raw.
    private static func writeHuffman(
        _ literals: UnsafePointer<UInt8>, count: Int, counts: [UInt32], to destination: UnsafeMutablePointer<UInt8>
    ) -> Int? {
        let lengths = codeLengths(counts)
        var payloadBits = 0
        for s in 0..<256 {
            payloadBits += Int(counts[s]) * Int(lengths[s])
        }
        let singleStream = count < 256
        let headerSize = count <= 1023 ? 3 : (count <= 16383 ? 4 : 5)
        // Each stream rounds up to bytes and adds its marker bit.
        let payloadBound = payloadBits / 8 + (singleStream ? 1 : 4 + 6)
        guard headerSize + payloadBound + 2 < count else { return nil }

        let treeStart = destination + headerSize
        guard let treeSize = writeTree(lengths, to: treeStart) else { return nil }
        guard headerSize + treeSize + payloadBound < count + 1 else { return nil }

        // The codes, in the decoder's canonical order.
        var maxBits = 0
        for l in lengths { maxBits = max(maxBits, Int(l)) }
        var next = [Int](repeating: 0, count: maxCodeLength + 2)
        var perWeight = [Int](repeating: 0, count: maxCodeLength + 2)
        for l in lengths where l > 0 {
            perWeight[maxBits + 1 - Int(l)] += 1
        }
        var cell = 0
        for w in 1...maxBits {
            next[w] = cell
            cell += perWeight[w] << (w - 1)
        }
        // Code in the low bits, length from bit 16: one load per literal.
        var codes = [UInt32](repeating: 0, count: 256)
        for s in 0..<256 where lengths[s] > 0 {
            let w = maxBits + 1 - Int(lengths[s])
            codes[s] = UInt32(next[w] >> (w - 1)) | UInt32(lengths[s]) << 16
            next[w] += 1 << (w - 1)
        }

        let streamsStart = treeStart + treeSize
        var streamsSize = 0
        codes.withUnsafeBufferPointer { codeTable in
            let c = codeTable.baseAddress.unsafelyUnwrapped
            if singleStream {
                streamsSize = encodeStream(literals, count: count, codes: c, to: streamsStart)
            } else {
                let segment = (count + 3) / 4
                var p = streamsStart + 6
                for i in 0..<4 {
                    let n = i < 3 ? segment : count - 3 * segment
                    let size = encodeStream(literals + i * segment, count: n, codes: c, to: p)
                    if i < 3 {
                        streamsStart[2 * i] = UInt8(truncatingIfNeeded: size)
                        streamsStart[2 * i + 1] = UInt8(truncatingIfNeeded: size >> 8)
                    }
                    p += size
                }
                streamsSize = p - streamsStart
            }
        }
        let compressedSize = treeSize + streamsSize
        guard headerSize + compressedSize < count + 1 else { return nil }

        let sizeFormat = singleStream ? 0 : (headerSize == 3 ? 1 : headerSize - 2)
        let sizeBits = UInt64(headerSize == 3 ? 10 : (headerSize == 4 ? 14 : 18))
        let header = UInt64(2 | sizeFormat << 2) | UInt64(count) << 4 | UInt64(compressedSize) << (4 + sizeBits)
        for i in 0..<headerSize {
            destination[i] = UInt8(truncatingIfNeeded: header >> UInt64(8 * i))
        }
        return headerSize + compressedSize
    }

    /// One backward stream: the last literal is written first, so the
    /// decoder meets the first literal first.
    private static func encodeStream(
        _ literals: UnsafePointer<UInt8>, count: Int, codes: UnsafePointer<UInt32>, to destination: UnsafeMutablePointer<UInt8>
    ) -> Int {
        @inline(__always)
        func add(_ writer: inout ZstdBitWriter, _ literal: UInt8) {
            let code = codes[Int(literal)]
            writer.add(UInt64(code & 0xFFFF), Int(truncatingIfNeeded: code &>> 16))
        }
        var writer = ZstdBitWriter(destination)
        var i = count
        while i & 3 != 0 {
            i -= 1
            add(&writer, literals[i])
        }
        writer.flush()
        // Four codes of at most 11 bits between flushes.
        while i > 0 {
            i -= 4
            add(&writer, literals[i + 3])
            add(&writer, literals[i + 2])
            add(&writer, literals[i + 1])
            add(&writer, literals[i])
            writer.flush()
        }
        return writer.close()
    }

    /// Huffman code lengths (0 for absent symbols) of at most 11 bits forming
    /// a complete code; `counts` has at least two nonzero entries.
    static func codeLengths(_ counts: [UInt32]) -> [UInt8] {
        var present: [(count: UInt32, symbol: Int)] = []
        for s in 0..<counts.count where counts[s] > 0 {
            present.append((counts[s], s))
        }
        present.sort { $0.count != $1.count ? $0.count < $1.count : $0.symbol < $1.symbol }
        let n = present.count
        // Two queues: sorted leaves, and internal nodes made in increasing weight.
        var weight = [UInt64](repeating: 0, count: 2 * n - 1)
        var parent = [Int](repeating: 0, count: 2 * n - 1)
        for i in 0..<n { weight[i] = UInt64(present[i].count) }
        var leaf = 0
        var node = n
        for k in n..<2 * n - 1 {
            var pair = [0, 0]
            for j in 0..<2 {
                if leaf < n && (node >= k || weight[leaf] <= weight[node]) {
                    pair[j] = leaf
                    leaf += 1
                } else {
                    pair[j] = node
                    node += 1
                }
            }
            weight[k] = weight[pair[0]] + weight[pair[1]]
            parent[pair[0]] = k
            parent[pair[1]] = k
        }
        var depth = [Int](repeating: 0, count: 2 * n - 1)
        for k in stride(from: 2 * n - 3, through: 0, by: -1) {
            depth[k] = depth[parent[k]] + 1
        }
        var length = (0..<n).map { depth[$0] }  // leaves in increasing count order

        // Cap the lengths, then restore Kraft's equality in units of 2^-cap:
        // lengthen the rarest symbols while the code is over-full, then
        // shorten the most frequent while there is room.
        let cap = maxCodeLength
        if length.max() ?? 0 > cap {
            for i in 0..<n { length[i] = min(length[i], cap) }
            var kraft = 0
            for l in length { kraft += 1 << (cap - l) }
            let full = 1 << cap
            var i = 0
            while kraft > full {
                // Rarest first; a symbol already at the cap cannot lengthen.
                if length[i] < cap {
                    kraft -= 1 << (cap - length[i] - 1)
                    length[i] += 1
                } else {
                    i += 1
                    if i == n { i = 0 }
                }
            }
            var changed = true
            while kraft < full && changed {
                changed = false
                for j in stride(from: n - 1, through: 0, by: -1) where length[j] > 1 {
                    let gain = 1 << (cap - length[j])
                    if kraft + gain <= full {
                        kraft += gain
                        length[j] -= 1
                        changed = true
                    }
                }
            }
        }
        var lengths = [UInt8](repeating: 0, count: counts.count)
        for i in 0..<n { lengths[present[i].symbol] = UInt8(length[i]) }
        return lengths
    }

    /// Writes the Huffman tree description (RFC 8878 section 4.2.1): the
    /// weights of every symbol but the last present one, directly (4 bits
    /// each) or FSE-compressed, whichever is smaller. Nil when neither fits.
    private static func writeTree(_ lengths: [UInt8], to destination: UnsafeMutablePointer<UInt8>) -> Int? {
        var maxBits = 0
        var last = 0
        for s in 0..<lengths.count where lengths[s] > 0 {
            maxBits = max(maxBits, Int(lengths[s]))
            last = s
        }
        let weights = (0..<last).map { lengths[$0] == 0 ? UInt8(0) : UInt8(maxBits + 1 - Int(lengths[$0])) }
        let compressed = writeCompressedWeights(weights, to: destination)
        let directSize = weights.count <= 128 ? 1 + (weights.count + 1) / 2 : Int.max
        if let compressed, compressed <= directSize {
            return compressed
        }
        guard directSize != Int.max else { return nil }
        destination[0] = UInt8(truncatingIfNeeded: 127 + weights.count)
        for i in stride(from: 0, to: weights.count, by: 2) {
            let low = i + 1 < weights.count ? weights[i + 1] : 0
            destination[1 + i / 2] = weights[i] << 4 | low
        }
        return directSize
    }

    /// FSE-compressed weights with two interleaved states (the decoder's
    /// `readCompressedWeights`); nil when they need 128 bytes or more or
    /// cannot be described.
    ///
    /// The decoder stops when a state update reads past the stream's start,
    /// then takes the other state's symbol as the last weight. So the last two
    /// weights only set the states' starting cells, and no probability may
    /// exceed half the table: every cell then reads at least one bit, and
    /// the update after the next-to-last weight always reads past the start.
    private static func writeCompressedWeights(_ weights: [UInt8], to destination: UnsafeMutablePointer<UInt8>) -> Int? {
        let n = weights.count
        guard n >= 2 else { return nil }
        var counts = [UInt32](repeating: 0, count: maxCodeLength + 1)
        for w in weights { counts[Int(w)] += 1 }
        guard counts.filter({ $0 > 0 }).count >= 2 else { return nil }
        var best: [UInt8]?
        // Describe in a local buffer first: the result may be discarded.
        // 255 weights of at most 6 bits, a description and the writer's slack fit.
        var buffer = [UInt8](repeating: 0, count: 512)
        for log in 5...6 {
            let size = buffer.withUnsafeMutableBufferPointer { out -> Int in
                let base = out.baseAddress.unsafelyUnwrapped
                let probabilities = counts.withUnsafeBufferPointer {
                    ZstdFSEEncoder.normalize(
                        counts: $0.baseAddress.unsafelyUnwrapped, symbols: counts.count, total: n, log: log, cap: 1 << (log - 1))
                }
                let descriptionSize = ZstdFSEEncoder.writeDescription(probabilities, log: log, to: base + 1)
                let encoder = ZstdFSEEncoder(probabilities: probabilities, log: log)
                var writer = ZstdBitWriter(base + 1 + descriptionSize)
                var state1: Int
                var state2: Int
                if (n - 1) & 1 == 0 {
                    state1 = encoder.initialState(Int(weights[n - 1]))
                    state2 = encoder.initialState(Int(weights[n - 2]))
                } else {
                    state2 = encoder.initialState(Int(weights[n - 1]))
                    state1 = encoder.initialState(Int(weights[n - 2]))
                }
                var i = n - 3
                while i >= 0 {
                    if i & 1 == 0 {
                        encoder.encode(Int(weights[i]), state: &state1, into: &writer)
                    } else {
                        encoder.encode(Int(weights[i]), state: &state2, into: &writer)
                    }
                    writer.flush()
                    i -= 1
                }
                writer.add(UInt64(state2), log)
                writer.add(UInt64(state1), log)
                writer.flush()
                return 1 + descriptionSize + writer.close()
            }
            if size < 128, best == nil || size < best?.count ?? Int.max {
                best = Array(buffer[0..<size])
            }
        }
        guard let best else { return nil }
        destination[0] = UInt8(best.count - 1)
        for i in 1..<best.count { destination[i] = best[i] }
        return best.count
    }
}
