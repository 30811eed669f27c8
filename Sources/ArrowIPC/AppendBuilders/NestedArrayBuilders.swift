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
    /// The list type a `ListArrayBuilder` builds, and so the buffers of its arrays.
    public enum Layout: Sendable {
        /// `list`: 32-bit offsets; `largeList`: 64-bit offsets; `listView`: 32-bit
        /// offsets and sizes; `largeListView`: 64-bit offsets and sizes.
        case list, largeList, listView, largeListView
    }

    /// The builder of the items of all lists, shared with the caller, who appends
    /// items to it; `finish()` finishes it too.
    public let values: Values
    /// The list type built.
    public let layout: Layout
    private let itemName: String
    private var lengths: [Int?] = []
    /// Items in the lists closed so far.
    private var closedItems = 0
    /// Why `finish()` must refuse, when the builder was misused.
    private var misuse: String?

    /// A builder of lists whose items `values` builds.
    /// - Parameters:
    ///   - values: The builder of the items; it should be empty.
    ///   - layout: list (32-bit offsets, the default), large list, list view or large list view.
    ///   - itemName: The child field's name (`item`, as pyarrow names it); the field is nullable.
    public init(values: Values, layout: Layout = .list, itemName: String = "item") {
        self.values = values
        self.layout = layout
        self.itemName = itemName
    }

    /// The list type of `layout`, whose nullable child field `itemName` has `values.type`.
    public var type: ArrowType {
        let item = Field(itemName, values.type)
        switch layout {
        case .list: return .list(item)
        case .largeList: return .largeList(item)
        case .listView: return .listView(item)
        case .largeListView: return .largeListView(item)
        }
    }

    /// Number of lists (valid or null) appended since the last `finish()`; items
    /// appended to `values` for a list not yet closed are not counted.
    public var count: Int { lengths.count }

    /// Closes a valid list holding the items appended to `values` since the last list.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `values` holds more than
    ///   `Int32.max` items with a 32-bit layout (list, list view); nothing is
    ///   closed then.
    /// - Complexity: Amortized O(1).
    public func append() throws(ArrowError) {
        guard layout == .largeList || layout == .largeListView || values.count <= Int(Int32.max) else {
            throw ArrowError(.invalidArgument, "list needs offsets beyond \(Int32.max); use a large layout")
        }
        lengths.append(values.count - closedItems)
        closedItems = values.count
    }

    /// Appends a null list. Append no items for it: the next `finish()` throws
    /// when a null list holds some, and drops every list appended.
    /// - Complexity: Amortized O(1).
    public func appendNull() {
        if values.count != closedItems && misuse == nil { misuse = "list \(lengths.count) is null but holds \(values.count - closedItems) items" }
        lengths.append(nil)
        closedItems = values.count
    }

    /// Appends a valid empty list, as the children of a null struct need. Append
    /// no items for it: the next `finish()` throws when items were appended since
    /// the last list, and drops every list appended.
    /// - Complexity: Amortized O(1).
    public func appendEmptyValue() {
        if values.count != closedItems && misuse == nil {
            misuse = "list \(lengths.count) was appended as an empty value but holds \(values.count - closedItems) items"
        }
        lengths.append(values.count - closedItems)
        closedItems = values.count
    }

    /// The list array of the lists appended since the last `finish()`, its child
    /// the array `values.finish()` returns; offsets (and sizes) are laid out by
    /// `ArrayData.list(lengths:values:field:)` and its siblings. Both this builder
    /// and `values` are empty again afterwards.
    ///
    /// Everything that can fail is checked before `values` is finished (nested
    /// library builders included). A problem the caller can repair changes
    /// nothing; one that cannot be repaired empties this builder and `values`,
    /// dropping the lists appended, so that the builder is usable again.
    /// - Returns: A new array with new buffers.
    /// - Throws: `ArrowError` (`.invalidArgument`) when items were appended to
    ///   `values` after the last list was closed (close it with `append()`;
    ///   nothing changes), or when a null list or an empty value was given items
    ///   (the lists are dropped); the problem of a nested builder of `values`,
    ///   with its path in `fieldPath`; any error of `values.finish()` for another
    ///   kind of builder (the lists are dropped then).
    /// - Complexity: O(n) in the lists and items appended, which are copied.
    public func finish() throws(ArrowError) -> ArrayData {
        if let problem = finishProblem() { try BuilderFinish.refuse(problem) { discard() } }
        let child = try BuilderFinish.finishAll([values], reset: reset)[0]
        defer { reset() }
        let field = Field(itemName, child.type)
        switch layout {
        case .list: return try .list(lengths: lengths, values: child, field: field)
        case .largeList: return try .largeList(lengths: lengths, values: child, field: field)
        case .listView: return try .listView(lengths: lengths, values: child, field: field)
        case .largeListView: return try .largeListView(lengths: lengths, values: child, field: field)
        }
    }

    private func reset() {
        lengths = []
        closedItems = 0
        misuse = nil
    }
}

extension ListArrayBuilder: FinishChecking {
    func finishProblem() -> FinishProblem? {
        if let misuse { return FinishProblem(error: ArrowError(.invalidArgument, misuse), dropsRows: true) }
        guard closedItems == values.count else {
            return FinishProblem(
                error: ArrowError(.invalidArgument, "\(values.count - closedItems) items were appended after the last list was closed"),
                dropsRows: false)
        }
        return BuilderFinish.problem(values)?.inField(itemName)
    }

    func discard() {
        reset()
        BuilderFinish.discard(values)
    }

    var nullCount: Int { lengths.reduce(0) { $1 == nil ? $0 + 1 : $0 } }
}

/// Builds a fixed-size list array row by row: append exactly `size` items to
/// `values`, then `append()`. A null list appends `size` nulls to `values` itself,
/// as Arrow C++ `FixedSizeListBuilder` does.
public final class FixedSizeListArrayBuilder<Values: ArrayBuilder>: ArrayBuilder {
    /// The builder of the items of all lists, shared with the caller, who appends
    /// items to it; `finish()` finishes it too.
    public let values: Values
    /// Number of items in every list.
    public let size: Int32
    private let itemName: String
    private var validity: [Bool] = []
    /// Why `finish()` must refuse, when the builder was misused.
    private var misuse: String?

    /// A builder of lists of `size` items each, which `values` builds.
    /// - Parameters:
    ///   - values: The builder of the items; it should be empty.
    ///   - size: Items per list; 0 is allowed.
    ///   - itemName: The child field's name (`item`, as pyarrow names it); the field is nullable.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `size` is negative.
    public init(values: Values, size: Int32, itemName: String = "item") throws(ArrowError) {
        guard size >= 0 else { throw ArrowError(.invalidArgument, "negative list size \(size)") }
        self.values = values
        self.size = size
        self.itemName = itemName
    }

    /// `.fixedSizeList` of `size`, whose nullable child field `itemName` has `values.type`.
    public var type: ArrowType { .fixedSizeList(Field(itemName, values.type), listSize: size) }
    /// Number of lists (valid or null) appended since the last `finish()`.
    public var count: Int { validity.count }

    /// Closes a valid list of the `size` items appended since the last one.
    /// - Throws: `ArrowError` (`.invalidArgument`) when that is not `size` items;
    ///   nothing is closed then.
    /// - Complexity: Amortized O(1).
    public func append() throws(ArrowError) {
        let expected = (validity.count + 1) * Int(size)
        guard values.count == expected else {
            throw ArrowError(.invalidArgument, "a fixed-size list needs \(size) items, \(values.count - validity.count * Int(size)) were appended")
        }
        validity.append(true)
    }

    /// Appends a null list, and `size` nulls to `values` for it. Append no items
    /// for it yourself: the next `finish()` throws when items were appended since
    /// the last list, and drops every list appended.
    /// - Complexity: O(`size`).
    public func appendNull() {
        notePending("null")
        for _ in 0..<size { values.appendNull() }
        validity.append(false)
    }

    /// Appends a valid list of `size` empty values, appended to `values` for it.
    /// As with `appendNull()`, items appended since the last list make the next
    /// `finish()` throw.
    /// - Complexity: O(`size`).
    public func appendEmptyValue() {
        notePending("an empty value")
        for _ in 0..<size { values.appendEmptyValue() }
        validity.append(true)
    }

    private func notePending(_ what: String) {
        let pending = values.count - validity.count * Int(size)
        if pending != 0 && misuse == nil { misuse = "list \(validity.count) was appended as \(what) but \(pending) items were pending" }
    }

    /// The fixed-size list array of the lists appended since the last `finish()`,
    /// its child the array `values.finish()` returns; a validity bitmap only when
    /// a list is null. Both this builder and `values` are empty again afterwards.
    /// Failures are checked before `values` is finished, as
    /// `ListArrayBuilder.finish()` checks them.
    /// - Returns: A new array with new buffers.
    /// - Throws: `ArrowError` (`.invalidArgument`) when items were appended to
    ///   `values` after the last list was closed (nothing changes), or before a
    ///   null or empty list was appended (the lists are dropped); the problem of a
    ///   nested builder of `values`; any error of `values.finish()` for another
    ///   kind of builder (the lists are dropped then).
    /// - Complexity: O(n) in the lists and items appended, which are copied.
    public func finish() throws(ArrowError) -> ArrayData {
        if let problem = finishProblem() { try BuilderFinish.refuse(problem) { discard() } }
        let child = try BuilderFinish.finishAll(
            [values],
            reset: {
                validity = []
                misuse = nil
            })[0]
        defer {
            validity = []
            misuse = nil
        }
        return try .fixedSizeList(
            size: size, values: child, validity: validity.allSatisfy { $0 } ? nil : validity,
            length: validity.count, field: Field(itemName, child.type))
    }
}

extension FixedSizeListArrayBuilder: FinishChecking {
    func finishProblem() -> FinishProblem? {
        if let misuse { return FinishProblem(error: ArrowError(.invalidArgument, misuse), dropsRows: true) }
        guard values.count == validity.count * Int(size) else {
            return FinishProblem(error: ArrowError(.invalidArgument, "items were appended after the last list was closed"), dropsRows: false)
        }
        return BuilderFinish.problem(values)?.inField(itemName)
    }

    func discard() {
        validity = []
        misuse = nil
        BuilderFinish.discard(values)
    }

    var nullCount: Int { validity.reduce(0) { $1 ? $0 : $0 + 1 } }
}

/// Builds a map array row by row: append each entry's key to `keys` and value to
/// `values`, then `append()` to close the map; entries are laid out as
/// `ArrayData.map(keys:values:lengths:)` lays them out (pyarrow's `pa.map_`).
public final class MapArrayBuilder<Keys: ArrayBuilder, Values: ArrayBuilder>: ArrayBuilder {
    /// The builder of the keys of all entries, shared with the caller; append no nulls to it.
    public let keys: Keys
    /// The builder of the values of all entries, shared with the caller.
    public let values: Values
    /// Whether the type says the keys of each map are sorted (not checked).
    public let keysSorted: Bool
    private var lengths: [Int?] = []
    private var closedEntries = 0
    /// Why `finish()` must refuse, when the builder was misused.
    private var misuse: String?

    /// A builder of maps whose entries `keys` and `values` build.
    /// - Parameters:
    ///   - keys: The builder of the keys; it should be empty.
    ///   - values: The builder of the values; it should be empty.
    ///   - keysSorted: The type's `keysSorted` flag; default `false`.
    public init(keys: Keys, values: Values, keysSorted: Bool = false) {
        self.keys = keys
        self.values = values
        self.keysSorted = keysSorted
    }

    /// The map type: a non-nullable `entries` struct of a non-nullable `key` and a
    /// nullable `value`, as pyarrow's `pa.map_` makes it.
    public var type: ArrowType {
        let entries = ArrowType.struct([Field("key", keys.type, nullable: false), Field("value", values.type)])
        return .map(entries: Field("entries", entries, nullable: false), keysSorted: keysSorted)
    }

    /// Number of maps (valid or null) appended since the last `finish()`.
    public var count: Int { lengths.count }

    /// Closes a valid map of the entries appended since the last one.
    /// - Throws: `ArrowError` (`.invalidArgument`) when `keys` and `values` differ
    ///   in count, or hold more than `Int32.max` entries; nothing is closed then.
    /// - Complexity: Amortized O(1).
    public func append() throws(ArrowError) {
        guard keys.count == values.count else {
            throw ArrowError(.invalidArgument, "\(keys.count) keys but \(values.count) values")
        }
        guard keys.count <= Int(Int32.max) else { throw ArrowError(.invalidArgument, "map needs offsets beyond \(Int32.max)") }
        lengths.append(keys.count - closedEntries)
        closedEntries = keys.count
    }

    /// Appends a null map, holding no entries. Append no entries for it: the
    /// next `finish()` throws when entries were appended since the last map, and
    /// drops every map appended.
    /// - Complexity: Amortized O(1).
    public func appendNull() {
        notePending("null")
        lengths.append(nil)
    }

    /// Appends a valid empty map. As with `appendNull()`, entries appended since
    /// the last map make the next `finish()` throw.
    /// - Complexity: Amortized O(1).
    public func appendEmptyValue() {
        notePending("an empty value")
        lengths.append(0)
    }

    private func notePending(_ what: String) {
        guard keys.count != closedEntries || values.count != closedEntries else { return }
        if misuse == nil {
            misuse =
                "map \(lengths.count) was appended as \(what) but \(keys.count - closedEntries) keys and \(values.count - closedEntries) values were pending"
        }
        // The pending entries belong to no map: later maps start after them.
        closedEntries = max(keys.count, values.count)
    }

    /// The map array of the maps appended since the last `finish()`, laid out by
    /// `ArrayData.map(keys:values:lengths:keysSorted:)` from the arrays
    /// `keys.finish()` and `values.finish()` return. All three builders are empty
    /// again afterwards. Failures, null keys included, are checked before `keys`
    /// and `values` are finished, as `ListArrayBuilder.finish()` checks them.
    /// - Returns: A new array with new buffers.
    /// - Throws: `ArrowError` (`.invalidArgument`) when entries were appended after
    ///   the last map was closed (nothing changes then); when a key is null, or a
    ///   null or empty map was appended while entries were pending (the maps
    ///   appended are dropped then, and all three builders are empty); the problem
    ///   of a nested builder of `keys` or `values`; any error of `keys.finish()` or
    ///   `values.finish()` for another kind of builder (the maps are dropped then).
    /// - Complexity: O(n) in the maps and entries appended, which are copied.
    public func finish() throws(ArrowError) -> ArrayData {
        if let problem = finishProblem() { try BuilderFinish.refuse(problem) { discard() } }
        let arrays = try BuilderFinish.finishAll([keys, values]) { reset() }
        defer { reset() }
        if arrays[0].nullCount > 0 {
            // Only a builder that cannot tell its nulls beforehand gets here.
            throw ArrowError(
                .invalidArgument, "map keys must not be null (\(arrays[0].nullCount) null keys); the maps were dropped",
                fieldPath: "entries.key")
        }
        return try .map(keys: arrays[0], values: arrays[1], lengths: lengths, keysSorted: keysSorted)
    }

    private func reset() {
        lengths = []
        closedEntries = 0
        misuse = nil
    }
}

extension MapArrayBuilder: FinishChecking {
    func finishProblem() -> FinishProblem? {
        if let misuse { return FinishProblem(error: ArrowError(.invalidArgument, misuse), dropsRows: true) }
        guard keys.count == closedEntries, values.count == closedEntries else {
            return FinishProblem(error: ArrowError(.invalidArgument, "entries were appended after the last map was closed"), dropsRows: false)
        }
        if let nulls = BuilderFinish.nullCount(keys), nulls > 0 {
            return FinishProblem(
                error: ArrowError(
                    .invalidArgument, "map keys must not be null (\(nulls) null keys); the maps were dropped",
                    fieldPath: "entries.key"), dropsRows: true)
        }
        if let p = BuilderFinish.problem(keys) { return p.inField("key").inField("entries") }
        return BuilderFinish.problem(values)?.inField("value").inField("entries")
    }

    func discard() {
        reset()
        BuilderFinish.discard(keys)
        BuilderFinish.discard(values)
    }

    var nullCount: Int { lengths.reduce(0) { $1 == nil ? $0 + 1 : $0 } }
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
    /// The struct's fields, in order, one per child builder.
    public let fields: [Field]
    /// The builders of the fields' values, shared with the caller, who appends to them.
    public let children: [any ArrayBuilder]
    private var validity = ValidityBits()

    /// A builder of structs of `fields`, each field's values built by its child builder.
    /// - Parameters:
    ///   - fields: The struct's fields (names, nullability, metadata); each type
    ///     must be its child builder's. Nullability is not checked against the values.
    ///   - children: One builder per field, in the same order; they should be empty.
    /// - Throws: `ArrowError` (`.invalidArgument`) when the counts differ, or a
    ///   field's type is not its builder's (naming the field in `fieldPath`).
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

    /// A builder of structs of nullable fields named by the keys, typed by their builders.
    /// - Parameter named: Each field's name and the builder of its values, in field order.
    public init(_ named: KeyValuePairs<String, any ArrayBuilder>) {
        fields = named.map { Field($0.key, $0.value.type) }
        children = named.map(\.value)
    }

    /// `.struct(fields)`.
    public var type: ArrowType { .struct(fields) }
    /// Number of structs (valid or null) appended since the last `finish()`.
    public var count: Int { validity.count }

    /// Closes a valid struct whose children were each appended one value. The
    /// children's counts are checked by `finish()`, not here.
    /// - Complexity: Amortized O(1).
    public func append() { validity.append(true) }

    /// Appends a null struct, and an empty value to every child for it.
    /// - Complexity: O(k) for k children (and what their `appendEmptyValue()` costs).
    public func appendNull() {
        for c in children { c.appendEmptyValue() }
        validity.append(false)
    }

    /// Appends a valid struct of empty values, appending one to every child.
    /// - Complexity: O(k) for k children (and what their `appendEmptyValue()` costs).
    public func appendEmptyValue() {
        for c in children { c.appendEmptyValue() }
        validity.append(true)
    }

    /// The struct array of the structs appended since the last `finish()`, its
    /// children the arrays the child builders' `finish()` return, in field order;
    /// a validity bitmap only when a struct is null. This builder and its
    /// children are empty again afterwards.
    ///
    /// Everything that can fail is checked before any child is finished, nested
    /// library builders included: a problem the caller can repair (a child with
    /// another count, items not yet closed into a list) changes nothing; one that
    /// cannot be repaired (a null key, a null list given items) empties this
    /// builder and every child, dropping the structs appended.
    /// - Returns: A new array with new buffers.
    /// - Throws: `ArrowError` (`.invalidArgument`, naming the field in `fieldPath`)
    ///   when a child holds another number of values than the struct (nothing
    ///   changes then), or a child's problem as its own `finish()` would throw it;
    ///   any error of a child builder of another kind (the structs are dropped
    ///   then, and every child emptied).
    /// - Complexity: O(n) in the structs and child values appended, which are copied.
    public func finish() throws(ArrowError) -> ArrayData {
        // Checked before any child is finished, so that no child is emptied while
        // the others keep their values.
        if let problem = finishProblem() { try BuilderFinish.refuse(problem) { discard() } }
        let arrays = try BuilderFinish.finishAll(children) { validity.reset() }
        defer { validity.reset() }
        return ArrayData(type: type, length: validity.count, nullCount: validity.nullCount, validity: validity.bitmap, children: arrays)
    }
}

extension StructArrayBuilder: FinishChecking {
    func finishProblem() -> FinishProblem? {
        for (f, c) in zip(fields, children) where c.count != validity.count {
            return FinishProblem(
                error: ArrowError(.invalidArgument, "child has \(c.count) values, the struct has \(validity.count)", fieldPath: f.name),
                dropsRows: false)
        }
        for (f, c) in zip(fields, children) {
            if let p = BuilderFinish.problem(c) { return p.inField(f.name) }
        }
        return nil
    }

    func discard() {
        validity.reset()
        for c in children { BuilderFinish.discard(c) }
    }

    var nullCount: Int { validity.nullCount }
}
