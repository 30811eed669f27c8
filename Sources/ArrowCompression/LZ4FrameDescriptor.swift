/// The header of an LZ4 frame: magic number and frame descriptor (FLG, BD,
/// optional content size and dictionary ID, header checksum).
struct LZ4FrameDescriptor {
    static let magic: UInt32 = 0x184D_2204
    static let skippableMagicMask: UInt32 = 0xFFFF_FFF0
    static let skippableMagic: UInt32 = 0x184D_2A50
    static let legacyMagic: UInt32 = 0x184C_2102

    /// Block maximum sizes by BD code 4...7.
    static func blockMaximumSize(code: Int) -> Int? {
        switch code {
        case 4: 64 << 10
        case 5: 256 << 10
        case 6: 1 << 20
        case 7: 4 << 20
        default: nil
        }
    }

    var blocksIndependent: Bool
    var blockChecksum: Bool
    var contentChecksum: Bool
    /// The declared content size; nil when absent or zero (zero means
    /// "unknown", as the reference decoder reads it).
    var contentSize: UInt64?
    var blockMaximumSize: Int
    /// Bytes from the magic number through the header checksum.
    var headerLength: Int

    /// Reads the header starting at `start` (the magic number, already
    /// checked by the caller).
    init(_ input: UnsafeRawBufferPointer, at start: Int) throws(CompressionError) {
        let descriptor = start + 4
        guard input.count - descriptor >= 3 else {
            throw LZ4Error.make("truncated frame descriptor", offset: min(descriptor, input.count))
        }
        let flags = input[descriptor]
        let bd = input[descriptor + 1]
        guard flags >> 6 == 1 else {
            throw LZ4Error.make("unsupported frame version \(flags >> 6)", offset: descriptor)
        }
        guard flags & 0x02 == 0 else {
            throw LZ4Error.make("reserved FLG bit is set", offset: descriptor)
        }
        guard flags & 0x01 == 0 else {
            throw LZ4Error.make("dictionaries not supported", offset: descriptor)
        }
        guard bd & 0x8F == 0 else {
            throw LZ4Error.make("reserved BD bits are set", offset: descriptor + 1)
        }
        guard let maximum = Self.blockMaximumSize(code: Int(bd >> 4)) else {
            throw LZ4Error.make("invalid block maximum size code \(bd >> 4)", offset: descriptor + 1)
        }
        blocksIndependent = flags & 0x20 != 0
        blockChecksum = flags & 0x10 != 0
        contentChecksum = flags & 0x04 != 0
        blockMaximumSize = maximum
        let hasContentSize = flags & 0x08 != 0

        let descriptorLength = 2 + (hasContentSize ? 8 : 0)
        guard input.count - descriptor >= descriptorLength + 1 else {
            throw LZ4Error.make("truncated frame descriptor", offset: input.count)
        }
        if hasContentSize {
            let size = input.loadUnaligned(fromByteOffset: descriptor + 2, as: UInt64.self).littleEndian
            contentSize = size == 0 ? nil : size
        } else {
            contentSize = nil
        }
        let expected = input[descriptor + descriptorLength]
        let actual = UInt8(
            truncatingIfNeeded: XXH32.hash(
                UnsafeRawBufferPointer(rebasing: input[descriptor..<descriptor + descriptorLength])) >> 8)
        guard expected == actual else {
            throw LZ4Error.make("header checksum mismatch", offset: descriptor + descriptorLength)
        }
        headerLength = 4 + descriptorLength + 1
    }
}
