/// The common case of unpickling, fast: plain data as a pickler writes it
/// for an acyclic value. It builds `PickleValue`s directly on its stack
/// instead of a graph of `PickleNode`s, which is only possible because a
/// container is finished before anything else refers to it. Whenever that or
/// anything else does not hold (a container filled after something took it
/// in or after a memo hit on it, an opcode or global it does not handle, a
/// memo index that skips ahead, a big tuple as a dict key, a limit reached,
/// malformed input), it declines and `PickleReader` runs the general `PickleMachine`
/// from the start, which gives the same value or the typed error. So this
/// path never decides what is an error and never has to be told apart from
/// the general one by its result: it succeeds only where the general machine
/// would succeed with the same value and memo events.
struct PickleFastMachine {
    struct Declined: Error {}

    /// A finished value with the size of its tree as the general machine
    /// counts it (a memo-shared subtree once per place: the value budget) and
    /// the depth of its deepest part (the nesting limit).
    struct Item {
        var value: PickleValue
        var count: Int
        var height: Int
        /// The id of the open container this stands for, or -1 when `value` is final.
        var openID: Int
    }

    /// A list, dict or set still being filled. It lives on `open` while its
    /// placeholder is on the stack; containers on the stack close in LIFO order.
    struct OpenContainer {
        enum Kind { case list, dict, set }
        var kind: Kind
        var id: Int
        var items: [PickleValue] = []
        var pairs: [PickleDictItem] = []
        var count = 1
        var height = 0
        var memoIndex = -1
        /// Where its placeholder is on the stack.
        var stackIndex = 0
    }

    private var input: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var frameEnd = -1
    private let limits: PickleLimits
    private var stack: [Item] = []
    private var marks: [Int] = []
    private var open: [OpenContainer] = []
    private var nextOpenID = 0
    private var memo: [Item] = []
    private(set) var memoEvents: [PickleIdentity.Event] = []

    private init(input: UnsafeBufferPointer<UInt8>, limits: PickleLimits) {
        self.input = input
        self.limits = limits
    }

    /// The value and memo events, or nil when the general machine must decide.
    static func decode(_ bytes: [UInt8], limits: PickleLimits) -> (PickleValue, [PickleIdentity.Event])? {
        bytes.withUnsafeBufferPointer { buffer in
            var machine = PickleFastMachine(input: buffer, limits: limits)
            do throws(Declined) {
                let value = try machine.run()
                return (value, machine.memoEvents)
            } catch {
                return nil
            }
        }
    }

    // MARK: Input (the same frame rules as `PickleInput`, so the same pickles pass)

    private mutating func limit() -> Int {
        if frameEnd >= 0 {
            if position >= frameEnd {
                frameEnd = -1
                return input.count
            }
            return frameEnd
        }
        return input.count
    }

    private mutating func readByte() throws(Declined) -> UInt8 {
        guard position < limit() else { throw Declined() }
        defer { position += 1 }
        return input[position]
    }

    private mutating func read(_ count: UInt64) throws(Declined) -> UnsafeBufferPointer<UInt8> {
        let end = limit()
        guard count <= UInt64(end - position) else { throw Declined() }
        let start = position
        position += Int(count)
        return UnsafeBufferPointer(rebasing: input[start..<position])
    }

    private mutating func readUInt(_ width: Int) throws(Declined) -> UInt64 {
        let bytes = try read(UInt64(width))
        var value: UInt64 = 0
        for shift in 0..<width { value |= UInt64(bytes[shift]) << (8 * UInt64(shift)) }
        return value
    }

    // MARK: Stack

    private var floor: Int { marks.last ?? 0 }

    private mutating func push(_ item: consuming Item) throws(Declined) {
        guard stack.count + marks.count < limits.maxStackSize else { throw Declined() }
        stack.append(item)
    }

    private mutating func push(_ value: consuming PickleValue) throws(Declined) {
        try push(Item(value: value, count: 1, height: 0, openID: -1))
    }

    private mutating func pushOpen(_ container: consuming OpenContainer) throws(Declined) {
        container.stackIndex = stack.count
        try push(Item(value: .none, count: 0, height: 0, openID: container.id))
        open.append(container)
    }

    private mutating func newContainer(_ kind: OpenContainer.Kind) -> OpenContainer {
        defer { nextOpenID += 1 }
        return OpenContainer(kind: kind, id: nextOpenID)
    }

    /// The top item, closed if it was an open container (it is leaving the stack).
    private mutating func pop() throws(Declined) -> Item {
        guard stack.count > floor, let top = stack.popLast() else { throw Declined() }
        return top.openID < 0 ? top : try close(top.openID)
    }

    /// Removes the last MARK and closes the items above it, which stay on
    /// the stack (`stack[mark...]`, taken off by `drop(from:)` once used, so
    /// they are not copied).
    private mutating func popMark() throws(Declined) -> Int {
        guard let mark = marks.popLast() else { throw Declined() }
        var index = stack.count - 1
        while index >= mark {  // open containers close from the top down
            if stack[index].openID >= 0 { stack[index] = try close(stack[index].openID) }
            index -= 1
        }
        return mark
    }

    /// Closes the top `count` items, which must be above the last MARK,
    /// as popping them would; returns where they start.
    private mutating func closeTop(_ count: Int) throws(Declined) -> Int {
        let mark = stack.count - count
        guard mark >= floor else { throw Declined() }
        var index = stack.count - 1
        while index >= mark {
            if stack[index].openID >= 0 { stack[index] = try close(stack[index].openID) }
            index -= 1
        }
        return mark
    }

    private mutating func drop(from mark: Int) {
        stack.removeLast(stack.count - mark)
    }

    /// Finishes the innermost open container; the memo entry made for it now holds its value.
    private mutating func close(_ id: Int) throws(Declined) -> Item {
        guard let container = open.popLast(), container.id == id else { throw Declined() }
        let value: PickleValue
        switch container.kind {
        case .list: value = .list(container.items)
        case .set: value = .set(PickleKey.distinct(container.items))
        case .dict: value = .dict(PickleKey.deduplicated(container.pairs))
        }
        let item = Item(value: value, count: container.count, height: container.height, openID: -1)
        if container.memoIndex >= 0, memo[container.memoIndex].openID == container.id {
            memo[container.memoIndex] = item
        }
        return item
    }

    /// A dict key or set element the fast path deduplicates: hashable and
    /// small (a str, an int, a tuple of a few values). Hashing a key walks its
    /// whole tree, shared parts once per place. The general machine does that
    /// only for dicts in the final value, so its value budget bounds the work;
    /// here every dict is deduplicated when it closes, even one a POP then
    /// drops, so a big key (a tuple built up by memo hits) is left to it.
    private static func isFlatKey(_ item: Item) -> Bool {
        item.count <= 16 && PickleKey.isHashable(item.value)
    }

    /// `count` and `height` of a container after taking in `child`, checked against the limits.
    private func grow(_ count: inout Int, _ height: inout Int, by child: Item) throws(Declined) {
        guard Self.grow(&count, &height, by: child, limits: limits) else { throw Declined() }
    }

    private static func grow(_ count: inout Int, _ height: inout Int, by child: Item, limits: PickleLimits) -> Bool {
        let (sum, overflow) = count.addingReportingOverflow(child.count)
        guard !overflow, sum <= limits.maxValueCount, child.height < limits.maxDepth else { return false }
        count = sum
        height = max(height, child.height + 1)
        return true
    }

    /// Moves the items above `mark` off the stack into `values`, in order,
    /// growing `count` and `height`. Each item is moved out of its slot and
    /// a trivial placeholder put back (reading it in place would copy it and
    /// retain its storage once more, and dropping the copy release it again).
    private mutating func take(
        from mark: Int, into values: inout [PickleValue], count: inout Int,
        height: inout Int
    ) throws(Declined) {
        if values.isEmpty { values.reserveCapacity(stack.count - mark) }  // later batches grow geometrically
        let limits = self.limits
        let fits = stack.withUnsafeMutableBufferPointer { buffer in
            for index in mark..<buffer.count {
                let item = Self.moveOut(buffer, at: index)
                guard Self.grow(&count, &height, by: item, limits: limits) else { return false }
                values.append(item.value)
            }
            return true
        }
        guard fits else { throw Declined() }
        drop(from: mark)
    }

    /// The item at `index`, moved out; a placeholder takes its place so the stack stays initialized.
    private static func moveOut(_ buffer: UnsafeMutableBufferPointer<Item>, at index: Int) -> Item {
        let slot = buffer.baseAddress.unsafelyUnwrapped + index  // index < buffer.count: not nil
        let item = slot.move()
        slot.initialize(to: Item(value: .none, count: 0, height: 0, openID: -1))
        return item
    }

    /// An immutable container (tuple, frozenset) of the items above `mark`, which are taken off the stack.
    private mutating func sealed(from mark: Int) throws(Declined) -> (values: [PickleValue], count: Int, height: Int) {
        var values: [PickleValue] = []
        var count = 1
        var height = 0
        try take(from: mark, into: &values, count: &count, height: &height)
        return (values, count, height)
    }

    // MARK: Filling open containers

    /// The open container of `kind` just below `mark` (the items to add are above it).
    private func openTop(below mark: Int, _ kind: OpenContainer.Kind) throws(Declined) -> Int {
        guard mark > floor, mark <= stack.count, stack[mark - 1].openID >= 0,
            let last = open.last, last.id == stack[mark - 1].openID, last.kind == kind
        else { throw Declined() }  // not open: a finished container filled again, or not a container
        return open.count - 1
    }

    private mutating func append(from mark: Int, kind: OpenContainer.Kind) throws(Declined) {
        let target = try openTop(below: mark, kind)
        var container = open[target]
        open[target].items = []  // so the items are not copied on append
        try take(from: mark, into: &container.items, count: &container.count, height: &container.height)
        open[target] = container
    }

    private mutating func setItems(from mark: Int) throws(Declined) {
        guard (stack.count - mark) % 2 == 0 else { throw Declined() }
        let target = try openTop(below: mark, .dict)
        var container = open[target]
        open[target].pairs = []  // so the pairs are not copied on append
        try fill(&container, from: mark)
        open[target] = container
    }

    /// Moves the key and value pairs above `mark` off the stack into
    /// `container` (as `take` does).
    private mutating func fill(_ container: inout OpenContainer, from mark: Int) throws(Declined) {
        if container.pairs.isEmpty { container.pairs.reserveCapacity((stack.count - mark) / 2) }
        let limits = self.limits
        let fits = stack.withUnsafeMutableBufferPointer { buffer in
            var index = mark
            while index + 1 < buffer.count {
                let key = Self.moveOut(buffer, at: index)
                let value = Self.moveOut(buffer, at: index + 1)
                guard Self.isFlatKey(key),
                    Self.grow(&container.count, &container.height, by: key, limits: limits),
                    Self.grow(&container.count, &container.height, by: value, limits: limits)
                else { return false }
                container.pairs.append(PickleDictItem(key: key.value, value: value.value))
                index += 2
            }
            return true
        }
        guard fits else { throw Declined() }
        drop(from: mark)
    }

    // MARK: Memo

    private mutating func memoPut(_ index: UInt64) throws(Declined) {
        guard stack.count > floor, let top = stack.last else { throw Declined() }
        // Indices a pickler writes count up from 0; anything sparser is left to the general machine.
        guard index <= UInt64(memo.count) else { throw Declined() }
        let slot = Int(index)
        if top.openID >= 0 {
            guard let last = open.last, last.id == top.openID, last.memoIndex < 0 else { throw Declined() }
            open[open.count - 1].memoIndex = slot
        }
        if slot == memo.count {
            guard memo.count < limits.maxMemoSize else { throw Declined() }
            memo.append(top)
        } else {
            memo[slot] = top
        }
        memoEvents.append(.put(index))
    }

    private mutating func memoGet(_ index: UInt64) throws(Declined) {
        guard index < UInt64(memo.count) else { throw Declined() }
        let slot = Int(index)
        if memo[slot].openID >= 0 {
            // A hit on a container still open, as in `[a, a]` (a is open on the stack when it is used
            // again). It is finished here; if anything fills it later (a cycle, or an object changed
            // after it was shared) `openTop` finds it finished and declines.
            guard let last = open.last, last.id == memo[slot].openID else { throw Declined() }
            stack[last.stackIndex] = try close(last.id)
        }
        try push(memo[slot])
        memoEvents.append(.get(index))
    }

    // MARK: Opcodes

    private mutating func run() throws(Declined) -> PickleValue {
        while true {
            guard let opcode = PickleOpcode(rawValue: try readByte()) else { throw Declined() }
            if opcode == .stop {
                let root = try pop()
                guard root.count <= limits.maxValueCount, root.height <= limits.maxDepth else { throw Declined() }
                return root.value
            }
            try step(opcode)
        }
    }

    private mutating func step(_ opcode: PickleOpcode) throws(Declined) {
        switch opcode {
        case .proto:
            guard try readByte() <= 5 else { throw Declined() }
        case .frame:
            let length = try readUInt(8)
            if frameEnd >= 0, position < frameEnd { throw Declined() }
            guard length <= UInt64(input.count - position) else { throw Declined() }
            frameEnd = position + Int(length)

        case .none: try push(.none)
        case .newTrue: try push(.bool(true))
        case .newFalse: try push(.bool(false))
        case .binInt1: try push(.int(Int64(try readByte())))
        case .binInt2: try push(.int(Int64(try readUInt(2))))
        case .binInt: try push(.int(Int64(Int32(truncatingIfNeeded: try readUInt(4)))))
        case .long1:
            let count = try readUInt(1)
            try push(.integer(PickleBigInt(littleEndianTwosComplement: Array(try read(count)))))
        case .long4:
            let count = Int32(truncatingIfNeeded: try readUInt(4))
            guard count >= 0, count <= limits.maxIntegerBytes else { throw Declined() }
            try push(.integer(PickleBigInt(littleEndianTwosComplement: Array(try read(UInt64(count))))))
        case .binFloat:
            let raw = try read(8)
            var bits: UInt64 = 0
            for byte in raw { bits = bits << 8 | UInt64(byte) }  // big-endian
            try push(.float(Double(bitPattern: bits)))

        case .shortBinUnicode: try push(.string(try Self.utf8(try read(try readUInt(1)))))
        case .binUnicode: try push(.string(try Self.utf8(try read(try readUInt(4)))))
        case .binUnicode8: try push(.string(try Self.utf8(try read(try readUInt(8)))))
        case .shortBinBytes: try push(.bytes(Array(try read(try readUInt(1)))))
        case .binBytes: try push(.bytes(Array(try read(try readUInt(4)))))
        case .binBytes8: try push(.bytes(Array(try read(try readUInt(8)))))
        case .byteArray8: try push(.bytearray(Array(try read(try readUInt(8)))))

        case .emptyList: try pushOpen(newContainer(.list))
        case .emptyDict: try pushOpen(newContainer(.dict))
        case .emptySet: try pushOpen(newContainer(.set))
        case .emptyTuple: try push(.tuple([]))
        case .tuple1, .tuple2, .tuple3:
            let count = Int(opcode.rawValue - PickleOpcode.tuple1.rawValue) + 1
            let tuple = try sealed(from: try closeTop(count))
            try push(Item(value: .tuple(tuple.values), count: tuple.count, height: tuple.height, openID: -1))
        case .tuple:
            let tuple = try sealed(from: try popMark())
            try push(Item(value: .tuple(tuple.values), count: tuple.count, height: tuple.height, openID: -1))
        case .frozenSet:
            let mark = try popMark()
            guard stack[mark...].allSatisfy(Self.isFlatKey) else { throw Declined() }
            let set = try sealed(from: mark)
            try push(
                Item(
                    value: .frozenset(PickleKey.distinct(set.values)), count: set.count, height: set.height,
                    openID: -1))
        case .list:
            let mark = try popMark()
            var container = newContainer(.list)
            try take(from: mark, into: &container.items, count: &container.count, height: &container.height)
            try pushOpen(container)
        case .dict:
            let mark = try popMark()
            guard (stack.count - mark) % 2 == 0 else { throw Declined() }
            var container = newContainer(.dict)
            try fill(&container, from: mark)
            try pushOpen(container)
        case .append:
            try append(from: try closeTop(1), kind: .list)
        case .appends:
            try append(from: try popMark(), kind: .list)
        case .setItem:
            try setItems(from: try closeTop(2))
        case .setItems:
            try setItems(from: try popMark())
        case .addItems:
            let mark = try popMark()
            guard stack[mark...].allSatisfy(Self.isFlatKey) else { throw Declined() }
            try append(from: mark, kind: .set)

        case .mark:
            guard stack.count + marks.count < limits.maxStackSize else { throw Declined() }
            marks.append(stack.count)
        case .pop:
            if stack.count > floor {
                _ = try pop()
            } else {
                drop(from: try popMark())
            }
        case .popMark: drop(from: try popMark())
        case .binPut: try memoPut(UInt64(try readByte()))
        case .longBinPut: try memoPut(try readUInt(4))
        case .memoize: try memoPut(UInt64(memo.count))
        case .binGet: try memoGet(UInt64(try readByte()))
        case .longBinGet: try memoGet(try readUInt(4))

        default:
            // Text opcodes, DUP, globals and calls, and everything refused: the general machine's business.
            throw Declined()
        }
    }

    /// A str's UTF-8 bytes as a String, checked (CPython writes a lone
    /// surrogate with `surrogatepass`, which is not UTF-8). `String(decoding:)`
    /// is the fast specialized path but repairs bad bytes instead of failing,
    /// so unless the bytes are ASCII the result is compared with them.
    private static func utf8(_ bytes: UnsafeBufferPointer<UInt8>) throws(Declined) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        if isASCII(bytes) { return text }
        let unchanged =
            text.utf8.withContiguousStorageIfAvailable { $0.elementsEqual(bytes) }
            ?? text.utf8.elementsEqual(bytes)
        guard unchanged else { throw Declined() }
        return text
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                guard raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 else {
                    return false
                }
                index += 8
            }
        }
        while index < bytes.count {
            guard bytes[index] < 0x80 else { return false }
            index += 1
        }
        return true
    }
}
