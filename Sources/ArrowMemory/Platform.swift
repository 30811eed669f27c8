// The only file of the package that imports a C library: every system call
// (open, close, read, write, fstat, mmap, munmap, madvise) and the few libc
// helpers the package needs (memcmp, strerror, errno, exit, pthread mutexes) go through here, as
// swift-nio and swift-system keep theirs in one place. Porting to another
// platform means adding a branch here, nowhere else.
#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#else
    #error("Platform.swift has no branch for this platform's C library")
#endif

/// A failed system call: its `errno` and the system's text for it.
package struct PlatformError: Error, Sendable, Equatable, CustomStringConvertible {
    package let code: Int32

    package init(code: Int32) { self.code = code }

    package var description: String { Platform.describe(code) }
}

/// The system calls of the package, each retried on `EINTR` where that applies.
package enum Platform {
    /// The system's text for `errno` value `code`.
    package static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

    private static var lastError: PlatformError { PlatformError(code: errno) }

    /// Opens `path` read-only.
    package static func openForReading(_ path: String) throws(PlatformError) -> Int32 {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw lastError }
        return fd
    }

    /// Creates or truncates `path` for writing (mode 0644).
    package static func openForWriting(_ path: String) throws(PlatformError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw lastError }
        return fd
    }

    package static func close(_ fd: Int32) {
        #if canImport(Darwin)
            _ = Darwin.close(fd)
        #elseif canImport(Glibc)
            _ = Glibc.close(fd)
        #elseif canImport(Musl)
            _ = Musl.close(fd)
        #endif
    }

    /// Reads up to `count` bytes into `buffer`; 0 at the end of input.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) throws(PlatformError) -> Int {
        while true {
            #if canImport(Darwin)
                let n = Darwin.read(fd, buffer, count)
            #elseif canImport(Glibc)
                let n = Glibc.read(fd, buffer, count)
            #elseif canImport(Musl)
                let n = Musl.read(fd, buffer, count)
            #endif
            if n >= 0 { return n }
            if errno != EINTR { throw lastError }
        }
    }

    /// Writes all `count` bytes of `buffer`.
    package static func writeAll(_ fd: Int32, from buffer: UnsafeRawPointer, count: Int) throws(PlatformError) {
        var done = 0
        while done < count {
            #if canImport(Darwin)
                let n = Darwin.write(fd, buffer + done, count - done)
            #elseif canImport(Glibc)
                let n = Glibc.write(fd, buffer + done, count - done)
            #elseif canImport(Musl)
                let n = Musl.write(fd, buffer + done, count - done)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                throw lastError
            }
            done += n
        }
    }

    /// The size of the open file `fd`.
    package static func fileSize(_ fd: Int32) throws(PlatformError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw lastError }
        return Int(info.st_size)
    }

    /// Maps `size` bytes of `fd` read-only and private.
    package static func mapReadOnly(_ fd: Int32, size: Int) throws(PlatformError) -> UnsafeMutableRawPointer {
        guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else { throw lastError }
        return pointer
    }

    package static func unmap(_ pointer: UnsafeMutableRawPointer, size: Int) {
        _ = munmap(pointer, size)
    }

    /// Asks for huge pages on `count` bytes from `start` (page-aligned by the
    /// caller); a hint the kernel may refuse, and nothing where it does not exist.
    package static func adviseHugePages(_ start: UnsafeMutableRawPointer, count: Int) {
        #if os(Linux)
            _ = madvise(start, count, MADV_HUGEPAGE)
        #endif
    }

    /// Whether the `count` bytes at `a` and `b` are equal.
    package static func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        memcmp(a, b, count) == 0
    }

    /// Whether `fd` is a terminal (the command-line tool shows progress only there).
    package static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    /// Ends the process with `status` (for the command-line tool).
    package static func exit(_ status: Int32) -> Never {
        #if canImport(Darwin)
            Darwin.exit(status)
        #elseif canImport(Glibc)
            Glibc.exit(status)
        #elseif canImport(Musl)
            Musl.exit(status)
        #endif
    }
}

/// A mutual-exclusion lock over `pthread_mutex_t`, guarding a value of type
/// `State`.
///
/// The standard library's `Synchronization.Mutex` waits with raw `futex` calls
/// on Linux, which ThreadSanitizer does not see, so every access it guards is
/// reported as a race; a pthread mutex is intercepted and understood. Used for
/// the few process-wide pools (released blocks, Zstandard workspaces).
package final class PlatformLock<State>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var state: State

    package init(_ state: State) {
        self.state = state
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the lock held and the state to read and change.
    package func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
