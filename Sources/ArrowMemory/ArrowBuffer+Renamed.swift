// Names of 0.1 kept for one release so that code written against it still
// builds (with a deprecation warning that names the replacement).

extension ArrowBuffer {
    /// The former name of ``getSlice(at:length:)``.
    @available(*, deprecated, renamed: "getSlice(at:length:)")
    @inlinable
    public func slice(_ start: Int, count length: Int) -> ArrowBuffer? { getSlice(at: start, length: length) }

    /// The former name of ``getSlice(from:)``.
    @available(*, deprecated, renamed: "getSlice(from:)")
    @inlinable
    public func slice(from start: Int) -> ArrowBuffer? { getSlice(from: start) }

    /// The former name of ``getInteger(at:as:)``.
    @available(*, deprecated, renamed: "getInteger(at:as:)")
    @inlinable
    public func readInteger<T: FixedWidthInteger>(at offset: Int, as: T.Type = T.self) -> T? { getInteger(at: offset, as: T.self) }

    /// The former name of ``getIntegerUnchecked(at:as:)``.
    @available(*, deprecated, renamed: "getIntegerUnchecked(at:as:)")
    @inlinable
    public func readIntegerUnchecked<T: FixedWidthInteger>(at offset: Int, as: T.Type = T.self) -> T {
        getIntegerUnchecked(at: offset, as: T.self)
    }
}
