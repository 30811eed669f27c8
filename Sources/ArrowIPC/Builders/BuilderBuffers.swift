import ArrowMemory

/// Buffers laid out as Arrow C++ builders leave them after `Finish`: exact sizes
/// (no spare capacity), bitmaps least significant bit first with zero padding
/// bits, little-endian values, and zeros in the slots of nulls.
enum BuilderBuffers {
    /// A bitmap of `count` bits, `(count + 7) / 8` bytes, bit `i` set when `bit(i)`.
    static func bitmap(count: Int, _ bit: (Int) -> Bool) -> ArrowBuffer {
        ArrowBuffer(count: (count + 7) / 8) { out in
            var i = 0
            while i < count {
                var byte: UInt8 = 0
                for b in 0..<min(8, count - i) where bit(i + b) { byte |= 1 << UInt8(b) }
                out[i >> 3] = byte
                i += 8
            }
        }
    }

    /// The validity bitmap and null count of `count` slots; no bitmap when no slot is null.
    static func validity(count: Int, isValid: (Int) -> Bool) -> (bitmap: ArrowBuffer?, nullCount: Int) {
        var nulls = 0
        for i in 0..<count where !isValid(i) { nulls += 1 }
        guard nulls > 0 else { return (nil, 0) }
        return (bitmap(count: count, isValid), nulls)
    }

    /// The validity of optional values: `nil` is null.
    static func validity<T>(of values: [T?]) -> (bitmap: ArrowBuffer?, nullCount: Int) {
        validity(count: values.count) { values[$0] != nil }
    }

    /// The validity given as a mask (`true` = valid) for `count` slots; `nil` means all valid.
    static func validity(mask: [Bool]?, count: Int, what: String) throws(ArrowError) -> (bitmap: ArrowBuffer?, nullCount: Int) {
        guard let mask else { return (nil, 0) }
        guard mask.count == count else {
            throw ArrowError(.invalidArgument, "validity has \(mask.count) entries, \(what) has \(count)")
        }
        return validity(count: count) { mask[$0] }
    }

    /// Little-endian integers, zero for `nil`.
    static func values<T: FixedWidthInteger>(_ values: [T?]) -> ArrowBuffer {
        let w = MemoryLayout<T>.size
        return ArrowBuffer(count: values.count * w) { out in
            for (i, v) in values.enumerated() {
                if let v { out.storeBytes(of: v.littleEndian, toByteOffset: i * w, as: T.self) }
            }
        }
    }

    /// Little-endian integers.
    static func values<T: FixedWidthInteger>(_ values: [T]) -> ArrowBuffer {
        let w = MemoryLayout<T>.size
        return ArrowBuffer(count: values.count * w) { out in
            for (i, v) in values.enumerated() { out.storeBytes(of: v.littleEndian, toByteOffset: i * w, as: T.self) }
        }
    }

    /// Offsets starting at 0 that advance by each length (`nil` and 0 repeat the
    /// previous offset), `count + 1` entries of `O`.
    static func offsets<O: FixedWidthInteger>(
        lengths: [Int?], _: O.Type, what: String
    ) throws(ArrowError) -> (offsets: ArrowBuffer, total: Int) {
        var offsets: [O] = []
        offsets.reserveCapacity(lengths.count + 1)
        offsets.append(0)
        var total = 0
        for (i, length) in lengths.enumerated() {
            if let length {
                guard length >= 0 else { throw ArrowError(.invalidArgument, "negative length \(length) at index \(i)") }
                let (sum, overflow) = total.addingReportingOverflow(length)
                guard !overflow, let o = O(exactly: sum) else {
                    throw ArrowError(.invalidArgument, "\(what) needs offsets beyond \(O.max) at index \(i); use the large variant")
                }
                total = sum
                offsets.append(o)
            } else {
                offsets.append(O(truncatingIfNeeded: total))
            }
        }
        return (values(offsets), total)
    }

    /// Copies at most `out.count` bytes of `bytes` to the start of `out`.
    static func copy<Bytes: Collection>(_ bytes: Bytes, into out: UnsafeMutableRawBufferPointer) where Bytes.Element == UInt8 {
        let copied: Void? = bytes.withContiguousStorageIfAvailable { src in
            let raw = UnsafeRawBufferPointer(src)
            out.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(out.count)))
        }
        if copied != nil { return }
        var i = 0
        for b in bytes {
            guard i < out.count else { break }
            out[i] = b
            i += 1
        }
    }

    /// `data` checked as a freshly built array: layout and values of this array
    /// (not its children, which were checked when they were built or are checked
    /// by the typed views and the writer). Errors name `what`.
    static func checked(_ data: ArrayData) throws(ArrowError) -> ArrayData {
        do throws(ArrowError) {
            try data.validateLayout()
            try data.validateValues()
        } catch {
            throw ArrowError(.invalidArgument, error.message, fieldPath: error.fieldPath)
        }
        return data
    }
}
