import ArrowIPC
import ArrowMemory

#if canImport(Glibc)
    import Glibc
#endif

/// A line of /proc/self/status in bytes (VmRSS, VmHWM); 0 where it is missing.
func procStatus(_ key: String) -> Int {
    guard let storage = try? ByteStorage.readFile(atPath: "/proc/self/status") else { return 0 }
    let text = String(decoding: ArrowBuffer(storage: storage).bytes, as: UTF8.self)
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
        let digits = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return digits * 1024
    }
    return 0
}

/// Runs `body` once and returns its result with the resident memory it added at
/// its peak: the kernel's high-water mark is first reset to the current resident
/// size (Linux `clear_refs` "5"), so VmHWM after minus VmRSS before is the most
/// the body held at once beyond what was resident already. harness.py measures
/// the Python peers the same way, so the two figures compare.
func peakExtraBytes<T>(_ body: () throws -> T) rethrows -> (T, Int) {
    let fd = open("/proc/self/clear_refs", O_WRONLY)
    if fd >= 0 {
        _ = write(fd, "5", 1)
        close(fd)
    }
    let before = procStatus("VmRSS")
    let result = try body()
    return (result, max(0, procStatus("VmHWM") - before))
}
