/// Where the LZ4 decoder writes: either a fixed buffer of exactly the known
/// output size (an array's storage) or a buffer that grows as blocks arrive.
/// Never holds more than `maximum` bytes.
struct LZ4OutputBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0
    /// The most bytes the output may hold.
    let maximum: Int
    /// Why the output may not exceed `maximum`.
    let maximumBound: LZ4OutputBound
    /// Whether `base` was allocated here and may be resized.
    let growable: Bool

    /// A fixed buffer of `capacity` bytes owned by the caller.
    init(fixed base: UnsafeMutablePointer<UInt8>, capacity: Int, bound: LZ4OutputBound) {
        self.base = base
        self.capacity = capacity
        maximum = capacity
        maximumBound = bound
        growable = false
    }

    /// A growable buffer that starts with `initialCapacity` bytes; call
    /// `release` when done.
    init(growingFrom initialCapacity: Int, maximum: Int, bound: LZ4OutputBound) throws(CompressionError) {
        let capacity = max(16, min(initialCapacity, maximum))
        base = .allocate(capacity: capacity)
        self.capacity = capacity
        self.maximum = maximum
        maximumBound = bound
        growable = true
    }

    /// Bytes that may still be added.
    var remaining: Int { maximum - count }

    /// Makes room for `extra` more bytes (the caller keeps `extra <= remaining`).
    mutating func reserve(_ extra: Int, inputOffset: Int) throws(CompressionError) {
        guard growable, extra > capacity - count else { return }
        let wanted = min(maximum, max(count + extra, capacity * 2))
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: wanted)
        memory.update(from: base, count: count)
        base.deallocate()
        base = memory
        capacity = wanted
    }

    /// Frees a growable buffer.
    func release() {
        if growable { base.deallocate() }
    }
}
