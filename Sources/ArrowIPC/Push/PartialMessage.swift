import ArrowMemory

/// The bytes of one message that spans chunks, joined in storage the decoder
/// owns. Capacity grows with the bytes that actually arrive (doubling, capped at
/// what the message needs), so a lying length field cannot make it allocate more
/// than about twice the input. Storage is handed out whole by `take()` and never
/// written again, which keeps `ByteStorage`'s sharing rule.
struct PartialMessage: Sendable {
    private var storage: ByteStorage?
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The bytes so far (valid until the next `append`).
    var view: ArrowBuffer {
        guard let storage else { return .empty }
        return ArrowBuffer(storage: storage).getSlice(at: 0, length: count) ?? .empty
    }

    /// Appends `bytes`; `needed` is the size the message is known to reach at least.
    mutating func append(_ bytes: ArrowBuffer, needed: Int) {
        guard bytes.count > 0 else { return }
        let total = count + bytes.count
        let capacity = storage?.count ?? 0
        if total > capacity {
            let grown = max(total, min(max(needed, total), max(capacity * 2, 64)))
            let bigger = ByteStorage(allocatingUninitialized: grown)
            if let storage, count > 0 { bigger.base.copyMemory(from: storage.base, byteCount: count) }
            storage = bigger
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
