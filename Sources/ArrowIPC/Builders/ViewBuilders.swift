import ArrowMemory

// Binary and utf8 view arrays, laid out as pyarrow's `pa.array` makes them from a
// Python list (Arrow C++ `BinaryViewBuilder` with a `ReserveData` per value):
//
// - a view is 16 bytes: length (int32), then up to 12 inline bytes zero-padded;
//   longer values: a 4-byte prefix, the data buffer index and the offset in it;
//   nulls are 16 zero bytes;
// - long values go to data buffers of 32 KiB blocks (a value that does not fit
//   in what is left of a block starts a new block of max(32 KiB, its length)),
//   each block cut to the bytes it holds;
// - the first non-empty value, even an inline one, opens the first block, so an
//   array whose values are all short but not all empty has one empty data buffer.

extension ArrayData {
    /// The size of a view data block in Arrow C++ (`StringHeapBuilder`).
    static let viewBlockSize = 32 * 1024

    /// A utf8 view array; `nil` is null.
    /// - Parameter values: The strings, in order; `nil` is null (a view of 16 zero bytes).
    /// - Returns: A new array, laid out as pyarrow lays it out: 16-byte views,
    ///   strings longer than 12 bytes copied to data blocks of up to 32 KiB (a
    ///   longer string gets a block of its own), a validity bitmap only when a
    ///   value is nil.
    /// - Throws: `ArrowError` (`.invalidArgument`) for a string longer than `Int32.max` bytes.
    /// - Complexity: O(n + b) for n strings of b UTF-8 bytes in total, which are copied.
    public static func utf8View(_ values: [String?]) throws(ArrowError) -> ArrayData {
        try views(values.map { $0?.utf8 }, type: .utf8View)
    }

    /// A binary view array of byte collections; `nil` is null.
    /// - Parameter values: The values, in order; `nil` is null (a view of 16 zero bytes).
    /// - Returns: A new array laid out as `utf8View(_:)` lays it out.
    /// - Throws: `ArrowError` (`.invalidArgument`) for a value longer than `Int32.max` bytes.
    /// - Complexity: O(n + b) for n values of b bytes in total, which are copied.
    public static func binaryView<Bytes: Collection>(_ values: [Bytes?]) throws(ArrowError) -> ArrayData
    where Bytes.Element == UInt8 {
        try views(values, type: .binaryView)
    }

    static func views<Bytes: Collection>(_ values: [Bytes?], type: ArrowType) throws(ArrowError) -> ArrayData
    where Bytes.Element == UInt8 {
        // Plan the blocks first: (block, offset) of each long value and each block's size.
        var lengths: [Int] = []
        lengths.reserveCapacity(values.count)
        var placement: [(block: Int, offset: Int)] = Array(repeating: (0, 0), count: values.count)
        var blockSizes: [Int] = []
        var remaining = 0
        for (i, v) in values.enumerated() {
            guard let v else {
                lengths.append(0)
                continue
            }
            let n = v.count
            guard n <= Int(Int32.max) else {
                throw ArrowError(.invalidArgument, "value at index \(i) has \(n) bytes, views hold at most \(Int32.max)")
            }
            lengths.append(n)
            if n > remaining {
                guard blockSizes.count < Int(Int32.max) else {
                    throw ArrowError(.invalidArgument, "more than \(Int32.max) data buffers")
                }
                blockSizes.append(0)
                remaining = max(n, viewBlockSize)
            }
            if n > 12 {
                placement[i] = (blockSizes.count - 1, blockSizes[blockSizes.count - 1])
                blockSizes[blockSizes.count - 1] += n
                remaining -= n
            }
        }
        let viewBuffer = ArrowBuffer(count: values.count * 16) { out in
            for (i, v) in values.enumerated() {
                guard let v else { continue }
                let base = i * 16
                let n = lengths[i]
                out.storeBytes(of: Int32(n).littleEndian, toByteOffset: base, as: Int32.self)
                if n <= 12 {
                    BuilderBuffers.copy(v, into: UnsafeMutableRawBufferPointer(rebasing: out[(base + 4)..<(base + 4 + n)]))
                } else {
                    BuilderBuffers.copy(v, into: UnsafeMutableRawBufferPointer(rebasing: out[(base + 4)..<(base + 8)]))
                    out.storeBytes(of: Int32(placement[i].block).littleEndian, toByteOffset: base + 8, as: Int32.self)
                    out.storeBytes(of: Int32(placement[i].offset).littleEndian, toByteOffset: base + 12, as: Int32.self)
                }
            }
        }
        var blocks: [ArrowBuffer] = []
        blocks.reserveCapacity(blockSizes.count)
        var next = 0  // values are placed in order, so each block takes the next run of long values
        for (k, size) in blockSizes.enumerated() {
            blocks.append(
                ArrowBuffer(count: size) { out in
                    while next < values.count {
                        guard let v = values[next], lengths[next] > 12 else {
                            next += 1
                            continue
                        }
                        guard placement[next].block == k else { break }
                        let at = placement[next].offset
                        BuilderBuffers.copy(v, into: UnsafeMutableRawBufferPointer(rebasing: out[at..<(at + lengths[next])]))
                        next += 1
                    }
                })
        }
        let (validity, nulls) = BuilderBuffers.validity(of: values)
        return ArrayData(
            type: type, length: values.count, nullCount: nulls, validity: validity,
            buffers: [viewBuffer] + blocks)
    }
}
