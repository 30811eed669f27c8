import ArrowMemory

/// Writes one LZ4 frame of 64 KB blocks; a block that does not shrink is stored
/// uncompressed. By default like `lz4.frame.compress(data, store_size=True,
/// content_checksum=True)`: blocks linked when there is more than one, content
/// size (when not empty) and content checksum. `LZ4Frame.Options.arrow` writes
/// what Arrow C++'s IPC codec writes: independent blocks, neither size nor checksum.
enum LZ4FrameEncoder {
    static let blockSize = 64 << 10
    /// BD code of the 64 KB block maximum size.
    static let blockSizeCode: UInt8 = 4

    static func encode(_ input: UnsafeRawBufferPointer, options: LZ4Frame.Options = .init()) -> [UInt8] {
        let count = input.count
        let blockCount = (count + blockSize - 1) / blockSize
        let capacity = 4 + 11 + blockCount * (4 + LZ4BlockEncoder.maximumOutputSize(blockSize)) + 4 + 4
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
            let base = buffer.baseAddress.unsafelyUnwrapped
            HugePageAdvice.adviseFresh(base, count: capacity)
            var out = 0

            func write32(_ value: UInt32) {
                UnsafeMutableRawPointer(base + out).storeBytes(of: value.littleEndian, as: UInt32.self)
                out += 4
            }

            // Header.
            write32(LZ4FrameDescriptor.magic)
            let descriptorStart = out
            var flags: UInt8 = 0x40  // version 01
            if options.contentChecksum { flags |= 0x04 }
            // A single block depends on nothing.
            if blockCount <= 1 || options.independentBlocks { flags |= 0x20 }
            let storeSize = options.contentSize && count > 0
            if storeSize { flags |= 0x08 }
            base[out] = flags
            base[out + 1] = blockSizeCode << 4
            out += 2
            if storeSize {
                UnsafeMutableRawPointer(base + out).storeBytes(of: UInt64(count).littleEndian, as: UInt64.self)
                out += 8
            }
            let descriptor = UnsafeRawBufferPointer(start: base + descriptorStart, count: out - descriptorStart)
            base[out] = UInt8(truncatingIfNeeded: XXH32.hash(descriptor) >> 8)
            out += 1

            // Blocks.
            if let source = input.baseAddress?.assumingMemoryBound(to: UInt8.self) {
                var encoder = LZ4BlockEncoder()
                var start = 0
                while start < count {
                    let end = min(start + blockSize, count)
                    let length = end - start
                    let header = out
                    out += 4
                    let window = options.independentBlocks ? start : 0
                    let compressed = encoder.compress(source, windowStart: window, start: start, end: end, into: base + out)
                    if compressed < length {
                        out = header
                        write32(UInt32(compressed))
                        out += compressed
                    } else {
                        out = header
                        write32(UInt32(length) | 0x8000_0000)
                        UnsafeMutableRawPointer(base + out).copyMemory(from: source + start, byteCount: length)
                        out += length
                    }
                    start = end
                }
            }

            // End mark and content checksum.
            write32(0)
            if options.contentChecksum { write32(XXH32.hash(input)) }
            initializedCount = out
        }
    }
}
