import ArrowMemory
import Synchronization

/// Limits that keep a hostile FlatBuffer from making the reader work without bound,
/// in the spirit of the FlatBuffers verifier's `max_depth` and `max_tables`.
///
/// Tables, strings and vectors may be shared (a FlatBuffer is a DAG: two offsets can
/// point at one object), so a 1 KB buffer could otherwise be read as millions of
/// objects. Every visited table, string and vector is charged its size in bytes
/// against one budget of `workPerByte` times the buffer's size: reading a
/// tree-shaped buffer costs about its size, so honest metadata stays far below
/// the budget however it is read, while a shared object pays again on each visit.
public struct FlatBufferLimits: Sendable {
    /// The deepest table nesting allowed below the root (the root is depth 0);
    /// deeper throws `FlatBufferError` with reason `.tooDeep`.
    public var maxDepth: Int
    /// The most tables one buffer may visit, counting every visit to a shared
    /// table; more throws `.tooManyTables`.
    public var maxTables: Int
    /// Bytes of objects that may be visited per byte of the buffer (plus a constant 4 KiB).
    /// Exceeding it throws `.tooMuchWork`.
    public var workPerByte: Int

    /// Limits with the given values; the defaults suit Arrow IPC metadata.
    ///
    /// - Parameters:
    ///   - maxDepth: The deepest table nesting below the root (default 64).
    ///   - maxTables: The most table visits per buffer (default 1,000,000).
    ///   - workPerByte: Bytes of visited objects allowed per buffer byte (default 16).
    public init(maxDepth: Int = 64, maxTables: Int = 1_000_000, workPerByte: Int = 16) {
        self.maxDepth = maxDepth
        self.maxTables = maxTables
        self.workPerByte = workPerByte
    }
}

/// Counts tables visited, and the bytes of every table, string and vector visited,
/// while reading one FlatBuffer. Shared by all tables derived from one root so the
/// limits cover the whole buffer; tables are `Sendable`, so several threads may
/// read one message at once, and the counts are atomic.
final class TableBudget: Sendable {
    let limits: FlatBufferLimits
    /// The work budget in bytes, from the buffer's size.
    let maxWork: Int
    private let tablesLeft: Atomic<Int>
    private let workLeft: Atomic<Int>

    init(limits: FlatBufferLimits, bufferSize: Int) {
        self.limits = limits
        let (work, overflow) = max(bufferSize, 0).multipliedReportingOverflow(by: max(limits.workPerByte, 0))
        self.maxWork = overflow ? Int.max : work.addingReportingOverflow(4096).partialValue
        self.tablesLeft = Atomic(limits.maxTables)
        self.workLeft = Atomic(maxWork)
    }

    /// Takes one table from the budget; false once it is spent.
    func take() -> Bool {
        tablesLeft.wrappingSubtract(1, ordering: .relaxed).newValue >= 0
    }

    /// Charges `bytes` (at least 1) of visited objects; throws once the work budget is spent.
    func charge(_ bytes: Int, at offset: Int, field: String) throws(FlatBufferError) {
        let cost = min(max(bytes, 1), Int(Int32.max))
        // Once negative the count only goes down (by at most 2^31 per call), so it cannot wrap in practice.
        guard workLeft.wrappingSubtract(cost, ordering: .relaxed).newValue >= 0 else {
            throw FlatBufferError(.tooMuchWork(limit: maxWork), offset: offset, field: field)
        }
    }
}

/// A bounds-checked view of one FlatBuffers table.
///
/// Every accessor checks the offsets it follows against the buffer and throws
/// `FlatBufferError` instead of reading outside it. Offsets to child objects
/// (uoffset) are unsigned, so each step moves forward in the buffer; together
/// with the depth and table limits, no input can make reading loop.
public struct FlatBufferTable: Sendable {
    /// The whole FlatBuffer this table lies in (shared, not copied).
    public let buffer: ArrowBuffer
    /// Position of the table (its soffset to the vtable) in `buffer`.
    public let position: Int
    @usableFromInline let vtable: Int
    @usableFromInline let vtableSize: Int
    let tableSize: Int
    let depth: Int
    let budget: TableBudget

    /// Reads the root table of a FlatBuffer that starts at byte 0 of `buffer`.
    ///
    /// The buffer must not carry a size prefix. Only the root table and its
    /// vtable are checked here; fields are checked as they are read. All tables
    /// reached from this root share one budget for `limits`.
    ///
    /// - Parameters:
    ///   - buffer: The FlatBuffer; kept, not copied.
    ///   - limits: The depth, table-count and work limits (defaults suit Arrow metadata).
    ///   - field: The name to put in errors, e.g. `Message`.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds` when the root offset,
    ///   the table or its vtable header lies outside `buffer`, `.invalidVTable`
    ///   when the vtable is shorter than 4 bytes, odd-sized or runs past the end,
    ///   `.tooMuchWork` when even the root exceeds the work budget, and
    ///   `.tooDeep` or `.tooManyTables` only when those limits are below 0 or 1.
    public init(root buffer: ArrowBuffer, limits: FlatBufferLimits = FlatBufferLimits(), field: String = "root") throws(FlatBufferError) {
        guard let rootOffset = buffer.getInteger(at: 0, as: UInt32.self) else {
            throw FlatBufferError(.outOfBounds, offset: 0, field: field)
        }
        try self.init(
            buffer: buffer, position: Int(rootOffset), depth: 0,
            budget: TableBudget(limits: limits, bufferSize: buffer.count), field: field)
    }

    init(buffer: ArrowBuffer, position: Int, depth: Int, budget: TableBudget, field: String) throws(FlatBufferError) {
        guard depth <= budget.limits.maxDepth else {
            throw FlatBufferError(.tooDeep(limit: budget.limits.maxDepth), offset: position, field: field)
        }
        guard budget.take() else {
            throw FlatBufferError(.tooManyTables(limit: budget.limits.maxTables), offset: position, field: field)
        }
        guard let soffset = buffer.getInteger(at: position, as: Int32.self) else {
            throw FlatBufferError(.outOfBounds, offset: position, field: field)
        }
        let vtable = position - Int(soffset)
        guard let vtableSize = buffer.getInteger(at: vtable, as: UInt16.self),
            let tableSize = buffer.getInteger(at: vtable + 2, as: UInt16.self)
        else {
            throw FlatBufferError(.outOfBounds, offset: vtable, field: field)
        }
        guard vtableSize >= 4, vtableSize % 2 == 0, vtable + Int(vtableSize) <= buffer.count, position + 4 <= buffer.count else {
            throw FlatBufferError(.invalidVTable, offset: vtable, field: field)
        }
        try budget.charge(Int(vtableSize) + 4, at: position, field: field)
        self.buffer = buffer
        self.position = position
        self.vtable = vtable
        self.vtableSize = Int(vtableSize)
        self.tableSize = Int(tableSize)
        self.depth = depth
        self.budget = budget
    }

    /// Absolute position of field `slot`'s value, or `nil` when the field is absent.
    /// Checks that `size` bytes of the value lie inside the buffer.
    ///
    /// - Parameters:
    ///   - slot: The field's index in the schema (its vtable slot), from 0.
    ///   - size: The number of bytes the value occupies.
    ///   - field: The name to put in errors.
    /// - Returns: The value's byte offset in `buffer`, or `nil` when the vtable
    ///   does not reach `slot` or stores 0 for it.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds` when the field's
    ///   offset is below 4 or `size` bytes from it run past the end of `buffer`.
    @inlinable
    public func fieldPosition(_ slot: Int, size: Int, field: String) throws(FlatBufferError) -> Int? {
        let entry = 4 + 2 * slot
        guard entry + 2 <= vtableSize else { return nil }
        let fieldOffset = Int(buffer.getIntegerUnchecked(at: vtable + entry, as: UInt16.self))
        if fieldOffset == 0 { return nil }
        // Like the FlatBuffers verifier, require the value inside the buffer (not
        // inside the object size the vtable declares, which writers need not honour).
        guard fieldOffset >= 4, position + fieldOffset <= buffer.count - size else {
            throw FlatBufferError(.outOfBounds, offset: vtable + entry, field: field)
        }
        return position + fieldOffset
    }

    /// Whether field `slot` is present.
    ///
    /// - Parameter slot: The field's vtable slot, from 0.
    /// - Returns: `true` when the vtable stores a non-zero offset for `slot`; the
    ///   offset itself is not checked (reading the field does that).
    @inlinable
    public func has(_ slot: Int) -> Bool {
        let entry = 4 + 2 * slot
        guard entry + 2 <= vtableSize else { return false }
        return buffer.getIntegerUnchecked(at: vtable + entry, as: UInt16.self) != 0
    }

    /// A scalar field, or `defaultValue` when absent.
    ///
    /// - Parameters:
    ///   - slot: The field's vtable slot, from 0.
    ///   - defaultValue: The schema's default, returned when the field is absent.
    ///   - field: The name to put in errors.
    /// - Returns: The little-endian value of type `T`, or `defaultValue`.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds` when the value lies
    ///   (partly) outside the buffer.
    @inlinable
    public func scalar<T: FixedWidthInteger>(_ slot: Int, default defaultValue: T, field: String) throws(FlatBufferError) -> T {
        guard let at = try fieldPosition(slot, size: MemoryLayout<T>.size, field: field) else { return defaultValue }
        return buffer.getIntegerUnchecked(at: at, as: T.self)
    }

    /// A boolean field, or `defaultValue` when absent.
    ///
    /// - Parameters:
    ///   - slot: The field's vtable slot, from 0.
    ///   - defaultValue: The schema's default, returned when the field is absent.
    ///   - field: The name to put in errors.
    /// - Returns: `true` for any non-zero byte.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds` when the byte lies
    ///   outside the buffer.
    @inlinable
    public func bool(_ slot: Int, default defaultValue: Bool, field: String) throws(FlatBufferError) -> Bool {
        try scalar(slot, default: defaultValue ? 1 : 0, field: field) as UInt8 != 0
    }

    /// Absolute position of the object that a uoffset field points to.
    func followOffset(_ slot: Int, field: String) throws(FlatBufferError) -> Int? {
        guard let at = try fieldPosition(slot, size: 4, field: field) else { return nil }
        let target = at + Int(buffer.getIntegerUnchecked(at: at, as: UInt32.self))
        guard target < buffer.count else { throw FlatBufferError(.outOfBounds, offset: at, field: field) }
        return target
    }

    /// A child table, or `nil` when absent.
    ///
    /// - Parameters:
    ///   - slot: The field's vtable slot, from 0.
    ///   - field: The name to put in errors.
    /// - Returns: The child, sharing this table's buffer and budget, or `nil`.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds` when the offset or
    ///   the child lies outside the buffer, `.invalidVTable` for a bad child
    ///   vtable, `.tooDeep`, `.tooManyTables` or `.tooMuchWork` when a limit is hit.
    public func table(_ slot: Int, field: String) throws(FlatBufferError) -> FlatBufferTable? {
        guard let target = try followOffset(slot, field: field) else { return nil }
        return try FlatBufferTable(buffer: buffer, position: target, depth: depth + 1, budget: budget, field: field)
    }

    /// A string field (UTF-8 repaired if invalid), or `nil` when absent.
    ///
    /// Invalid UTF-8 sequences become U+FFFD instead of throwing. The bytes are
    /// copied into the `String`, and each read is charged to the work budget.
    ///
    /// - Parameters:
    ///   - slot: The field's vtable slot, from 0.
    ///   - field: The name to put in errors.
    /// - Returns: The string, or `nil` when absent.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds` when the offset,
    ///   the length or the bytes lie outside the buffer, `.tooMuchWork` when the
    ///   work budget is spent.
    /// - Complexity: O(n) in the string's length.
    public func string(_ slot: Int, field: String) throws(FlatBufferError) -> String? {
        guard let target = try followOffset(slot, field: field) else { return nil }
        return try FlatBufferTable.readString(buffer: buffer, at: target, budget: budget, field: field)
    }

    /// A vector field, or `nil` when absent. `elementSize` is the inline size of one element.
    ///
    /// - Parameters:
    ///   - slot: The field's vtable slot, from 0.
    ///   - elementSize: Bytes per element as stored inline (4 for offsets to
    ///     tables or strings, the struct size for structs).
    ///   - field: The name to put in errors.
    /// - Returns: A view of the vector (no element is read yet), or `nil`.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds` when the offset or
    ///   length lies outside the buffer, `.vectorTooLong` when `count` elements
    ///   do not fit in the rest of the buffer, `.tooMuchWork` when the work
    ///   budget is spent.
    public func vector(_ slot: Int, elementSize: Int, field: String) throws(FlatBufferError) -> FlatBufferVector? {
        guard let target = try followOffset(slot, field: field) else { return nil }
        return try FlatBufferVector(table: self, lengthPosition: target, elementSize: elementSize, field: field)
    }

    /// The position of an inline struct of `size` bytes, or `nil` when absent.
    ///
    /// - Parameters:
    ///   - slot: The field's vtable slot, from 0.
    ///   - size: The struct's size in bytes; that many bytes are bounds-checked.
    ///   - field: The name to put in errors.
    /// - Returns: The struct's byte offset in `buffer`, or `nil`.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds` when the struct
    ///   lies (partly) outside the buffer.
    public func structPosition(_ slot: Int, size: Int, field: String) throws(FlatBufferError) -> Int? {
        try fieldPosition(slot, size: size, field: field)
    }

    /// A nested FlatBuffer stored as a `[ubyte]` field, as its own buffer.
    ///
    /// - Parameters:
    ///   - slot: The field's vtable slot, from 0.
    ///   - field: The name to put in errors.
    /// - Returns: A zero-copy slice of the vector's bytes, or `nil` when absent.
    ///   Its contents are not checked; read it with `FlatBufferTable(root:)`.
    /// - Throws: `FlatBufferError` in the cases of `vector(_:elementSize:field:)`.
    public func nestedFlatBuffer(_ slot: Int, field: String) throws(FlatBufferError) -> ArrowBuffer? {
        guard let vector = try vector(slot, elementSize: 1, field: field) else { return nil }
        return buffer.getSlice(at: vector.start, length: vector.count)
    }

    static func readString(buffer: ArrowBuffer, at position: Int, budget: TableBudget, field: String) throws(FlatBufferError) -> String {
        guard let length = buffer.getInteger(at: position, as: UInt32.self),
            let bytes = buffer.getSlice(at: position + 4, length: Int(length))
        else {
            throw FlatBufferError(.outOfBounds, offset: position, field: field)
        }
        // Strings are copied out on every visit, so each visit pays for its bytes.
        try budget.charge(4 + bytes.count, at: position, field: field)
        return bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    func child(at position: Int, field: String) throws(FlatBufferError) -> FlatBufferTable {
        try FlatBufferTable(buffer: buffer, position: position, depth: depth + 1, budget: budget, field: field)
    }
}

/// A bounds-checked view of one FlatBuffers vector.
///
/// Making the view checks that all `count * elementSize` bytes lie in the
/// buffer, so element reads need only a valid index; a bad index is a
/// programming error and traps.
public struct FlatBufferVector: Sendable {
    @usableFromInline let owner: FlatBufferTable
    /// Position of the first element.
    public let start: Int
    /// Number of elements.
    public let count: Int
    /// Bytes per element as stored inline, as given when the vector was read.
    public let elementSize: Int

    init(table: FlatBufferTable, lengthPosition: Int, elementSize: Int, field: String) throws(FlatBufferError) {
        let buffer = table.buffer
        guard let length = buffer.getInteger(at: lengthPosition, as: UInt32.self) else {
            throw FlatBufferError(.outOfBounds, offset: lengthPosition, field: field)
        }
        let count = Int(length)
        let available = buffer.count - (lengthPosition + 4)
        guard count <= available / max(elementSize, 1) else {
            throw FlatBufferError(.vectorTooLong(count: count), offset: lengthPosition, field: field)
        }
        try table.budget.charge(4 + count * elementSize, at: lengthPosition, field: field)
        self.owner = table
        self.start = lengthPosition + 4
        self.count = count
        self.elementSize = elementSize
    }

    @inlinable var buffer: ArrowBuffer { owner.buffer }

    /// Scalar element `i`; `i` must be in `0..<count`.
    ///
    /// - Precondition: `0 <= i < count` and `T` is no wider than `elementSize`.
    /// - Parameters:
    ///   - i: The element index.
    ///   - as: The integer type to read; inferred when omitted.
    /// - Returns: The little-endian value.
    @inlinable
    public func scalar<T: FixedWidthInteger>(at i: Int, as: T.Type = T.self) -> T {
        precondition(i >= 0 && i < count && MemoryLayout<T>.size <= elementSize, "vector index out of range")
        return buffer.getIntegerUnchecked(at: start + i * elementSize, as: T.self)
    }

    /// Position of struct element `i`; `i` must be in `0..<count`.
    ///
    /// - Precondition: `0 <= i < count`.
    /// - Parameter i: The element index.
    /// - Returns: The element's byte offset in the buffer.
    public func structPosition(at i: Int) -> Int {
        precondition(i >= 0 && i < count, "vector index out of range")
        return start + i * elementSize
    }

    /// Reads a scalar from a struct element: `fieldOffset` bytes into element `i`.
    ///
    /// - Precondition: `0 <= i < count` and the scalar lies within `elementSize`.
    /// - Parameters:
    ///   - i: The element index.
    ///   - fieldOffset: The scalar's byte offset inside the struct.
    ///   - as: The integer type to read; inferred when omitted.
    /// - Returns: The little-endian value.
    @inlinable
    public func structField<T: FixedWidthInteger>(at i: Int, offset fieldOffset: Int, as: T.Type = T.self) -> T {
        precondition(i >= 0 && i < count && fieldOffset + MemoryLayout<T>.size <= elementSize, "struct field out of range")
        return buffer.getIntegerUnchecked(at: start + i * elementSize + fieldOffset, as: T.self)
    }

    /// Table element `i` of a vector of tables.
    ///
    /// - Precondition: `0 <= i < count`.
    /// - Parameters:
    ///   - i: The element index.
    ///   - field: The name to put in errors.
    /// - Returns: The table, sharing the parent's buffer and budget.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds` when the element's
    ///   offset points outside the buffer, `.invalidVTable` for a bad vtable,
    ///   `.tooDeep`, `.tooManyTables` or `.tooMuchWork` when a limit is hit.
    public func table(at i: Int, field: String) throws(FlatBufferError) -> FlatBufferTable {
        let at = structPosition(at: i)
        let target = at + Int(buffer.getIntegerUnchecked(at: at, as: UInt32.self))
        guard target < buffer.count else { throw FlatBufferError(.outOfBounds, offset: at, field: field) }
        return try owner.child(at: target, field: field)
    }

    /// String element `i` of a vector of strings.
    ///
    /// Invalid UTF-8 becomes U+FFFD; the bytes are copied.
    ///
    /// - Precondition: `0 <= i < count`.
    /// - Parameters:
    ///   - i: The element index.
    ///   - field: The name to put in errors.
    /// - Returns: The string.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds` when the string's
    ///   length or bytes lie outside the buffer, `.tooMuchWork` when the work
    ///   budget is spent.
    /// - Complexity: O(n) in the string's length.
    public func string(at i: Int, field: String) throws(FlatBufferError) -> String {
        let at = structPosition(at: i)
        let target = at + Int(buffer.getIntegerUnchecked(at: at, as: UInt32.self))
        return try FlatBufferTable.readString(buffer: buffer, at: target, budget: owner.budget, field: field)
    }
}

extension FlatBufferTable {
    /// Reads an inline struct's scalar at `position + offset` (position from
    /// `structPosition`), checked against the buffer.
    ///
    /// - Parameters:
    ///   - position: The struct's position from `structPosition(_:size:field:)`.
    ///   - offset: The scalar's byte offset inside the struct.
    ///   - as: The integer type to read; inferred when omitted.
    ///   - field: The name to put in errors, e.g. `Tensor.data.offset`.
    /// - Returns: The little-endian value.
    /// - Throws: `FlatBufferError` with reason `.outOfBounds`, `field` and the
    ///   byte offset `position + offset` (or `position` when that sum
    ///   overflows) when `position` or `offset` is negative or the scalar's
    ///   bytes do not lie inside the buffer.
    @inlinable
    public func structField<T: FixedWidthInteger>(
        _ position: Int, offset: Int, as: T.Type = T.self, field: String
    ) throws(FlatBufferError) -> T {
        let (at, overflow) = position.addingReportingOverflow(offset)
        guard !overflow, position >= 0, offset >= 0, let value = buffer.getInteger(at: at, as: T.self) else {
            throw FlatBufferError(.outOfBounds, offset: overflow ? position : at, field: field)
        }
        return value
    }

    /// Reads an inline struct's scalar at `position + offset` without a bounds
    /// check, for callers that checked the struct's bytes with
    /// `structPosition(_:size:field:)` and read within them.
    ///
    /// - Precondition: `offset >= 0` and `offset + MemoryLayout<T>.size` is at
    ///   most the struct size passed to `structPosition` (not checked; reading
    ///   past it reads outside the buffer: undefined behaviour, no trap). Use
    ///   `structField(_:offset:as:field:)` when that is not certain.
    /// - Parameters:
    ///   - position: The struct's position from `structPosition(_:size:field:)`.
    ///   - offset: The scalar's byte offset inside the struct.
    ///   - as: The integer type to read; inferred when omitted.
    /// - Returns: The little-endian value.
    @inlinable
    public func structFieldUnchecked<T: FixedWidthInteger>(_ position: Int, offset: Int, as: T.Type = T.self) -> T {
        buffer.getIntegerUnchecked(at: position + offset, as: T.self)
    }
}
