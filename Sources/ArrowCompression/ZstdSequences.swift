/// One state of a literal length, match length or offset decoding table: the
/// FSE transition plus the decoded code's base value and extra bit count.
struct ZstdSequenceEntry {
    var baseValue: UInt32
    var baseline: UInt16
    var nbBits: UInt8
    var extraBits: UInt8
}

/// The sequences section of a compressed block (RFC 8878 section 3.1.1.3.2),
/// decoded and executed (literals and matches copied to the output) in one
/// pass.
enum ZstdSequences {
    /// The three kinds of codes in a sequence.
    enum Kind {
        case literalLength, offset, matchLength

        var name: String {
            switch self {
            case .literalLength: "literal length"
            case .offset: "offset"
            case .matchLength: "match length"
            }
        }

        /// Where the kind's table starts in `ZstdWorkspace.sequenceTables`.
        var firstCell: Int {
            switch self {
            case .literalLength: 0
            case .offset: ZstdWorkspace.sequenceTableCells
            case .matchLength: 2 * ZstdWorkspace.sequenceTableCells
            }
        }

        var maxLog: Int {
            self == .offset ? 8 : 9
        }

        var maxSymbol: Int {
            switch self {
            case .literalLength: 35
            case .offset: 31
            case .matchLength: 52
            }
        }

        /// The predefined distribution's accuracy log and probabilities.
        var predefined: (log: Int, probabilities: [Int16]) {
            switch self {
            case .literalLength: (6, ZstdSequences.literalLengthDefault)
            case .offset: (5, ZstdSequences.offsetDefault)
            case .matchLength: (6, ZstdSequences.matchLengthDefault)
            }
        }

        /// The value decoded from `code` is `base + (extraBits bits)`.
        func decoding(_ code: Int) -> (base: UInt32, extraBits: UInt8) {
            switch self {
            case .literalLength:
                (ZstdSequences.literalLengthBase[code], ZstdSequences.literalLengthExtraBits[code])
            case .offset:
                (UInt32(1) << UInt32(code), UInt8(truncatingIfNeeded: code))
            case .matchLength:
                (ZstdSequences.matchLengthBase[code], ZstdSequences.matchLengthExtraBits[code])
            }
        }
    }

    static let literalLengthBase: [UInt32] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
        8192, 16384, 32768, 65536,
    ]
    static let literalLengthExtraBits: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
        13, 14, 15, 16,
    ]
    static let matchLengthBase: [UInt32] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
        19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
        35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
        4099, 8195, 16387, 32771, 65539,
    ]
    static let matchLengthExtraBits: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
        12, 13, 14, 15, 16,
    ]
    static let literalLengthDefault: [Int16] = [
        4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
        -1, -1, -1, -1,
    ]
    static let matchLengthDefault: [Int16] = [
        1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
        -1, -1, -1, -1, -1,
    ]
    static let offsetDefault: [Int16] = [
        1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
    ]

    /// Sets up the decoding table of `kind` for compression `mode`, reading
    /// its description (if any) at `input[start]`; returns the bytes read.
    private static func prepareTable(
        _ kind: Kind, mode: Int, _ workspace: ZstdWorkspace, input: UnsafePointer<UInt8>, at start: Int, end: Int
    ) throws(CompressionError) -> Int {
        let first = kind.firstCell
        let table = workspace.sequenceTables + first
        var log: Int
        var used = 0
        switch mode {
        case 0:
            let predefined = kind.predefined
            log = predefined.log
            for (i, p) in predefined.probabilities.enumerated() {
                workspace.probabilities[i] = p
            }
            ZstdFSE.buildTable(
                workspace.probabilities, symbols: predefined.probabilities.count, log: log,
                into: workspace.fseTable, next: workspace.next)
        case 1:
            guard start < end else {
                throw CompressionError(format: "zstd", "missing RLE \(kind.name) code", offset: start)
            }
            let symbol = Int(input[start])
            guard symbol <= kind.maxSymbol else {
                throw CompressionError(format: "zstd", "RLE \(kind.name) code \(symbol) exceeds \(kind.maxSymbol)", offset: start)
            }
            let decoding = kind.decoding(symbol)
            table[0] = ZstdSequenceEntry(
                baseValue: decoding.base, baseline: UInt16(truncatingIfNeeded: first), nbBits: 0, extraBits: decoding.extraBits)
            setLog(kind, 0, workspace)
            return 1
        case 2:
            let description = try ZstdFSE.readDistribution(
                input + start, count: end - start, offset: start,
                maxLog: kind.maxLog, maxSymbol: kind.maxSymbol, into: workspace.probabilities)
            log = description.log
            used = description.bytes
            ZstdFSE.buildTable(
                workspace.probabilities, symbols: description.symbols, log: log,
                into: workspace.fseTable, next: workspace.next)
        default:
            let previous: Int
            switch kind {
            case .literalLength: previous = workspace.literalLengthLog
            case .offset: previous = workspace.offsetLog
            case .matchLength: previous = workspace.matchLengthLog
            }
            guard previous >= 0 else {
                throw CompressionError(format: "zstd", "repeat mode without a previous \(kind.name) table", offset: start)
            }
            return 0
        }
        let fse = workspace.fseTable
        for u in 0..<1 << log {
            let entry = fse[u]
            let decoding = kind.decoding(Int(entry.symbol))
            table[u] = ZstdSequenceEntry(
                baseValue: decoding.base, baseline: entry.baseline &+ UInt16(truncatingIfNeeded: first),
                nbBits: entry.nbBits, extraBits: decoding.extraBits)
        }
        setLog(kind, log, workspace)
        return used
    }

    private static func setLog(_ kind: Kind, _ log: Int, _ workspace: ZstdWorkspace) {
        switch kind {
        case .literalLength: workspace.literalLengthLog = log
        case .offset: workspace.offsetLog = log
        case .matchLength: workspace.matchLengthLog = log
        }
    }

    /// Decodes the sequences section at `input[start ..< end]` and executes
    /// it with the block's `literalCount` literals, writing from `output` up
    /// to at most `outputEnd`. `frameStart` is the frame's first output byte
    /// (matches may not reach before it). Returns the new output position.
    static func execute(
        _ workspace: ZstdWorkspace, input: UnsafePointer<UInt8>, at start: Int, end: Int,
        literals: UnsafePointer<UInt8>, literalCount: Int,
        frameStart: UnsafeMutablePointer<UInt8>, output: UnsafeMutablePointer<UInt8>,
        outputEnd: UnsafeMutablePointer<UInt8>
    ) throws(CompressionError) -> UnsafeMutablePointer<UInt8> {
        guard start < end else {
            throw CompressionError(format: "zstd", "compressed block has no sequences section", offset: start)
        }
        var p = start
        let b0 = Int(input[p])
        let sequenceCount: Int
        if b0 == 0 {
            guard end - p == 1 else {
                throw CompressionError(format: "zstd", "bytes after an empty sequences section", offset: p + 1)
            }
            return try copyLastLiterals(literals, count: literalCount, output: output, outputEnd: outputEnd, at: p)
        } else if b0 < 128 {
            sequenceCount = b0
            p += 1
        } else if b0 < 255 {
            guard end - p >= 2 else { throw truncated(p) }
            sequenceCount = (b0 - 128) << 8 | Int(input[p + 1])
            p += 2
        } else {
            guard end - p >= 3 else { throw truncated(p) }
            sequenceCount = (Int(input[p + 1]) | Int(input[p + 2]) << 8) + 0x7F00
            p += 3
        }
        guard p < end else { throw truncated(p) }
        let modes = Int(input[p])
        guard modes & 3 == 0 else {
            throw CompressionError(format: "zstd", "reserved bits set in symbol compression modes", offset: p)
        }
        p += 1
        p += try prepareTable(.literalLength, mode: modes >> 6, workspace, input: input, at: p, end: end)
        p += try prepareTable(.offset, mode: (modes >> 4) & 3, workspace, input: input, at: p, end: end)
        p += try prepareTable(.matchLength, mode: (modes >> 2) & 3, workspace, input: input, at: p, end: end)
        let bitstreamStart = p

        var reader = try ZstdBackwardBits(start: input + p, count: end - p, offset: p)
        let tables = UnsafePointer(workspace.sequenceTables)
        // States index `tables` directly. A state never leaves its table
        // (baseline + nbBits bits stays below the table's end by
        // construction), so masking with 2047 only guards the memory.
        let cellMask = 4 * ZstdWorkspace.sequenceTableCells - 1
        var llState = (reader.read(workspace.literalLengthLog) &+ Kind.literalLength.firstCell) & cellMask
        var ofState = (reader.read(workspace.offsetLog) &+ Kind.offset.firstCell) & cellMask
        var mlState = (reader.read(workspace.matchLengthLog) &+ Kind.matchLength.firstCell) & cellMask
        reader.reload()

        var (rep1, rep2, rep3) = workspace.repeatOffsets
        var literal = literals
        let literalEnd = literal + literalCount
        var op = output
        var remaining = sequenceCount
        while true {
            let ofEntry = tables[ofState]
            let mlEntry = tables[mlState]
            let llEntry = tables[llState]
            let ofBits = Int(ofEntry.extraBits)
            let mlBits = Int(mlEntry.extraBits)
            let llBits = Int(llEntry.extraBits)
            // Offset extra bits (up to 31) and match length extra bits (16)
            // fit after a full refill; refill again when the rest might not.
            // Short lengths and repeat offset 1 have no extra bits: those
            // fields are skipped rather than read as 0 bits (most sequences
            // have at least one such field).
            var offsetValue = Int(ofEntry.baseValue)
            if ofBits != 0 { offsetValue &+= reader.readNonZero(ofBits) }
            var matchLength = Int(mlEntry.baseValue)
            if mlBits != 0 { matchLength &+= reader.readNonZero(mlBits) }
            if ofBits &+ mlBits &+ llBits > 31 {
                reader.reload()
            }
            var literalLength = Int(llEntry.baseValue)
            if llBits != 0 { literalLength &+= reader.readNonZero(llBits) }
            remaining &-= 1
            if remaining != 0 {
                llState = (Int(llEntry.baseline) &+ reader.read(Int(llEntry.nbBits))) & cellMask
                mlState = (Int(mlEntry.baseline) &+ reader.read(Int(mlEntry.nbBits))) & cellMask
                ofState = (Int(ofEntry.baseline) &+ reader.read(Int(ofEntry.nbBits))) & cellMask
                reader.reload()
            }

            let offset: Int
            if ofBits > 1 {
                // Codes 2 and up are new offsets (values 4 and up).
                offset = offsetValue &- 3
                rep3 = rep2
                rep2 = rep1
                rep1 = offset
            } else {
                // Repeat offsets; with no literals, each code means the next
                // one (and 3 the first repeat offset minus one).
                switch literalLength == 0 ? offsetValue : offsetValue &- 1 {
                case 0:
                    offset = rep1
                case 1:
                    offset = rep2
                    rep2 = rep1
                    rep1 = offset
                case 2:
                    offset = rep3
                    rep3 = rep2
                    rep2 = rep1
                    rep1 = offset
                default:
                    offset = rep1 &- 1
                    rep3 = rep2
                    rep2 = rep1
                    rep1 = offset
                }
            }

            // One test for: enough literals, room for the literals and the
            // match, and an offset in 1 ... (bytes of the frame before the match).
            let room = outputEnd - op
            let before = (op - frameStart) &+ literalLength
            if literalLength > literalEnd - literal || literalLength > room || matchLength > room &- literalLength
                || UInt(bitPattern: offset &- 1) >= UInt(bitPattern: before)
            {
                throw sequenceError(
                    index: sequenceCount - remaining - 1, literalLength: literalLength, literalsLeft: literalEnd - literal,
                    offset: offset, before: before, at: bitstreamStart)
            }
            if room &- literalLength &- matchLength >= 32 {
                // Common case, far from the output's end: 16-byte steps that
                // may write up to 31 bytes past the match (later overwritten).
                ZstdCopy.copy16(op, literal)
                if literalLength > 16 {
                    var i = 16
                    repeat {
                        ZstdCopy.copy16(op + i, literal + i)
                        i &+= 16
                    } while i < literalLength
                }
                op += literalLength
                literal += literalLength
                if offset >= 16 {
                    var source = UnsafePointer(op - offset)
                    var destination = op
                    let matchEnd = op + matchLength
                    repeat {
                        ZstdCopy.copy16(destination, source)
                        destination += 16
                        source += 16
                    } while destination < matchEnd
                } else {
                    copyShortOffset(op, offset: offset, count: matchLength, end: outputEnd)
                }
                op += matchLength
            } else {
                copyNearEnd(op, literal, literalLength: literalLength, offset: offset, matchLength: matchLength, end: outputEnd)
                op += literalLength &+ matchLength
                literal += literalLength
            }
            if remaining == 0 { break }
        }
        guard reader.isFinished else {
            throw CompressionError(format: "zstd", "sequences bitstream is not consumed exactly", offset: bitstreamStart)
        }
        workspace.repeatOffsets = (rep1, rep2, rep3)
        return try copyLastLiterals(literal, count: literalEnd - literal, output: op, outputEnd: outputEnd, at: bitstreamStart)
    }

    @inline(never)
    private static func copyShortOffset(
        _ op: UnsafeMutablePointer<UInt8>, offset: Int, count: Int, end: UnsafeMutablePointer<UInt8>
    ) {
        ZstdCopy.match(op, offset: offset, count: count, end: end)
    }

    /// Executes one sequence close to the output's end (no wild copies past it).
    @inline(never)
    private static func copyNearEnd(
        _ op: UnsafeMutablePointer<UInt8>, _ literal: UnsafePointer<UInt8>, literalLength: Int, offset: Int,
        matchLength: Int, end: UnsafeMutablePointer<UInt8>
    ) {
        ZstdCopy.literals(op, literal, count: literalLength, end: end)
        ZstdCopy.match(op + literalLength, offset: offset, count: matchLength, end: end)
    }

    @inline(never)
    private static func sequenceError(
        index: Int, literalLength: Int, literalsLeft: Int, offset: Int, before: Int, at bitstreamStart: Int
    ) -> CompressionError {
        let problem: String
        if literalLength > literalsLeft {
            problem = "needs \(literalLength) literals, only \(literalsLeft) are left"
        } else if offset < 1 || offset > before {
            problem = "has offset \(offset), but only \(before) bytes of the frame precede the match"
        } else {
            problem = "writes past the block's or the output's end"
        }
        return CompressionError(format: "zstd", "sequence \(index) \(problem)", offset: bitstreamStart)
    }

    private static func copyLastLiterals(
        _ literal: UnsafePointer<UInt8>, count: Int, output: UnsafeMutablePointer<UInt8>,
        outputEnd: UnsafeMutablePointer<UInt8>, at offset: Int
    ) throws(CompressionError) -> UnsafeMutablePointer<UInt8> {
        guard count <= outputEnd - output else {
            throw CompressionError(format: "zstd", "literals write past the block's or the output's end", offset: offset)
        }
        output.update(from: literal, count: count)
        return output + count
    }

    private static func truncated(_ offset: Int) -> CompressionError {
        CompressionError(format: "zstd", "sequences section header is truncated", offset: offset)
    }
}
