/// Asks the kernel to back a large block of fresh memory with transparent huge
/// pages where it allows that on request (Linux `madvise` mode).
///
/// Writing 64 MiB of new memory takes 16,384 page faults with 4 KiB pages, a
/// third of a Zstandard decompression's time; with 2 MiB pages it takes a few
/// dozen. Only whole 2 MiB pages inside the block are advised, so nothing outside
/// it changes. Blocks under 8 MiB, other systems than Linux and refused calls
/// are left as they are: it is a hint, never a requirement.
package enum HugePageAdvice {
    /// Blocks smaller than this are not advised: too few whole huge pages.
    package static let minimumCount = 8 << 20

    /// Advises the whole 2 MiB pages of `count` bytes at `start`, memory just
    /// allocated and not yet written.
    package static func adviseFresh(_ start: UnsafeMutableRawPointer, count: Int) {
        #if os(Linux)
            let huge = 2 << 20
            guard count >= minimumCount else { return }
            let address = Int(bitPattern: start)
            let first = (address + huge - 1) & ~(huge - 1)
            let end = (address + count) & ~(huge - 1)
            guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
            Platform.adviseHugePages(aligned, count: end - first)
        #endif
    }
}
