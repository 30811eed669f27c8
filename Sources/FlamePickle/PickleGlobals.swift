/// The only globals a pickle may name, and what calling them means. Nothing
/// is imported or run: each allowed `module.qualname` maps to a fixed Swift
/// rule that builds plain data. Any other global is refused by name.
enum PickleGlobals {
    /// What an allowed global does when called (REDUCE) or given state (BUILD).
    enum Role {
        /// `_codecs.encode(text, "latin1")`: how protocols 0-2 carry bytes.
        case codecsEncode
        case bytes, bytearray, set, frozenset
        /// `numpy.ndarray`: only as `_reconstruct`'s first argument.
        case ndarrayClass
        case numpyDType
        /// numpy's protocol 0-4 array form: `_reconstruct(...)` then BUILD.
        case numpyReconstruct
        /// numpy's protocol 5 form: `_frombuffer(buffer, dtype, shape, order)`.
        case numpyFromBuffer
        /// A numpy scalar (`np.float64(0.5)`): `scalar(dtype, raw bytes)`.
        case numpyScalar
    }

    static let allowed: [String: Role] = [
        "_codecs.encode": .codecsEncode,
        "builtins.bytes": .bytes, "__builtin__.bytes": .bytes,
        "builtins.bytearray": .bytearray, "__builtin__.bytearray": .bytearray,
        "builtins.set": .set, "__builtin__.set": .set,
        "builtins.frozenset": .frozenset, "__builtin__.frozenset": .frozenset,
        "numpy.ndarray": .ndarrayClass,
        "numpy.dtype": .numpyDType,
        "numpy.core.multiarray._reconstruct": .numpyReconstruct,
        "numpy._core.multiarray._reconstruct": .numpyReconstruct,
        "numpy.core.numeric._frombuffer": .numpyFromBuffer,
        "numpy._core.numeric._frombuffer": .numpyFromBuffer,
        "numpy.core.multiarray.scalar": .numpyScalar,
        "numpy._core.multiarray.scalar": .numpyScalar,
    ]

    static func resolve(
        module: String, name: String, offset: Int,
        error: (String) -> PickleError
    ) throws(PickleError) -> PickleNode {
        let qualified = "\(module).\(name)"
        guard allowed[qualified] != nil else {
            throw error("global '\(qualified)' is not allowed (only plain data and numpy arrays are decoded)")
        }
        return PickleNode(.global(module: module, name: name), offset: offset)
    }

    private static func role(of node: PickleNode, error: (String) -> PickleError) throws(PickleError) -> (String, Role) {
        guard case .global(let module, let name) = node.content, let role = allowed["\(module).\(name)"] else {
            throw error("REDUCE on something that is not an allowed global")
        }
        return ("\(module).\(name)", role)
    }

    /// REDUCE: `callable(*arguments)`.
    static func call(
        _ callable: PickleNode, arguments: PickleNode, offset: Int,
        error: (String) -> PickleError
    ) throws(PickleError) -> PickleNode {
        let (name, role) = try role(of: callable, error: error)
        guard case .tuple(let args) = arguments.content else { throw error("\(name) arguments are not a tuple") }
        func bad() -> PickleError { error("\(name) called with unsupported arguments") }
        func value(_ node: PickleNode) -> PickleValue? {
            if case .value(let v) = node.content { return v }
            return nil
        }
        switch role {
        case .codecsEncode:
            guard args.count == 2, case .string(let text)? = value(args[0]), case .string(let codec)? = value(args[1]),
                ["latin1", "latin-1", "iso-8859-1"].contains(codec.lowercased())
            else { throw bad() }
            return PickleNode(.bytes(try latin1(text, error: error)), offset: offset)
        case .bytes:
            if args.isEmpty { return PickleNode(.bytes([]), offset: offset) }
            guard args.count == 1, case .bytes(let data)? = value(args[0]) else { throw bad() }
            return PickleNode(.bytes(data), offset: offset)
        case .bytearray:
            if args.isEmpty { return PickleNode(.bytearray([]), offset: offset) }
            if args.count == 1, case .bytes(let data)? = value(args[0]) {
                return PickleNode(.bytearray(data), offset: offset)
            }
            guard args.count == 2, case .string(let text)? = value(args[0]), case .string(let codec)? = value(args[1]),
                ["latin1", "latin-1", "iso-8859-1"].contains(codec.lowercased())
            else { throw bad() }
            return PickleNode(.bytearray(try latin1(text, error: error)), offset: offset)
        case .set, .frozenset:
            var items: [PickleNode] = []
            if args.count == 1 {
                switch args[0].content {
                case .list(let nodes), .tuple(let nodes): items = nodes
                default: throw bad()
                }
            } else if !args.isEmpty {
                throw bad()
            }
            return PickleNode(role == .set ? PickleNode.Content.set(items) : .frozenset(items), offset: offset)
        case .ndarrayClass:
            throw error("numpy.ndarray called directly is not supported")
        case .numpyDType:
            guard args.count == 3, case .string(let typeName)? = value(args[0]) else { throw bad() }
            guard let dtype = NumpyDType(typeName) else { throw unsupportedDType(typeName, error: error) }
            return PickleNode(.dtype(dtype), offset: offset)
        case .numpyReconstruct:
            guard args.count == 3, case .global(let module, let className) = args[0].content,
                allowed["\(module).\(className)"] == .ndarrayClass
            else { throw error("\(name) is only supported for numpy.ndarray") }
            return PickleNode(.emptyArray, offset: offset)
        case .numpyFromBuffer:
            guard args.count == 4, case .dtype(let dtype) = args[1].content else { throw bad() }
            let data: [UInt8]
            switch value(args[0]) {
            case .bytes(let bytes)?, .bytearray(let bytes)?: data = bytes
            default: throw bad()
            }
            let shape = try shapeValues(args[2], error: error)
            guard case .string(let order)? = value(args[3]), order == "C" || order == "F" else { throw bad() }
            return PickleNode(try array(dtype, shape, order == "F", data, error: error), offset: offset)
        case .numpyScalar:
            guard args.count == 2, case .dtype(let dtype) = args[0].content else { throw bad() }
            switch value(args[1]) {
            case .bytes(let bytes)?: return PickleNode(.value(try scalar(dtype, bytes, error: error)), offset: offset)
            default: throw error("numpy object scalars are not supported (the scalar data is not a byte string)")
            }
        }
    }

    /// A numpy scalar as the plain Python value it stands for: booleans, integers
    /// (beyond Int64 as big integers) and floats (widened to double, as
    /// `float(np.float32(x))` does). The numpy type is not kept.
    private static func scalar(_ dtype: NumpyDType, _ data: [UInt8], error: (String) -> PickleError) throws(PickleError) -> PickleValue {
        guard data.count == dtype.itemSize else {
            throw error("numpy scalar of \(dtype.descr) has \(data.count) bytes, not \(dtype.itemSize)")
        }
        let bytes = dtype.byteOrder == ">" ? Array(data.reversed()) : data
        var bits: UInt64 = 0
        for (k, b) in bytes.enumerated() where k < 8 { bits |= UInt64(b) << (UInt64(k) * 8) }
        switch (dtype.kind, dtype.itemSize) {
        case ("b", _): return .bool(bits != 0)
        case ("i", let n):
            let shift = UInt64(64 - n * 8)
            return .int(Int64(bitPattern: bits << shift) >> shift)
        case ("u", _):
            if let v = Int64(exactly: bits) { return .int(v) }
            return .bigInt(PickleBigInt(littleEndianTwosComplement: bytes + [0]))
        case ("f", 2):
            let h = UInt16(truncatingIfNeeded: bits)
            let sign: Double = h & 0x8000 != 0 ? -1 : 1
            let exponent = Int(h >> 10 & 0x1F)
            let fraction = Double(h & 0x3FF)
            switch exponent {
            case 0: return .float(sign * fraction * 0x1p-24)
            case 31: return .float(fraction == 0 ? sign * .infinity : .nan)
            default: return .float(sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1))
            }
        case ("f", 4): return .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))))
        case ("f", 8): return .float(Double(bitPattern: bits))
        default: throw error("numpy \(dtype.name) scalars are not supported")
        }
    }

    /// BUILD: give `target` its state.
    static func build(_ target: PickleNode, state: PickleNode, error: (String) -> PickleError) throws(PickleError) {
        guard case .tuple(let fields) = state.content else { throw error("BUILD state is not a tuple") }
        func value(_ index: Int) -> PickleValue? {
            guard index < fields.count, case .value(let v) = fields[index].content else { return nil }
            return v
        }
        switch target.content {
        case .dtype(var dtype):
            // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
            guard fields.count >= 8, case .string(let order)? = value(1) else {
                throw error("numpy.dtype state is not supported")
            }
            for index in 2...4 where value(index) != PickleValue.none {
                throw error("structured or sub-array numpy dtypes are not supported")
            }
            guard let parsed = NumpyDType("\(order)\(dtype.kind)\(dtype.itemSize)") else {
                throw error("numpy.dtype byte order '\(order)' is not supported")
            }
            dtype = parsed
            target.content = .dtype(dtype)
        case .emptyArray:
            // ([version,] shape, dtype, is_fortran, raw data)
            let base = fields.count == 5 ? 1 : 0
            guard fields.count == 4 || fields.count == 5 else { throw error("numpy array state is not supported") }
            let shape = try shapeValues(fields[base], error: error)
            guard case .dtype(let dtype) = fields[base + 1].content else {
                throw error("numpy array state has no dtype")
            }
            guard case .bool(let fortran)? = value(base + 2) else { throw error("numpy array state has no order flag") }
            let data: [UInt8]
            switch value(base + 3) {
            case .bytes(let bytes)?, .bytearray(let bytes)?: data = bytes
            case .string(let text)?: data = try latin1(text, error: error)  // Python 2 era pickles
            default: throw error("numpy object arrays are not supported (the array data is not a byte string)")
            }
            target.content = .value(try array(dtype, shape, fortran, data, error: error))
        default:
            throw error("BUILD is only supported for numpy arrays and dtypes")
        }
    }

    private static func shapeValues(_ node: PickleNode, error: (String) -> PickleError) throws(PickleError) -> [Int] {
        guard case .tuple(let items) = node.content else { throw error("numpy array shape is not a tuple") }
        var shape: [Int] = []
        for item in items {
            guard case .value(.int(let dimension)) = item.content, let size = Int(exactly: dimension) else {
                throw error("numpy array shape holds something other than an int")
            }
            shape.append(size)
        }
        return shape
    }

    private static func array(
        _ dtype: NumpyDType, _ shape: [Int], _ fortran: Bool, _ data: [UInt8],
        error: (String) -> PickleError
    ) throws(PickleError) -> PickleValue {
        do {
            // A one-dimensional or empty array is both C and Fortran ordered; numpy pickles it as C.
            return .ndarray(try PickledNDArray(dtype: dtype.descr, shape: shape, fortranOrder: fortran, data: data))
        } catch let failure {
            throw error(failure.message)
        }
    }

    private static func unsupportedDType(_ name: String, error: (String) -> PickleError) -> PickleError {
        if name.hasPrefix("O") { return error("numpy object arrays are not supported") }
        return error("numpy dtype '\(name)' is not supported (only bool, int, uint, float and complex)")
    }

    private static func latin1(_ text: String, error: (String) -> PickleError) throws(PickleError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard scalar.value <= 0xFF else { throw error("latin-1 text holds U+\(String(scalar.value, radix: 16))") }
            out.append(UInt8(scalar.value))
        }
        return out
    }
}
