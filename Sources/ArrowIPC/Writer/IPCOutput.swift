import ArrowMemory

/// Where a writer puts its bytes. Conform to it to send the bytes elsewhere
/// (a socket wrapper, a hash); writers call `write(_:)` in stream order.
public protocol IPCOutput: AnyObject {
    /// Takes the next bytes of the output. The pointer is valid only during the
    /// call: copy what must be kept.
    /// - Parameter bytes: The bytes, possibly empty.
    /// - Throws: `ArrowError` when the bytes cannot be taken; the writer passes it on.
    func write(_ bytes: UnsafeRawBufferPointer) throws(ArrowError)
}

/// Collects written bytes in memory. `removeAll(keepingCapacity: true)` lets one
/// output be reused for many streams without allocating (and faulting in) new
/// memory each time. Not `Sendable`.
public final class MemoryOutput: IPCOutput {
    /// Everything written since creation or the last `removeAll(keepingCapacity:)`.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty output.
    /// - Parameter capacity: Bytes to reserve up front; 0 by default.
    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends `chunk` to `bytes`. Never throws.
    /// - Parameter chunk: The bytes to append.
    /// - Throws: Never; the signature is the protocol's.
    public func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        guard let source = chunk.baseAddress, chunk.count > 0 else { return }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: chunk.count))
        bytes.withUnsafeMutableBytes { target in
            target.baseAddress.map { ($0 + start).copyMemory(from: source, byteCount: chunk.count) }
        }
    }

    /// Forgets the bytes written so far.
    /// - Parameter keepingCapacity: Whether to keep the allocated memory for
    ///   reuse; `false` by default.
    public func removeAll(keepingCapacity: Bool = false) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }
}

/// Writes into memory the caller allocated; refuses to write past its end.
final class PointerOutput: IPCOutput {
    let base: UnsafeMutableRawPointer
    let capacity: Int
    private(set) var count = 0

    init(base: UnsafeMutableRawPointer, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        guard chunk.count <= capacity - count else {
            throw ArrowError(.invalidArgument, "output larger than counted (\(capacity) bytes)")
        }
        if let source = chunk.baseAddress, chunk.count > 0 { (base + count).copyMemory(from: source, byteCount: chunk.count) }
        count += chunk.count
    }

    /// Runs `write` twice: once to count the bytes, once into an array of exactly that size.
    static func exactBytes(_ write: (IPCOutput) throws(ArrowError) -> Void) throws(ArrowError) -> [UInt8] {
        let counter = CountingOutput()
        try write(counter)
        var failure: ArrowError? = nil
        let bytes = [UInt8](unsafeUninitializedCapacity: counter.count) { buffer, initialized in
            guard let start = buffer.baseAddress else { return }
            adviseHugePages(UnsafeMutableRawPointer(start), count: counter.count)
            let out = PointerOutput(base: UnsafeMutableRawPointer(start), capacity: counter.count)
            do throws(ArrowError) {
                try write(out)
                if out.count != counter.count { failure = ArrowError(.invalidArgument, "output smaller than counted") }
            } catch {
                failure = error
            }
            initialized = failure == nil ? out.count : 0
        }
        if let failure { throw failure }
        return bytes
    }
}

/// Asks the kernel to back a large fresh output with huge pages where it allows
/// that on request (`madvise` mode): writing 34 MB then takes a few dozen page
/// faults instead of thousands. Only whole 2 MiB pages inside the block are
/// advised; nothing changes for small outputs (under 8 MiB), on other systems
/// than Linux, or where the call is refused.
/// Public for the other targets that fill large fresh arrays (ArrowTensor).
/// - Parameters:
///   - start: Start of memory just allocated and not yet written.
///   - count: Its size in bytes.
public func adviseHugePages(_ start: UnsafeMutableRawPointer, count: Int) {
    HugePageAdvice.adviseFresh(start, count: count)
}

/// Counts bytes without keeping them; used to size an output exactly before
/// writing (`StreamWriter.bytes` runs a writer over it first). Not `Sendable`.
public final class CountingOutput: IPCOutput {
    /// Bytes written so far.
    public private(set) var count: Int = 0

    /// Creates a counter at 0.
    public init() {}

    /// Adds the size of `chunk` to `count`. Never throws.
    /// - Parameter chunk: The bytes to count.
    /// - Throws: Never; the signature is the protocol's.
    public func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        count += chunk.count
    }
}

/// Writes to a file descriptor (a file, pipe or socket), each `write` call
/// straight through (no buffering). Not `Sendable`.
public final class FileDescriptorOutput: IPCOutput {
    /// The descriptor written to.
    public let fileDescriptor: Int32
    private let closeOnDeinit: Bool

    /// Writes to `fileDescriptor`; closes it when done if `closeOnDeinit`.
    /// - Parameters:
    ///   - fileDescriptor: An open descriptor to write to.
    ///   - closeOnDeinit: Whether to close it when this output is released;
    ///     `false` by default.
    public init(fileDescriptor: Int32, closeOnDeinit: Bool = false) {
        self.fileDescriptor = fileDescriptor
        self.closeOnDeinit = closeOnDeinit
    }

    /// Creates (or truncates) the file at `path`; it is closed when this output
    /// is released.
    /// - Parameter path: Path of the file.
    /// - Throws: `ArrowError` of kind `.io` when the file cannot be created.
    public convenience init(path: String) throws(ArrowError) {
        let fd: Int32
        do throws(PlatformError) {
            fd = try Platform.openForWriting(path)
        } catch {
            throw ArrowError(.io, "cannot create \(path): \(error)")
        }
        self.init(fileDescriptor: fd, closeOnDeinit: true)
    }

    deinit { if closeOnDeinit { Platform.close(fileDescriptor) } }

    /// Writes all of `chunk`, retrying short writes.
    /// - Parameter chunk: The bytes to write.
    /// - Throws: `ArrowError` of kind `.io` when `write` fails.
    public func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        guard let base = chunk.baseAddress else { return }
        do throws(PlatformError) {
            try Platform.writeAll(fileDescriptor, from: base, count: chunk.count)
        } catch {
            throw ArrowError(.io, "write failed: \(error)")
        }
    }
}
