import ArrowMemory

/// Where a stream reader gets its bytes: a buffer in memory (zero-copy slices)
/// or a file descriptor (a pipe, socket or file read message by message).
public protocol ByteSource {
    /// The next `count` bytes, fewer only at the end of input.
    mutating func read(_ count: Int) throws(ArrowError) -> ArrowBuffer
    /// Bytes consumed so far.
    var position: Int { get }
}

/// Reads from a buffer in memory; every read is a zero-copy slice, so the cost of
/// a message does not depend on how much of the stream follows it.
public struct BufferSource: ByteSource {
    public let buffer: ArrowBuffer
    public private(set) var position: Int = 0

    public init(_ buffer: ArrowBuffer) { self.buffer = buffer }

    public mutating func read(_ count: Int) throws(ArrowError) -> ArrowBuffer {
        let n = min(max(count, 0), buffer.count - position)
        let slice = buffer.getSlice(at: position, length: n) ?? .empty
        position += n
        return slice
    }
}

/// Reads from a file descriptor. Memory grows with what actually arrives, not with
/// what a (possibly lying) length field claims, so a short hostile input cannot
/// make the reader allocate without bound.
public final class FileDescriptorSource: ByteSource {
    public let fileDescriptor: Int32
    private let closeOnDeinit: Bool
    public private(set) var position: Int = 0

    /// Reads `fileDescriptor`; closes it when done if `closeOnDeinit`.
    public init(fileDescriptor: Int32, closeOnDeinit: Bool = false) {
        self.fileDescriptor = fileDescriptor
        self.closeOnDeinit = closeOnDeinit
    }

    /// Opens the file at `path` for reading.
    public convenience init(path: String) throws(ArrowError) {
        let fd: Int32
        do throws(PlatformError) {
            fd = try Platform.openForReading(path)
        } catch {
            throw ArrowError(.io, "cannot open \(path): \(error)")
        }
        self.init(fileDescriptor: fd, closeOnDeinit: true)
    }

    deinit {
        if closeOnDeinit { Platform.close(fileDescriptor) }
    }

    public func read(_ count: Int) throws(ArrowError) -> ArrowBuffer {
        guard count > 0 else { return .empty }
        let chunk = 1 << 20
        var capacity = min(count, chunk)
        var storage = ByteStorage(allocating: capacity)
        var filled = 0
        while filled < count {
            if filled == capacity {
                let grown = min(count, capacity * 2)
                let bigger = ByteStorage(allocating: grown)
                bigger.base.copyMemory(from: storage.base, byteCount: filled)
                storage = bigger
                capacity = grown
            }
            let n: Int
            do throws(PlatformError) {
                n = try Platform.read(fileDescriptor, into: storage.base + filled, count: capacity - filled)
            } catch {
                throw ArrowError(.io, "read failed: \(error)", byteOffset: position + filled)
            }
            if n == 0 { break }
            filled += n
        }
        position += filled
        return ArrowBuffer(storage: storage).getSlice(at: 0, length: filled) ?? .empty
    }
}
