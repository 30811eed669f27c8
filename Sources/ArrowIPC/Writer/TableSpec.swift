import ArrowFlatBuffers

/// Adds a table's fields in the order `flatc`-generated C++ `CreateX` functions do,
/// so our bytes match Arrow C++'s: largest scalar size first (8, then 4 for
/// offsets and ints, 2, 1), and within one size from the last field to the first.
///
/// One mechanism for every table instead of a hand-ordered function per table.
struct TableSpec {
    private struct Entry {
        var slot: Int
        var size: Int
        var add: (inout FlatBufferBuilder) -> Void
    }

    private var entries: [Entry] = []
    let fieldCount: Int

    init(fieldCount: Int) { self.fieldCount = fieldCount }

    mutating func scalar<T: FixedWidthInteger>(_ slot: Int, _ value: T, default defaultValue: T) {
        entries.append(Entry(slot: slot, size: MemoryLayout<T>.size) { $0.add(field: slot, value, default: defaultValue) })
    }

    mutating func bool(_ slot: Int, _ value: Bool, default defaultValue: Bool) {
        entries.append(Entry(slot: slot, size: 1) { $0.add(field: slot, value, default: defaultValue) })
    }

    /// An offset field; a null offset is not written (as C++ `AddOffset`).
    mutating func offset(_ slot: Int, _ value: FlatBufferOffset?) {
        guard let value else { return }
        entries.append(Entry(slot: slot, size: 4) { $0.addOffset(field: slot, value) })
    }

    /// Writes the table and returns its offset.
    func build(_ builder: inout FlatBufferBuilder) -> FlatBufferOffset {
        let ordered = entries.sorted { a, b in a.size != b.size ? a.size > b.size : a.slot > b.slot }
        builder.startTable(fieldCount: fieldCount)
        for e in ordered { e.add(&builder) }
        return builder.endTable()
    }
}
