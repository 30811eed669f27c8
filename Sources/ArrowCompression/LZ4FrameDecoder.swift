/// Decodes a sequence of LZ4 frames (and skippable frames) into an output
/// buffer.
enum LZ4FrameDecoder {
    /// Decodes every frame of `input` into `output`.
    static func decodeFrames(_ input: UnsafeRawBufferPointer, into output: inout LZ4OutputBuffer) throws(CompressionError) {
        guard input.count > 0 else {
            throw LZ4Error.make("empty input: no frame", offset: 0)
        }
        var position = 0
        while position < input.count {
            guard input.count - position >= 4 else {
                throw LZ4Error.make("truncated magic number", offset: position)
            }
            let magic = readLE32(input, position)
            if magic == LZ4FrameDescriptor.magic {
                position = try decodeFrame(input, at: position, into: &output)
            } else if magic & LZ4FrameDescriptor.skippableMagicMask == LZ4FrameDescriptor.skippableMagic {
                guard input.count - position >= 8 else {
                    throw LZ4Error.make("truncated skippable frame size", offset: position + 4)
                }
                let size = Int(readLE32(input, position + 4))
                guard size <= input.count - position - 8 else {
                    throw LZ4Error.make("skippable frame of \(size) bytes runs past the end of the input", offset: position + 4)
                }
                position += 8 + size
            } else if magic == LZ4FrameDescriptor.legacyMagic {
                throw LZ4Error.make("legacy frame format not supported", offset: position)
            } else {
                throw LZ4Error.make(
                    "bad magic number 0x\(String(magic, radix: 16, uppercase: true))", offset: position)
            }
        }
    }

    @inline(__always)
    static func readLE32(_ input: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        input.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
    }

    /// Decodes the frame whose magic number is at `start`; returns the offset
    /// just past it.
    static func decodeFrame(
        _ input: UnsafeRawBufferPointer, at start: Int, into output: inout LZ4OutputBuffer
    ) throws(CompressionError) -> Int {
        let frame = try LZ4FrameDescriptor(input, at: start)
        var position = start + frame.headerLength
        let frameStart = output.count

        // The frame may produce at most this many bytes, and why.
        var frameMaximum = output.remaining
        var frameBound = output.maximumBound
        if let declared = frame.contentSize {
            guard declared <= UInt64(output.remaining) else {
                throw LZ4Error.make(
                    "declared content size \(declared) exceeds the \(output.maximumBound == .limit ? "limit" : "expected size") (\(output.remaining) bytes left)",
                    offset: start + 6)
            }
            // Each input byte decodes to at most 255 bytes.
            let remainingInput = input.count - position
            guard declared / 255 <= UInt64(remainingInput) else {
                throw LZ4Error.make(
                    "declared content size \(declared) is more than \(remainingInput) bytes of input can decode to",
                    offset: start + 6)
            }
            frameMaximum = Int(declared)
            frameBound = .contentSize
            try output.reserve(frameMaximum, inputOffset: start + 6)
        }

        var checksum = frame.contentChecksum ? XXH32State() : nil
        let checksumLength = frame.blockChecksum ? 4 : 0
        while true {
            guard input.count - position >= 4 else {
                throw LZ4Error.make("truncated block size", offset: position)
            }
            let header = readLE32(input, position)
            position += 4
            if header == 0 { break }
            let stored = header & 0x8000_0000 != 0
            let size = Int(header & 0x7FFF_FFFF)
            guard size <= frame.blockMaximumSize else {
                throw LZ4Error.make(
                    "block of \(size) bytes exceeds the block maximum size \(frame.blockMaximumSize)",
                    offset: position - 4)
            }
            guard input.count - position >= size + checksumLength else {
                throw LZ4Error.make("block of \(size) bytes runs past the end of the input", offset: position)
            }
            let block = UnsafeRawBufferPointer(rebasing: input[position..<position + size])
            if frame.blockChecksum {
                let expected = readLE32(input, position + size)
                guard XXH32.hash(block) == expected else {
                    throw LZ4Error.make("block checksum mismatch", offset: position + size)
                }
            }

            let produced = output.count - frameStart
            let blockStart = output.count
            if stored {
                guard size <= frameMaximum - produced else {
                    throw LZ4Error.make(frameBound.reason, offset: position)
                }
                try output.reserve(size, inputOffset: position)
                if size > 0, let source = block.baseAddress {
                    UnsafeMutableRawPointer(output.base + blockStart).copyMemory(from: source, byteCount: size)
                }
                output.count += size
            } else {
                let room: Int
                let bound: LZ4OutputBound
                if frame.blockMaximumSize <= frameMaximum - produced {
                    room = frame.blockMaximumSize
                    bound = .blockMaximum
                } else {
                    room = frameMaximum - produced
                    bound = frameBound
                }
                try output.reserve(room, inputOffset: position)
                let target = LZ4BlockDecoder.Target(
                    output: output.base, start: blockStart, end: blockStart + room, bound: bound,
                    writable: output.capacity, windowStart: frame.blocksIndependent ? blockStart : frameStart)
                output.count += try LZ4BlockDecoder.decode(input, blockStart: position, blockCount: size, into: target)
            }
            if checksum != nil {
                checksum?.update(UnsafeRawBufferPointer(start: output.base + blockStart, count: output.count - blockStart))
            }
            position += size + checksumLength
        }

        if let state = checksum {
            guard input.count - position >= 4 else {
                throw LZ4Error.make("truncated content checksum", offset: position)
            }
            guard state.digest() == readLE32(input, position) else {
                throw LZ4Error.make("content checksum mismatch", offset: position)
            }
            position += 4
        }
        if let declared = frame.contentSize, UInt64(output.count - frameStart) != declared {
            throw LZ4Error.make(
                "frame decodes to \(output.count - frameStart) bytes but declares \(declared)", offset: position)
        }
        return position
    }
}
