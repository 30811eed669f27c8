/// An object on the unpickler's stack or in its memo. Containers are
/// references because the pickle fills them after they are memoized
/// (EMPTY_LIST, MEMOIZE, then APPENDS), and a memo hit must see the items.
final class PickleNode {
    enum Content {
        case value(PickleValue)
        case list([PickleNode])
        case dict([(PickleNode, PickleNode)])
        case set([PickleNode])
        case tuple([PickleNode])
        case frozenset([PickleNode])
        /// A GLOBAL that passed the allowlist, waiting to be called.
        case global(module: String, name: String)
        /// `numpy.dtype(name, False, True)`, byte order from BUILD's state.
        case dtype(NumpyDType)
        /// `_reconstruct(ndarray, (0,), b'b')`, waiting for BUILD's state.
        case emptyArray
    }

    var content: Content
    /// Byte offset of the opcode that made the node, for errors found later.
    let offset: Int
    private var finished: PickleValue?
    private var expandedCount = 0
    private var visiting = false

    init(_ content: Content, offset: Int) {
        self.content = content
        self.offset = offset
    }

    init(_ value: PickleValue, offset: Int) {
        content = .value(value)
        self.offset = offset
    }

    /// Detaches the children of `roots` and of everything below them, one
    /// node at a time, so that releasing them never recurses.
    static func dismantle(_ roots: [PickleNode]) {
        var work = roots
        while let node = work.popLast() {
            switch node.content {
            case .list(let items), .set(let items), .tuple(let items), .frozenset(let items):
                work.append(contentsOf: items)
            case .dict(let pairs):
                for (key, value) in pairs {
                    work.append(key)
                    work.append(value)
                }
            default:
                continue
            }
            node.content = .value(.none)
        }
    }

    /// The plain value this node stands for. Shared nodes convert once;
    /// `budget` counts every place a value appears, so memo hits cannot
    /// blow up the tree unnoticed.
    func finish(depth: Int, budget: inout Int, limits: PickleLimits) throws(PickleError) -> PickleValue {
        guard depth <= limits.maxDepth else {
            throw PickleError("nesting deeper than \(limits.maxDepth)", offset: offset)
        }
        if let finished {
            budget -= expandedCount
            guard budget >= 0 else { throw PickleError("more than \(limits.maxValueCount) values", offset: offset) }
            return finished
        }
        guard !visiting else {
            throw PickleError("recursive structure (an object that contains itself) is not supported", offset: offset)
        }
        visiting = true
        defer { visiting = false }
        let before = budget
        budget -= 1
        guard budget >= 0 else { throw PickleError("more than \(limits.maxValueCount) values", offset: offset) }

        func items(_ nodes: [PickleNode]) throws(PickleError) -> [PickleValue] {
            var out: [PickleValue] = []
            out.reserveCapacity(nodes.count)
            for node in nodes { out.append(try node.finish(depth: depth + 1, budget: &budget, limits: limits)) }
            return out
        }

        let value: PickleValue
        switch content {
        case .value(let v):
            value = v
        case .list(let nodes):
            value = .list(try items(nodes))
        case .tuple(let nodes):
            value = .tuple(try items(nodes))
        case .set(let nodes):
            value = .set(try Self.distinct(try items(nodes), offset: offset))
        case .frozenset(let nodes):
            value = .frozenset(try Self.distinct(try items(nodes), offset: offset))
        case .dict(let pairs):
            var result: [PickleDictItem] = []
            result.reserveCapacity(pairs.count)
            for (keyNode, valueNode) in pairs {
                let key = try keyNode.finish(depth: depth + 1, budget: &budget, limits: limits)
                try Self.requireHashable(key, offset: offset)
                let item = try valueNode.finish(depth: depth + 1, budget: &budget, limits: limits)
                result.append(PickleDictItem(key: key, value: item))
            }
            // A repeated key keeps its first place and its last value, as a Python dict does.
            value = .dict(PickleKey.deduplicated(result))
        case .global(let module, let name):
            throw PickleError("global '\(module).\(name)' used as a value", offset: offset)
        case .dtype:
            throw PickleError("a bare numpy.dtype object is not supported as a value", offset: offset)
        case .emptyArray:
            throw PickleError("numpy array from _reconstruct was never given its state (BUILD)", offset: offset)
        }
        finished = value
        expandedCount = before - budget
        return value
    }

    /// Elements in first-seen order without repeats; unhashable ones are an
    /// error, as they are to Python.
    private static func distinct(_ values: [PickleValue], offset: Int) throws(PickleError) -> [PickleValue] {
        for value in values { try requireHashable(value, offset: offset) }
        return PickleKey.distinct(values)
    }

    private static func requireHashable(_ value: PickleValue, offset: Int) throws(PickleError) {
        switch value {
        case .list, .dict, .set, .bytearray, .ndarray:
            throw PickleError("unhashable type '\(value.typeName)' as a dict key or set element", offset: offset)
        case .tuple(let items):
            for item in items { try requireHashable(item, offset: offset) }
        default:
            break
        }
    }
}
