import ArrowMemory

/// Reading bits of a validity or boolean bitmap (least significant bit first).
extension ArrowBuffer {
    /// Bit `index` of the bitmap; the caller guarantees `index / 8 < count`
    /// (nothing is checked: a larger index reads out of bounds).
    /// - Parameter index: Bit position from the start of the buffer.
    /// - Returns: Whether the bit is set.
    @inlinable
    public func bitUnchecked(_ index: Int) -> Bool {
        byteUnchecked(at: index >> 3) & (1 << UInt8(index & 7)) != 0
    }

    /// Number of set bits among `range` (bits outside the buffer count as unset).
    /// - Parameter range: Bit positions from the start of the buffer.
    /// - Returns: How many of those bits are 1.
    /// - Complexity: O(*n*) in the length of `range`, 64 bits per step in the middle.
    public func countSetBits(in range: Range<Int>) -> Int {
        var total = 0
        var i = range.lowerBound
        let end = Swift.min(range.upperBound, count * 8)
        while i < end && i & 63 != 0 {
            if bitUnchecked(i) { total += 1 }
            i += 1
        }
        while i + 64 <= end {
            total += getIntegerUnchecked(at: i >> 3, as: UInt64.self).nonzeroBitCount
            i += 64
        }
        while i < end {
            if bitUnchecked(i) { total += 1 }
            i += 1
        }
        return total
    }
}
