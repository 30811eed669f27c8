import ArrowMemory

extension ArrayData {
    /// The fields and type codes of a union of `children`.
    private static func unionType(
        _ mode: UnionMode, children: [ArrayData], fields: [Field]?, typeCodes: [Int8]?
    ) throws(ArrowError) -> ArrowType {
        let fs = fields ?? children.indices.map { Field(String($0), children[$0].type) }
        guard fs.count == children.count else {
            throw ArrowError(.invalidArgument, "\(fs.count) fields for \(children.count) children")
        }
        for (f, c) in zip(fs, children) where f.type != c.type {
            throw ArrowError(.invalidArgument, "field has type \(f.type), its array is \(c.type)", fieldPath: f.name)
        }
        let codes = typeCodes ?? children.indices.map { Int8(truncatingIfNeeded: $0) }
        guard children.count <= 128, codes.count == children.count else {
            throw ArrowError(.invalidArgument, "\(codes.count) type codes for \(children.count) children (at most 128)")
        }
        guard codes.allSatisfy({ $0 >= 0 }), Set(codes).count == codes.count else {
            throw ArrowError(.invalidArgument, "type codes must be distinct and in 0...127: \(codes)")
        }
        return .union(mode, fields: fs, typeIds: codes.map { Int32($0) })
    }

    /// A sparse union: row `i` is row `i` of the child whose type code is
    /// `typeIds[i]`; every child has one value per row.
    ///
    /// Zero-copy for the children: they are held as they are; only the type ids
    /// buffer is new. Unions have no validity bitmap: nulls are the children's.
    ///
    /// - Parameters:
    ///   - typeIds: The type code of each row.
    ///   - children: One array per member type, each `typeIds.count` long.
    ///   - fields: One per child; default named "0", "1", ... (as pyarrow's
    ///     `UnionArray.from_sparse`), nullable, of the child's type.
    ///   - typeCodes: The code of each child, distinct, in 0...127; default 0, 1, ...
    /// - Returns: A sparse union array of `typeIds.count` rows.
    /// - Throws: `ArrowError` (`.invalidArgument`) when a row's code is not a
    ///   child's, a child's length is not `typeIds.count`, fields and children
    ///   differ in number or type, there are more than 128 children, or the codes
    ///   are not distinct and in 0...127.
    /// - Complexity: O(n) in the rows, each type id being checked.
    public static func sparseUnion(
        typeIds: [Int8], children: [ArrayData], fields: [Field]? = nil, typeCodes: [Int8]? = nil
    ) throws(ArrowError) -> ArrayData {
        let type = try unionType(.sparse, children: children, fields: fields, typeCodes: typeCodes)
        for (i, c) in children.enumerated() where c.length != typeIds.count {
            throw ArrowError(.invalidArgument, "sparse union child \(i) has \(c.length) values, the union has \(typeIds.count)")
        }
        return try BuilderBuffers.checked(
            ArrayData(
                type: type, length: typeIds.count, buffers: [BuilderBuffers.values(typeIds)],
                children: children))
    }

    /// A dense union: row `i` is row `offsets[i]` of the child whose type code is `typeIds[i]`.
    /// Zero-copy for the children; only the type ids and offsets buffers are new.
    ///
    /// - Parameters:
    ///   - typeIds: The type code of each row.
    ///   - offsets: The index of each row's value in its child.
    ///   - children: One array per member type, of any lengths.
    ///   - fields: One per child; default named "0", "1", ..., nullable, of the child's type.
    ///   - typeCodes: The code of each child, distinct, in 0...127; default 0, 1, ...
    /// - Returns: A dense union array of `typeIds.count` rows.
    /// - Throws: `ArrowError` (`.invalidArgument`) when a row's code is not a
    ///   child's, an offset is outside its child, `offsets` and `typeIds` differ in
    ///   length, fields and children differ in number or type, there are more than
    ///   128 children, or the codes are not distinct and in 0...127.
    /// - Complexity: O(n) in the rows, each type id and offset being checked.
    public static func denseUnion(
        typeIds: [Int8], offsets: [Int32], children: [ArrayData], fields: [Field]? = nil, typeCodes: [Int8]? = nil
    ) throws(ArrowError) -> ArrayData {
        let type = try unionType(.dense, children: children, fields: fields, typeCodes: typeCodes)
        guard offsets.count == typeIds.count else {
            throw ArrowError(.invalidArgument, "\(offsets.count) offsets for \(typeIds.count) type ids")
        }
        return try BuilderBuffers.checked(
            ArrayData(
                type: type, length: typeIds.count,
                buffers: [BuilderBuffers.values(typeIds), BuilderBuffers.values(offsets)],
                children: children))
    }
}
