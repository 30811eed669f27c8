import ArrowMemory

extension ArrayData {
    /// A run-end encoded array: run `k` covers logical rows up to (not including)
    /// `runEnds[k]` and has the value `values[k]`. The length is the last run end.
    ///
    /// The child fields are `run_ends` (non-nullable) and `values` (nullable), as
    /// in pyarrow. Zero-copy: both arrays become the children as they are.
    /// - Parameters:
    ///   - runEnds: The end of each run: int16, int32 or int64, positive and
    ///     strictly increasing, no nulls.
    ///   - values: The value of each run; at least as many as there are runs.
    /// - Returns: A run-end encoded array whose length is the last run end (0 with no runs).
    /// - Throws: `ArrowError` (`.invalidArgument`) when the run ends are not
    ///   int16, int32 or int64, hold nulls, are not positive and strictly
    ///   increasing, or their buffer is too short, or there are fewer values than runs.
    /// - Complexity: O(r) for r runs, each run end being checked.
    public static func runEndEncoded(runEnds: ArrayData, values: ArrayData) throws(ArrowError) -> ArrayData {
        switch runEnds.type {
        case .int16, .int32, .int64: break
        default: throw ArrowError(.invalidArgument, "run ends must be int16, int32 or int64, not \(runEnds.type)")
        }
        guard runEnds.nullCount == 0 else { throw ArrowError(.invalidArgument, "run ends cannot be null") }
        guard values.length >= runEnds.length else {
            throw ArrowError(.invalidArgument, "\(runEnds.length) runs but \(values.length) values")
        }
        var length = 0
        if runEnds.length > 0 {
            let at = (runEnds.offset + runEnds.length - 1)
            let buffer = runEnds.buffers.first ?? .empty
            let last: Int64? =
                switch runEnds.type {
                case .int16: buffer.getInteger(at: at * 2, as: Int16.self).map(Int64.init)
                case .int32: buffer.getInteger(at: at * 4, as: Int32.self).map(Int64.init)
                default: buffer.getInteger(at: at * 8, as: Int64.self)
                }
            guard let last, let n = Int(exactly: last), n >= 0 else {
                throw ArrowError(.invalidArgument, "run ends buffer too short or last run end negative")
            }
            length = n
        }
        let type = ArrowType.runEndEncoded(
            runEnds: Field("run_ends", runEnds.type, nullable: false),
            values: Field("values", values.type))
        return try BuilderBuffers.checked(ArrayData(type: type, length: length, children: [runEnds, values]))
    }

    /// Run-end encodes `values` as pyarrow's `run_end_encode` does: equal
    /// neighbours (`==`, and `nil` with `nil`) form one run.
    ///
    /// ```swift
    /// // run ends [2, 3, 5], values [1, 2, null]
    /// let r = try ArrayData.runEndEncoded([1, 1, 2, nil, nil] as [Int64?])
    /// ```
    /// - Parameters:
    ///   - values: The logical values, in order; `nil` is null.
    ///   - runEndType: int16, int32 (pyarrow's default) or int64.
    /// - Returns: A new run-end encoded array of `values.count` rows, its values
    ///   of type `T.arrowType`.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `runEndType` is not int16,
    ///   int32 or int64, the length does not fit `runEndType`, or
    ///   `T.makeArrowArray` refuses the run values (strings past `Int32.max` bytes).
    /// - Complexity: O(n).
    public static func runEndEncoded<T: ArrowBuildable & Equatable>(
        _ values: [T?], runEndType: ArrowType = .int32
    ) throws(ArrowError) -> ArrayData {
        var ends: [Int64?] = []
        var runValues: [T?] = []
        for (i, v) in values.enumerated() {
            if i > 0, runValues[runValues.count - 1] == v {
                ends[ends.count - 1] = Int64(i + 1)
            } else {
                ends.append(Int64(i + 1))
                runValues.append(v)
            }
        }
        switch runEndType {
        case .int16, .int32, .int64: break
        default: throw ArrowError(.invalidArgument, "run ends must be int16, int32 or int64, not \(runEndType)")
        }
        return try runEndEncoded(runEnds: try integers(ends, as: runEndType), values: try T.makeArrowArray(runValues))
    }
}
