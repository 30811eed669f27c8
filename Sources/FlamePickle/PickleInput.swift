/// The bytes of a pickle being read, with the position and the bounds of
/// the current FRAME. Every read checks the bytes are there first, so a
/// claimed length never allocates more than the input holds.
struct PickleInput {
    let bytes: [UInt8]
    private(set) var position = 0
    /// End of the current frame; reads may not cross it (as CPython's
    /// unpickler refuses an opcode that straddles a frame's end).
    private var frameEnd: Int?
    /// Where the opcode being run starts, for errors.
    var opcodeStart = 0
    var opcodeName: String?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func error(_ message: String) -> PickleError {
        PickleError(message, offset: opcodeStart, opcode: opcodeName)
    }

    var remaining: Int { bytes.count - position }

    /// The end a read may not pass: the frame's end, or the input's end.
    private mutating func limit() -> Int {
        if let end = frameEnd {
            if position >= end {
                frameEnd = nil
                return bytes.count
            }
            return end
        }
        return bytes.count
    }

    mutating func readByte() throws(PickleError) -> UInt8 {
        guard position < limit() else {
            throw frameEnd != nil
                ? error("opcode runs past the end of its frame")
                : error("pickle data was truncated")
        }
        defer { position += 1 }
        return bytes[position]
    }

    /// `count` bytes; `count` was read from the input, so it is checked
    /// against what is left before anything is allocated.
    mutating func read(_ count: UInt64) throws(PickleError) -> ArraySlice<UInt8> {
        let end = limit()
        guard count <= UInt64(end - position) else {
            if frameEnd != nil, count <= UInt64(bytes.count - position) {
                throw error("opcode runs past the end of its frame")
            }
            throw error("pickle data was truncated: \(count) bytes claimed, \(bytes.count - position) left")
        }
        let start = position
        position += Int(count)
        return bytes[start..<position]
    }

    mutating func readUInt(_ width: Int) throws(PickleError) -> UInt64 {
        let slice = try read(UInt64(width))
        var value: UInt64 = 0
        for (shift, byte) in slice.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return value
    }

    /// A protocol-0 argument: the bytes up to (not including) the next newline.
    mutating func readLine() throws(PickleError) -> ArraySlice<UInt8> {
        let end = limit()
        guard let newline = bytes[position..<end].firstIndex(of: 0x0A) else {
            throw error("pickle data was truncated: no end of line")
        }
        let line = bytes[position..<newline]
        position = newline + 1
        return line
    }

    mutating func startFrame(length: UInt64) throws(PickleError) {
        if let end = frameEnd, position < end {
            throw error("a new frame starts before the end of the current frame")
        }
        guard length <= UInt64(bytes.count - position) else {
            throw error("frame of \(length) bytes but only \(bytes.count - position) left")
        }
        frameEnd = position + Int(length)
    }
}
