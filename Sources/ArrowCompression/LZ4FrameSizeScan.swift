/// Walks the frames of an input without decoding blocks, to size the output
/// before decoding.
struct LZ4FrameSizeScan {
    /// The sum of the declared content sizes, when every LZ4 frame declares one.
    var declaredTotal: Int?
    /// The most bytes the input can decode to: declared sizes, stored block
    /// sizes, and for compressed blocks the smaller of the block maximum size
    /// and 255 bytes per compressed byte. Saturates at `Int.max`.
    var upperBound: Int

    /// Scans `input`; nil when its frame structure (magic numbers, headers,
    /// block sizes, end marks) does not fit the input, so that decoding can
    /// report the problem.
    init?(_ input: UnsafeRawBufferPointer) {
        var position = 0
        var total: Int? = 0
        var bound = 0
        var frames = 0
        func add(_ a: Int, _ b: Int) -> Int {
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? Int.max : sum
        }
        while position < input.count {
            guard input.count - position >= 8 else { return nil }
            let magic = LZ4FrameDecoder.readLE32(input, position)
            if magic & LZ4FrameDescriptor.skippableMagicMask == LZ4FrameDescriptor.skippableMagic {
                let size = Int(LZ4FrameDecoder.readLE32(input, position + 4))
                guard size <= input.count - position - 8 else { return nil }
                position += 8 + size
                continue
            }
            guard magic == LZ4FrameDescriptor.magic,
                let frame = try? LZ4FrameDescriptor(input, at: position)
            else { return nil }
            frames += 1
            position += frame.headerLength
            let checksumLength = frame.blockChecksum ? 4 : 0
            var frameBound = 0
            while true {
                guard input.count - position >= 4 else { return nil }
                let header = LZ4FrameDecoder.readLE32(input, position)
                position += 4
                if header == 0 { break }
                let size = Int(header & 0x7FFF_FFFF)
                guard input.count - position >= size + checksumLength else { return nil }
                position += size + checksumLength
                let blockBound = header & 0x8000_0000 != 0 ? size : min(frame.blockMaximumSize, size * 255)
                frameBound = add(frameBound, blockBound)
            }
            if frame.contentChecksum { position += 4 }
            if let declared = frame.contentSize, declared <= UInt64(Int.max) {
                total = total.map { add($0, Int(declared)) }
                bound = add(bound, min(Int(declared), frameBound))
            } else {
                total = nil
                bound = add(bound, frameBound)
            }
        }
        guard frames > 0, position == input.count else { return nil }
        declaredTotal = total
        upperBound = bound
    }
}
