import ArrowMemory

extension ArrayData {
    /// A struct array with one child per field.
    ///
    /// Arrow C++ (and pyarrow) fill the children of a null struct with empty,
    /// valid values (0, "", []); pass children built that way to get the same bytes.
    ///
    /// Zero-copy: the arrays become the children as they are; only the validity
    /// bitmap is new. A non-nullable field is not checked against its array's nulls.
    ///
    /// - Parameters:
    ///   - fields: Each field with its array, in order; all arrays have the same length.
    ///   - validity: `false` marks a null struct; `nil` (the default) means none is null.
    ///   - length: Number of structs; by default the first array's length, or
    ///     with no fields `validity.count` (or 0).
    /// - Returns: A struct array, with a validity bitmap only when a struct is null.
    /// - Throws: `ArrowError` (`.invalidArgument`, naming the field in `fieldPath`)
    ///   when lengths differ or a field's type is not its array's type; also when
    ///   `length` is negative or the validity has the wrong length.
    /// - Complexity: O(n) for the validity, plus O(k) for k fields.
    public static func `struct`(
        _ fields: [(Field, ArrayData)], validity: [Bool]? = nil, length: Int? = nil
    ) throws(ArrowError) -> ArrayData {
        let n = length ?? fields.first?.1.length ?? validity?.count ?? 0
        guard n >= 0 else { throw ArrowError(.invalidArgument, "negative length \(n)") }
        for (field, data) in fields {
            guard field.type == data.type else {
                throw ArrowError(.invalidArgument, "field has type \(field.type), its array is \(data.type)", fieldPath: field.name)
            }
            guard data.length == n else {
                throw ArrowError(.invalidArgument, "array has \(data.length) values, the struct has \(n)", fieldPath: field.name)
            }
        }
        let (bitmap, nulls) = try BuilderBuffers.validity(mask: validity, count: n, what: "the struct")
        return try BuilderBuffers.checked(
            ArrayData(
                type: .struct(fields.map(\.0)), length: n, nullCount: nulls,
                validity: bitmap, children: fields.map(\.1)))
    }

    /// A struct array from named arrays; each field is nullable and has its
    /// array's type. See `struct(_:validity:length:)`.
    ///
    /// ```swift
    /// let points = try ArrayData.struct(["x": ArrayData([1.0, 2.0]), "y": ArrayData([3.0, nil])])
    /// ```
    /// - Parameters:
    ///   - columns: Each field's name and array, in order; all arrays have the same length.
    ///   - validity: `false` marks a null struct; `nil` (the default) means none is null.
    ///   - length: Number of structs; needed only when there are no fields.
    /// - Returns: A struct array sharing the arrays (zero-copy).
    /// - Throws: `ArrowError` (`.invalidArgument`, naming the field in `fieldPath`)
    ///   when lengths differ; also when `length` is negative or the validity has
    ///   the wrong length.
    /// - Complexity: O(n) for the validity, plus O(k) for k fields.
    public static func `struct`(
        _ columns: KeyValuePairs<String, ArrayData>, validity: [Bool]? = nil, length: Int? = nil
    ) throws(ArrowError) -> ArrayData {
        try .struct(columns.map { (Field($0.key, $0.value.type), $0.value) }, validity: validity, length: length)
    }
}
