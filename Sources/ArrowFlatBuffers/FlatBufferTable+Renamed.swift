// Names of 0.1 kept for one release so that code written against it still
// builds (with a deprecation warning that names the replacement).

extension FlatBufferTable {
    /// The former name of ``structFieldUnchecked(_:offset:as:)``, which does
    /// not check bounds; ``structField(_:offset:as:field:)`` does.
    @available(*, deprecated, message: "not bounds-checked: use structField(_:offset:as:field:), which throws, or structFieldUnchecked(_:offset:as:)")
    @inlinable
    public func structField<T: FixedWidthInteger>(_ position: Int, offset: Int, as: T.Type = T.self) -> T {
        structFieldUnchecked(position, offset: offset, as: T.self)
    }
}
