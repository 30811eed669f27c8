/// Writes bits least significant first into memory (RFC 8878 section 4.1):
/// the order of FSE table descriptions, and of backward bitstreams, which
/// the decoder then reads from the end after `close` adds the 1 marker bit.
///
/// Bits gather in a 64-bit container; `flush` stores all eight container
/// bytes at once and advances by the whole bytes, so the destination must
/// have 8 bytes of room past the last byte written. Callers add at most 56
/// bits between flushes.
struct ZstdBitWriter {
    var container: UInt64 = 0
    var count: Int = 0
    var position: UnsafeMutablePointer<UInt8>
    let start: UnsafeMutablePointer<UInt8>

    init(_ start: UnsafeMutablePointer<UInt8>) {
        self.start = start
        position = start
    }

    /// Adds the low `n` bits of `value`, which has no higher bits set.
    @inline(__always)
    mutating func add(_ value: UInt64, _ n: Int) {
        container |= value &<< UInt64(truncatingIfNeeded: count)
        count &+= n
    }

    /// Adds the low `n` bits of `value` (higher bits are dropped).
    @inline(__always)
    mutating func addMasked(_ value: UInt64, _ n: Int) {
        add(value & ((1 &<< UInt64(truncatingIfNeeded: n)) &- 1), n)
    }

    @inline(__always)
    mutating func flush() {
        UnsafeMutableRawPointer(position).storeBytes(of: container.littleEndian, as: UInt64.self)
        let bytes = count &>> 3
        position += bytes
        // count stays below 64, so the shift is below 64 too.
        container = container &>> UInt64(truncatingIfNeeded: bytes &<< 3)
        count &= 7
    }

    /// Bytes written so far, counting a partial last byte.
    var size: Int { position - start + (count > 0 ? 1 : 0) }

    /// Ends a backward bitstream with its marker bit; returns its size in bytes.
    mutating func close() -> Int {
        add(1, 1)
        flush()
        return size
    }
}
