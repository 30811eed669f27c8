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

    public init(maxDepth: Int = 512, maxStackSize: Int = 1 << 22, maxMemoSize: Int = 1 << 22,
                maxValueCount: Int = 1 << 26) {
        self.maxDepth = maxDepth
        self.maxStackSize = maxStackSize
        self.maxMemoSize = maxMemoSize
        self.maxValueCount = maxValueCount
    }

    public static let `default` = PickleLimits()
}
