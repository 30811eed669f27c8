/// Decodes a pickle (protocols 0-5) into a `PickleValue` without executing
/// anything: only plain-data opcodes and a short allowlist of globals
/// (see `PickleGlobals`) are accepted; everything else is a `PickleError`.
public struct PickleReader: Sendable {
    /// The resource limits every decode enforces.
    public var limits: PickleLimits

    /// A reader with the given limits.
    ///
    /// - Parameter limits: Resource limits (default `.default`).
    public init(limits: PickleLimits = .default) {
        self.limits = limits
    }

    /// Decodes the pickle in `bytes` into a value tree.
    ///
    /// Decoding stops at the first STOP opcode; bytes after it are ignored.
    ///
    /// - Parameter bytes: The pickle (copied into an array once).
    /// - Returns: The value left on top of the stack at STOP.
    /// - Throws: `PickleError` with the opcode and its byte offset when the
    ///   pickle is truncated or malformed (unknown opcode, stack underflow,
    ///   missing MARK or memo key, bad text or UTF-8), uses a protocol above 5,
    ///   builds anything but plain data and allowlisted numpy arrays (object
    ///   construction, persistent IDs, extension codes, out-of-band buffers,
    ///   other globals), holds an unhashable dict key or set element or a
    ///   self-containing object, or exceeds a limit in `limits`.
    /// - Complexity: O(n) in the pickle size plus the size of the value tree
    ///   (bounded by `limits.maxValueCount`).
    public func decode(_ bytes: some Collection<UInt8>) throws(PickleError) -> PickleValue {
        try decodeKeepingIdentity(bytes).value
    }

    /// The value and the pickle's object sharing, for writing it again
    /// identically with `PickleWriter.encode(_:sharing:)`.
    ///
    /// - Parameter bytes: The pickle.
    /// - Returns: The value and its memo events and numpy rebuilding functions.
    /// - Throws: `PickleError` in the cases of `decode(_:)`.
    /// - Complexity: As for `decode(_:)`.
    public func decodeKeepingIdentity(_ bytes: some Collection<UInt8>) throws(PickleError)
        -> (value: PickleValue, identity: PickleIdentity)
    {
        let bytes = Array(bytes)
        if let (value, events) = PickleFastMachine.decode(bytes, limits: limits) {
            return (value, PickleIdentity(events: events))
        }
        return try decodeByGeneralMachine(bytes)
    }

    /// Any pickle, through `PickleNode`s: what the fast path declines, and
    /// the reference the tests hold the fast path to.
    func decodeByGeneralMachine(_ bytes: [UInt8]) throws(PickleError) -> (value: PickleValue, identity: PickleIdentity) {
        var machine = PickleMachine(input: PickleInput(bytes), limits: limits)
        defer { machine.dismantle() }
        let root = try machine.run()
        var budget = limits.maxValueCount
        defer { PickleNode.dismantle([root]) }
        let value = try root.finish(depth: 0, budget: &budget, limits: limits)
        return (value, PickleIdentity(events: machine.memoEvents, numpyArrayFunctions: machine.numpyArrayFunctions))
    }
}

/// The unpickler's stack machine.
struct PickleMachine {
    var input: PickleInput
    let limits: PickleLimits
    private var stack: [PickleNode] = []
    /// Stack heights at each open MARK; nothing may pop below the top one.
    private var marks: [Int] = []
    private var memo: [UInt64: PickleNode] = [:]
    /// Every container ever pushed: one can hold itself (a list appended to
    /// itself through the memo) and then leave both stack and memo, a cycle
    /// that `dismantle` must still reach (bounded by the input's length).
    private var containers: [PickleNode] = []
    /// Every memo write and hit in order (bounded by the input's length).
    private(set) var memoEvents: [PickleIdentity.Event] = []
    private(set) var numpyArrayFunctions: [String] = []

    init(input: PickleInput, limits: PickleLimits) {
        self.input = input
        self.limits = limits
    }

    private var offset: Int { input.opcodeStart }

    private func error(_ message: String) -> PickleError { input.error(message) }

    private mutating func push(_ node: PickleNode) throws(PickleError) {
        guard stack.count + marks.count < limits.maxStackSize else {
            throw error("unpickler stack larger than \(limits.maxStackSize)")
        }
        switch node.content {
        case .list, .dict, .set, .tuple, .frozenset: containers.append(node)
        default: break
        }
        stack.append(node)
    }

    private mutating func push(_ value: PickleValue) throws(PickleError) {
        try push(PickleNode(value, offset: offset))
    }

    private mutating func pop() throws(PickleError) -> PickleNode {
        guard stack.count > (marks.last ?? 0), let top = stack.popLast() else {
            throw error("unpickling stack underflow")
        }
        return top
    }

    private func top() throws(PickleError) -> PickleNode {
        guard stack.count > (marks.last ?? 0), let top = stack.last else {
            throw error("unpickling stack underflow")
        }
        return top
    }

    /// The objects pushed since the last MARK, which is closed.
    private mutating func popMark() throws(PickleError) -> [PickleNode] {
        guard let mark = marks.popLast() else { throw error("no MARK on the stack") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    private mutating func memoPut(_ index: UInt64) throws(PickleError) {
        let node = try top()
        if memo[index] == nil, memo.count >= limits.maxMemoSize {
            throw error("memo larger than \(limits.maxMemoSize) entries")
        }
        memo[index] = node
        memoEvents.append(.put(index))
    }

    private mutating func memoGet(_ index: UInt64) throws(PickleError) {
        guard let node = memo[index] else { throw error("memo key \(index) not found") }
        try push(node)
        memoEvents.append(.get(index))
    }

    /// Releases every node without recursion (a deeply nested pickle would
    /// otherwise overflow the stack in the nodes' deinitializers).
    mutating func dismantle() {
        PickleNode.dismantle(stack + Array(memo.values) + containers)
        stack = []
        memo = [:]
        containers = []
    }

    /// Runs opcodes up to STOP and returns the object left on top.
    mutating func run() throws(PickleError) -> PickleNode {
        while true {
            input.opcodeStart = input.position
            input.opcodeName = nil
            let byte = try input.readByte()
            guard let opcode = PickleOpcode(rawValue: byte) else {
                throw error("unknown opcode 0x\(String(byte, radix: 16))")
            }
            input.opcodeName = opcode.name
            if opcode == .stop {
                return try pop()
            }
            try step(opcode)
        }
    }

    private mutating func step(_ opcode: PickleOpcode) throws(PickleError) {
        switch opcode {
        case .proto:
            let version = try input.readByte()
            guard version <= 5 else { throw error("unsupported pickle protocol \(version)") }
        case .frame:
            try input.startFrame(length: try input.readUInt(8))
        case .stop:
            break  // handled by run()

        // Atoms.
        case .none: try push(.none)
        case .newTrue: try push(.bool(true))
        case .newFalse: try push(.bool(false))
        case .binInt1: try push(.int(Int64(try input.readByte())))
        case .binInt2: try push(.int(Int64(try input.readUInt(2))))
        case .binInt: try push(.int(Int64(Int32(truncatingIfNeeded: try input.readUInt(4)))))
        case .long1:
            let count = try input.readUInt(1)
            try push(.integer(PickleBigInt(littleEndianTwosComplement: Array(try input.read(count)))))
        case .long4:
            let count = Int32(truncatingIfNeeded: try input.readUInt(4))
            guard count >= 0 else { throw error("LONG4 with negative byte count \(count)") }
            guard count <= limits.maxIntegerBytes else {
                throw error("integer of \(count) bytes is larger than the limit of \(limits.maxIntegerBytes)")
            }
            try push(.integer(PickleBigInt(littleEndianTwosComplement: Array(try input.read(UInt64(count))))))
        case .binFloat:
            let raw = try input.read(8)
            var bits: UInt64 = 0
            for byte in raw { bits = bits << 8 | UInt64(byte) }  // big-endian
            try push(.float(Double(bitPattern: bits)))
        case .int:
            let line = try input.readLine()
            if line.elementsEqual("00".utf8) {
                try push(.bool(false))
            } else if line.elementsEqual("01".utf8) {
                try push(.bool(true))
            } else {
                try push(.integer(try PickleText.integer(line, error: error)))
            }
        case .long:
            var line = try input.readLine()
            if line.last == UInt8(ascii: "L") { line = line.dropLast() }
            try push(.integer(try PickleText.integer(line, error: error)))
        case .float:
            let line = try input.readLine()
            let text = String(decoding: line, as: UTF8.self).trimmingASCIISpaces()
            guard let value = Double(text), !text.isEmpty else { throw error("bad float text '\(text)'") }
            try push(.float(value))

        // Strings and bytes.
        case .shortBinUnicode: try push(.string(try utf8(try input.read(try input.readUInt(1)))))
        case .binUnicode: try push(.string(try utf8(try input.read(try input.readUInt(4)))))
        case .binUnicode8: try push(.string(try utf8(try input.read(try input.readUInt(8)))))
        case .unicode: try push(.string(try PickleText.rawUnicodeEscape(try input.readLine(), error: error)))
        case .shortBinBytes: try push(.bytes(Array(try input.read(try input.readUInt(1)))))
        case .binBytes: try push(.bytes(Array(try input.read(try input.readUInt(4)))))
        case .binBytes8: try push(.bytes(Array(try input.read(try input.readUInt(8)))))
        case .byteArray8: try push(.bytearray(Array(try input.read(try input.readUInt(8)))))
        case .shortBinString: try push(.string(try ascii(try input.read(try input.readUInt(1)))))
        case .binString:
            let count = Int32(truncatingIfNeeded: try input.readUInt(4))
            guard count >= 0 else { throw error("BINSTRING with negative length \(count)") }
            try push(.string(try ascii(try input.read(UInt64(count)))))
        case .string:
            try push(.string(try ascii(try PickleText.quotedString(try input.readLine(), error: error))))

        // Containers.
        case .emptyList: try push(PickleNode(PickleNode.Content.list([]), offset: offset))
        case .emptyDict: try push(PickleNode(PickleNode.Content.dict([]), offset: offset))
        case .emptySet: try push(PickleNode(PickleNode.Content.set([]), offset: offset))
        case .emptyTuple: try push(PickleNode(PickleNode.Content.tuple([]), offset: offset))
        case .tuple1, .tuple2, .tuple3:
            let count = Int(opcode.rawValue - PickleOpcode.tuple1.rawValue) + 1
            var items: [PickleNode] = []
            for _ in 0..<count { items.append(try pop()) }
            try push(PickleNode(PickleNode.Content.tuple(items.reversed()), offset: offset))
        case .tuple: try push(PickleNode(PickleNode.Content.tuple(try popMark()), offset: offset))
        case .list: try push(PickleNode(PickleNode.Content.list(try popMark()), offset: offset))
        case .frozenSet: try push(PickleNode(PickleNode.Content.frozenset(try popMark()), offset: offset))
        case .dict:
            let items = try popMark()
            guard items.count % 2 == 0 else { throw error("DICT with an odd number of items") }
            try push(
                PickleNode(
                    PickleNode.Content.dict(stride(from: 0, to: items.count, by: 2).map { (items[$0], items[$0 + 1]) }),
                    offset: offset))
        case .append:
            let item = try pop()
            try append([item])
        case .appends:
            let items = try popMark()  // before `append` reads the stack
            try append(items)
        case .setItem:
            let value = try pop()
            let key = try pop()
            try setItems([key, value])
        case .setItems:
            let items = try popMark()
            guard items.count % 2 == 0 else { throw error("SETITEMS with an odd number of items") }
            try setItems(items)
        case .addItems:
            let items = try popMark()
            let target = try top()
            guard case .set(var existing) = target.content else {
                throw error("ADDITEMS on something that is not a set")
            }
            target.content = .list([])  // drop the reference so the append does not copy
            existing.append(contentsOf: items)
            target.content = .set(existing)

        // Stack and memo.
        case .mark:
            guard stack.count + marks.count < limits.maxStackSize else {
                throw error("unpickler stack larger than \(limits.maxStackSize)")
            }
            marks.append(stack.count)
        case .pop:
            if stack.count > (marks.last ?? 0) {
                _ = try pop()
            } else {
                _ = try popMark()  // CPython: POP with nothing above the mark discards the mark
            }
        case .popMark: _ = try popMark()
        case .dup: try push(try top())
        case .put: try memoPut(try PickleText.memoIndex(try input.readLine(), error: error))
        case .binPut: try memoPut(UInt64(try input.readByte()))
        case .longBinPut: try memoPut(try input.readUInt(4))
        case .memoize: try memoPut(UInt64(memo.count))
        case .get: try memoGet(try PickleText.memoIndex(try input.readLine(), error: error))
        case .binGet: try memoGet(UInt64(try input.readByte()))
        case .longBinGet: try memoGet(try input.readUInt(4))

        // Globals and calls: only the allowlist.
        case .global:
            let module = try utf8(try input.readLine())
            let name = try utf8(try input.readLine())
            try push(try PickleGlobals.resolve(module: module, name: name, offset: offset, error: error))
        case .stackGlobal:
            let nameNode = try pop()
            let moduleNode = try pop()
            guard case .value(.string(let module)) = moduleNode.content,
                case .value(.string(let name)) = nameNode.content
            else { throw error("STACK_GLOBAL needs two strings") }
            try push(try PickleGlobals.resolve(module: module, name: name, offset: offset, error: error))
        case .reduce:
            let arguments = try pop()
            let callable = try pop()
            let result = try PickleGlobals.call(callable, arguments: arguments, offset: offset, error: error)
            if case .global(let module, let name) = callable.content, name == "_frombuffer" || name == "_reconstruct" {
                numpyArrayFunctions.append("\(module).\(name)")
            }
            try push(result)
        case .build:
            let state = try pop()
            try PickleGlobals.build(try top(), state: state, error: error)

        // Refused: they run code or need something outside the pickle.
        case .inst, .obj, .newObj, .newObjEx:
            throw error("object construction is not supported (only plain data and numpy arrays)")
        case .persID, .binPersID:
            throw error("persistent IDs are not supported")
        case .ext1, .ext2, .ext4:
            throw error("extension registry codes are not supported")
        case .nextBuffer, .readonlyBuffer:
            throw error("out-of-band buffers are not supported (pickle was made with a buffer_callback)")
        }
    }

    private func append(_ items: [PickleNode]) throws(PickleError) {
        let target = try top()
        guard case .list(var existing) = target.content else {
            throw error("append to something that is not a list")
        }
        target.content = .list([])
        existing.append(contentsOf: items)
        target.content = .list(existing)
    }

    private func setItems(_ items: [PickleNode]) throws(PickleError) {
        let target = try top()
        guard case .dict(var existing) = target.content else {
            throw error("set item on something that is not a dict")
        }
        target.content = .dict([])
        for index in stride(from: 0, to: items.count, by: 2) { existing.append((items[index], items[index + 1])) }
        target.content = .dict(existing)
    }

    private func utf8(_ bytes: ArraySlice<UInt8>) throws(PickleError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw error("string is not valid UTF-8 (lone surrogates are not supported)")
        }
        return text
    }

    /// Python 2 `str` data, which Python 3 unpickles as ASCII by default.
    private func ascii(_ bytes: some Collection<UInt8>) throws(PickleError) -> String {
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            throw error("Python 2 string is not ASCII (pickle.loads would need an encoding)")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
