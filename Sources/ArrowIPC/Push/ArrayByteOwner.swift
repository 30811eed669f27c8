import ArrowMemory

/// Keeps a byte array alive so a `ArrowBuffer` can view its elements without a
/// copy. The array is held in a `let` and never mutated, so its contiguous
/// storage stays where it is for the owner's lifetime.
final class ArrayByteOwner: Sendable {
    let bytes: ArraySlice<UInt8>

    private init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// A buffer viewing `bytes` in place.
    static func buffer(_ bytes: ArraySlice<UInt8>) -> ArrowBuffer {
        guard !bytes.isEmpty else { return .empty }
        let owner = ArrayByteOwner(bytes)
        let base = owner.bytes.withUnsafeBytes { $0.baseAddress }
        guard let base else { return ArrowBuffer(copying: bytes) }
        let storage = ByteStorage(unsafeBase: UnsafeMutableRawPointer(mutating: base), count: bytes.count, keeping: owner)
        return ArrowBuffer(storage: storage)
    }
}
