// A FlatBuffers builder whose output is byte-for-byte the output of the C++
// `flatbuffers::FlatBufferBuilder` (v23.5.26, the copy Arrow C++ vendors) and
// of the Python `flatbuffers.Builder` (25.12.19) for the same sequence of calls.
//
// How a FlatBuffer is built (the rules both reference builders follow):
//
// * The buffer is filled back to front. `head` is the index of the first used
//   byte; everything from `head` to the end of the storage is the data written
//   so far. Offsets (`FlatBufferOffset`) are measured from the end of the
//   buffer, so they stay valid while the buffer grows (growth doubles the
//   capacity and moves the used bytes to the end of the new storage).
// * Before an element of `size` bytes is written after `additionalBytes` more
//   bytes, `prep` pads with zeros so that the element ends up aligned to
//   `size`, and remembers the largest alignment ever asked for (`minAlign`),
//   which `finish` uses to align the whole buffer.
// * A table is its fields (written in call order, each aligned to its own
//   size), then an `Int32` that points to the table's vtable. The vtable is
//   written just below the table: `[vtable size, object size, field offsets...]`
//   as `UInt16`s, trailing unset fields trimmed. If an identical vtable was
//   written earlier, the new one is dropped and the table points to the earlier
//   one (the first one written, which is what both builders find).
// * Scalars equal to their default are not written unless `forceDefaults`.
// * Strings are a `UInt32` length, the UTF-8 bytes and a terminating zero;
//   vectors are a `UInt32` element count followed by the elements.
// * `finish` aligns the whole buffer to `minAlign`, then writes the optional
//   4-byte file identifier, the root offset and the optional size prefix.
//
// Where the C++ and Python builders differ, this builder follows C++ (Arrow C++
// writes the IPC metadata with it). The differences:
//
// 1. Empty vectors: C++ `StartVector` pre-aligns through `PreAlign(len * elemsize,
//    ...)`, which returns early when the byte length is 0, so an empty vector is
//    only aligned to 4 (by the length `PushElement`). Python's `StartVector`
//    always calls `Prep(4, 0)` and `Prep(alignment, 0)`, so an empty vector of
//    8-aligned elements (e.g. Arrow's `Buffer`/`FieldNode` structs) gets padded
//    to 8 and raises `minalign` to 8 in Python but not in C++.
// 2. Null offsets: C++ `AddOffset` never stores a null offset, even with
//    `ForceDefaults(true)`; Python's `PrependUOffsetTRelativeSlot` with
//    `forceDefaults` writes an offset computed from 0 (pointing past the buffer).
// 3. NaN defaults: C++ `IsTheSameAs` treats a NaN value as equal to a NaN default
//    (not written); Python's `x != d` is true for NaN, so Python writes it.
// 4. `finish` with a size prefix: C++ also tracks the prefix's alignment (4) in
//    `minalign`; with a table as root `minalign` is already at least 4, so this
//    never changes the bytes. With a file identifier Python calls `Prep(4, 4)`
//    before writing it and C++ does not; this too is a no-op once anything
//    4-aligned (any table, vector or string) was written.
// 5. Inline structs: C++ `AddStruct` aligns with `Align(alignof(T))`, Python's
//    generated code with `Prep(alignment, size)`; the two agree because a
//    FlatBuffers struct's size is always a multiple of its alignment.
//
// Python's `Clear()` also resets `forceDefaults`; C++ `Clear()` keeps it, and so
// does `reset()` here.

/// The position of an object written by a `FlatBufferBuilder`, counted in bytes
/// from the end of the buffer (the C++ `uoffset_t` an `Offset<T>` holds).
/// Zero is the null offset.
public struct FlatBufferOffset: Hashable, Sendable {
    /// Bytes from the end of the buffer to the object; 0 means null.
    public let value: UInt32

    /// An offset of `value` bytes from the end of the buffer.
    ///
    /// - Parameter value: The distance from the end; 0 makes the null offset.
    public init(value: UInt32) {
        self.value = value
    }

    /// The null offset: "no object". `addOffset` does not store it.
    public static let null = FlatBufferOffset(value: 0)

    /// Whether this is the null offset (value 0).
    public var isNull: Bool { value == 0 }
}

/// Builds one FlatBuffer, back to front, with exactly the bytes the C++ and
/// Python reference builders produce for the same calls (see the notes at the
/// top of this file).
///
/// Typical use, mirroring generated code:
///
///     var b = FlatBufferBuilder()
///     let name = b.createString("x")
///     b.startTable(fieldCount: 3)
///     b.add(field: 1, Int64(42), default: 0)
///     b.addOffset(field: 0, name)
///     let root = b.endTable()
///     b.finish(root: root)
///     let bytes = b.finishedBytes
///
/// Structs are written inline by the caller, as generated code does:
///
///     b.addStruct(field: 2, size: 16, alignment: 8) { b in
///         b.prepend(Int64(length))   // the last field first
///         b.prepend(Int64(offset))
///     }
///
/// Pass typed values (`Int64(x)`, `UInt8(y)`) to the scalar methods: the width
/// written is the width of the Swift type, and an untyped integer literal is an
/// `Int` (8 bytes). The `Float`/`Double` overloads are disfavoured so that an
/// integer literal never becomes a `Double`.
///
/// Misuse (nesting a table or vector inside another, adding a field outside a
/// table, a vector count that does not match) stops the program with a
/// precondition failure; the builder never sees untrusted input.
public struct FlatBufferBuilder {
    /// The largest buffer the builder can hold (a FlatBuffer is addressed with
    /// signed 32-bit offsets).
    public static let maxBufferSize = Int(Int32.max)

    private enum State: Equatable {
        case idle
        case table
        case vector(count: Int)
    }

    /// The storage; the used part is `buffer[head...]`.
    private var buffer: [UInt8]
    private var head: Int
    private var minAlign = 1
    private var state = State.idle

    /// For the table being built: per field slot, the buffer size (offset from
    /// the end) right after the field was written; 0 for fields not written.
    private var fieldLocations: [Int] = []
    private var highestSlot = -1
    /// The buffer size when the table being built was started.
    private var tableStart = 0

    /// Every vtable written so far, as offsets from the end of the buffer,
    /// grouped by a hash of their bytes (in the order they were written).
    private var vtablesByHash: [Int: [Int]] = [:]

    /// Whether `finish` was called.
    public private(set) var isFinished = false

    /// Write scalars even when they equal their default (C++ `ForceDefaults`,
    /// Python `ForceDefaults`). Null offsets are never written.
    public var forceDefaults = false

    /// An empty builder.
    ///
    /// - Precondition: `0 <= initialCapacity <= maxBufferSize`.
    /// - Parameter initialCapacity: Bytes to allocate up front (default 1024);
    ///   the storage doubles as needed, so this only saves reallocations.
    public init(initialCapacity: Int = 1024) {
        precondition(
            initialCapacity >= 0 && initialCapacity <= Self.maxBufferSize,
            "FlatBufferBuilder: bad initial capacity \(initialCapacity)")
        buffer = [UInt8](repeating: 0, count: initialCapacity)
        head = initialCapacity
    }

    /// Bytes written so far (Python `Offset()`, C++ `GetSize()`).
    public var size: Int { buffer.count - head }

    /// The offset of whatever was written last, e.g. a struct.
    public var currentOffset: FlatBufferOffset { FlatBufferOffset(value: UInt32(size)) }

    /// The largest alignment any element asked for; after `finish`, the
    /// alignment the buffer needs (C++ `GetBufferMinAlignment`).
    public var minimumAlignment: Int { minAlign }

    /// Forgets everything written, keeping the storage (C++ `Clear()`).
    /// `forceDefaults` is kept, as in C++.
    public mutating func reset() {
        head = buffer.count
        minAlign = 1
        state = .idle
        fieldLocations.removeAll(keepingCapacity: true)
        highestSlot = -1
        tableStart = 0
        vtablesByHash.removeAll(keepingCapacity: true)
        isFinished = false
    }

    // MARK: - Finished buffer

    /// The finished FlatBuffer (Python `Output()`): the bytes from the head of
    /// the buffer to its end, copied into a new array (O(n)).
    ///
    /// - Precondition: `finish` was called.
    public var finishedBytes: [UInt8] {
        precondition(isFinished, "FlatBufferBuilder: finishedBytes before finish")
        return Array(buffer[head...])
    }

    /// Calls `body` with the finished FlatBuffer without copying it.
    ///
    /// - Precondition: `finish` was called.
    /// - Parameter body: Reads the bytes; the pointer must not escape it.
    /// - Returns: What `body` returns.
    /// - Throws: Whatever `body` throws.
    public func withFinishedBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        precondition(isFinished, "FlatBufferBuilder: withFinishedBytes before finish")
        let start = head
        return try buffer.withUnsafeBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[start...]))
        }
    }

    // MARK: - Low-level writing (what generated code uses for structs)

    /// Pads with zeros so that an element of `size` bytes, written after
    /// `additionalBytes` more bytes, is aligned to `size` (Python `Prep`, C++
    /// `PreAlign(additionalBytes, size)` but without C++'s early return for 0).
    /// Also makes room for the element and the additional bytes.
    ///
    /// - Precondition: `alignment` is a power of two.
    /// - Parameters:
    ///   - alignment: The element's size, which is also its alignment; raises
    ///     `minimumAlignment` when larger.
    ///   - additionalBytes: Bytes that will be written after the element.
    public mutating func prep(size alignment: Int, additionalBytes: Int) {
        precondition(
            alignment > 0 && alignment & (alignment - 1) == 0,
            "FlatBufferBuilder: alignment \(alignment) is not a power of two")
        if alignment > minAlign {
            minAlign = alignment
        }
        let padding = (0 &- (size + additionalBytes)) & (alignment - 1)
        ensureSpace(padding + alignment + additionalBytes)
        pad(padding)
    }

    /// Writes `count` zero bytes.
    ///
    /// - Parameter count: The number of bytes; 0 or less writes nothing.
    public mutating func pad(_ count: Int) {
        guard count > 0 else { return }
        ensureSpace(count)
        head -= count
        let start = head
        buffer.withUnsafeMutableBytes { all in
            _ = UnsafeMutableRawBufferPointer(rebasing: all[start..<start + count])
                .initializeMemory(as: UInt8.self, repeating: 0)
        }
    }

    /// Aligns to the value's size and writes it little-endian.
    ///
    /// - Parameter value: The value; its Swift type sets the width written.
    public mutating func prepend<T: FixedWidthInteger>(_ value: T) {
        prep(size: MemoryLayout<T>.size, additionalBytes: 0)
        place(value)
    }

    /// Writes a bool as one byte, 0 or 1.
    ///
    /// - Parameter value: The value to write.
    public mutating func prepend(_ value: Bool) {
        prepend(UInt8(value ? 1 : 0))
    }

    /// Aligns to 4 and writes the value's IEEE 754 bits little-endian.
    ///
    /// - Parameter value: The value to write (NaN payloads are kept).
    @_disfavoredOverload
    public mutating func prepend(_ value: Float) {
        prepend(value.bitPattern)
    }

    /// Aligns to 8 and writes the value's IEEE 754 bits little-endian.
    ///
    /// - Parameter value: The value to write (NaN payloads are kept).
    @_disfavoredOverload
    public mutating func prepend(_ value: Double) {
        prepend(value.bitPattern)
    }

    /// Writes an offset to an object already in the buffer, relative to where
    /// the offset itself is written (Python `PrependUOffsetTRelative`, C++
    /// `PushElement(Offset)`).
    ///
    /// - Precondition: `offset` is not null and refers to something already written.
    /// - Parameter offset: The object to point to.
    public mutating func prependOffset(_ offset: FlatBufferOffset) {
        prep(size: 4, additionalBytes: 0)
        precondition(
            !offset.isNull && Int(offset.value) <= size,
            "FlatBufferBuilder: offset \(offset.value) does not point into the buffer")
        place(UInt32(size - Int(offset.value) + 4))
    }

    /// Writes raw bytes as they are, with no alignment (C++ `PushBytes`).
    ///
    /// - Parameter bytes: The bytes, written in order (not reversed).
    /// - Complexity: O(n) in the number of bytes.
    public mutating func prependBytes(_ bytes: some Collection<UInt8>) {
        let copied: Void? = bytes.withContiguousStorageIfAvailable { elements in
            prependRaw(UnsafeRawBufferPointer(elements))
        }
        if copied == nil {
            Array(bytes).withUnsafeBytes { prependRaw($0) }
        }
    }

    /// Writes a struct inline: aligns for `size` bytes at `alignment`, lets
    /// `write` prepend the struct's fields (last field first, with `pad` for
    /// padding), checks that exactly `size` bytes were written and returns the
    /// struct's offset. Use it for each element of a vector of structs.
    ///
    /// - Precondition: `write` writes exactly `structSize` bytes.
    /// - Parameters:
    ///   - structSize: The struct's size in bytes, padding included.
    ///   - alignment: The struct's alignment (a power of two).
    ///   - write: Prepends the fields, last first.
    /// - Returns: The struct's offset.
    @discardableResult
    public mutating func prependStruct(
        size structSize: Int, alignment: Int, _ write: (inout FlatBufferBuilder) -> Void
    ) -> FlatBufferOffset {
        prep(size: alignment, additionalBytes: structSize)
        let start = size
        write(&self)
        precondition(
            size - start == structSize,
            "FlatBufferBuilder: struct writer wrote \(size - start) bytes, expected \(structSize)")
        return currentOffset
    }

    // MARK: - Tables

    /// Starts a table with room for `fieldCount` field slots (Python
    /// `StartObject`; C++ `StartTable` needs no count).
    ///
    /// - Precondition: no table or vector is being built, and the vtable for
    ///   `fieldCount` slots fits in 16 bits.
    /// - Parameter fieldCount: The number of field slots in the schema's table.
    public mutating func startTable(fieldCount: Int) {
        precondition(state == .idle, "FlatBufferBuilder: startTable while building another object")
        precondition(
            fieldCount >= 0 && (fieldCount + 2) * 2 <= Int(UInt16.max),
            "FlatBufferBuilder: bad field count \(fieldCount)")
        state = .table
        fieldLocations.removeAll(keepingCapacity: true)
        fieldLocations.append(contentsOf: repeatElement(0, count: fieldCount))
        highestSlot = -1
        tableStart = size
    }

    /// Records that the field in `field` slot is what was written last.
    ///
    /// - Precondition: a table is being built and `field` is below its `fieldCount`.
    /// - Parameter field: The field's slot, from 0.
    public mutating func slot(_ field: Int) {
        precondition(state == .table, "FlatBufferBuilder: field added outside a table")
        precondition(
            field >= 0 && field < fieldLocations.count,
            "FlatBufferBuilder: field slot \(field) out of range 0..<\(fieldLocations.count)")
        fieldLocations[field] = size
        if field > highestSlot {
            highestSlot = field
        }
    }

    /// Adds an integer field unless it equals its default (or `forceDefaults`).
    ///
    /// - Precondition: a table is being built and `field` is in range.
    /// - Parameters:
    ///   - field: The field's slot, from 0.
    ///   - value: The value; its Swift type sets the width written.
    ///   - defaultValue: The schema's default; an equal value is not written.
    public mutating func add<T: FixedWidthInteger>(field: Int, _ value: T, default defaultValue: T) {
        if value != defaultValue || forceDefaults {
            prepend(value)
            slot(field)
        }
    }

    /// Adds a bool field (one byte) unless it equals its default (or `forceDefaults`).
    ///
    /// - Precondition: a table is being built and `field` is in range.
    /// - Parameters:
    ///   - field: The field's slot, from 0.
    ///   - value: The value.
    ///   - defaultValue: The schema's default; an equal value is not written.
    public mutating func add(field: Int, _ value: Bool, default defaultValue: Bool) {
        if value != defaultValue || forceDefaults {
            prepend(value)
            slot(field)
        }
    }

    /// Adds a `Float` field unless it equals its default (or `forceDefaults`).
    ///
    /// A NaN value counts as equal to a NaN default, as in C++ (not Python).
    ///
    /// - Precondition: a table is being built and `field` is in range.
    /// - Parameters:
    ///   - field: The field's slot, from 0.
    ///   - value: The value.
    ///   - defaultValue: The schema's default; an equal value is not written.
    @_disfavoredOverload
    public mutating func add(field: Int, _ value: Float, default defaultValue: Float) {
        let same = value == defaultValue || (value.isNaN && defaultValue.isNaN)
        if !same || forceDefaults {
            prepend(value)
            slot(field)
        }
    }

    /// Adds a `Double` field unless it equals its default (or `forceDefaults`).
    ///
    /// A NaN value counts as equal to a NaN default, as in C++ (not Python).
    ///
    /// - Precondition: a table is being built and `field` is in range.
    /// - Parameters:
    ///   - field: The field's slot, from 0.
    ///   - value: The value.
    ///   - defaultValue: The schema's default; an equal value is not written.
    @_disfavoredOverload
    public mutating func add(field: Int, _ value: Double, default defaultValue: Double) {
        let same = value == defaultValue || (value.isNaN && defaultValue.isNaN)
        if !same || forceDefaults {
            prepend(value)
            slot(field)
        }
    }

    /// Adds an offset field (string, vector, table). A null offset is never
    /// stored, even with `forceDefaults` (C++ `AddOffset`).
    ///
    /// - Precondition: a table is being built and `field` is in range.
    /// - Parameters:
    ///   - field: The field's slot, from 0.
    ///   - offset: The object to point to, written before `startTable`.
    public mutating func addOffset(field: Int, _ offset: FlatBufferOffset) {
        if offset.isNull {
            return
        }
        prependOffset(offset)
        slot(field)
    }

    /// Adds a struct field written inline by `write` (see `prependStruct`).
    ///
    /// Structs are always written, whatever `forceDefaults` says.
    ///
    /// - Precondition: a table is being built, `field` is in range and `write`
    ///   writes exactly `structSize` bytes.
    /// - Parameters:
    ///   - field: The field's slot, from 0.
    ///   - structSize: The struct's size in bytes, padding included.
    ///   - alignment: The struct's alignment (a power of two).
    ///   - write: Prepends the struct's fields, last first.
    public mutating func addStruct(
        field: Int, size structSize: Int, alignment: Int, _ write: (inout FlatBufferBuilder) -> Void
    ) {
        prependStruct(size: structSize, alignment: alignment, write)
        slot(field)
    }

    /// Ends the table: writes its vtable (or reuses an identical earlier one)
    /// and returns the table's offset.
    ///
    /// - Precondition: a table is being built and its fields total less than 64 KiB.
    /// - Returns: The table's offset, for `addOffset`, `createVector(of:)` or `finish`.
    /// - Complexity: O(f) in the number of field slots, plus a comparison with
    ///   each earlier vtable of the same hash.
    public mutating func endTable() -> FlatBufferOffset {
        precondition(state == .table, "FlatBufferBuilder: endTable without startTable")
        // The table starts with an Int32 pointing to its vtable; filled below.
        prepend(Int32(0))
        let objectOffset = size
        let objectSize = objectOffset - tableStart
        precondition(objectSize < 0x10000, "FlatBufferBuilder: table of \(objectSize) bytes is too big")

        // Write the vtable: [vtable size, object size, one UInt16 per slot up to
        // the highest slot set]. It is made of UInt16s and sits just below the
        // 4-aligned table, so it needs no padding (Python aligns each UInt16 to
        // 2, which pads nothing; `minAlign` is already at least 4).
        let vtableSize = (highestSlot + 1 + 2) * 2
        ensureSpace(vtableSize)
        head -= vtableSize
        let vtableStart = head
        let locations = fieldLocations
        let highest = highestSlot
        let hash = buffer.withUnsafeMutableBytes { all -> Int in
            all.storeBytes(of: UInt16(vtableSize).littleEndian, toByteOffset: vtableStart, as: UInt16.self)
            all.storeBytes(of: UInt16(objectSize).littleEndian, toByteOffset: vtableStart + 2, as: UInt16.self)
            var slot = 0
            while slot <= highest {
                let location = locations[slot]
                let fieldOffset = location == 0 ? 0 : UInt16(objectOffset - location)
                all.storeBytes(
                    of: fieldOffset.littleEndian, toByteOffset: vtableStart + 4 + 2 * slot,
                    as: UInt16.self)
                slot += 1
            }
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: all[vtableStart..<vtableStart + vtableSize]))
            return hasher.finalize()
        }

        // Reuse an identical vtable written before, if any: drop the new one.
        var vtableOffset = size
        if let candidates = vtablesByHash[hash] {
            let end = buffer.count
            let match = buffer.withUnsafeBytes { all -> Int? in
                let new = all[vtableStart..<vtableStart + vtableSize]
                for candidate in candidates {
                    let start = end - candidate
                    if all[start..<start + vtableSize].elementsEqual(new) {
                        return candidate
                    }
                }
                return nil
            }
            if let match {
                head += vtableSize
                vtableOffset = match
            }
        }
        if vtableOffset == size {
            vtablesByHash[hash, default: []].append(vtableOffset)
        }

        // The table's Int32: the vtable is at (table position - this value).
        let tableIndex = buffer.count - objectOffset
        let relative = Int32(vtableOffset - objectOffset)
        buffer.withUnsafeMutableBytes { all in
            all.storeBytes(of: relative.littleEndian, toByteOffset: tableIndex, as: Int32.self)
        }
        state = .idle
        return FlatBufferOffset(value: UInt32(objectOffset))
    }

    // MARK: - Vectors and strings

    /// Starts a vector of `count` elements of `elementSize` bytes each, aligned
    /// to `alignment`; prepend the elements last to first, then `endVector`.
    /// An empty vector is not pre-aligned (C++ behaviour; see note 1 above).
    ///
    /// - Precondition: no table or vector is being built; sizes are not negative.
    /// - Parameters:
    ///   - elementSize: Bytes per element.
    ///   - count: The number of elements that will be prepended.
    ///   - alignment: The elements' alignment (a power of two).
    public mutating func startVector(elementSize: Int, count: Int, alignment: Int) {
        precondition(state == .idle, "FlatBufferBuilder: startVector while building another object")
        precondition(elementSize >= 0 && count >= 0, "FlatBufferBuilder: bad vector shape")
        state = .vector(count: count)
        let byteCount = elementSize * count
        if byteCount > 0 {
            prep(size: 4, additionalBytes: byteCount)
            prep(size: alignment, additionalBytes: byteCount)
        }
    }

    /// Ends the vector started with `startVector` by writing its element count.
    ///
    /// The count is not checked against the bytes actually prepended.
    ///
    /// - Precondition: `count` equals the count given to `startVector`.
    /// - Parameter count: The number of elements.
    /// - Returns: The vector's offset.
    public mutating func endVector(count: Int) -> FlatBufferOffset {
        precondition(
            state == .vector(count: count),
            "FlatBufferBuilder: endVector(count: \(count)) does not match startVector")
        state = .idle
        // Already 4-aligned for a non-empty vector; aligns an empty one (C++
        // `PushElement`).
        prepend(UInt32(count))
        return currentOffset
    }

    /// Writes a string: its UTF-8 bytes, a terminating zero, and its length.
    ///
    /// - Precondition: no table or vector is being built.
    /// - Parameter string: The string.
    /// - Returns: The string's offset.
    /// - Complexity: O(n) in the UTF-8 length.
    public mutating func createString(_ string: String) -> FlatBufferOffset {
        var string = string
        return string.withUTF8 { utf8 in
            createString(raw: UnsafeRawBufferPointer(utf8))
        }
    }

    /// Writes a string given as UTF-8 bytes (not validated).
    ///
    /// - Precondition: no table or vector is being built.
    /// - Parameter bytes: The string's bytes, without a terminating zero.
    /// - Returns: The string's offset.
    /// - Complexity: O(n) in the number of bytes.
    public mutating func createString(utf8 bytes: some Collection<UInt8>) -> FlatBufferOffset {
        if let offset = bytes.withContiguousStorageIfAvailable({ createString(raw: UnsafeRawBufferPointer($0)) }) {
            return offset
        }
        return Array(bytes).withUnsafeBytes { createString(raw: $0) }
    }

    /// Writes a vector of bytes (Python `CreateByteVector` for alignment 1),
    /// optionally aligned more strongly (C++ `ForceVectorAlignment`-like), e.g.
    /// for a nested FlatBuffer.
    ///
    /// - Precondition: no table or vector is being built.
    /// - Parameters:
    ///   - bytes: The vector's bytes.
    ///   - alignment: The alignment of the first byte (a power of two; default 1).
    /// - Returns: The vector's offset.
    /// - Complexity: O(n) in the number of bytes.
    public mutating func createByteVector(_ bytes: some Collection<UInt8>, alignment: Int = 1) -> FlatBufferOffset {
        let count = bytes.count
        startVector(elementSize: 1, count: count, alignment: alignment)
        prependBytes(bytes)
        return endVector(count: count)
    }

    /// Writes a vector of integers (C++ `CreateVector`), aligned to their width.
    ///
    /// - Precondition: no table or vector is being built.
    /// - Parameter scalars: The elements, in order.
    /// - Returns: The vector's offset.
    /// - Complexity: O(n) in the number of elements.
    public mutating func createVector<T: FixedWidthInteger>(_ scalars: [T]) -> FlatBufferOffset {
        let width = MemoryLayout<T>.size
        startVector(elementSize: width, count: scalars.count, alignment: width)
        #if _endian(little)
            scalars.withUnsafeBytes { prependRaw($0) }
        #else
            for value in scalars.reversed() {
                prepend(value)
            }
        #endif
        return endVector(count: scalars.count)
    }

    /// Writes a vector of bools, one byte each.
    ///
    /// - Precondition: no table or vector is being built.
    /// - Parameter values: The elements, in order.
    /// - Returns: The vector's offset.
    /// - Complexity: O(n) in the number of elements.
    public mutating func createVector(_ values: [Bool]) -> FlatBufferOffset {
        createVector(values.map { UInt8($0 ? 1 : 0) })
    }

    /// Writes a vector of `Float`s as their IEEE 754 bits, 4-aligned.
    ///
    /// - Precondition: no table or vector is being built.
    /// - Parameter values: The elements, in order.
    /// - Returns: The vector's offset.
    /// - Complexity: O(n) in the number of elements.
    public mutating func createVector(_ values: [Float]) -> FlatBufferOffset {
        createVector(values.map(\.bitPattern))
    }

    /// Writes a vector of `Double`s as their IEEE 754 bits, 8-aligned.
    ///
    /// - Precondition: no table or vector is being built.
    /// - Parameter values: The elements, in order.
    /// - Returns: The vector's offset.
    /// - Complexity: O(n) in the number of elements.
    public mutating func createVector(_ values: [Double]) -> FlatBufferOffset {
        createVector(values.map(\.bitPattern))
    }

    /// Writes a vector of offsets to strings, tables or vectors.
    ///
    /// - Precondition: no table or vector is being built; no offset is null.
    /// - Parameter offsets: The objects to point to, in order.
    /// - Returns: The vector's offset.
    /// - Complexity: O(n) in the number of offsets.
    public mutating func createVector(of offsets: [FlatBufferOffset]) -> FlatBufferOffset {
        startVector(elementSize: 4, count: offsets.count, alignment: 4)
        for offset in offsets.reversed() {
            prependOffset(offset)
        }
        return endVector(count: offsets.count)
    }

    // MARK: - Finishing

    /// Finishes the buffer with `root` as its root table: aligns the whole
    /// buffer, then writes the optional 4-character file identifier, the root
    /// offset and, if `sizePrefixed`, the size of everything after the prefix.
    ///
    /// - Precondition: no table or vector is being built, `finish` was not called
    ///   before (call `reset()` to reuse the builder), and `fileIdentifier` is
    ///   exactly 4 UTF-8 bytes.
    /// - Parameters:
    ///   - root: The root table's offset.
    ///   - fileIdentifier: An optional 4-byte identifier written after the root offset.
    ///   - sizePrefixed: Whether to prepend a `UInt32` size (default `false`).
    public mutating func finish(root: FlatBufferOffset, fileIdentifier: String? = nil, sizePrefixed: Bool = false) {
        precondition(state == .idle, "FlatBufferBuilder: finish while building an object")
        precondition(!isFinished, "FlatBufferBuilder: finish called twice")
        var identifier: [UInt8] = []
        if let fileIdentifier {
            identifier = Array(fileIdentifier.utf8)
            precondition(identifier.count == 4, "FlatBufferBuilder: file identifier must be 4 bytes")
        }
        if sizePrefixed && minAlign < 4 {
            minAlign = 4
        }
        prep(size: minAlign, additionalBytes: 4 + identifier.count + (sizePrefixed ? 4 : 0))
        if !identifier.isEmpty {
            identifier.withUnsafeBytes { prependRaw($0) }
        }
        prependOffset(root)
        if sizePrefixed {
            prepend(UInt32(size))
        }
        isFinished = true
    }

    // MARK: - Private

    private mutating func createString(raw: UnsafeRawBufferPointer) -> FlatBufferOffset {
        precondition(state == .idle, "FlatBufferBuilder: createString while building another object")
        prep(size: 4, additionalBytes: raw.count + 1)
        place(UInt8(0))
        prependRaw(raw)
        place(UInt32(raw.count))
        return currentOffset
    }

    /// Makes sure `count` more bytes fit in front of `head`.
    @inline(__always)
    private mutating func ensureSpace(_ count: Int) {
        if head < count {
            grow(toFit: count)
        }
    }

    /// Doubles the storage until `count` more bytes fit, moving the used bytes
    /// to the end of the new storage.
    private mutating func grow(toFit count: Int) {
        let used = size
        var capacity = buffer.count
        while capacity - used < count {
            precondition(capacity < Self.maxBufferSize, "FlatBufferBuilder: a FlatBuffer cannot exceed 2 GiB")
            capacity = capacity == 0 ? 1 : min(capacity * 2, Self.maxBufferSize)
        }
        var grown = [UInt8](repeating: 0, count: capacity)
        if used > 0 {
            let oldHead = head
            grown.withUnsafeMutableBytes { destination in
                buffer.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(rebasing: destination[(capacity - used)...])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[oldHead...]))
                }
            }
        }
        buffer = grown
        head = capacity - used
    }

    /// Writes a little-endian scalar in front of `head`; space and alignment
    /// must already be taken care of.
    @inline(__always)
    private mutating func place<T: FixedWidthInteger>(_ value: T) {
        head -= MemoryLayout<T>.size
        let position = head
        buffer.withUnsafeMutableBytes { all in
            all.storeBytes(of: value.littleEndian, toByteOffset: position, as: T.self)
        }
    }

    /// Copies bytes in front of `head`.
    private mutating func prependRaw(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard count > 0 else { return }
        ensureSpace(count)
        head -= count
        let position = head
        buffer.withUnsafeMutableBytes { all in
            UnsafeMutableRawBufferPointer(rebasing: all[position..<position + count]).copyMemory(from: bytes)
        }
    }
}
