/// Wide byte copies for the LZ4 decoder. Callers guarantee the slack: a wide
/// copy may write up to 16 bytes past the requested length.
enum LZ4Copy {
    @inline(__always)
    static func copy8(_ destination: UnsafeMutablePointer<UInt8>, _ source: UnsafePointer<UInt8>) {
        let value = UnsafeRawPointer(source).loadUnaligned(as: UInt64.self)
        UnsafeMutableRawPointer(destination).storeBytes(of: value, as: UInt64.self)
    }

    @inline(__always)
    static func copy16(_ destination: UnsafeMutablePointer<UInt8>, _ source: UnsafePointer<UInt8>) {
        let value = UnsafeRawPointer(source).loadUnaligned(as: SIMD16<UInt8>.self)
        UnsafeMutableRawPointer(destination).storeBytes(of: value, as: SIMD16<UInt8>.self)
    }

    /// For offsets below 8: the smallest multiple of the offset that is at
    /// least 8, so a copy from that distance back continues the same periodic
    /// pattern. One byte per offset, looked up without a branch.
    @inline(__always)
    private static func period8(_ offset: Int) -> Int {
        let table: UInt64 = 0x0E0C_0A08_0908_0800  // 0, 8, 8, 9, 8, 10, 12, 14
        return Int(truncatingIfNeeded: (table >> UInt64(offset &* 8)) & 0xFF)
    }

    /// For offsets below 16: the smallest multiple of the offset that is at
    /// least 16.
    @inline(__always)
    private static func period16(_ offset: Int) -> Int {
        let low: UInt64 = 0x1512_1410_1210_1000  // 0, 16, 16, 18, 16, 20, 18, 21
        let high: UInt64 = 0x1E1C_1A18_1614_1210  // 16, 18, 20, 22, 24, 26, 28, 30
        let table = offset < 8 ? low : high
        return Int(truncatingIfNeeded: (table >> UInt64((offset & 7) &* 8)) & 0xFF)
    }

    /// Copies `length` bytes from `offset` bytes back to `destination`; the
    /// ranges may overlap (then the copy repeats the last `offset` bytes).
    /// `destination - offset` and `destination + length` must be inside the
    /// buffer, which may be written up to `writableEnd`.
    @inline(__always)
    static func copyMatch(
        to destination: UnsafeMutablePointer<UInt8>, offset: Int, length: Int,
        writableEnd: UnsafeMutablePointer<UInt8>
    ) {
        let source = UnsafePointer(destination - offset)
        let end = destination + length
        guard writableEnd - destination >= length + 16 else {
            // Near the end of the buffer: one byte at a time.
            for i in 0..<length {
                destination[i] = source[i]
            }
            return
        }
        if offset >= 16 {
            var d = destination
            var s = source
            repeat {
                copy16(d, s)
                d += 16
                s += 16
            } while d < end
            return
        }
        if offset == 1 && length >= 64 {
            destination.update(repeating: source.pointee, count: length)
            return
        }
        // The first 16 bytes: 8 at a time when the offset allows, else one
        // at a time, then 8 from a multiple of the offset back.
        if offset >= 8 {
            copy8(destination, source)
            copy8(destination + 8, UnsafePointer(destination + 8 - offset))
        } else {
            for i in 0..<8 {
                destination[i] = source[i]
            }
            copy8(destination + 8, UnsafePointer(destination + 8 - period8(offset)))
        }
        // The rest 16 at a time, from a multiple of the offset at least 16 back.
        let back = period16(offset)
        var d = destination + 16
        while d < end {
            copy16(d, UnsafePointer(d - back))
            d += 16
        }
    }
}
