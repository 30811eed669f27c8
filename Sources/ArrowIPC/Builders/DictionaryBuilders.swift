import ArrowMemory

extension ArrayData {
    /// A dictionary-encoded array: `indices` (any integer type; its nulls are the
    /// array's nulls) into `dictionary`.
    ///
    /// Zero-copy: the result shares the buffers of `indices` and holds `dictionary` as it is.
    ///
    /// - Parameters:
    ///   - indices: The indices, an array of any integer type; its nulls are the array's nulls.
    ///   - dictionary: The values the indices point into.
    ///   - ordered: The type's `ordered` flag; default `false`.
    /// - Returns: An array of type `.dictionary(indexType:valueType:ordered:)`.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the indices are not
    ///   integers, their buffers do not fit their length, or a valid index is
    ///   outside the dictionary.
    /// - Complexity: O(n) in the indices, each valid one being checked.
    public static func dictionary(indices: ArrayData, dictionary: ArrayData, ordered: Bool = false) throws(ArrowError) -> ArrayData {
        guard indices.type.isInteger else {
            throw ArrowError(.invalidArgument, "dictionary indices must be integers, not \(indices.type)")
        }
        var data = indices
        data.type = .dictionary(indexType: indices.type, valueType: dictionary.type, ordered: ordered)
        data.dictionary = dictionary
        return try BuilderBuffers.checked(data)
    }

    /// Dictionary-encodes `values` as pyarrow's `dictionary_encode` does: the
    /// dictionary holds each distinct non-null value once, in order of first
    /// appearance, and has no nulls; a `nil` is a null index (stored as 0).
    ///
    /// ```swift
    /// // indices [0, null, 1, 0], dictionary ["a", "b"]
    /// let d = try ArrayData.dictionaryEncoding(["a", nil, "b", "a"])
    /// ```
    /// Values are compared with `==`, so each floating-point NaN is a new entry.
    /// - Parameters:
    ///   - values: The values, in order; `nil` is null.
    ///   - indexType: An integer type for the indices; default int32, as in pyarrow.
    ///   - ordered: The type's `ordered` flag; default `false`.
    /// - Returns: A new array of type `.dictionary(indexType:valueType:ordered:)`
    ///   whose dictionary has type `T.arrowType`.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `indexType` is not an
    ///   integer type or cannot count the distinct values, or when
    ///   `T.makeArrowArray` refuses the distinct values (strings past `Int32.max` bytes).
    /// - Complexity: O(n) expected (one hash lookup per value).
    public static func dictionaryEncoding<T: ArrowBuildable & Hashable>(
        _ values: [T?], indexType: ArrowType = .int32, ordered: Bool = false
    ) throws(ArrowError) -> ArrayData {
        var positions: [T: Int64] = [:]
        var distinct: [T?] = []
        var indices: [Int64?] = []
        indices.reserveCapacity(values.count)
        for v in values {
            guard let v else {
                indices.append(nil)
                continue
            }
            if let k = positions[v] {
                indices.append(k)
            } else {
                let k = Int64(distinct.count)
                positions[v] = k
                distinct.append(v)
                indices.append(k)
            }
        }
        let indexArray = try integers(indices, as: indexType)
        return try dictionary(indices: indexArray, dictionary: try T.makeArrowArray(distinct), ordered: ordered)
    }
}
