/// Reads a Zstandard backward bitstream (RFC 8878 section 4.1).
///
/// The encoder writes bits forward and ends the stream with a 1 marker bit
/// in its last byte; the decoder starts at that marker and reads towards the
/// first byte, most significant bits first. The reader keeps the eight
/// stream bytes at `pos` in a 64-bit little-endian container; `consumed`
/// counts the container's bits already read, from the top.
///
/// Streams of eight bytes or more always keep `pos` inside the stream, so
/// loads never leave it. Shorter streams are read once into the low bytes of
/// the container (the missing top bytes count as already consumed) and are
/// never loaded again. Reading past the stream's first bit yields unspecified
/// bits and is detected afterwards with `isOverflowed` or `isFinished`.
struct ZstdBackwardBits {
    var bits: UInt64
    var consumed: Int
    var pos: UnsafePointer<UInt8>
    let start: UnsafePointer<UInt8>

    /// The stream `start ..< start + count`; `offset` is its position in the
    /// compressed input, for error messages.
    @inline(__always)
    init(start: UnsafePointer<UInt8>, count: Int, offset: Int) throws(CompressionError) {
        guard count > 0 else {
            throw CompressionError(format: "zstd", "empty bitstream", offset: offset)
        }
        let last = start[count - 1]
        guard last != 0 else {
            throw CompressionError(format: "zstd", "bitstream's last byte has no end marker bit", offset: offset + count - 1)
        }
        self.start = start
        if count >= 8 {
            pos = start + (count - 8)
            bits = UnsafeRawPointer(pos).loadUnaligned(as: UInt64.self).littleEndian
            consumed = last.leadingZeroBitCount + 1
        } else {
            // Short stream: at least 9 bits count as consumed, so `reload`
            // never takes its loading branch (that needs `consumed < 8`).
            pos = start
            var value: UInt64 = 0
            for i in 0..<count {
                value |= UInt64(start[i]) &<< UInt64(8 * i)
            }
            bits = value
            consumed = (8 - count) * 8 + last.leadingZeroBitCount + 1
        }
    }

    /// The next `n` bits (0...56) as a number, consumed.
    @inline(__always)
    mutating func read(_ n: Int) -> Int {
        let shifted = (bits &<< UInt64(truncatingIfNeeded: consumed)) &>> 1
        let value = shifted &>> UInt64(truncatingIfNeeded: 63 &- n)
        consumed &+= n
        return Int(truncatingIfNeeded: value)
    }

    /// The next `n` bits (1...56) as a number, consumed: one shift fewer than
    /// `read`, which also takes 0.
    @inline(__always)
    mutating func readNonZero(_ n: Int) -> Int {
        let value = (bits &<< UInt64(truncatingIfNeeded: consumed)) &>> UInt64(truncatingIfNeeded: 64 &- n)
        consumed &+= n
        return Int(truncatingIfNeeded: value)
    }

    /// The next `n` bits (1...56) without consuming them.
    @inline(__always)
    func peek(_ n: Int) -> Int {
        Int(truncatingIfNeeded: (bits &<< UInt64(truncatingIfNeeded: consumed)) &>> UInt64(truncatingIfNeeded: 64 &- n))
    }

    /// Refills the container. Returns true when at least 57 unread stream bits
    /// are now in the container, false near the stream's start (fewer bits
    /// may be left).
    @inline(__always)
    @discardableResult
    mutating func reload() -> Bool {
        let step = consumed &>> 3
        let room = pos - start
        if step <= room {
            // Only streams of eight bytes or more get here (see `init`), and
            // `pos - step` stays inside the stream.
            pos -= step
            consumed &= 7
            bits = UnsafeRawPointer(pos).loadUnaligned(as: UInt64.self).littleEndian
            return true
        }
        if room > 0 {
            pos = start
            consumed &-= room &<< 3
            bits = UnsafeRawPointer(pos).loadUnaligned(as: UInt64.self).littleEndian
        }
        return false
    }

    /// True when every bit of the stream has been read, and no more.
    var isFinished: Bool { pos == start && consumed == 64 }

    /// True when more bits were read than the stream holds.
    var isOverflowed: Bool { consumed > 64 }
}

/// Reads bits forward, least significant first, from a bounded byte range
/// (FSE table descriptions, RFC 8878 section 4.1.1). Bits past the end read
/// as zero; `bitPosition` tells the caller whether the range was overrun.
struct ZstdForwardBits {
    let base: UnsafePointer<UInt8>
    let count: Int
    var bitPosition: Int = 0

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// The next `n` bits (0...24), consumed.
    mutating func read(_ n: Int) -> Int {
        var value = 0
        var byteIndex = bitPosition >> 3
        let shift = bitPosition & 7
        var gathered = 0
        // Four bytes cover 24 bits at any bit alignment.
        while gathered < 32 && byteIndex < count {
            value |= Int(base[byteIndex]) << gathered
            gathered += 8
            byteIndex += 1
        }
        bitPosition += n
        return (value >> shift) & ((1 << n) - 1)
    }

    /// Bytes used so far, rounding a partial byte up.
    var bytesUsed: Int { (bitPosition + 7) >> 3 }
}
