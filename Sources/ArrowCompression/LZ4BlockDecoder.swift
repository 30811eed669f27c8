/// Why a block may not produce more output: names the bound in the error.
enum LZ4OutputBound {
    case blockMaximum
    case contentSize
    case expectedSize
    case limit

    var reason: String {
        switch self {
        case .blockMaximum: "block decodes to more than the frame's block maximum size"
        case .contentSize: "frame decodes to more than its declared content size"
        case .expectedSize: "input decodes to more than the expected size"
        case .limit: "input decodes to more than the decompression limit"
        }
    }
}

/// Decodes one LZ4 compressed block (sequences of literals and matches).
enum LZ4BlockDecoder {
    /// Where a compressed block lies and where its output goes.
    struct Target {
        /// The whole output buffer.
        var output: UnsafeMutablePointer<UInt8>
        /// Bytes already in `output`; the block's output starts here.
        var start: Int
        /// The block may not decode past this index of `output`.
        var end: Int
        /// Why `end` is where it is (for the error message).
        var bound: LZ4OutputBound
        /// Bytes of `output` that may be written (possibly beyond `end`, as
        /// scratch that later output overwrites); `>= end`.
        var writable: Int
        /// Matches may not reach before this index of `output`.
        var windowStart: Int
    }

    /// Decodes `input[blockStart ..< blockStart + blockCount]` into `target`;
    /// returns the number of bytes written. `input` may extend past the block:
    /// those bytes are read only as slack for wide copies, never decoded.
    static func decode(
        _ input: UnsafeRawBufferPointer, blockStart: Int, blockCount: Int, into target: Target
    ) throws(CompressionError) -> Int {
        guard let inputBase = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw LZ4Error.make("missing block data", offset: blockStart)
        }
        let readEnd = inputBase + input.count
        let blockBegin = inputBase + blockStart
        let iend = blockBegin + blockCount
        let outStart = target.output + target.start
        let oend = target.output + target.end
        let wend = target.output + target.writable
        let low = target.output + target.windowStart

        var ip = blockBegin
        var op = outStart

        func failure(_ message: String, at pointer: UnsafePointer<UInt8>) -> CompressionError {
            LZ4Error.make(message, offset: pointer - inputBase)
        }

        // Far from both ends of input and output, a sequence with fewer than 15
        // literals, a match shorter than 19 and an offset of at least 8 (most
        // sequences) is decoded with fixed-size wide copies and two comparisons,
        // as liblz4's "shortcut" does. Anything else leaves for the general path,
        // which re-reads the token and reports errors.
        let ipFast = blockCount >= 32 ? iend - 32 : blockBegin
        let opFast = target.output + max(target.start, min(target.end - 32, target.writable - 48))

        sequences: while true {
            while ip < ipFast && op < opFast {
                let token = Int(ip.pointee)
                let literalLength = token >> 4
                let matchCode = token & 15
                guard literalLength < 15 && matchCode < 15 else { break }
                let literals = ip + 1
                LZ4Copy.copy16(op, literals)
                let match = literals + literalLength
                let offset = Int(match[0]) | Int(match[1]) << 8
                let matchStart = op + literalLength
                guard offset >= 8 && offset <= matchStart - low else { break }
                // Eight bytes at a time, in order: with offsets of 8 to 15 the
                // source overlaps what the previous step just stored, which an
                // 8-byte load takes straight from that store. Wider loads of
                // freshly written bytes mostly span two earlier stores, which
                // stalls until they reach the cache.
                let source = UnsafePointer(matchStart - offset)
                LZ4Copy.copy8(matchStart, source)
                LZ4Copy.copy8(matchStart + 8, source + 8)
                LZ4Copy.copy8(matchStart + 16, source + 16)
                ip = match + 2
                op = matchStart + matchCode + 4
            }

            guard ip < iend else {
                throw failure("block ends after a match instead of literals", at: ip)
            }
            let token = Int(ip.pointee)
            ip += 1

            // Literals.
            var literalLength = token >> 4
            if literalLength == 15 {
                while true {
                    guard ip < iend else { throw failure("block ends inside a literal length", at: ip) }
                    let extra = Int(ip.pointee)
                    ip += 1
                    literalLength += extra
                    if extra != 255 { break }
                }
            }
            if literalLength <= 32 && readEnd - ip >= 32 && wend - op >= 32 && iend - ip >= literalLength
                && oend - op >= literalLength
            {
                LZ4Copy.copy16(op, ip)
                LZ4Copy.copy16(op + 16, ip + 16)
            } else {
                guard iend - ip >= literalLength else {
                    throw failure("literals run past the end of the block", at: ip)
                }
                guard oend - op >= literalLength else {
                    throw failure(target.bound.reason, at: ip)
                }
                UnsafeMutableRawPointer(op).copyMemory(from: ip, byteCount: literalLength)
            }
            ip += literalLength
            op += literalLength
            if ip == iend { break sequences }

            // Match.
            guard iend - ip >= 2 else { throw failure("block ends inside a match offset", at: ip) }
            let offset = Int(ip[0]) | Int(ip[1]) << 8
            if offset == 0 { throw failure("match offset is zero", at: ip) }
            guard offset <= op - low else {
                throw failure("match offset \(offset) reaches before the start of the decoded data", at: ip)
            }
            ip += 2
            var matchLength = (token & 15) + 4
            if matchLength == 19 {
                while true {
                    guard ip < iend else { throw failure("block ends inside a match length", at: ip) }
                    let extra = Int(ip.pointee)
                    ip += 1
                    matchLength += extra
                    if extra != 255 { break }
                }
            }
            guard oend - op >= matchLength else { throw failure(target.bound.reason, at: ip) }
            LZ4Copy.copyMatch(to: op, offset: offset, length: matchLength, writableEnd: wend)
            op += matchLength
        }
        return op - outStart
    }
}
