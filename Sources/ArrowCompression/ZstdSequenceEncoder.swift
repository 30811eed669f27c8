/// The sequences a match finder produced for one block, and the block's
/// literals, in memory owned by `ZstdEncoder` for the whole frame.
struct ZstdSequenceStore {
    let literals: UnsafeMutablePointer<UInt8>
    var literalCount = 0
    let literalLengths: UnsafeMutablePointer<UInt32>
    let matchLengths: UnsafeMutablePointer<UInt32>
    /// Offset_Value: 1-3 repeat offsets, otherwise the offset plus 3.
    let offsetValues: UnsafeMutablePointer<UInt32>
    var count = 0
    /// One code per sequence for each kind, filled when the section is written.
    let codes: UnsafeMutablePointer<UInt8>
    let capacity: Int

    /// Room for one block of `blockSize` bytes: every sequence has a match
    /// of 3 bytes or more.
    init(blockSize: Int) {
        capacity = blockSize / 3 + 1
        literals = .allocate(capacity: blockSize + 32)
        literalLengths = .allocate(capacity: capacity)
        matchLengths = .allocate(capacity: capacity)
        offsetValues = .allocate(capacity: capacity)
        codes = .allocate(capacity: 3 * capacity)
    }

    func deallocate() {
        literals.deallocate()
        literalLengths.deallocate()
        matchLengths.deallocate()
        offsetValues.deallocate()
        codes.deallocate()
    }

    mutating func reset() {
        literalCount = 0
        count = 0
    }
}

/// Writes the sequences section of a compressed block (RFC 8878 section
/// 3.1.1.3.2): per kind of code the cheapest of the predefined distribution,
/// RLE (one code only) and a described FSE table, then the backward
/// bitstream of all sequences.
enum ZstdSequenceEncoder {
    /// The code of literal lengths below 64 and of match lengths minus 3 below 128.
    static let literalLengthCodes: [UInt8] = codeTable(ZstdSequences.literalLengthBase, count: 64, bias: 0)
    static let matchLengthCodes: [UInt8] = codeTable(ZstdSequences.matchLengthBase, count: 128, bias: 3)

    static let predefinedLiteralLength = ZstdFSEEncoder(probabilities: ZstdSequences.literalLengthDefault, log: 6)
    static let predefinedOffset = ZstdFSEEncoder(probabilities: ZstdSequences.offsetDefault, log: 5)
    static let predefinedMatchLength = ZstdFSEEncoder(probabilities: ZstdSequences.matchLengthDefault, log: 6)

    private static func codeTable(_ bases: [UInt32], count: Int, bias: Int) -> [UInt8] {
        (0..<count).map { value in
            var code = 0
            while code + 1 < bases.count && Int(bases[code + 1]) <= value + bias { code += 1 }
            return UInt8(code)
        }
    }

    @inline(__always)
    static func literalLengthCode(_ length: Int, table: UnsafePointer<UInt8>) -> Int {
        length < 64 ? Int(table[length]) : (Int.bitWidth - 1 - length.leadingZeroBitCount) + 19
    }

    @inline(__always)
    static func matchLengthCode(_ length: Int, table: UnsafePointer<UInt8>) -> Int {
        let base = length - 3
        return base < 128 ? Int(table[base]) : (Int.bitWidth - 1 - base.leadingZeroBitCount) + 36
    }

    /// How one kind of code is encoded in this block.
    private struct Choice {
        var mode: Int  // 0 predefined, 1 RLE, 2 described
        var encoder: ZstdFSEEncoder?
        var description: [UInt8] = []
    }

    /// Writes the section for `store` at `destination` (room for
    /// `store.count * 11 + 512` bytes); returns its size.
    static func writeSection(_ store: ZstdSequenceStore, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        let n = store.count
        var p = destination
        if n < 128 {
            p[0] = UInt8(n)
            p += 1
        } else if n < 0x7F00 {
            p[0] = UInt8(n >> 8 + 128)
            p[1] = UInt8(truncatingIfNeeded: n)
            p += 2
        } else {
            p[0] = 255
            p[1] = UInt8(truncatingIfNeeded: n - 0x7F00)
            p[2] = UInt8(truncatingIfNeeded: (n - 0x7F00) >> 8)
            p += 3
        }
        guard n > 0 else { return p - destination }

        let llCodes = store.codes
        let ofCodes = store.codes + store.capacity
        let mlCodes = store.codes + 2 * store.capacity
        let counts = UnsafeMutablePointer<UInt32>.allocate(capacity: 3 * 64)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: 3 * 64)
        // The code tables are static arrays: read through pointers taken once,
        // not through the lazy global's accessor (a `swift_once` call) per sequence.
        literalLengthCodes.withUnsafeBufferPointer { llTable in
            matchLengthCodes.withUnsafeBufferPointer { mlTable in
                guard let llBase = llTable.baseAddress, let mlBase = mlTable.baseAddress else { return }
                for i in 0..<n {
                    let ll = literalLengthCode(Int(store.literalLengths[i]), table: llBase)
                    let of = Int.bitWidth - 1 - Int(store.offsetValues[i]).leadingZeroBitCount
                    let ml = matchLengthCode(Int(store.matchLengths[i]), table: mlBase)
                    llCodes[i] = UInt8(truncatingIfNeeded: ll)
                    ofCodes[i] = UInt8(truncatingIfNeeded: of)
                    mlCodes[i] = UInt8(truncatingIfNeeded: ml)
                    counts[ll] &+= 1
                    counts[64 + of] &+= 1
                    counts[128 + ml] &+= 1
                }
            }
        }
        let ll = choose(
            counts, symbols: 36, total: n, maxLog: 9, predefined: predefinedLiteralLength,
            predefinedProbabilities: ZstdSequences.literalLengthDefault)
        let of = choose(
            counts + 64, symbols: 32, total: n, maxLog: 8, predefined: predefinedOffset,
            predefinedProbabilities: ZstdSequences.offsetDefault)
        let ml = choose(
            counts + 128, symbols: 53, total: n, maxLog: 9, predefined: predefinedMatchLength,
            predefinedProbabilities: ZstdSequences.matchLengthDefault)
        p[0] = UInt8(ll.mode << 6 | of.mode << 4 | ml.mode << 2)
        p += 1
        for (choice, codes) in [(ll, llCodes), (of, ofCodes), (ml, mlCodes)] {
            if choice.mode == 1 {
                p[0] = codes[0]
                p += 1
            } else if choice.mode == 2 {
                for b in choice.description {
                    p[0] = b
                    p += 1
                }
            }
        }
        p += writeBitstream(store, ll: ll.encoder, of: of.encoder, ml: ml.encoder, to: p)
        return p - destination
    }

    /// RLE for a single code, else the predefined table or a described one,
    /// whichever costs fewer estimated bits.
    private static func choose(
        _ counts: UnsafePointer<UInt32>, symbols: Int, total: Int, maxLog: Int,
        predefined: ZstdFSEEncoder, predefinedProbabilities: [Int16]
    ) -> Choice {
        var distinct = 0
        var largest = 0
        for s in 0..<symbols where counts[s] > 0 {
            distinct += 1
            largest = s
        }
        if distinct == 1 {
            return Choice(mode: 1, encoder: nil)
        }
        let predefinedBits = ZstdFSEEncoder.estimatedBits(
            counts: counts, symbols: symbols, probabilities: predefinedProbabilities, log: predefined.log)
        // Few sequences: a description costs more than it saves.
        if let predefinedBits, total < 16 {
            _ = predefinedBits
            return Choice(mode: 0, encoder: predefined)
        }
        let highTotal = Int.bitWidth - 1 - (total - 1).leadingZeroBitCount
        var log = min(maxLog, highTotal - 1)
        log = max(log, Int.bitWidth - 1 - largest.leadingZeroBitCount + 2, 5)
        while 1 << log < distinct * 2 && log < maxLog { log += 1 }
        log = min(log, maxLog)
        let probabilities = ZstdFSEEncoder.normalize(counts: counts, symbols: largest + 1, total: total, log: log)
        var description = [UInt8](repeating: 0, count: 128)
        let size = description.withUnsafeMutableBufferPointer {
            ZstdFSEEncoder.writeDescription(probabilities, log: log, to: $0.baseAddress.unsafelyUnwrapped)
        }
        description.removeLast(description.count - size)
        let describedBits =
            ZstdFSEEncoder.estimatedBits(
                counts: counts, symbols: symbols, probabilities: probabilities, log: log) ?? .infinity
        if let predefinedBits, predefinedBits <= describedBits + Double(8 * size) {
            return Choice(mode: 0, encoder: predefined)
        }
        return Choice(mode: 2, encoder: ZstdFSEEncoder(probabilities: probabilities, log: log), description: description)
    }

    /// The sequences' backward bitstream: the last sequence first, so the
    /// decoder, which reads from the end, meets the first sequence first.
    private static func writeBitstream(
        _ store: ZstdSequenceStore, ll: ZstdFSEEncoder?, of: ZstdFSEEncoder?, ml: ZstdFSEEncoder?,
        to destination: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let llCodes = store.codes
        let ofCodes = store.codes + store.capacity
        let mlCodes = store.codes + 2 * store.capacity
        let llBase = ZstdSequences.literalLengthBase
        let mlBase = ZstdSequences.matchLengthBase
        let llExtra = ZstdSequences.literalLengthExtraBits
        let mlExtra = ZstdSequences.matchLengthExtraBits
        var writer = ZstdBitWriter(destination)
        let last = store.count - 1

        @inline(__always)
        func addExtraBits(_ i: Int, _ writer: inout ZstdBitWriter) {
            let llCode = Int(llCodes[i])
            let mlCode = Int(mlCodes[i])
            let ofCode = Int(ofCodes[i])
            writer.add(UInt64(store.literalLengths[i] &- llBase[llCode]), Int(llExtra[llCode]))
            writer.add(UInt64(store.matchLengths[i] &- mlBase[mlCode]), Int(mlExtra[mlCode]))
            writer.flush()
            writer.add(UInt64(store.offsetValues[i]) &- (1 &<< UInt64(ofCode)), ofCode)
            writer.flush()
        }

        var llState = ll?.initialState(Int(llCodes[last])) ?? 0
        var ofState = of?.initialState(Int(ofCodes[last])) ?? 0
        var mlState = ml?.initialState(Int(mlCodes[last])) ?? 0
        addExtraBits(last, &writer)
        var i = last - 1
        while i >= 0 {
            of?.encode(Int(ofCodes[i]), state: &ofState, into: &writer)
            ml?.encode(Int(mlCodes[i]), state: &mlState, into: &writer)
            ll?.encode(Int(llCodes[i]), state: &llState, into: &writer)
            writer.flush()
            addExtraBits(i, &writer)
            i -= 1
        }
        if let ml { writer.add(UInt64(mlState), ml.log) }
        if let of { writer.add(UInt64(ofState), of.log) }
        if let ll { writer.add(UInt64(llState), ll.log) }
        writer.flush()
        return writer.close()
    }
}
