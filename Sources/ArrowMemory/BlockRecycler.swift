/// Large blocks released by `ByteStorage`, kept for the next allocations of the
/// same size.
///
/// Decoding a compressed stream allocates one block per buffer of every batch,
/// and batches of one stream have the same sizes again and again. glibc returns
/// freed large blocks to the kernel (`munmap`, or trimming the heap top), so
/// every batch paid page faults on fresh memory; pyarrow's jemalloc keeps such
/// pages. Keeping the most recently released blocks, up to `limit` bytes in
/// all, makes the next batch reuse mapped, cache-warm memory.
///
/// Only blocks of `minimumSize` ... `maximumSize` bytes take part (smaller ones
/// malloc serves well; larger ones are rare and get huge pages). Sizes are
/// rounded up to whole pages, so a block serves any request of its rounded size.
/// Reuse is most recent first; when the kept bytes would exceed the limit, the
/// oldest blocks are freed.
package enum BlockRecycler {
    package static let minimumSize = 64 << 10
    package static let maximumSize = 16 << 20
    static let page = 4096

    private struct Kept {
        var blocks: [(size: Int, block: UnsafeMutableRawPointer)] = []
        var bytes = 0
        var limit = 64 << 20
    }

    private static let kept = PlatformLock(Kept())

    /// The size a request of `count` bytes is allocated and recycled as, or nil
    /// when `count` does not take part.
    package static func recycledSize(_ count: Int) -> Int? {
        guard count >= minimumSize, count <= maximumSize else { return nil }
        return (count + page - 1) & ~(page - 1)
    }

    /// A kept block of exactly `size` bytes (a `recycledSize`), or nil.
    package static func take(size: Int) -> UnsafeMutableRawPointer? {
        kept.withLock { state in
            guard let i = state.blocks.lastIndex(where: { $0.size == size }) else { return nil }
            state.bytes -= size
            return state.blocks.remove(at: i).block
        }
    }

    /// Keeps `block` of `size` bytes for reuse, freeing the oldest kept blocks
    /// while more than the limit would be kept (`block` itself when the limit
    /// is smaller than it).
    package static func give(_ block: UnsafeMutableRawPointer, size: Int) {
        let evicted = kept.withLock { state in
            state.blocks.append((size, block))
            state.bytes += size
            return trim(&state)
        }
        free(evicted)
    }

    /// The most bytes kept for reuse; setting it frees what exceeds it (0
    /// frees everything and turns recycling off).
    package static var limit: Int {
        get { kept.withLock { $0.limit } }
        set {
            let evicted = kept.withLock { state in
                state.limit = max(0, newValue)
                return trim(&state)
            }
            free(evicted)
        }
    }

    /// Removes the oldest blocks until at most `limit` bytes are kept; returns
    /// them, to be freed outside the lock.
    private static func trim(_ state: inout Kept) -> [UnsafeMutableRawPointer] {
        var drop = 0
        while state.bytes > state.limit, drop < state.blocks.count {
            state.bytes -= state.blocks[drop].size
            drop += 1
        }
        let evicted = state.blocks.prefix(drop).map(\.block)
        state.blocks.removeFirst(drop)
        return evicted
    }

    private static func free(_ blocks: [UnsafeMutableRawPointer]) {
        for block in blocks { block.deallocate() }
    }

    /// Bytes kept for reuse now.
    package static var keptBytes: Int { kept.withLock { $0.bytes } }
}
