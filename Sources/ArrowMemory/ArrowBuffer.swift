/// An immutable, shareable range of bytes with an owner that keeps them alive.
///
/// A `ArrowBuffer` is the unit of zero-copy in this package: reading an IPC stream
/// produces arrays whose buffers are `ArrowBuffer` slices of the input, so no value
/// is copied. Slicing never copies either; it only narrows the range.
///
/// All reads are unaligned-safe (the input may start at any address, for example
/// after a 4-byte prefix) and bounds-checked: the checked integer and byte reads
/// return `nil` outside the range instead of trapping; only the `...Unchecked`
/// reads skip the check, for callers that validated the range first.
public struct ArrowBuffer: @unchecked Sendable {
    /// Keeps the memory alive; never mutated after creation.
    public let owner: ByteStorage
    @usableFromInline let base: UnsafeRawPointer
    /// Number of bytes in this buffer.
    public let count: Int

    @inlinable
    init(owner: ByteStorage, base: UnsafeRawPointer, count: Int) {
        self.owner = owner
        self.base = base
        self.count = count
    }

    /// A buffer that views all bytes of `storage`, without copying them.
    ///
    /// - Parameter storage: The memory to view; the buffer keeps it alive.
    public init(storage: ByteStorage) {
        self.init(owner: storage, base: UnsafeRawPointer(storage.base), count: storage.count)
    }

    /// An empty buffer.
    public static let empty = ArrowBuffer(storage: ByteStorage(allocating: 0))

    /// Copies `bytes` into a new buffer of freshly allocated, 64-byte aligned memory.
    ///
    /// - Parameter bytes: The bytes to copy.
    /// - Complexity: O(n) in the number of bytes.
    public init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        let storage = ByteStorage(allocating: bytes.count)
        let target = UnsafeMutableRawBufferPointer(start: storage.base, count: storage.count)
        target.copyBytes(from: bytes)
        self.init(storage: storage)
    }

    /// Makes a buffer of `count` bytes filled by `initialize`.
    ///
    /// The memory is 64-byte aligned and zeroed before `initialize` runs, so bytes
    /// it leaves alone read as 0.
    ///
    /// - Precondition: `count >= 0`, as for `Array(repeating:count:)`: a
    ///   negative count stops the program (in debug and release builds) before
    ///   `initialize` runs.
    /// - Parameters:
    ///   - count: The number of bytes to allocate.
    ///   - initialize: Writes the bytes; the pointer must not escape it.
    /// - Throws: Whatever `initialize` throws (the memory is then released).
    /// - Complexity: O(n) in `count` (zeroing), plus the cost of `initialize`.
    public init(count: Int, initializingWith initialize: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        let storage = ByteStorage(allocating: count)
        try initialize(UnsafeMutableRawBufferPointer(start: storage.base, count: count))
        self.init(storage: storage)
    }

    /// Whether `other` views exactly the same bytes (same address and count), not
    /// merely equal ones.
    ///
    /// - Parameter other: The buffer to compare with.
    /// - Returns: `true` when both start at the same address and have the same count.
    @inlinable
    public func isSameMemory(as other: ArrowBuffer) -> Bool {
        base == other.base && count == other.count
    }

    /// Whether the buffer holds no bytes.
    @inlinable public var isEmpty: Bool { count == 0 }

    /// A zero-copy view of `length` bytes starting at `start`.
    ///
    /// The slice shares this buffer's owner; no bytes are copied.
    ///
    /// - Parameters:
    ///   - start: The offset of the first byte, relative to this buffer.
    ///   - length: The number of bytes in the slice.
    /// - Returns: The slice, or `nil` when `start..<start + length` is not inside
    ///   `0..<count` (including a negative `start` or `length`).
    ///
    /// Named as swift-nio names its bounds-checked accessors: a `get…(at:)` method
    /// reads without consuming and answers `nil` out of range.
    @inlinable
    public func getSlice(at start: Int, length: Int) -> ArrowBuffer? {
        guard start >= 0, length >= 0, start <= count, length <= count - start else { return nil }
        return ArrowBuffer(owner: owner, base: base + start, count: length)
    }

    /// A zero-copy view of the bytes from `start` to the end.
    ///
    /// - Parameter start: The offset of the first byte; `count` gives an empty slice.
    /// - Returns: The slice, or `nil` when `start` is negative or greater than `count`.
    @inlinable
    public func getSlice(from start: Int) -> ArrowBuffer? {
        getSlice(at: start, length: count - start)
    }

    /// Reads a little-endian integer at `offset`, or `nil` when it does not fit.
    ///
    /// The offset need not be aligned.
    ///
    /// - Parameters:
    ///   - offset: The byte offset of the integer's first byte.
    ///   - as: The integer type to read; inferred from context when omitted.
    /// - Returns: The value, or `nil` when `offset` is negative or fewer than
    ///   `MemoryLayout<T>.size` bytes remain from `offset`.
    @inlinable
    public func getInteger<T: FixedWidthInteger>(at offset: Int, as: T.Type = T.self) -> T? {
        guard offset >= 0, offset <= count - MemoryLayout<T>.size else { return nil }
        return T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Reads a little-endian integer at `offset` without a bounds check: the
    /// unchecked form of the checked integer read above, for hot loops whose
    /// bounds were validated once up front.
    ///
    /// The offset need not be aligned.
    ///
    /// - Precondition: the caller has checked `0 <= offset` and
    ///   `offset + MemoryLayout<T>.size <= count`; otherwise memory outside the
    ///   buffer is read (undefined behavior, no trap).
    /// - Parameters:
    ///   - offset: The byte offset of the integer's first byte.
    ///   - as: The integer type to read; inferred from context when omitted.
    /// - Returns: The value.
    @inlinable
    public func getIntegerUnchecked<T: FixedWidthInteger>(at offset: Int, as: T.Type = T.self) -> T {
        T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Reads a byte without a bounds check.
    ///
    /// - Precondition: `0 <= offset < count`, checked by the caller.
    /// - Parameter offset: The byte offset.
    /// - Returns: The byte at `offset`.
    @inlinable
    public func byteUnchecked(at offset: Int) -> UInt8 {
        base.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// The byte at `offset`, or `nil` outside the buffer.
    ///
    /// - Parameter offset: The byte offset; any value is allowed.
    @inlinable
    public subscript(checked offset: Int) -> UInt8? {
        guard offset >= 0, offset < count else { return nil }
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// Calls `body` with a pointer to the bytes, keeping the owner alive meanwhile.
    ///
    /// - Parameter body: Reads the bytes; the pointer must not escape it and the
    ///   bytes must not be written.
    /// - Returns: What `body` returns.
    /// - Throws: Whatever `body` throws.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(owner) {
            try body(UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    /// A copy of the bytes as an array (O(n); use `withUnsafeBytes` to avoid the copy).
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Whether both buffers hold the same bytes (compares content, not addresses).
    ///
    /// - Parameter other: The buffer to compare with.
    /// - Returns: `true` when the counts are equal and every byte matches.
    /// - Complexity: O(n) in the number of bytes.
    public func contentEquals(_ other: ArrowBuffer) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return withUnsafeBytes { a in
            other.withUnsafeBytes { b in
                guard let x = a.baseAddress, let y = b.baseAddress else { return false }
                return Platform.bytesEqual(x, y, count: count)
            }
        }
    }
}

extension ArrowBuffer: CustomStringConvertible {
    /// A short text naming the byte count, for example `ArrowBuffer(16 bytes)`; it
    /// does not show the bytes.
    public var description: String { "ArrowBuffer(\(count) bytes)" }
}
