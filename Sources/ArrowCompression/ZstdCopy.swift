/// Byte copies for executing sequences: literals from the literals buffer
/// and matches from earlier output. Both copy in 8- or 16-byte steps when
/// the destination has room past the copy's end ("wild" copies whose excess
/// bytes are overwritten by later output), exactly otherwise.
enum ZstdCopy {
    @inline(__always)
    static func copy8(_ destination: UnsafeMutablePointer<UInt8>, _ source: UnsafePointer<UInt8>) {
        UnsafeMutableRawPointer(destination).storeBytes(
            of: UnsafeRawPointer(source).loadUnaligned(as: UInt64.self), as: UInt64.self)
    }

    @inline(__always)
    static func copy16(_ destination: UnsafeMutablePointer<UInt8>, _ source: UnsafePointer<UInt8>) {
        let low = UnsafeRawPointer(source).loadUnaligned(as: UInt64.self)
        let high = UnsafeRawPointer(source + 8).loadUnaligned(as: UInt64.self)
        UnsafeMutableRawPointer(destination).storeBytes(of: low, as: UInt64.self)
        UnsafeMutableRawPointer(destination + 8).storeBytes(of: high, as: UInt64.self)
    }

    /// Copies `count` literals from `source`, which may be read up to 16
    /// bytes past them, to `destination`, which must have room for `count`
    /// bytes before `end`.
    @inline(__always)
    static func literals(
        _ destination: UnsafeMutablePointer<UInt8>, _ source: UnsafePointer<UInt8>, count: Int,
        end: UnsafeMutablePointer<UInt8>
    ) {
        let room = end - destination
        if count <= 16 && room >= 16 {
            copy16(destination, source)
        } else if room >= count + 16 {
            var i = 0
            repeat {
                copy16(destination + i, source + i)
                i &+= 16
            } while i < count
        } else {
            destination.update(from: source, count: count)
        }
    }

    @inline(__always)
    static func store8(_ destination: UnsafeMutablePointer<UInt8>, _ value: UInt64) {
        UnsafeMutableRawPointer(destination).storeBytes(of: value.littleEndian, as: UInt64.self)
    }

    /// Stores the first `count` (at most 8) bytes of `value`, least significant first.
    @inline(__always)
    static func storeBytes(_ destination: UnsafeMutablePointer<UInt8>, _ value: UInt64, count: Int) {
        for k in 0..<count {
            destination[k] = UInt8(truncatingIfNeeded: value &>> UInt64(8 * k))
        }
    }

    /// Eight bytes repeating the `period` (1...7) bytes at `source`, first
    /// byte least significant. Reads only those bytes.
    @inline(__always)
    static func repeatingPattern(_ source: UnsafeRawPointer, period: Int) -> UInt64 {
        switch period {
        case 1:
            return UInt64(source.load(as: UInt8.self)) &* 0x0101_0101_0101_0101
        case 2:
            return UInt64(source.loadUnaligned(as: UInt16.self).littleEndian) &* 0x0001_0001_0001_0001
        case 4:
            return UInt64(source.loadUnaligned(as: UInt32.self).littleEndian) &* 0x0000_0001_0000_0001
        case 3:
            var pattern =
                UInt64(source.loadUnaligned(as: UInt16.self).littleEndian)
                | UInt64(source.load(fromByteOffset: 2, as: UInt8.self)) &<< 16
            pattern |= pattern &<< 24
            return pattern | pattern &<< 48
        default:
            // 5, 6 or 7: two overlapping 4-byte loads cover the period.
            let shift = UInt64(8 * (period - 4))
            let pattern =
                UInt64(source.loadUnaligned(as: UInt32.self).littleEndian)
                | UInt64(source.loadUnaligned(fromByteOffset: period - 4, as: UInt32.self).littleEndian) &<< shift
            return pattern | pattern &<< UInt64(8 * period)
        }
    }

    /// Copies `count` bytes (at least 1) starting `offset` bytes (at least 1,
    /// at most `destination`'s distance from the frame's first byte) before
    /// `destination`; the regions may overlap. `destination` must have room
    /// for `count` bytes before `end`.
    static func match(
        _ destination: UnsafeMutablePointer<UInt8>, offset: Int, count: Int, end: UnsafeMutablePointer<UInt8>
    ) {
        var d = destination
        var s = UnsafePointer(destination - offset)
        var remaining = count
        if offset < 8 {
            // Short periods: build 8 bytes of the repeating pattern in a
            // register from the `offset` bytes before `destination`, rather
            // than copying byte by byte through memory.
            let pattern = repeatingPattern(UnsafeRawPointer(s), period: offset)
            if offset & (offset - 1) == 0 {
                // 1, 2 or 4 bytes: every 8-byte step stores the same pattern.
                if end - d >= remaining + 8 {
                    repeat {
                        store8(d, pattern)
                        d += 8
                        remaining &-= 8
                    } while remaining > 0
                    return
                }
                while remaining >= 8 {
                    store8(d, pattern)
                    d += 8
                    remaining &-= 8
                }
                storeBytes(d, pattern, count: remaining)
                return
            }
            if remaining <= 8 || end - d < 8 {
                storeBytes(d, pattern, count: min(remaining, 8))
                if remaining <= 8 { return }
            } else {
                store8(d, pattern)
            }
            d += 8
            remaining &-= 8
            // The 8 + offset bytes from `s` repeat with period `offset`, so
            // any multiple of it that is at least 8 (and at most 8 + offset)
            // is a valid distance for 8-byte steps.
            let distance: Int
            switch offset {
            case 3: distance = 9
            case 5: distance = 10
            case 6: distance = 12
            default: distance = 14
            }
            s = UnsafePointer(d - distance)
        }
        if end - d >= remaining + 16 {
            if UnsafePointer(d) - s >= 16 {
                repeat {
                    copy16(d, s)
                    d += 16
                    s += 16
                    remaining &-= 16
                } while remaining > 0
            } else {
                repeat {
                    copy8(d, s)
                    d += 8
                    s += 8
                    remaining &-= 8
                } while remaining > 0
            }
        } else {
            while remaining >= 8 {
                copy8(d, s)
                d += 8
                s += 8
                remaining &-= 8
            }
            while remaining > 0 {
                d.pointee = s.pointee
                d += 1
                s += 1
                remaining &-= 1
            }
        }
    }
}
