/// Which objects of a pickle were the same Python object: the pickle's memo
/// writes and memo hits, in order. A value tree loses this; keeping it lets
/// `PickleWriter.encode(_:sharing:)` write a decoded pickle again byte for
/// byte, whatever the sharing in the Python process that wrote it
/// (`json.loads` data, one list referenced twice, strings built at run time).
public struct PickleIdentity: Sendable, Hashable {
    public enum Event: Sendable, Hashable {
        /// An object was stored at this memo index (PUT, BINPUT, LONG_BINPUT, MEMOIZE).
        case put(UInt64)
        /// The object at this memo index was used again (GET, BINGET, LONG_BINGET).
        case get(UInt64)
    }

    public var events: [Event]
    /// For each numpy array in the pickle, in order, the function that rebuilt
    /// it: `numpy._core.numeric._frombuffer` (numpy 2, contiguous arrays),
    /// `numpy._core.multiarray._reconstruct` (numpy 2, non-contiguous arrays at
    /// protocol 5), or the numpy 1.x spellings `numpy.core.*`.
    public var numpyArrayFunctions: [String]

    public init(events: [Event], numpyArrayFunctions: [String] = []) {
        self.events = events
        self.numpyArrayFunctions = numpyArrayFunctions
    }
}
