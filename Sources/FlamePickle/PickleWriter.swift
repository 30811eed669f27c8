/// Encodes a `PickleValue` as a protocol-5 pickle whose bytes equal
/// CPython 3.11's `pickle.dumps(value, protocol=5)` (and so
/// `cloudpickle.dumps`, which flamepy uses) for the same Python value.
///
/// Python memoizes by object identity, which a value tree cannot carry, so
/// the writer follows one rule (see docs/pickle.md): equal `str` and `bytes`
/// values are one object (a later one is a memo hit), as they are in a value
/// written as one Python literal; every container is a new object. Sets are
/// written in the order given (Python writes its own iteration order).
/// `encode(_:sharing:)` instead replays the sharing recorded from a pickle
/// (`PickleReader.decodeKeepingIdentity`), so any protocol-5 pickle CPython
/// wrote is written again byte for byte.
public struct PickleWriter: Sendable {
    /// Deepest nesting accepted (CPython's own recursion limit is about 1000).
    public var maxDepth: Int

    /// A writer that refuses values nested deeper than `maxDepth`.
    ///
    /// - Parameter maxDepth: Deepest nesting accepted (default 900).
    public init(maxDepth: Int = 900) {
        self.maxDepth = maxDepth
    }

    /// Encodes `value` as a protocol-5 pickle, framed as CPython frames it.
    ///
    /// - Parameter value: The value.
    /// - Returns: The pickle bytes, ending in STOP.
    /// - Throws: `PickleError` (offset: output bytes so far) when the value
    ///   nests deeper than `maxDepth`, or a numpy array's dtype is not supported
    ///   or its data does not match its shape.
    /// - Complexity: O(n) in the size of the value.
    public func encode(_ value: PickleValue) throws(PickleError) -> [UInt8] {
        try encode(value, replaying: nil).out
    }

    /// `value` with the object sharing (memo hits) of the pickle `identity`
    /// was recorded from. If the identity does not fit the value (another
    /// value, or a pickle of another protocol), the value is written as by
    /// `encode(_:)`.
    ///
    /// - Parameters:
    ///   - value: The value, usually as decoded.
    ///   - identity: The sharing recorded by `PickleReader.decodeKeepingIdentity`.
    /// - Returns: The pickle bytes.
    /// - Throws: `PickleError` in the cases of `encode(_:)`.
    /// - Complexity: O(n) in the size of the value; up to twice that when the
    ///   identity does not fit and the value is written again.
    public func encode(_ value: PickleValue, sharing identity: PickleIdentity) throws(PickleError) -> [UInt8] {
        let replayed = try encode(value, replaying: identity.events, numpyArrayFunctions: identity.numpyArrayFunctions)
        if !replayed.replayFailed, replayed.replayNext == identity.events.count {
            return replayed.out
        }
        return try encode(value)
    }

    private func encode(
        _ value: PickleValue, replaying events: [PickleIdentity.Event]?,
        numpyArrayFunctions: [String] = []
    ) throws(PickleError) -> PickleOutput {
        var output = PickleOutput(maxDepth: maxDepth)
        output.replay = events
        output.numpyArrayFunctions = numpyArrayFunctions
        output.out = [PickleOpcode.proto.rawValue, 5]
        output.framing = true
        try output.save(value, depth: 0)
        output.write(PickleOpcode.stop)
        output.commitFrame()
        return output
    }
}

/// The pickler's output buffer, framing and memo.
struct PickleOutput {
    /// A frame is closed once it holds this much, at the start of the next object.
    static let frameTarget = 64 * 1024
    static let batchSize = 1000

    let maxDepth: Int
    var out: [UInt8] = []
    var framing = false
    /// Where the open frame's 9-byte header was reserved.
    private var frameStart: Int?
    private var memoCount = 0
    private var stringMemo: [String: Int] = [:]
    private var bytesMemo: [[UInt8]: Int] = [:]
    private var globalMemo: [String: Int] = [:]
    private var dtypeMemo: [String: Int] = [:]

    /// What a memo index holds, to match a recorded memo hit with the object being saved.
    enum MemoEntry: Equatable {
        case value(PickleValue)
        case global(String)
        case dtype(String)
        case other
    }

    /// When replaying: the function that rebuilt each numpy array, in order.
    var numpyArrayFunctions: [String] = []
    private var arraysSaved = 0

    /// Memo events of the pickle being replayed; nil when following the default rule.
    var replay: [PickleIdentity.Event]?
    private(set) var replayNext = 0
    private(set) var replayFailed = false
    /// Recorded memo index -> our memo index.
    private var replayIndex: [UInt64: Int] = [:]
    private var memoEntries: [MemoEntry] = []

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    mutating func write(_ bytes: some Collection<UInt8>) {
        if framing, frameStart == nil {
            frameStart = out.count
            out.append(contentsOf: repeatElement(0, count: 9))
        }
        out.append(contentsOf: bytes)
    }

    mutating func write(_ opcode: PickleOpcode) {
        write(CollectionOfOne(opcode.rawValue))
    }

    mutating func write(_ opcode: PickleOpcode, littleEndian value: UInt64, width: Int) {
        var bytes = [opcode.rawValue]
        for index in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
        write(bytes)
    }

    /// Closes the open frame: writes its header, or drops the reserved bytes
    /// when it holds fewer than 4 bytes (CPython does not frame those).
    mutating func commitFrame() {
        guard let start = frameStart else { return }
        frameStart = nil
        let length = out.count - start - 9
        if length >= 4 {
            out[start] = PickleOpcode.frame.rawValue
            for index in 0..<8 { out[start + 1 + index] = UInt8(truncatingIfNeeded: UInt64(length) >> (8 * UInt64(index))) }
        } else {
            out.removeSubrange(start..<(start + 9))
        }
    }

    /// A payload of 64 KiB or more goes outside any frame, after its header;
    /// smaller ones stay in the current frame.
    private mutating func writePayload(header: [UInt8], _ payload: [UInt8]) {
        if payload.count >= Self.frameTarget {
            commitFrame()
            out.append(contentsOf: header)
            out.append(contentsOf: payload)
        } else {
            write(header)
            write(payload)
        }
    }

    private mutating func memoize(_ entry: MemoEntry) {
        write(PickleOpcode.memoize)
        if let events = replay {
            memoEntries.append(entry)
            if replayNext < events.count, case .put(let index) = events[replayNext] {
                replayIndex[index] = memoCount
                replayNext += 1
            } else {
                replayFailed = true
            }
        }
        memoCount += 1
    }

    /// When replaying: our memo index for `entry` if the recorded pickle has a
    /// memo hit of it here. A recorded hit ahead may belong to a child of the
    /// object being saved instead; the child is never equal to its parent, so
    /// comparing entries tells which.
    private mutating func replayHit(_ entry: MemoEntry) -> Int? {
        guard let events = replay, replayNext < events.count, case .get(let recorded) = events[replayNext],
            let index = replayIndex[recorded], memoEntries[index] == entry
        else { return nil }
        replayNext += 1
        return index
    }

    private mutating func memoGet(_ index: Int) {
        if index < 256 {
            write([PickleOpcode.binGet.rawValue, UInt8(index)])
        } else {
            write(PickleOpcode.longBinGet, littleEndian: UInt64(index), width: 4)
        }
    }

    private func sizedHeader(
        _ small: PickleOpcode, _ medium: PickleOpcode, _ large: PickleOpcode,
        count: Int
    ) -> [UInt8] {
        let length = UInt64(count)
        if length < 256 { return [small.rawValue, UInt8(length)] }
        let (opcode, width) = length <= UInt64(UInt32.max) ? (medium, 4) : (large, 8)
        return [opcode.rawValue] + (0..<width).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
    }

    /// Pickles one object. Like CPython, a frame that has reached its target
    /// size is closed when the next object starts.
    mutating func save(_ value: PickleValue, depth: Int) throws(PickleError) {
        guard depth <= maxDepth else { throw PickleError("value nested deeper than \(maxDepth)", offset: out.count) }
        boundary()
        if replay != nil, value.isMemoized, let index = replayHit(.value(value)) {
            memoGet(index)
            return
        }
        switch value {
        case .none:
            write(PickleOpcode.none)
        case .bool(let flag):
            write(flag ? PickleOpcode.newTrue : .newFalse)
        case .int(let number):
            saveInt(number)
        case .bigInt(let big):
            if let small = big.int64Value {
                saveInt(small)
            } else {
                saveLong(big.littleEndianBytes)
            }
        case .float(let number):
            var bytes = [PickleOpcode.binFloat.rawValue]
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: number.bitPattern >> UInt64(shift)))
            }
            write(bytes)
        case .string(let text):
            saveString(text)
        case .bytes(let data):
            if replay == nil, let index = bytesMemo[data] {
                memoGet(index)
                return
            }
            writePayload(header: sizedHeader(.shortBinBytes, .binBytes, .binBytes8, count: data.count), data)
            bytesMemo[data] = memoCount
            memoize(.value(value))
        case .bytearray(let data):
            saveByteArray(data)
        case .list(let items):
            write(PickleOpcode.emptyList)
            memoize(.value(value))
            if items.count == 1 {
                try save(items[0], depth: depth + 1)
                write(PickleOpcode.append)
            } else if !items.isEmpty {
                var index = 0
                while index < items.count {
                    write(PickleOpcode.mark)
                    let end = min(index + Self.batchSize, items.count)
                    while index < end {
                        try save(items[index], depth: depth + 1)
                        index += 1
                    }
                    write(PickleOpcode.appends)
                }
            }
        case .tuple(let items):
            try saveTuple(items, depth: depth)
        case .dict(let items):
            write(PickleOpcode.emptyDict)
            memoize(.value(value))
            if items.count == 1 {
                try save(items[0].key, depth: depth + 1)
                try save(items[0].value, depth: depth + 1)
                write(PickleOpcode.setItem)
            } else if !items.isEmpty {
                // CPython closes a batch after exactly 1000 items and starts another, which may be empty.
                var index = 0
                var batch = 0
                repeat {
                    write(PickleOpcode.mark)
                    batch = 0
                    while index < items.count, batch < Self.batchSize {
                        try save(items[index].key, depth: depth + 1)
                        try save(items[index].value, depth: depth + 1)
                        index += 1
                        batch += 1
                    }
                    write(PickleOpcode.setItems)
                } while batch == Self.batchSize
            }
        case .set(let items):
            write(PickleOpcode.emptySet)
            memoize(.value(value))
            if !items.isEmpty {
                var index = 0
                var batch = 0
                repeat {
                    write(PickleOpcode.mark)
                    batch = 0
                    while index < items.count, batch < Self.batchSize {
                        try save(items[index], depth: depth + 1)
                        index += 1
                        batch += 1
                    }
                    write(PickleOpcode.addItems)
                } while batch == Self.batchSize
            }
        case .frozenset(let items):
            write(PickleOpcode.mark)
            for item in items { try save(item, depth: depth + 1) }
            write(PickleOpcode.frozenSet)
            memoize(.value(value))
        case .ndarray(let array):
            try saveArray(array, depth: depth)
        }
    }

    private mutating func saveInt(_ number: Int64) {
        switch number {
        case 0...0xFF:
            write([PickleOpcode.binInt1.rawValue, UInt8(number)])
        case 0x100...0xFFFF:
            write(PickleOpcode.binInt2, littleEndian: UInt64(number), width: 2)
        case Int64(Int32.min)...Int64(Int32.max):
            write(PickleOpcode.binInt, littleEndian: UInt64(bitPattern: number), width: 4)
        default:
            saveLong(PickleBigInt(number).littleEndianBytes)
        }
    }

    private mutating func saveLong(_ bytes: [UInt8]) {
        if bytes.count < 256 {
            write([PickleOpcode.long1.rawValue, UInt8(bytes.count)] + bytes)
        } else {
            write(PickleOpcode.long4, littleEndian: UInt64(bytes.count), width: 4)
            write(bytes)
        }
    }

    /// CPython checks at the start of every object it saves whether the open
    /// frame has reached its target size, and if so closes it.
    private mutating func boundary() {
        if let start = frameStart, out.count - start - 9 >= Self.frameTarget { commitFrame() }
    }

    /// A str; `replay` callers have already looked for a recorded memo hit.
    mutating func saveString(_ text: String) {
        if replay == nil, let index = stringMemo[text] {
            memoGet(index)
            return
        }
        let utf8 = Array(text.utf8)
        writePayload(header: sizedHeader(.shortBinUnicode, .binUnicode, .binUnicode8, count: utf8.count), utf8)
        stringMemo[text] = memoCount
        memoize(.value(.string(text)))
    }

    private mutating func saveByteArray(_ data: [UInt8]) {
        var header = [PickleOpcode.byteArray8.rawValue]
        for index in 0..<8 { header.append(UInt8(truncatingIfNeeded: UInt64(data.count) >> (8 * UInt64(index)))) }
        writePayload(header: header, data)
        memoize(.value(.bytearray(data)))
    }

    private mutating func saveTuple(_ items: [PickleValue], depth: Int) throws(PickleError) {
        if items.isEmpty {
            write(PickleOpcode.emptyTuple)
            return
        }
        if items.count <= 3 {
            for item in items { try save(item, depth: depth + 1) }
            write([PickleOpcode.tuple1, .tuple2, .tuple3][items.count - 1])
        } else {
            write(PickleOpcode.mark)
            for item in items { try save(item, depth: depth + 1) }
            write(PickleOpcode.tuple)
        }
        memoize(.value(.tuple(items)))
    }

    /// `module.name` by STACK_GLOBAL, or a memo hit after the first time.
    private mutating func saveGlobal(module: String, name: String) {
        boundary()
        let key = "\(module).\(name)"
        if replay != nil {
            if let index = replayHit(.global(key)) {
                memoGet(index)
                return
            }
        } else if let index = globalMemo[key] {
            memoGet(index)
            return
        }
        for text in [module, name] {
            boundary()
            if let index = replayHit(.value(.string(text))) { memoGet(index) } else { saveString(text) }
        }
        write(PickleOpcode.stackGlobal)
        globalMemo[key] = memoCount
        memoize(.global(key))
    }

    /// numpy 2's protocol-5 form: `numpy._core.numeric._frombuffer(buffer, dtype, shape, order)`
    /// with the buffer in-band as a bytearray.
    private mutating func saveArray(_ array: PickledNDArray, depth: Int) throws(PickleError) {
        guard let dtype = NumpyDType(array.dtype) else {
            throw PickleError("unsupported numpy dtype '\(array.dtype)'", offset: out.count)
        }
        let checked: PickledNDArray
        do {
            checked = try PickledNDArray(
                dtype: array.dtype, shape: array.shape, fortranOrder: array.fortranOrder,
                data: array.data)
        } catch {
            throw PickleError(error.message, offset: out.count)
        }
        var module = "numpy._core.numeric"
        if replay != nil, arraysSaved < numpyArrayFunctions.count {
            switch numpyArrayFunctions[arraysSaved] {
            case "numpy.core.numeric._frombuffer": module = "numpy.core.numeric"
            case "numpy._core.multiarray._reconstruct":
                return try saveReconstructed(array, checked, dtype, "numpy._core.multiarray", depth)
            case "numpy.core.multiarray._reconstruct":
                return try saveReconstructed(array, checked, dtype, "numpy.core.multiarray", depth)
            default: break
            }
        }
        arraysSaved += 1
        saveGlobal(module: module, name: "_frombuffer")
        boundary()  // the argument tuple
        write(PickleOpcode.mark)
        try save(.bytearray(checked.data), depth: depth + 1)
        try saveDType(dtype, depth: depth + 1)
        try save(.tuple(checked.shape.map { .int(Int64($0)) }), depth: depth + 1)
        try save(.string(checked.fortranOrder ? "F" : "C"), depth: depth + 1)
        write(PickleOpcode.tuple)
        memoize(.other)
        write(PickleOpcode.reduce)
        memoize(.value(.ndarray(array)))
    }

    /// numpy's form for arrays that are not contiguous (and for every array
    /// below protocol 5): `_reconstruct(ndarray, (0,), b'b')`, then BUILD with
    /// `(1, shape, dtype, is_fortran, raw bytes)`. Only used when replaying.
    private mutating func saveReconstructed(
        _ array: PickledNDArray, _ checked: PickledNDArray, _ dtype: NumpyDType,
        _ module: String, _ depth: Int
    ) throws(PickleError) {
        arraysSaved += 1
        saveGlobal(module: module, name: "_reconstruct")
        boundary()  // the argument tuple
        saveGlobal(module: "numpy", name: "ndarray")
        try save(.tuple([.int(0)]), depth: depth + 1)
        try save(.bytes([UInt8(ascii: "b")]), depth: depth + 1)
        write(PickleOpcode.tuple3)
        memoize(.other)
        write(PickleOpcode.reduce)
        memoize(.value(.ndarray(array)))
        boundary()  // the state tuple
        write(PickleOpcode.mark)
        try save(.int(1), depth: depth + 1)
        try save(.tuple(checked.shape.map { .int(Int64($0)) }), depth: depth + 1)
        try saveDType(dtype, depth: depth + 1)
        try save(.bool(checked.fortranOrder), depth: depth + 1)
        try save(.bytes(checked.data), depth: depth + 1)
        write(PickleOpcode.tuple)
        memoize(.other)
        write(PickleOpcode.build)
    }

    /// `numpy.dtype(name, False, True)` with its BUILD state. numpy keeps one
    /// dtype object per native-order type, so those are memo hits after the
    /// first; a byte-swapped dtype is a new object per array.
    private mutating func saveDType(_ dtype: NumpyDType, depth: Int) throws(PickleError) {
        boundary()
        let shared = dtype.byteOrder != ">"
        if replay != nil {
            if let index = replayHit(.dtype(dtype.descr)) {
                memoGet(index)
                return
            }
        } else if shared, let index = dtypeMemo[dtype.descr] {
            memoGet(index)
            return
        }
        saveGlobal(module: "numpy", name: "dtype")
        // numpy formats the type name afresh for each dtype it reduces: never a memo hit.
        boundary()
        boundary()
        let name = Array(dtype.reduceName.utf8)
        write([PickleOpcode.shortBinUnicode.rawValue, UInt8(name.count)] + name)
        memoize(.value(.string(dtype.reduceName)))
        boundary()
        write(PickleOpcode.newFalse)
        boundary()
        write(PickleOpcode.newTrue)
        write(PickleOpcode.tuple3)
        memoize(.other)
        write(PickleOpcode.reduce)
        if shared { dtypeMemo[dtype.descr] = memoCount }
        memoize(.dtype(dtype.descr))
        // (version 3, byte order, subarray, names, fields, elsize, alignment, flags)
        let state: [PickleValue] = [
            .int(3), .string(String(dtype.byteOrder)), .none, .none, .none, .int(-1), .int(-1),
            .int(0),
        ]
        try save(.tuple(state), depth: depth + 1)
        write(PickleOpcode.build)
    }
}
