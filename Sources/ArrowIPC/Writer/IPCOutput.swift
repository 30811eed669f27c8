import ArrowMemory

/// Where a writer puts its bytes.
public protocol IPCOutput: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws(ArrowError)
}

/// Collects written bytes in memory. `removeAll(keepingCapacity: true)` lets one
/// output be reused for many streams without allocating (and faulting in) new
/// memory each time.
public final class MemoryOutput: IPCOutput {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        guard let source = chunk.baseAddress, chunk.count > 0 else { return }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: chunk.count))
        bytes.withUnsafeMutableBytes { target in
            target.baseAddress.map { ($0 + start).copyMemory(from: source, byteCount: chunk.count) }
        }
    }

    /// Forgets the bytes written so far.
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
/// advised; nothing changes for small outputs or where the call is refused.
/// Public for the other targets that fill large fresh arrays (ArrowTensor).
public func adviseHugePages(_ start: UnsafeMutableRawPointer, count: Int) {
    #if os(Linux)
    let huge = 2 << 20
    guard count >= 4 * huge else { return }
    let address = Int(bitPattern: start)
    let first = (address + huge - 1) & ~(huge - 1)
    let end = (address + count) & ~(huge - 1)
    guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
    Platform.adviseHugePages(aligned, count: end - first)
    #endif
}

/// Counts bytes without keeping them; used to size a `MemoryOutput` exactly.
public final class CountingOutput: IPCOutput {
    public private(set) var count: Int = 0

    public init() {}

    public func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        count += chunk.count
    }
}

/// Writes to a file descriptor (a file, pipe or socket).
public final class FileDescriptorOutput: IPCOutput {
    public let fileDescriptor: Int32
    private let closeOnDeinit: Bool

    public init(fileDescriptor: Int32, closeOnDeinit: Bool = false) {
        self.fileDescriptor = fileDescriptor
        self.closeOnDeinit = closeOnDeinit
    }

    /// Creates (or truncates) the file at `path`.
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

    public func write(_ chunk: UnsafeRawBufferPointer) throws(ArrowError) {
        guard let base = chunk.baseAddress else { return }
        do throws(PlatformError) {
            try Platform.writeAll(fileDescriptor, from: base, count: chunk.count)
        } catch {
            throw ArrowError(.io, "write failed: \(error)")
        }
    }
}
