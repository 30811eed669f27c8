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
    /// - Parameters:
    ///   - typeIds: the type code of each row.
    ///   - fields: one per child; default named "0", "1", ... (as pyarrow's
    ///     `UnionArray.from_sparse`), nullable, of the child's type.
    ///   - typeCodes: the code of each child; default 0, 1, ...
    /// - Throws: `ArrowError.Kind.invalidArgument` when a code is undeclared, a
    ///   child is shorter than `typeIds`, or fields and children disagree.
    public static func sparseUnion(
        typeIds: [Int8], children: [ArrayData], fields: [Field]? = nil, typeCodes: [Int8]? = nil
    ) throws(ArrowError) -> ArrayData {
        let type = try unionType(.sparse, children: children, fields: fields, typeCodes: typeCodes)
        for (i, c) in children.enumerated() where c.length != typeIds.count {
            throw ArrowError(.invalidArgument, "sparse union child \(i) has \(c.length) values, the union has \(typeIds.count)")
        }
        return try BuilderBuffers.checked(ArrayData(type: type, length: typeIds.count, buffers: [BuilderBuffers.values(typeIds)],
                                                    children: children))
    }

    /// A dense union: row `i` is row `offsets[i]` of the child whose type code is `typeIds[i]`.
    /// See `sparseUnion(typeIds:children:fields:typeCodes:)` for the parameters.
    /// - Throws: `ArrowError.Kind.invalidArgument` when a code is undeclared, an
    ///   offset is outside its child, or `offsets` and `typeIds` differ in length.
    public static func denseUnion(
        typeIds: [Int8], offsets: [Int32], children: [ArrayData], fields: [Field]? = nil, typeCodes: [Int8]? = nil
    ) throws(ArrowError) -> ArrayData {
        let type = try unionType(.dense, children: children, fields: fields, typeCodes: typeCodes)
        guard offsets.count == typeIds.count else {
            throw ArrowError(.invalidArgument, "\(offsets.count) offsets for \(typeIds.count) type ids")
        }
        return try BuilderBuffers.checked(ArrayData(type: type, length: typeIds.count,
                                                    buffers: [BuilderBuffers.values(typeIds), BuilderBuffers.values(offsets)],
                                                    children: children))
    }
}
