import ArrowMemory

/// Byte-swaps buffers of big-endian input into native (little-endian) copies.
/// Only big-endian files pay for this; little-endian input stays zero-copy.
enum EndianSwap {
    /// A copy of `buffer` with every `elementWidth`-byte value reversed. Width 1 is
    /// returned as is; width -16 means the month-day-nano interval (int32, int32, int64).
    static func swap(_ buffer: ArrowBuffer, elementWidth: Int) -> ArrowBuffer {
        if elementWidth == 1 || elementWidth == 0 { return buffer }
        return buffer.withUnsafeBytes { source in
            ArrowBuffer(count: source.count) { target in
                target.copyMemory(from: source)
                if elementWidth == -16 {
                    var i = 0
                    while i + 16 <= target.count {
                        reverse(target, i, 4)
                        reverse(target, i + 4, 4)
                        reverse(target, i + 8, 8)
                        i += 16
                    }
                } else {
                    var i = 0
                    while i + elementWidth <= target.count {
                        reverse(target, i, elementWidth)
                        i += elementWidth
                    }
                }
            }
        }
    }

    /// Swaps the integer fields of 16-byte binary views: the length, and for
    /// out-of-line values the buffer index and offset (the 4-byte prefix is raw data).
    static func swapViews(_ buffer: ArrowBuffer) -> ArrowBuffer {
        buffer.withUnsafeBytes { source in
            ArrowBuffer(count: source.count) { target in
                target.copyMemory(from: source)
                var i = 0
                while i + 16 <= target.count {
                    reverse(target, i, 4)
                    let length = target.loadUnaligned(fromByteOffset: i, as: Int32.self)
                    if length > 12 {
                        reverse(target, i + 8, 4)
                        reverse(target, i + 12, 4)
                    }
                    i += 16
                }
            }
        }
    }

    private static func reverse(_ bytes: UnsafeMutableRawBufferPointer, _ start: Int, _ width: Int) {
        var a = start
        var b = start + width - 1
        while a < b {
            let t = bytes[a]
            bytes[a] = bytes[b]
            bytes[b] = t
            a += 1
            b -= 1
        }
    }
}
