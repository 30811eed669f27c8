/// One state of an FSE decoding table (RFC 8878 section 4.1.1): the symbol it
/// decodes, and how to find the next state (`baseline` plus `nbBits` bits).
struct ZstdFSEEntry {
    var baseline: UInt16
    var symbol: UInt8
    var nbBits: UInt8
}

/// Finite State Entropy tables: reading a table description and building the
/// decoding table from normalized probabilities.
enum ZstdFSE {
    /// Reads an FSE table description (RFC 8878 section 4.1.1) from
    /// `base ..< base + count` into `probabilities` (which must hold
    /// `maxSymbol + 1` values; -1 is a "less than 1" probability).
    ///
    /// Returns the accuracy log, the number of symbols described and the
    /// number of bytes the description used. `offset` is `base`'s position in
    /// the compressed input.
    static func readDistribution(
        _ base: UnsafePointer<UInt8>, count: Int, offset: Int,
        maxLog: Int, maxSymbol: Int, into probabilities: UnsafeMutablePointer<Int16>
    ) throws(CompressionError) -> (log: Int, symbols: Int, bytes: Int) {
        guard count > 0 else {
            throw CompressionError(format: "zstd", "missing FSE table description", offset: offset)
        }
        var reader = ZstdForwardBits(base: base, count: count)
        let log = reader.read(4) + 5
        guard log <= maxLog else {
            throw CompressionError(format: "zstd", "FSE accuracy log \(log) exceeds \(maxLog)", offset: offset)
        }
        // `remaining` is one more than the probability points left to share;
        // a value (probability + 1) lies in 0...remaining.
        var remaining = (1 << log) + 1
        var threshold = 1 << log
        var width = log + 1
        var symbol = 0
        while remaining > 1 {
            guard symbol <= maxSymbol else {
                throw CompressionError(format: "zstd", "FSE table describes more than \(maxSymbol + 1) symbols", offset: offset)
            }
            // Codes below `short` fit in width - 1 bits; larger ones use width bits.
            let short = 2 * threshold - 1 - remaining
            let low = reader.read(width - 1)
            var value: Int
            if low < short {
                value = low
            } else {
                reader.bitPosition -= width - 1
                value = reader.read(width)
                if value >= threshold {
                    value -= short
                }
            }
            let probability = value - 1
            probabilities[symbol] = Int16(truncatingIfNeeded: probability)
            symbol += 1
            remaining -= probability < 0 ? 1 : probability
            if probability == 0 {
                // Zero probabilities are followed by 2-bit repeat counts of further zeros.
                while true {
                    let repeats = reader.read(2)
                    guard symbol + repeats <= maxSymbol + 1 else {
                        throw CompressionError(format: "zstd", "FSE table describes more than \(maxSymbol + 1) symbols", offset: offset)
                    }
                    for _ in 0..<repeats {
                        probabilities[symbol] = 0
                        symbol += 1
                    }
                    if repeats != 3 { break }
                }
            }
            while remaining < threshold {
                width -= 1
                threshold >>= 1
            }
            guard reader.bitPosition <= count * 8 else {
                throw CompressionError(format: "zstd", "FSE table description is truncated", offset: offset)
            }
        }
        return (log, symbol, reader.bytesUsed)
    }

    /// Builds the decoding table (1 << `log` entries into `table`) for
    /// `probabilities[0 ..< symbols]`, which must sum to 1 << `log` counting
    /// -1 as 1 (as `readDistribution` guarantees). `next` is scratch space for
    /// `symbols` values.
    static func buildTable(
        _ probabilities: UnsafePointer<Int16>, symbols: Int, log: Int,
        into table: UnsafeMutablePointer<ZstdFSEEntry>, next: UnsafeMutablePointer<UInt16>
    ) {
        let size = 1 << log
        var high = size - 1
        for s in 0..<symbols {
            let p = Int(probabilities[s])
            if p == -1 {
                table[high] = ZstdFSEEntry(baseline: 0, symbol: UInt8(truncatingIfNeeded: s), nbBits: 0)
                high -= 1
                next[s] = 1
            } else {
                next[s] = UInt16(truncatingIfNeeded: p)
            }
        }
        // Spread the other symbols over the remaining cells with a step that
        // is odd, hence visits every cell of the power-of-two table.
        let mask = size - 1
        let step = (size >> 1) + (size >> 3) + 3
        var position = 0
        for s in 0..<symbols {
            let p = Int(probabilities[s])
            guard p > 0 else { continue }
            for _ in 0..<p {
                table[position] = ZstdFSEEntry(baseline: 0, symbol: UInt8(truncatingIfNeeded: s), nbBits: 0)
                repeat {
                    position = (position + step) & mask
                } while position > high
            }
        }
        for u in 0..<size {
            let s = Int(table[u].symbol)
            let state = Int(next[s])
            next[s] = UInt16(truncatingIfNeeded: state + 1)
            let nbBits = log - (Int.bitWidth - 1 - state.leadingZeroBitCount)
            table[u].nbBits = UInt8(truncatingIfNeeded: nbBits)
            table[u].baseline = UInt16(truncatingIfNeeded: (state << nbBits) - size)
        }
    }
}
