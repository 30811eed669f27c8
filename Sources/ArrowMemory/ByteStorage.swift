/// Owns a contiguous block of memory and releases it when the last
/// `ArrowBuffer` that views it goes away.
///
/// The memory is never written after the owner hands it out, which is what
/// makes sharing it across threads sound.
public final class ByteStorage: @unchecked Sendable {
    /// First byte of the block (a valid, non-null pointer even when `count` is 0).
    public let base: UnsafeMutableRawPointer
    /// Number of bytes in the block.
    public let count: Int
    private let release: Release

    private enum Release {
        case deallocate
        /// Back to `BlockRecycler` as a block of `size` bytes.
        case recycle(size: Int)
        case unmap(length: Int)
        case keep(AnyObject)
    }

    /// Allocates `count` zeroed bytes, 64-byte aligned as Arrow recommends.
    ///
    /// - Precondition: `count >= 0`, as for `Array(repeating:count:)`: a
    ///   negative count stops the program, in debug and release builds.
    /// - Parameter count: The number of bytes; 0 is allowed (one byte is still
    ///   allocated so `base` is never null).
    /// - Complexity: O(n) in `count` (zeroing).
    public init(allocating count: Int) {
        precondition(count >= 0, "ByteStorage: negative byte count \(count)")
        let size = max(count, 1)
        base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        self.count = count
        release = .deallocate
    }

    /// Allocates `count` bytes, 64-byte aligned, without initializing them: the
    /// caller must write every byte before handing the storage out.
    ///
    /// Blocks of 64 KiB to 16 MiB come from, and go back to, a small pool of
    /// recently released blocks (see ``recycledMemoryLimit``), so decoding
    /// batch after batch reuses mapped memory instead of faulting in new pages.
    ///
    /// - Precondition: `count >= 0`, as for `Array(repeating:count:)`: a
    ///   negative count stops the program, in debug and release builds.
    /// - Parameter count: The number of bytes; 0 is allowed.
    public init(allocatingUninitialized count: Int) {
        precondition(count >= 0, "ByteStorage: negative byte count \(count)")
        self.count = count
        if let size = BlockRecycler.recycledSize(count) {
            release = .recycle(size: size)
            if let block = BlockRecycler.take(size: size) {
                base = block
                return
            }
            base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        } else {
            release = .deallocate
            base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
        }
        HugePageAdvice.adviseFresh(base, count: count)
    }

    /// The most bytes of released 64 KiB-16 MiB blocks kept for reuse by
    /// ``init(allocatingUninitialized:)``, process-wide; 64 MiB by default.
    ///
    /// Setting it frees the kept blocks beyond the new limit; 0 frees them all
    /// and turns reuse off. Most recently released blocks are reused first and
    /// the oldest are freed first, as jemalloc (pyarrow's allocator) keeps
    /// recently freed pages.
    public static var recycledMemoryLimit: Int {
        get { BlockRecycler.limit }
        set { BlockRecycler.limit = newValue }
    }

    /// Bytes of released blocks kept for reuse right now (at most
    /// ``recycledMemoryLimit``).
    public static var recycledMemoryBytes: Int { BlockRecycler.keptBytes }

    /// Views memory that `keeper` owns; it is kept alive as long as this storage.
    ///
    /// Nothing is copied and nothing is freed by this storage.
    ///
    /// - Precondition: `count >= 0`; a negative count stops the program, in
    ///   debug and release builds.
    /// - Parameters:
    ///   - unsafeBase: The first byte; must stay valid while `keeper` lives.
    ///   - count: The number of bytes at `unsafeBase`.
    ///   - keeper: The object that owns the memory; retained by this storage.
    public init(unsafeBase: UnsafeMutableRawPointer, count: Int, keeping keeper: AnyObject) {
        precondition(count >= 0, "ByteStorage: negative byte count \(count)")
        base = unsafeBase
        self.count = count
        release = .keep(keeper)
    }

    private init(mapped: UnsafeMutableRawPointer, count: Int) {
        base = mapped
        self.count = count
        release = .unmap(length: count)
    }

    deinit {
        switch release {
        case .deallocate: base.deallocate()
        case .recycle(let size): BlockRecycler.give(base, size: size)
        case .unmap(let length): Platform.unmap(base, size: length)
        case .keep: break
        }
    }

    /// Maps the file at `path` read-only into memory. Opening costs no reads:
    /// pages are loaded when first touched, so a file larger than RAM can be
    /// opened and only the parts used are read.
    ///
    /// The mapping is private and read-only; it is unmapped when the storage is
    /// released. An empty file gives an empty, allocated storage. If another
    /// process truncates the file while it is mapped, touching the lost pages
    /// kills the process (SIGBUS); use `readFile(atPath:)` for files that may change.
    ///
    /// - Parameter path: The file's path.
    /// - Returns: Storage that views the mapped file.
    /// - Throws: `ByteStorageError.cannotOpen` when the file cannot be opened or
    ///   its size read (`fstat`), `.cannotMap` when `mmap` fails; each carries the
    ///   path and `errno`.
    public static func mapFile(atPath path: String) throws(ByteStorageError) -> ByteStorage {
        let fd: Int32
        let size: Int
        do throws(PlatformError) {
            fd = try Platform.openForReading(path)
        } catch {
            throw .cannotOpen(path: path, errno: error.code)
        }
        defer { Platform.close(fd) }
        do throws(PlatformError) {
            size = try Platform.fileSize(fd)
        } catch {
            throw .cannotOpen(path: path, errno: error.code)
        }
        if size == 0 { return ByteStorage(allocating: 0) }
        do throws(PlatformError) {
            return ByteStorage(mapped: try Platform.mapReadOnly(fd, size: size), count: size)
        } catch {
            throw .cannotMap(path: path, errno: error.code)
        }
    }

    /// Reads the whole file at `path` into memory.
    ///
    /// Reads until end of file, so it also works for pipes and files whose size
    /// `fstat` does not report; the result holds exactly the bytes read.
    ///
    /// - Parameter path: The file's path.
    /// - Returns: Newly allocated storage holding the file's bytes.
    /// - Throws: `ByteStorageError.cannotOpen` when the file cannot be opened or
    ///   its size read, `.cannotRead` when a `read` call fails; each carries the
    ///   path and `errno`.
    /// - Complexity: O(n) in the file size.
    public static func readFile(atPath path: String) throws(ByteStorageError) -> ByteStorage {
        let fd: Int32
        let size: Int
        do throws(PlatformError) {
            fd = try Platform.openForReading(path)
        } catch {
            throw .cannotOpen(path: path, errno: error.code)
        }
        defer { Platform.close(fd) }
        do throws(PlatformError) {
            size = try Platform.fileSize(fd)
        } catch {
            throw .cannotOpen(path: path, errno: error.code)
        }
        // Nothing is zeroed: only bytes that `read` filled are ever kept. A
        // regular file fills exactly its `fstat` size, and a one-byte probe
        // then confirms the end without growing the buffer.
        var capacity = max(size, 4096)
        var storage = ByteStorage(allocatingUninitialized: capacity)
        var filled = 0
        while true {
            let n: Int
            do throws(PlatformError) {
                if filled == capacity {
                    var probe: UInt8 = 0
                    guard try Platform.read(fd, into: &probe, count: 1) == 1 else { break }
                    let bigger = ByteStorage(allocatingUninitialized: capacity * 2)
                    bigger.base.copyMemory(from: storage.base, byteCount: filled)
                    bigger.base.storeBytes(of: probe, toByteOffset: filled, as: UInt8.self)
                    storage = bigger
                    capacity *= 2
                    filled += 1
                    continue
                }
                n = try Platform.read(fd, into: storage.base + filled, count: capacity - filled)
            } catch {
                throw .cannotRead(path: path, errno: error.code)
            }
            if n == 0 { break }
            filled += n
        }
        if filled == capacity { return storage }
        let exact = ByteStorage(allocatingUninitialized: filled)
        exact.base.copyMemory(from: storage.base, byteCount: filled)
        return exact
    }
}

/// Why a file could not be turned into bytes.
public enum ByteStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `open` or `fstat` failed for `path` with `errno`.
    case cannotOpen(path: String, errno: Int32)
    /// `mmap` failed for `path` with `errno`.
    case cannotMap(path: String, errno: Int32)
    /// A `read` call failed for `path` with `errno`.
    case cannotRead(path: String, errno: Int32)

    /// The failed step, the path and the system's text for `errno`.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let e): return "cannot open \(path): \(Platform.describe(e))"
        case .cannotMap(let path, let e): return "cannot map \(path): \(Platform.describe(e))"
        case .cannotRead(let path, let e): return "cannot read \(path): \(Platform.describe(e))"
        }
    }
}
