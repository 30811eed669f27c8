/// FSE encoding (RFC 8878 section 4.1): normalizing symbol counts to a
/// power-of-two table, writing the table description the decoder's
/// `ZstdFSE.readDistribution` reads, and encoding symbols.
///
/// The encoder walks the decoder's table backwards. A decoder cell holding
/// symbol `s` with state number `x` (in `p ..< 2p`, `p` the symbol's
/// probability) reads `nb = log - highbit(x)` bits and moves to
/// `(x << nb) - size + bits`. So from the next state `u`, the encoder finds
/// the cell whose range holds `u + size`: with `k = log - highbit(p)`, values
/// at or above `p << k` belong to states using `k` bits, the others to
/// states using `k - 1` bits.
///
/// Immutable once built (the predefined tables are shared between threads);
/// the tables live in one allocation so encoding reads them without bounds
/// checks.
final class ZstdFSEEncoder: @unchecked Sendable {
    let log: Int
    /// Per symbol: `p << k` in the low 32 bits, `k` above.
    private let transform: UnsafeMutablePointer<UInt64>
    /// Per symbol: where its cells start in `cells`, minus `p`.
    private let cellBase: UnsafeMutablePointer<Int>
    /// Cell (state) of each symbol's state numbers `p ..< 2p`, symbol after symbol.
    private let cells: UnsafeMutablePointer<UInt16>

    /// `probabilities` sum to `1 << log`, with -1 counting as 1.
    init(probabilities: [Int16], log: Int) {
        self.log = log
        let size = 1 << log
        let symbols = probabilities.count
        // The decoder's spread of symbols over cells (ZstdFSE.buildTable).
        var symbolOfCell = [UInt8](repeating: 0, count: size)
        var high = size - 1
        for s in 0..<symbols where probabilities[s] == -1 {
            symbolOfCell[high] = UInt8(truncatingIfNeeded: s)
            high -= 1
        }
        let mask = size - 1
        let step = (size >> 1) + (size >> 3) + 3
        var position = 0
        for s in 0..<symbols {
            let p = Int(probabilities[s])
            guard p > 0 else { continue }
            for _ in 0..<p {
                symbolOfCell[position] = UInt8(truncatingIfNeeded: s)
                repeat {
                    position = (position + step) & mask
                } while position > high
            }
        }
        transform = .allocate(capacity: max(symbols, 1))
        transform.initialize(repeating: 0, count: max(symbols, 1))
        cellBase = .allocate(capacity: max(symbols, 1))
        cellBase.initialize(repeating: 0, count: max(symbols, 1))
        var next = [Int](repeating: 0, count: symbols)
        var total = 0
        for s in 0..<symbols {
            let p = Int(probabilities[s]) == -1 ? 1 : Int(probabilities[s])
            guard p > 0 else { continue }
            let k = log - (Int.bitWidth - 1 - p.leadingZeroBitCount)
            transform[s] = UInt64(p << k) | UInt64(k) << 32
            cellBase[s] = total - p
            next[s] = total
            total += p
        }
        // Cells in increasing order take a symbol's state numbers p, p+1, ...
        cells = .allocate(capacity: size)
        cells.initialize(repeating: 0, count: size)
        for u in 0..<size {
            let s = Int(symbolOfCell[u])
            cells[next[s]] = UInt16(u)
            next[s] += 1
        }
    }

    deinit {
        transform.deallocate()
        cellBase.deallocate()
        cells.deallocate()
    }

    /// The state to start with for the last symbol encoded (decoded first).
    func initialState(_ symbol: Int) -> Int {
        let t = transform[symbol]
        let p = Int(t & 0xFFFF_FFFF) >> Int(t >> 32)
        return Int(cells[cellBase[symbol] + p])
    }

    /// Moves from `state` (the cell of the symbol after this one) to a cell
    /// of `symbol`, writing the bits the decoder reads for that transition.
    @inline(__always)
    func encode(_ symbol: Int, state: inout Int, into writer: inout ZstdBitWriter) {
        let value = state &+ (1 &<< log)
        let t = transform[symbol]
        let k = Int(truncatingIfNeeded: t &>> 32)
        let nb = UInt64(truncatingIfNeeded: value) >= t & 0xFFFF_FFFF ? k : k &- 1
        writer.add(UInt64(truncatingIfNeeded: value & ((1 &<< nb) &- 1)), nb)
        state = Int(cells[cellBase[symbol] &+ (value &>> nb)])
    }

    /// Base-2 logarithm of a positive finite `x` without the C library: the
    /// exponent, plus ln of the significand m in [1, 2) from the series
    /// 2·atanh((m - 1) / (m + 1)) (|z| <= 1/3, so 24 terms reach full precision).
    static func log2(_ x: Double) -> Double {
        let m = x.significand
        let z = (m - 1) / (m + 1)
        let z2 = z * z
        var term = z
        var sum = 0.0
        for k in 0..<24 {
            sum += term / Double(2 * k + 1)
            term *= z2
        }
        return Double(x.exponent) + 2 * sum / 0.6931471805599453
    }

    /// Estimated bits to encode `counts` with `probabilities` (log2 of the
    /// inverse probability per symbol); nil when a counted symbol has none.
    static func estimatedBits(counts: UnsafePointer<UInt32>, symbols: Int, probabilities: [Int16], log: Int) -> Double? {
        var bits = 0.0
        for s in 0..<symbols where counts[s] > 0 {
            guard s < probabilities.count, probabilities[s] != 0 else { return nil }
            let p = probabilities[s] == -1 ? 1.0 : Double(probabilities[s])
            bits += Double(counts[s]) * (Double(log) - Self.log2(p))
        }
        return bits
    }

    /// Scales `counts` (not all zero, `total` their sum) to probabilities
    /// summing to `1 << log`, each counted symbol getting at least 1 and none
    /// more than `cap`. Rounding is by largest remainder.
    static func normalize(counts: UnsafePointer<UInt32>, symbols: Int, total: Int, log: Int, cap: Int? = nil) -> [Int16] {
        let size = 1 << log
        let limit = cap ?? size
        var probabilities = [Int16](repeating: 0, count: symbols)
        var assigned = 0
        var remainders: [(Int, Int)] = []
        for s in 0..<symbols where counts[s] > 0 {
            let scaled = Int(counts[s]) * size
            var p = scaled / total
            if p == 0 {
                p = 1
            } else {
                remainders.append((scaled % total, s))
            }
            p = min(p, limit)
            probabilities[s] = Int16(p)
            assigned += p
        }
        // Hand out what is left by largest remainder, then to the most frequent.
        remainders.sort { $0.0 > $1.0 }
        var i = 0
        while assigned < size && i < remainders.count {
            let s = remainders[i].1
            if Int(probabilities[s]) < limit {
                probabilities[s] += 1
                assigned += 1
            }
            i += 1
        }
        while assigned != size {
            // Take from or give to the symbol with the largest probability
            // that can still move (never below 1 or above the cap).
            var best = -1
            for s in 0..<symbols where probabilities[s] > 0 {
                let p = Int(probabilities[s])
                let movable = assigned > size ? p > 1 : p < limit
                if movable && (best < 0 || p > Int(probabilities[best])) {
                    best = s
                }
            }
            guard best >= 0 else { break }
            let change = assigned > size ? -1 : 1
            let room = assigned > size ? Int(probabilities[best]) - 1 : limit - Int(probabilities[best])
            let amount = min(room, abs(size - assigned))
            probabilities[best] += Int16(change * amount)
            assigned += change * amount
        }
        return probabilities
    }

    /// Writes the table description of `probabilities` (RFC 8878 section
    /// 4.1.1) at `destination`; returns its size in bytes.
    static func writeDescription(_ probabilities: [Int16], log: Int, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        var writer = ZstdBitWriter(destination)
        writer.add(UInt64(log - 5), 4)
        var remaining = (1 << log) + 1
        var threshold = 1 << log
        var width = log + 1
        var symbol = 0
        let symbols = probabilities.count
        while remaining > 1 && symbol < symbols {
            let probability = Int(probabilities[symbol])
            let value = probability + 1
            let short = 2 * threshold - 1 - remaining
            if value < short {
                writer.add(UInt64(value), width - 1)
            } else if value >= threshold {
                writer.add(UInt64(value + short), width)
            } else {
                writer.add(UInt64(value), width)
            }
            writer.flush()
            symbol += 1
            remaining -= probability < 0 ? 1 : probability
            if probability == 0 {
                var zeros = 0
                while symbol + zeros < symbols && probabilities[symbol + zeros] == 0 {
                    zeros += 1
                }
                symbol += zeros
                while zeros >= 3 {
                    writer.add(3, 2)
                    zeros -= 3
                    writer.flush()
                }
                writer.add(UInt64(zeros), 2)
                writer.flush()
            }
            while remaining < threshold {
                width -= 1
                threshold >>= 1
            }
        }
        writer.flush()
        return writer.size
    }
}
