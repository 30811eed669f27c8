/// Which objects of a pickle were the same Python object: the pickle's memo
/// writes and memo hits, in order. A value tree loses this; keeping it lets
/// `PickleWriter.encode(_:sharing:)` write a decoded pickle again byte for
/// byte, whatever the sharing in the Python process that wrote it
/// (`json.loads` data, one list referenced twice, strings built at run time).
public struct PickleIdentity: Sendable, Hashable {
    /// One memo operation of the pickle, with its memo index.
    public enum Event: Sendable, Hashable {
        /// An object was stored at this memo index (PUT, BINPUT, LONG_BINPUT, MEMOIZE).
        case put(UInt64)
        /// The object at this memo index was used again (GET, BINGET, LONG_BINGET).
        case get(UInt64)
    }

    /// Every memo write and hit of the pickle, in the order they were run.
    public var events: [Event]
    /// For each numpy array in the pickle, in order, the function that rebuilt
    /// it: `numpy._core.numeric._frombuffer` (numpy 2, contiguous arrays),
    /// `numpy._core.multiarray._reconstruct` (numpy 2, non-contiguous arrays at
    /// protocol 5), or the numpy 1.x spellings `numpy.core.*`.
    public var numpyArrayFunctions: [String]

    /// An identity made of recorded events.
    ///
    /// - Parameters:
    ///   - events: The memo writes and hits, in order.
    ///   - numpyArrayFunctions: The rebuilding function of each numpy array, in
    ///     order (default none: numpy 2's `_frombuffer`).
    public init(events: [Event], numpyArrayFunctions: [String] = []) {
        self.events = events
        self.numpyArrayFunctions = numpyArrayFunctions
    }
}
