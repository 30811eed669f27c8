/// An immutable, shareable range of bytes with an owner that keeps them alive.
///
/// A `ArrowBuffer` is the unit of zero-copy in this package: reading an IPC stream
/// produces arrays whose buffers are `ArrowBuffer` slices of the input, so no value
/// is copied. Slicing never copies either; it only narrows the range.
///
/// All reads are unaligned-safe (the input may start at any address, for example
/// after a 4-byte prefix) and bounds-checked: the `read...` methods return `nil`
/// outside the range instead of trapping.
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

    /// A buffer that views all bytes of `storage`.
    public init(storage: ByteStorage) {
        self.init(owner: storage, base: UnsafeRawPointer(storage.base), count: storage.count)
    }

    /// An empty buffer.
    public static let empty = ArrowBuffer(storage: ByteStorage(allocating: 0))

    /// Copies `bytes` into a new buffer.
    public init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        let storage = ByteStorage(allocating: bytes.count)
        let target = UnsafeMutableRawBufferPointer(start: storage.base, count: storage.count)
        target.copyBytes(from: bytes)
        self.init(storage: storage)
    }

    /// Makes a buffer of `count` bytes filled by `initialize`.
    public init(count: Int, initializingWith initialize: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        let storage = ByteStorage(allocating: count)
        try initialize(UnsafeMutableRawBufferPointer(start: storage.base, count: count))
        self.init(storage: storage)
    }

    /// Whether `other` views exactly the same bytes (same address and count), not
    /// merely equal ones.
    @inlinable
    public func isSameMemory(as other: ArrowBuffer) -> Bool {
        base == other.base && count == other.count
    }

    /// Whether the buffer holds no bytes.
    @inlinable public var isEmpty: Bool { count == 0 }

    /// A zero-copy view of `length` bytes starting at byte `start`, or `nil` when
    /// `start..<start + length` is not inside `0..<count`.
    ///
    /// Named as swift-nio names its bounds-checked accessors: a `get…(at:)` method
    /// reads without consuming and answers `nil` out of range.
    @inlinable
    public func getSlice(at start: Int, length: Int) -> ArrowBuffer? {
        guard start >= 0, length >= 0, start <= count, length <= count - start else { return nil }
        return ArrowBuffer(owner: owner, base: base + start, count: length)
    }

    /// The bytes from `start` to the end, or `nil` when `start` is out of range.
    @inlinable
    public func getSlice(from start: Int) -> ArrowBuffer? {
        getSlice(at: start, length: count - start)
    }

    /// Reads a little-endian integer at `offset`, or `nil` when it does not fit.
    @inlinable
    public func getInteger<T: FixedWidthInteger>(at offset: Int, as: T.Type = T.self) -> T? {
        guard offset >= 0, offset <= count - MemoryLayout<T>.size else { return nil }
        return T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Reads a little-endian integer at `offset` without a bounds check.
    ///
    /// - Precondition: the caller has checked `0 <= offset` and
    ///   `offset + MemoryLayout<T>.size <= count`.
    @inlinable
    public func getIntegerUnchecked<T: FixedWidthInteger>(at offset: Int, as: T.Type = T.self) -> T {
        T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Reads a byte without a bounds check (same precondition as `getIntegerUnchecked`).
    @inlinable
    public func byteUnchecked(at offset: Int) -> UInt8 {
        base.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// The byte at `offset`, or `nil` outside the buffer.
    @inlinable
    public subscript(checked offset: Int) -> UInt8? {
        guard offset >= 0, offset < count else { return nil }
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// Calls `body` with a pointer to the bytes. The pointer must not escape `body`.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(owner) {
            try body(UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    /// A copy of the bytes as an array.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Whether both buffers hold the same bytes.
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
    public var description: String { "ArrowBuffer(\(count) bytes)" }
}
