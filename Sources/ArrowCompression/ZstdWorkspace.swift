/// Scratch memory and the state that Zstandard blocks of one frame share:
/// the literals buffer, the Huffman table (for treeless literals), the three
/// sequence decoding tables (for repeat mode) and the repeat offsets.
///
/// One allocation holds everything; a `Zstd.decompress` call takes one from
/// `ZstdWorkspacePool` or makes one on its first compressed block, and gives
/// it back when done. `@unchecked Sendable`: a workspace is either in the pool
/// or used by exactly one decompression, never shared.
final class ZstdWorkspace: @unchecked Sendable {
    /// Largest decoded block and literals section (RFC 8878 section 3.1.1.2.3).
    static let maxBlockSize = 1 << 17
    /// Bytes after the literals that copies may read past the last literal.
    static let literalSlack = 32
    static let maxSequenceLog = 9
    static let maxHuffmanLog = 11

    let literalCapacity: Int
    let literals: UnsafeMutablePointer<UInt8>
    /// Huffman decoding table: `symbol << 8 | nbBits`, indexed by the next
    /// `maxHuffmanLog` bits whatever the tree's depth (`huffmanLog`).
    let huffman: UnsafeMutablePointer<UInt16>
    /// 0 while the frame has no Huffman table yet.
    var huffmanLog = 0

    /// The literal length, offset and match length decoding tables, 512
    /// cells apart (`sequenceTableCells`) in one block of 2048 cells, so that
    /// any state masked with 2047 stays inside it. Their baselines include
    /// the table's position, so states index this block directly.
    let sequenceTables: UnsafeMutablePointer<ZstdSequenceEntry>
    static let sequenceTableCells = 1 << maxSequenceLog
    /// Accuracy logs of the three tables; -1 while a table is undefined.
    var literalLengthLog = -1
    var offsetLog = -1
    var matchLengthLog = -1

    let fseTable: UnsafeMutablePointer<ZstdFSEEntry>
    let probabilities: UnsafeMutablePointer<Int16>
    let next: UnsafeMutablePointer<UInt16>
    let weights: UnsafeMutablePointer<UInt8>

    var repeatOffsets: (Int, Int, Int) = (1, 4, 8)

    private let memory: UnsafeMutableRawPointer

    /// `literalCapacity` is at most `maxBlockSize`: a block never decodes more
    /// literals than the output can hold, so callers pass the smaller of the two.
    init(literalCapacity: Int) {
        self.literalCapacity = literalCapacity
        let sequenceTableBytes = 4 * Self.sequenceTableCells * MemoryLayout<ZstdSequenceEntry>.stride
        let fseBytes = (1 << Self.maxSequenceLog) * MemoryLayout<ZstdFSEEntry>.stride
        let huffmanBytes = (1 << Self.maxHuffmanLog) * 2
        let fixed = sequenceTableBytes + fseBytes + huffmanBytes + 512 + 512 + 256
        let total = fixed + literalCapacity + Self.literalSlack
        memory = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 16)
        // Tables are written before they are read. The literals and their
        // slack are zeroed once, as wild copies may read past the literals
        // a block decoded.
        (memory + fixed).initializeMemory(as: UInt8.self, repeating: 0, count: literalCapacity + Self.literalSlack)
        var cursor = memory
        sequenceTables = cursor.bindMemory(to: ZstdSequenceEntry.self, capacity: 4 * Self.sequenceTableCells)
        cursor += sequenceTableBytes
        fseTable = cursor.bindMemory(to: ZstdFSEEntry.self, capacity: 1 << Self.maxSequenceLog)
        cursor += fseBytes
        huffman = cursor.bindMemory(to: UInt16.self, capacity: 1 << Self.maxHuffmanLog)
        cursor += huffmanBytes
        probabilities = cursor.bindMemory(to: Int16.self, capacity: 256)
        cursor += 512
        next = cursor.bindMemory(to: UInt16.self, capacity: 256)
        cursor += 512
        weights = cursor.bindMemory(to: UInt8.self, capacity: 256)
        cursor += 256
        literals = cursor.bindMemory(to: UInt8.self, capacity: literalCapacity + Self.literalSlack)
    }

    deinit {
        memory.deallocate()
    }

    /// Forgets the tables and offsets of the previous frame.
    func startFrame() {
        huffmanLog = 0
        literalLengthLog = -1
        offsetLog = -1
        matchLengthLog = -1
        repeatOffsets = (1, 4, 8)
    }
}
