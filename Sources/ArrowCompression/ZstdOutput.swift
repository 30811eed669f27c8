/// Where decompressed bytes go: either a fixed buffer of the exact expected
/// size (owned by the caller) or a buffer that grows, by doubling, up to the
/// caller's limit (owned by this value; `deallocateIfOwned` frees it).
struct ZstdOutput {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0
    let growable: Bool
    let limit: Int

    /// A fixed buffer of `capacity` bytes at `base`.
    init(fixed base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
        growable = false
        limit = capacity
    }

    /// A growable buffer of `initialCapacity` bytes that may grow up to `limit`.
    init(growableCapacity initialCapacity: Int, limit: Int) {
        let capacity = max(0, min(initialCapacity, limit))
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, capacity))
        self.capacity = capacity
        growable = true
        self.limit = limit
    }

    func deallocateIfOwned() {
        if growable {
            base.deallocate()
        }
    }

    /// Bytes that may still be written without growing.
    var room: Int { capacity - count }

    /// Makes room for `needed` more bytes, or throws if the limit (or the
    /// fixed size) does not allow them. `offset` is for the error message.
    mutating func reserve(_ needed: Int, offset: Int) throws(CompressionError) {
        try check(needed, offset: offset)
        if needed > room {
            grow(to: count + needed)
        }
    }

    /// Throws if `needed` more bytes would exceed the limit (or the fixed
    /// size); allocates nothing.
    func check(_ needed: Int, offset: Int) throws(CompressionError) {
        guard needed <= room || (growable && needed <= limit - count) else {
            let bound = growable ? "the limit of \(limit)" : "the expected \(capacity)"
            throw CompressionError(
                format: "zstd", "decompressed data would exceed \(bound) bytes (\(count) + \(needed))", offset: offset)
        }
    }

    /// Tries to make room for `wanted` more bytes without exceeding the
    /// limit; never throws (the decoder checks `room`).
    mutating func prepare(_ wanted: Int) {
        if wanted <= room || !growable { return }
        grow(to: count + min(wanted, limit - count))
    }

    private mutating func grow(to minimum: Int) {
        guard minimum > capacity else { return }
        let doubled = capacity <= limit / 2 ? capacity * 2 : limit
        let newCapacity = max(minimum, doubled)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
