/// Bounds the decoder enforces so hostile input cannot exhaust memory, the
/// stack or time. Every limit breach is a thrown `PickleError`.
public struct PickleLimits: Sendable, Equatable {
    /// Deepest nesting of containers in the decoded value. The value's own
    /// `==`, `hash` and Codable walk recurse, so this also protects callers.
    public var maxDepth: Int
    /// Most objects on the unpickler stack (all MARK levels together).
    public var maxStackSize: Int
    /// Most memo entries.
    public var maxMemoSize: Int
    /// Most values in the decoded tree, counting a memo-shared subtree once
    /// per place it appears (so `GET` cannot build an exponential tree).
    public var maxValueCount: Int
    /// Largest LONG1/LONG4 integer, in bytes. Printing an integer in decimal
    /// takes time quadratic in its size; 8 KiB is about 19 700 digits, already
    /// more than Python itself prints by default (4300 digits).
    public var maxIntegerBytes: Int

    /// Limits with the given values; the defaults are generous for real data.
    ///
    /// - Parameters:
    ///   - maxDepth: Deepest container nesting (default 512).
    ///   - maxStackSize: Most objects on the unpickler stack (default 4,194,304).
    ///   - maxMemoSize: Most memo entries (default 4,194,304).
    ///   - maxValueCount: Most values in the decoded tree, shared subtrees
    ///     counted at each use (default 67,108,864).
    ///   - maxIntegerBytes: Largest LONG1/LONG4 integer in bytes (default 8192).
    public init(
        maxDepth: Int = 512, maxStackSize: Int = 1 << 22, maxMemoSize: Int = 1 << 22,
        maxValueCount: Int = 1 << 26, maxIntegerBytes: Int = 8192
    ) {
        self.maxDepth = maxDepth
        self.maxStackSize = maxStackSize
        self.maxMemoSize = maxMemoSize
        self.maxValueCount = maxValueCount
        self.maxIntegerBytes = maxIntegerBytes
    }

    /// The default limits (see `init`).
    public static let `default` = PickleLimits()
}
