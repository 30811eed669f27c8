import ArrowMemory

/// Where a stream reader gets its bytes: a buffer in memory (zero-copy slices)
/// or a file descriptor (a pipe, socket or file read message by message).
///
/// Conform to it to feed a `StreamReader` from elsewhere; for bytes that
/// arrive in chunks you do not pull, `StreamDecoder` is usually simpler.
public protocol ByteSource {
    /// The next `count` bytes, fewer only at the end of input.
    /// - Parameter count: How many bytes the reader needs next.
    /// - Returns: Up to `count` bytes; fewer (possibly none) means the input ended.
    /// - Throws: `ArrowError` (usually of kind `.io`) when reading fails.
    mutating func read(_ count: Int) throws(ArrowError) -> ArrowBuffer
    /// Bytes consumed so far.
    var position: Int { get }
}

/// Reads from a buffer in memory; every read is a zero-copy slice, so the cost of
/// a message does not depend on how much of the stream follows it.
public struct BufferSource: ByteSource {
    /// The whole input.
    public let buffer: ArrowBuffer
    /// Bytes consumed so far.
    public private(set) var position: Int = 0

    /// Reads `buffer` from its start.
    /// - Parameter buffer: The input.
    public init(_ buffer: ArrowBuffer) { self.buffer = buffer }

    /// The next `count` bytes as a slice of `buffer` (fewer at its end). Never
    /// throws; a negative `count` reads nothing.
    /// - Parameter count: Bytes wanted.
    /// - Returns: A zero-copy slice of at most `count` bytes.
    /// - Throws: Never; the signature is the protocol's.
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
    /// The descriptor read from.
    public let fileDescriptor: Int32
    private let closeOnDeinit: Bool
    /// Bytes consumed so far.
    public private(set) var position: Int = 0

    /// Reads `fileDescriptor`; closes it when done if `closeOnDeinit`.
    /// - Parameters:
    ///   - fileDescriptor: An open descriptor to read from.
    ///   - closeOnDeinit: Whether to close it when this source is released;
    ///     `false` by default.
    public init(fileDescriptor: Int32, closeOnDeinit: Bool = false) {
        self.fileDescriptor = fileDescriptor
        self.closeOnDeinit = closeOnDeinit
    }

    /// Opens the file at `path` for reading; it is closed when this source is released.
    /// - Parameter path: Path of the file.
    /// - Throws: `ArrowError` of kind `.io` when the file cannot be opened.
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

    /// Reads until `count` bytes arrived or the input ended, retrying short reads.
    /// The buffer starts at 1 MiB at most and doubles as bytes arrive, so a
    /// claimed length larger than the input costs only what arrives.
    /// - Parameter count: Bytes wanted.
    /// - Returns: A new buffer of at most `count` bytes; fewer means end of input.
    /// - Throws: `ArrowError` of kind `.io` when `read` fails, with `byteOffset`
    ///   where it failed.
    /// - Complexity: O(*n*) in the bytes read, plus copies when the buffer grows.
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
