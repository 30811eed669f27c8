import ArrowMemory

// Builders a service fills one row at a time, then `finish()`es into `ArrayData`.
// The finished arrays have the same bytes as the bulk builders (`ArrayData([...])`,
// `ArrayData.list(lengths:values:)`, ...), which lay them out as Arrow C++ does:
// exact sizes, zeros in the slots of nulls, a validity bitmap only when a value is
// null. Builders are classes so a struct or list builder and the caller can share
// the child builders; one builder belongs to one task.

/// A builder of one array, appended to row by row.
///
/// A builder keeps its own copy of every value appended; `finish()` copies them
/// into new buffers laid out as the bulk `ArrayData` builders lay them out, and
/// empties the builder for the next array. Builders are classes and not
/// `Sendable`: use each one from one task at a time.
public protocol ArrayBuilder: AnyObject {
    /// The type of the array being built, fixed when the builder is made.
    var type: ArrowType { get }
    /// Number of values (rows) appended since the last `finish()`, nulls included.
    var count: Int { get }
    /// Appends a null.
    ///
    /// - Complexity: Amortized O(1) for flat types; nested builders also append
    ///   to their children (a fixed-size list of size `n` appends `n` items).
    func appendNull()
    /// Appends an empty, valid value (0, "", an empty list, a struct of empties):
    /// what Arrow C++ puts in the children of a null struct.
    ///
    /// - Complexity: Amortized O(1) for flat types; nested builders also append
    ///   to their children.
    func appendEmptyValue()
    /// The array of the values appended since the last `finish()`; on success the
    /// builder is empty again and keeps its type.
    ///
    /// The library's builders check everything that can fail before finishing
    /// anything. A problem the caller can still repair (items appended to a list
    /// builder's `values` after the last list was closed) throws and changes
    /// nothing; one that cannot be repaired (a null list given items, a null map
    /// key) throws once and empties the builder and its children, dropping the
    /// rows, so that the builder is usable again.
    ///
    /// - Returns: A new array owning new buffers (nothing is shared with the builder).
    /// - Throws: `ArrowError` (`.invalidArgument`) when the rows appended do not
    ///   make an array of the type; each builder says when.
    /// - Complexity: O(n) in the rows and bytes appended, which are copied.
    func finish() throws(ArrowError) -> ArrayData
}

/// Validity bits appended one at a time, least significant bit first.
struct ValidityBits {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0
    private(set) var nullCount = 0

    mutating func append(_ valid: Bool) {
        if count & 7 == 0 { bytes.append(0) }
        if valid { bytes[count >> 3] |= 1 << UInt8(count & 7) } else { nullCount += 1 }
        count += 1
    }

    /// The bitmap, or nil when no value is null (as the bulk builders leave it).
    var bitmap: ArrowBuffer? { nullCount == 0 ? nil : ArrowBuffer(copying: bytes) }

    mutating func reset() { self = ValidityBits() }
}

/// Values of one fixed width, appended as little-endian integers.
struct FixedWidthValues<Bits: FixedWidthInteger> {
    private(set) var values: [Bits] = []

    mutating func append(_ value: Bits) { values.append(value) }

    var buffer: ArrowBuffer {
        let w = MemoryLayout<Bits>.size
        return ArrowBuffer(count: values.count * w) { out in
            for (i, v) in values.enumerated() { out.storeBytes(of: v.littleEndian, toByteOffset: i * w, as: Bits.self) }
        }
    }

    mutating func reset() { values = [] }
}
