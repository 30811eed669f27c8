import ArrowMemory

/// Builds a list array of any variable-size layout row by row: append a list's
/// items to `values`, then call `append()` to close it; `appendNull()` adds a null
/// list. The offsets (and sizes, for list views) are laid out by the bulk
/// `ArrayData.list(lengths:values:)` family.
///
/// ```swift
/// let tags = ListArrayBuilder(values: BinaryArrayBuilder())
/// try tags.values.append("a"); try tags.values.append("b"); try tags.append()   // ["a", "b"]
/// tags.appendNull()                                                            // null
/// ```
public final class ListArrayBuilder<Values: ArrayBuilder>: ArrayBuilder {
    public enum Layout: Sendable {
        case list, largeList, listView, largeListView
    }

    /// The builder of the items of all lists.
    public let values: Values
    public let layout: Layout
    private let itemName: String
    private var lengths: [Int?] = []
    /// Items in the lists closed so far.
    private var closedItems = 0
    /// Why `finish()` must refuse, when the builder was misused.
    private var misuse: String?

    /// - Parameters:
    ///   - layout: list (32-bit offsets), large list, list view or large list view.
    ///   - itemName: the child field's name (`item`, as pyarrow names it).
    public init(values: Values, layout: Layout = .list, itemName: String = "item") {
        self.values = values
        self.layout = layout
        self.itemName = itemName
    }

    public var type: ArrowType {
        let item = Field(itemName, values.type)
        switch layout {
        case .list: return .list(item)
        case .largeList: return .largeList(item)
        case .listView: return .listView(item)
        case .largeListView: return .largeListView(item)
        }
    }

    public var count: Int { lengths.count }

    /// Closes a list holding the items appended to `values` since the last list.
    /// - Throws: `ArrowError.Kind.invalidArgument` past `Int32.max` items with 32-bit offsets.
    public func append() throws(ArrowError) {
        guard layout == .largeList || layout == .largeListView || values.count <= Int(Int32.max) else {
            throw ArrowError(.invalidArgument, "list needs offsets beyond \(Int32.max); use a large layout")
        }
        lengths.append(values.count - closedItems)
        closedItems = values.count
    }

    /// A null list. Append no items for it: `finish()` refuses a null list that holds some.
    public func appendNull() {
        if values.count != closedItems && misuse == nil { misuse = "list \(lengths.count) is null but holds \(values.count - closedItems) items" }
        lengths.append(nil)
        closedItems = values.count
    }

    public func appendEmptyValue() {
        lengths.append(values.count - closedItems)
        closedItems = values.count
    }

    public func finish() throws(ArrowError) -> ArrayData {
        guard closedItems == values.count else {
            throw ArrowError(.invalidArgument, "\(values.count - closedItems) items were appended after the last list was closed")
        }
        if let misuse { throw ArrowError(.invalidArgument, misuse) }
        let child = try values.finish()
        defer { lengths = []; closedItems = 0; misuse = nil }
        let field = Field(itemName, child.type)
        switch layout {
        case .list: return try .list(lengths: lengths, values: child, field: field)
        case .largeList: return try .largeList(lengths: lengths, values: child, field: field)
        case .listView: return try .listView(lengths: lengths, values: child, field: field)
        case .largeListView: return try .largeListView(lengths: lengths, values: child, field: field)
        }
    }
}

/// Builds a fixed-size list array row by row: append exactly `size` items to
/// `values`, then `append()`. A null list appends `size` nulls to `values` itself,
/// as Arrow C++ `FixedSizeListBuilder` does.
public final class FixedSizeListArrayBuilder<Values: ArrayBuilder>: ArrayBuilder {
    public let values: Values
    public let size: Int32
    private let itemName: String
    private var validity: [Bool] = []

    public init(values: Values, size: Int32, itemName: String = "item") throws(ArrowError) {
        guard size >= 0 else { throw ArrowError(.invalidArgument, "negative list size \(size)") }
        self.values = values
        self.size = size
        self.itemName = itemName
    }

    public var type: ArrowType { .fixedSizeList(Field(itemName, values.type), listSize: size) }
    public var count: Int { validity.count }

    /// Closes a list of the `size` items appended since the last one.
    /// - Throws: `ArrowError.Kind.invalidArgument` when that is not `size` items.
    public func append() throws(ArrowError) {
        let expected = (validity.count + 1) * Int(size)
        guard values.count == expected else {
            throw ArrowError(.invalidArgument, "a fixed-size list needs \(size) items, \(values.count - validity.count * Int(size)) were appended")
        }
        validity.append(true)
    }

    public func appendNull() {
        for _ in 0..<size { values.appendNull() }
        validity.append(false)
    }

    public func appendEmptyValue() {
        for _ in 0..<size { values.appendEmptyValue() }
        validity.append(true)
    }

    public func finish() throws(ArrowError) -> ArrayData {
        guard values.count == validity.count * Int(size) else {
            throw ArrowError(.invalidArgument, "items were appended after the last list was closed")
        }
        let child = try values.finish()
        defer { validity = [] }
        return try .fixedSizeList(size: size, values: child, validity: validity.allSatisfy { $0 } ? nil : validity,
                                  length: validity.count, field: Field(itemName, child.type))
    }
}

/// Builds a map array row by row: append each entry's key to `keys` and value to
/// `values`, then `append()` to close the map; entries are laid out as
/// `ArrayData.map(keys:values:lengths:)` lays them out (pyarrow's `pa.map_`).
public final class MapArrayBuilder<Keys: ArrayBuilder, Values: ArrayBuilder>: ArrayBuilder {
    public let keys: Keys
    public let values: Values
    public let keysSorted: Bool
    private var lengths: [Int?] = []
    private var closedEntries = 0

    public init(keys: Keys, values: Values, keysSorted: Bool = false) {
        self.keys = keys
        self.values = values
        self.keysSorted = keysSorted
    }

    public var type: ArrowType {
        let entries = ArrowType.struct([Field("key", keys.type, nullable: false), Field("value", values.type)])
        return .map(entries: Field("entries", entries, nullable: false), keysSorted: keysSorted)
    }

    public var count: Int { lengths.count }

    /// Closes a map of the entries appended since the last one.
    /// - Throws: `ArrowError.Kind.invalidArgument` when keys and values differ in count.
    public func append() throws(ArrowError) {
        guard keys.count == values.count else {
            throw ArrowError(.invalidArgument, "\(keys.count) keys but \(values.count) values")
        }
        guard keys.count <= Int(Int32.max) else { throw ArrowError(.invalidArgument, "map needs offsets beyond \(Int32.max)") }
        lengths.append(keys.count - closedEntries)
        closedEntries = keys.count
    }

    /// A null map (holding no entries).
    public func appendNull() {
        lengths.append(nil)
    }

    public func appendEmptyValue() {
        lengths.append(0)
    }

    public func finish() throws(ArrowError) -> ArrayData {
        guard keys.count == closedEntries, values.count == closedEntries else {
            throw ArrowError(.invalidArgument, "entries were appended after the last map was closed")
        }
        let k = try keys.finish()
        let v = try values.finish()
        defer { lengths = []; closedEntries = 0 }
        return try .map(keys: k, values: v, lengths: lengths, keysSorted: keysSorted)
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
