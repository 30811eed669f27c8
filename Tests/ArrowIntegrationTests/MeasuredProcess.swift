import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command as a child process and reports how it ended and its peak
/// resident memory. The child runs under an address-space limit, in its own
/// process group (a timeout kills all of it), so a regression fails the test
/// instead of the machine.
///
/// Peak memory comes from GNU time (`/usr/bin/time -f %M`), which forks the
/// command, so the count is the command's own. Without it, from `wait4`'s
/// rusage of the spawned child: Linux starts a process made by `posix_spawn`
/// (a vfork) with its parent's high-water mark, so that figure is an upper
/// bound, max(this test process, the command), reported as such.
struct MeasuredProcess {
    struct Result {
        /// Exit status, or nil when a signal ended the process.
        var exitStatus: Int32?
        var signal: Int32?
        var timedOut: Bool
        /// Peak resident set size in bytes.
        var peakRSS: Int
        /// Whether the executable is built with AddressSanitizer: its shadow memory
        /// makes the peak meaningless and an address-space limit impossible.
        var sanitized: Bool
        var stdout: String
        var stderr: String
    }

    static func run(
        _ executable: String, _ arguments: [String], in directory: URL, timeoutSeconds: Double,
        addressSpaceLimit: Int = 6 << 30
    ) throws -> Result {
        let out = directory.appendingPathComponent("stdout-\(UUID().uuidString)").path
        let err = directory.appendingPathComponent("stderr-\(UUID().uuidString)").path
        let rssFile = directory.appendingPathComponent("rss-\(UUID().uuidString)").path
        let gnuTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        // The shell sets the limit, then exec replaces it.
        let runner = gnuTime ? "exec /usr/bin/time -f %M -o '\(rssFile)' \"$0\" \"$@\"" : "exec \"$0\" \"$@\""
        let sanitized = isSanitized(executable)
        let script = (sanitized ? "" : "ulimit -v \(addressSpaceLimit / 1024) 2>/dev/null; ") + runner
        let argv = ["/bin/sh", "-c", script, executable] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArgs, environ)
        guard spawned == 0 else { throw NSError(domain: "posix_spawn", code: Int(spawned)) }

        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r < 0 && errno != EINTR { throw NSError(domain: "wait4", code: Int(errno)) }
            if Date() > deadline && !timedOut {
                timedOut = true
                kill(-pid, SIGKILL)
            }
            usleep(5_000)
        }
        let text = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        defer {
            unlink(out)
            unlink(err)
            unlink(rssFile)
        }
        var exitStatus: Int32? = status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
        var signal: Int32? = exitStatus == nil ? status & 0x7F : nil
        var peak = usage.ru_maxrss * 1024
        if gnuTime {
            // GNU time exits 128 + n when the command died of signal n, and writes the peak in KiB last.
            if let e = exitStatus, e > 128 { (exitStatus, signal) = (nil, e - 128) }
            if let kib = text(rssFile).split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                peak = kib * 1024
            }
        }
        return Result(
            exitStatus: exitStatus, signal: signal, timedOut: timedOut, peakRSS: peak, sanitized: sanitized,
            stdout: text(out), stderr: text(err))
    }

    /// Whether `executable` carries the AddressSanitizer runtime (`make test-asan`
    /// builds the CLI with it).
    static func isSanitized(_ executable: String) -> Bool {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: executable), options: .alwaysMapped) else { return false }
        return data.range(of: Data("__asan_init".utf8)) != nil
    }
}
