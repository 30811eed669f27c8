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
            let first = min(remaining, 8)
            for k in 0 ..< first {
                d[k] = s[k]
            }
            if remaining <= 8 { return }
            d += 8
            remaining &-= 8
            // The 8 + offset bytes from `s` repeat with period `offset`, so
            // any multiple of it that is at least 8 is a valid distance for
            // 8-byte steps.
            let distance: Int
            switch offset {
            case 3: distance = 9
            case 5: distance = 10
            case 6: distance = 12
            case 7: distance = 14
            default: distance = 8
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
