// Names of 0.1 kept for one release so that code written against it still
// builds (with a deprecation warning that names the replacement). CHANGELOG.md
// lists every rename.

extension ArrayData {
    /// The former name of ``slice(offset:length:)``.
    @available(*, deprecated, renamed: "slice(offset:length:)")
    public func slice(_ start: Int, _ count: Int) throws(ArrowError) -> ArrayData {
        try slice(offset: start, length: count)
    }

    /// Layout and value checks (0.1's default), and with `full` UTF-8 too.
    @available(*, deprecated, message: "use validate(.values) or validate(.full); validate() now checks everything")
    public func validate(full: Bool) throws(ArrowError) {
        try validate(full ? .full : .values)
    }
}

extension IPCContents {
    /// Layout, values, and with `full` (0.1's default) UTF-8 too.
    @available(*, deprecated, message: "use validate(.full) or validate(.values)")
    public func validate(full: Bool) throws(ArrowError) {
        try validate(full ? .full : .values)
    }
}

extension IPCBatchReader {
    /// The former spelling of ``validateAll(_:)``.
    @available(*, deprecated, message: "use validateAll(.full) or validateAll(.values)")
    public func validateAll(full: Bool) throws(ArrowError) {
        try validateAll(full ? .full : .values)
    }
}

extension IPCWriteOptions {
    /// The former name of ``legacyFraming``.
    @available(*, deprecated, renamed: "legacyFraming")
    public var legacyFormat: Bool {
        get { legacyFraming }
        set { legacyFraming = newValue }
    }
}
