/// The literals section of a compressed block (RFC 8878 section 3.1.1.3.1):
/// raw, RLE, or Huffman-coded with a new or the previous ("treeless") tree.
enum ZstdLiterals {
    /// Decodes the literals section starting at `input[start]` (the block
    /// ends at `end`, the input at `inputEnd`). Returns the section's size in
    /// bytes, the number of literals and where they are: in
    /// `workspace.literals`, or for raw literals followed by at least
    /// `ZstdWorkspace.literalSlack` bytes of input, in the input itself (the
    /// sequences' wide copies may read that far past the last literal), which
    /// saves copying them twice, as libzstd does.
    static func decode(
        _ workspace: ZstdWorkspace, input: UnsafePointer<UInt8>, at start: Int, end: Int, inputEnd: Int
    ) throws(CompressionError) -> (size: Int, count: Int, literals: UnsafePointer<UInt8>) {
        let available = end - start
        guard available > 0 else {
            throw CompressionError(format: "zstd", "compressed block has no literals section", offset: start)
        }
        let b0 = Int(input[start])
        let type = b0 & 3
        let sizeFormat = (b0 >> 2) & 3

        if type < 2 {
            // Raw or RLE: a 5-, 12- or 20-bit regenerated size.
            let headerSize: Int
            let count: Int
            switch sizeFormat {
            case 1:
                headerSize = 2
                guard available >= 2 else { throw truncated(start) }
                count = b0 >> 4 | Int(input[start + 1]) << 4
            case 3:
                headerSize = 3
                guard available >= 3 else { throw truncated(start) }
                count = b0 >> 4 | Int(input[start + 1]) << 4 | Int(input[start + 2]) << 12
            default:
                headerSize = 1
                count = b0 >> 3
            }
            try checkCount(count, workspace, start)
            if type == 0 {
                guard available - headerSize >= count else {
                    throw CompressionError(format: "zstd", "raw literals are truncated", offset: start)
                }
                let first = start + headerSize
                if inputEnd - (first + count) >= ZstdWorkspace.literalSlack {
                    return (headerSize + count, count, input + first)
                }
                workspace.literals.update(from: input + first, count: count)
                return (headerSize + count, count, UnsafePointer(workspace.literals))
            }
            guard available - headerSize >= 1 else { throw truncated(start) }
            workspace.literals.update(repeating: input[start + headerSize], count: count)
            return (headerSize + 1, count, UnsafePointer(workspace.literals))
        }

        // Huffman-coded: regenerated and compressed sizes of 10, 14 or 18 bits.
        let headerSize: Int
        let sizeBits: Int
        switch sizeFormat {
        case 0, 1:
            headerSize = 3
            sizeBits = 10
        case 2:
            headerSize = 4
            sizeBits = 14
        default:
            headerSize = 5
            sizeBits = 18
        }
        guard available >= headerSize else { throw truncated(start) }
        var header = 0
        for i in 0..<headerSize {
            header |= Int(input[start + i]) << (8 * i)
        }
        let mask = (1 << sizeBits) - 1
        let count = (header >> 4) & mask
        let compressedSize = (header >> (4 + sizeBits)) & mask
        try checkCount(count, workspace, start)
        guard available - headerSize >= compressedSize else {
            throw CompressionError(format: "zstd", "Huffman-coded literals are truncated", offset: start)
        }
        let treeStart = start + headerSize
        let sectionEnd = treeStart + compressedSize
        var treeSize = 0
        if type == 2 {
            treeSize = try ZstdHuffman.readTable(workspace, input: input, at: treeStart, end: sectionEnd)
        } else if workspace.huffmanLog == 0 {
            throw CompressionError(format: "zstd", "treeless literals without a previous Huffman tree", offset: start)
        }
        let streamsStart = treeStart + treeSize
        let streamsSize = sectionEnd - streamsStart
        if sizeFormat == 0 {
            try ZstdHuffman.decodeStream(
                workspace, input: input, at: streamsStart, size: streamsSize, into: workspace.literals, count: count)
        } else {
            try ZstdHuffman.decodeFourStreams(
                workspace, input: input, at: streamsStart, size: streamsSize, into: workspace.literals, count: count)
        }
        return (headerSize + compressedSize, count, UnsafePointer(workspace.literals))
    }

    private static func checkCount(_ count: Int, _ workspace: ZstdWorkspace, _ start: Int) throws(CompressionError) {
        guard count <= workspace.literalCapacity else {
            throw CompressionError(
                format: "zstd",
                "literals section regenerates \(count) bytes, more than a block or the output can hold (\(workspace.literalCapacity))",
                offset: start)
        }
    }

    private static func truncated(_ start: Int) -> CompressionError {
        CompressionError(format: "zstd", "literals section header is truncated", offset: start)
    }
}
