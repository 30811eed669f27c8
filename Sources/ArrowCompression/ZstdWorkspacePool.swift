import ArrowMemory

/// Workspaces of finished decompressions, kept for the next ones.
///
/// A workspace is about 150 KB, most of it the literals buffer, which is zeroed
/// when allocated. Arrow bodies are many small frames (one per buffer: a
/// 10-million-row stream has over 1,500), so allocating one per call cost a
/// zeroing pass and fresh pages (page faults) per buffer. Workspaces are
/// handed out whole, one decompression at a time, and each frame starts by
/// forgetting the previous frame's tables (`ZstdWorkspace.startFrame`), so a
/// reused workspace decodes exactly as a new one. At most `capacity` are kept.
enum ZstdWorkspacePool {
    /// More than the cores that decompress at once on the machines we target.
    static let capacity = 16

    private static let pool = PlatformLock<[ZstdWorkspace]>([])

    /// A full-size workspace from the pool, or nil when it is empty.
    static func take() -> ZstdWorkspace? {
        pool.withLock { $0.popLast() }
    }

    /// Keeps `workspace` for a later call if it is full-size and the pool has room.
    static func give(_ workspace: ZstdWorkspace) {
        guard workspace.literalCapacity == ZstdWorkspace.maxBlockSize else { return }
        pool.withLock { if $0.count < capacity { $0.append(workspace) } }
    }
}
