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
    /// The module numpy's protocol-5 array form was named from in the pickle
    /// (`numpy._core.numeric` for numpy 2, `numpy.core.numeric` for numpy 1.x), if any.
    public var numpyFromBufferModule: String?

    public init(events: [Event], numpyFromBufferModule: String? = nil) {
        self.events = events
        self.numpyFromBufferModule = numpyFromBufferModule
    }
}
