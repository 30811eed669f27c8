import ArrowMemory

/// Builds a list or large list array row by row: append a list's items to
/// `values`, then call `append()` to close it; `appendNull()` adds a null list.
///
/// ```swift
/// let tags = ListArrayBuilder(values: BinaryArrayBuilder())
/// try tags.values.append("a"); try tags.values.append("b"); try tags.append()   // ["a", "b"]
/// tags.appendNull()                                                            // null
/// ```
public final class ListArrayBuilder<Values: ArrayBuilder>: ArrayBuilder {
    /// The builder of the items of all lists.
    public let values: Values
    private let large: Bool
    private let itemName: String
    private var ends: [Int] = []
    private var validity = ValidityBits()

    /// - Parameters:
    ///   - large: 64-bit offsets (large list) instead of 32-bit.
    ///   - itemName: the child field's name (`item`, as pyarrow names it).
    public init(values: Values, large: Bool = false, itemName: String = "item") {
        self.values = values
        self.large = large
        self.itemName = itemName
    }

    public var type: ArrowType {
        let item = Field(itemName, values.type)
        return large ? .largeList(item) : .list(item)
    }

    public var count: Int { validity.count }

    /// Closes a list holding the items appended to `values` since the last list.
    /// - Throws: `ArrowError.Kind.invalidArgument` past `Int32.max` items with 32-bit offsets.
    public func append() throws(ArrowError) {
        guard large || values.count <= Int(Int32.max) else {
            throw ArrowError(.invalidArgument, "list needs offsets beyond \(Int32.max); use a large list")
        }
        ends.append(values.count)
        validity.append(true)
    }

    /// A null list (items appended to `values` since the last list are kept in it,
    /// as Arrow C++ keeps them; append none to get the bulk builder's bytes).
    public func appendNull() {
        ends.append(values.count)
        validity.append(false)
    }

    public func appendEmptyValue() {
        ends.append(values.count)
        validity.append(true)
    }

    public func finish() throws(ArrowError) -> ArrayData {
        guard (ends.last ?? 0) == values.count else {
            throw ArrowError(.invalidArgument, "\(values.count - (ends.last ?? 0)) items were appended after the last list was closed")
        }
        let type = self.type
        let child = try values.finish()
        defer { ends = []; validity.reset() }
        let offsets: ByteBuffer
        if large {
            var o = FixedWidthValues<Int64>()
            o.append(0)
            for e in ends { o.append(Int64(e)) }
            offsets = o.buffer
        } else {
            var o = FixedWidthValues<Int32>()
            o.append(0)
            for e in ends { o.append(Int32(truncatingIfNeeded: e)) }
            offsets = o.buffer
        }
        return ArrayData(type: type, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap,
                         buffers: [offsets], children: [child])
    }
}

/// Builds a struct array row by row: append one value to every child, then
/// `append()`; `appendNull()` appends an empty value to every child itself, as
/// Arrow C++ `StructBuilder.AppendNull` does.
///
/// ```swift
/// let x = PrimitiveArrayBuilder<Double>(), name = BinaryArrayBuilder()
/// let points = StructArrayBuilder([Field("x", .float64), Field("name", .utf8)], children: [x, name])
/// x.append(1.5); try name.append("a"); try points.append()
/// points.appendNull()
/// ```
public final class StructArrayBuilder: ArrayBuilder {
    public let fields: [Field]
    public let children: [any ArrayBuilder]
    private var validity = ValidityBits()

    /// - Parameters:
    ///   - fields: the struct's fields (names, nullability); each type is its child builder's.
    ///   - children: one builder per field.
    /// - Throws: `ArrowError.Kind.invalidArgument` when the counts or types differ.
    public init(_ fields: [Field], children: [any ArrayBuilder]) throws(ArrowError) {
        guard fields.count == children.count else {
            throw ArrowError(.invalidArgument, "\(fields.count) fields but \(children.count) child builders")
        }
        for (f, c) in zip(fields, children) where f.type != c.type {
            throw ArrowError(.invalidArgument, "field has type \(f.type), its builder builds \(c.type)", fieldPath: f.name)
        }
        self.fields = fields
        self.children = children
    }

    /// A struct of nullable fields named by the keys, typed by their builders.
    public init(_ named: KeyValuePairs<String, any ArrayBuilder>) {
        fields = named.map { Field($0.key, $0.value.type) }
        children = named.map(\.value)
    }

    public var type: ArrowType { .struct(fields) }
    public var count: Int { validity.count }

    /// Closes a valid struct whose children were each appended one value.
    public func append() { validity.append(true) }

    public func appendNull() {
        for c in children { c.appendEmptyValue() }
        validity.append(false)
    }

    public func appendEmptyValue() {
        for c in children { c.appendEmptyValue() }
        validity.append(true)
    }

    public func finish() throws(ArrowError) -> ArrayData {
        // Checked before any child is finished, so a failure leaves every builder as it was.
        for (f, c) in zip(fields, children) where c.count != validity.count {
            throw ArrowError(.invalidArgument, "child has \(c.count) values, the struct has \(validity.count)", fieldPath: f.name)
        }
        var arrays: [ArrayData] = []
        for c in children { arrays.append(try c.finish()) }
        defer { validity.reset() }
        return ArrayData(type: type, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap, children: arrays)
    }
}
