import ArrowMemory

/// The bytes of one message that spans chunks, joined in storage the decoder
/// owns. Capacity grows with the bytes that actually arrive (doubling, capped at
/// what the message needs), so a lying length field cannot make it allocate more
/// than about twice the input. Storage is handed out whole by `take()` and never
/// written again, which keeps `ByteStorage`'s sharing rule.
///
/// A value type: copies (of a `StreamDecoder` in mid-message) share the storage
/// until one of them appends, which first copies the bytes so far when the
/// storage is shared (copy on write). Sharing is told by `owner`, which only
/// copies of this value hold: views handed out (`view`, `take()`) keep the
/// storage alive without making an append copy it, since appends never write
/// the bytes a view covers.
struct PartialMessage: Sendable {
    private final class Owner: Sendable {}

    private var storage: ByteStorage?
    private var owner = Owner()
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The bytes so far; later appends do not change them.
    var view: ArrowBuffer {
        guard let storage else { return .empty }
        return ArrowBuffer(storage: storage).getSlice(at: 0, length: count) ?? .empty
    }

    /// Appends `bytes`; `needed` is the size the message is known to reach at least.
    mutating func append(_ bytes: ArrowBuffer, needed: Int) {
        guard bytes.count > 0 else { return }
        let total = count + bytes.count
        let capacity = storage?.count ?? 0
        if total > capacity || !isKnownUniquelyReferenced(&owner) {
            let grown = total > capacity ? max(total, min(max(needed, total), max(capacity * 2, 64))) : capacity
            let bigger = ByteStorage(allocatingUninitialized: grown)
            if let storage, count > 0 { bigger.base.copyMemory(from: storage.base, byteCount: count) }
            storage = bigger
            owner = Owner()
        }
        guard let storage else { return }
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress { (storage.base + count).copyMemory(from: from, byteCount: source.count) }
        }
        count = total
    }

    /// The joined bytes; the decoder starts afresh for the next message.
    mutating func take() -> ArrowBuffer {
        let bytes = view
        storage = nil
        count = 0
        return bytes
    }
}
