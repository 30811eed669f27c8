import ArrowIPC
import ArrowMemory

/// A typed, shaped view of an Arrow tensor's elements, over bytes it does not
/// copy (usually a slice of the IPC message it was decoded from).
///
/// Strides are in bytes and may be any non-negative values whose reach stays
/// inside `data` (C order, Fortran order, broadcast zeros, gaps). Elements are
/// read with unaligned loads, so the bytes may start at any address.
public struct Tensor<Element: TensorElement>: Sendable {
    /// Length of each dimension; empty for a 0-d (scalar) tensor.
    public let shape: [Int]
    /// Byte step along each dimension.
    public let strides: [Int]
    /// One name per dimension; "" where a dimension has no name.
    public let dimensionNames: [String]
    /// The bytes the elements live in.
    public let data: ArrowBuffer
    /// Number of elements (1 for a 0-d tensor, 0 when a dimension is 0).
    public let count: Int

    /// A view of `data` with `shape` and byte `strides`, checked like a decoded
    /// message: non-negative sizes and strides, every element inside `data`.
    ///
    /// No bytes are copied. Unlike a decoded message, overlapping strides (such
    /// as 0 to repeat an element) are allowed here.
    ///
    /// - Parameters:
    ///   - data: The bytes the elements live in; element `[0, 0, ...]` is at byte 0.
    ///   - shape: Length of each dimension; `[]` makes a 0-d tensor of one element.
    ///   - strides: Byte step per dimension; `nil` (the default) means C order
    ///     with no gaps.
    ///   - dimensionNames: One name per dimension; `nil` gives every dimension "".
    /// - Throws: `ArrowError` with kind `.invalidArgument` when a dimension is
    ///   negative or the element or byte count overflows `Int`, when the stride
    ///   count differs from the rank or a stride is negative, when the elements
    ///   reach past `data.count`, or when the name count differs from the rank.
    /// - Complexity: O(r) in the rank.
    public init(data: ArrowBuffer, shape: [Int], strides: [Int]? = nil, dimensionNames: [String]? = nil) throws(ArrowError) {
        let width = MemoryLayout<Element>.size
        guard let count = TensorLayout.elementCount(shape), !count.multipliedReportingOverflow(by: width).overflow else {
            throw ArrowError(.invalidArgument, "shape \(shape) has a negative dimension or too many elements")
        }
        let strides = strides ?? TensorLayout.contiguousStrides(shape, byteWidth: width, order: .c)
        guard strides.count == shape.count, strides.allSatisfy({ $0 >= 0 }) else {
            throw ArrowError(.invalidArgument, "strides \(strides) do not fit shape \(shape) (one non-negative stride per dimension)")
        }
        guard let extent = TensorLayout.extent(shape, strides, byteWidth: width), extent <= data.count else {
            throw ArrowError(.invalidArgument, "shape \(shape) with strides \(strides) reaches past the \(data.count) data bytes")
        }
        let names = dimensionNames ?? Array(repeating: "", count: shape.count)
        guard names.count == shape.count else {
            throw ArrowError(.invalidArgument, "\(names.count) dimension names for \(shape.count) dimensions")
        }
        self.init(validated: data, shape: shape, strides: strides, names: names, count: count)
    }

    init(validated data: ArrowBuffer, shape: [Int], strides: [Int], names: [String], count: Int) {
        self.data = data
        self.shape = shape
        self.strides = strides
        self.dimensionNames = names
        self.count = count
    }

    /// Decodes the Tensor IPC message at the start of `buffer` without copying
    /// its data; throws if the message holds another element type.
    ///
    /// Accepts the `FFFFFFFF`-prefixed framing and the older framing without the
    /// marker; bytes after the message are ignored (see `AnyTensor.messageLength`).
    ///
    /// - Parameter buffer: The message; the tensor keeps a slice of it.
    /// - Throws: `ArrowError` with kind `.invalidFormat` when the length prefix
    ///   is truncated, zero or negative, or claims more bytes than present, or the
    ///   message is not a Tensor message; `.invalidMetadata` when the flatbuffer
    ///   is malformed or the version is below V4, a required field is missing, the
    ///   element type is not a supported Int or FloatingPoint width, a size or
    ///   stride is negative or overflows, the body or data range is outside the
    ///   input, or the elements do not fit in the data bytes; `.unsupported` for
    ///   a SparseTensor message or a non-numeric element type; and
    ///   `.invalidArgument` when the element type is not `Element`.
    /// - Complexity: O(r) in the rank (the data is not read).
    public init(decoding buffer: ArrowBuffer) throws(ArrowError) {
        let message = try TensorMessage.decode(buffer)
        guard message.dataType == Element.tensorDataType else {
            throw ArrowError(
                .invalidArgument, "the tensor holds \(message.dataType.numpyName), not \(Element.tensorDataType.numpyName)",
                fieldPath: "Tensor.type")
        }
        self.init(message)
    }

    /// Copies `bytes` once, then decodes them (the tensor keeps the copy).
    ///
    /// - Parameter bytes: The message.
    /// - Throws: `ArrowError` in the cases of `init(decoding:)` for an `ArrowBuffer`.
    /// - Complexity: O(n) in the number of bytes (the copy).
    public init(decoding bytes: [UInt8]) throws(ArrowError) {
        try self.init(decoding: ArrowBuffer(copying: bytes))
    }

    init(_ message: TensorMessage) {
        self.init(
            validated: message.data, shape: message.shape, strides: message.strides,
            names: message.dimensionNames, count: TensorLayout.elementCount(message.shape) ?? 0)
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// Whether the elements lie in C (row-major) order with no gaps.
    public var isCContiguous: Bool {
        TensorLayout.isContiguous(shape, strides, byteWidth: MemoryLayout<Element>.size, order: .c)
    }

    /// Whether the elements lie in Fortran (column-major) order with no gaps.
    public var isFortranContiguous: Bool {
        TensorLayout.isContiguous(shape, strides, byteWidth: MemoryLayout<Element>.size, order: .fortran)
    }

    /// The order the bytes hold the elements in, when they are contiguous (C is
    /// preferred when both apply, e.g. for 1-d tensors).
    public var storageOrder: TensorOrder? {
        isCContiguous ? .c : isFortranContiguous ? .fortran : nil
    }

    // MARK: Elements

    /// The element at `index` (one position per dimension). Out-of-range
    /// indices stop the program, as for `Array`; see `element(at:)`.
    ///
    /// - Parameter index: One position per dimension, each in `0..<shape[k]`;
    ///   none for a 0-d tensor.
    /// - Complexity: O(r) in the rank.
    public subscript(_ index: Int...) -> Element {
        self[index]
    }

    /// The element at `index` (one position per dimension). Out-of-range
    /// indices or a wrong index count stop the program; see `element(at:)`.
    ///
    /// - Parameter index: One position per dimension, each in `0..<shape[k]`.
    /// - Complexity: O(r) in the rank.
    public subscript(index: [Int]) -> Element {
        guard let offset = byteOffset(index) else {
            preconditionFailure("index \(index) out of range for shape \(shape)")
        }
        return load(at: offset)
    }

    /// The element at `index`, or an error naming the bad position.
    ///
    /// - Parameter index: One position per dimension.
    /// - Returns: The element.
    /// - Throws: `ArrowError` with kind `.invalidArgument` when `index` has the
    ///   wrong number of positions or a position is outside its dimension.
    /// - Complexity: O(r) in the rank.
    public func element(at index: [Int]) throws(ArrowError) -> Element {
        guard let offset = byteOffset(index) else {
            throw ArrowError(.invalidArgument, "index \(index) out of range for shape \(shape)")
        }
        return load(at: offset)
    }

    private func byteOffset(_ index: [Int]) -> Int? {
        guard index.count == shape.count else { return nil }
        var offset = 0
        for k in 0..<index.count {
            guard index[k] >= 0, index[k] < shape[k] else { return nil }
            offset += index[k] * strides[k]
        }
        return offset
    }

    @inline(__always)
    private func load(at offset: Int) -> Element {
        data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Element.self) }
    }

    // MARK: Materializing

    /// All elements in `order` (numpy's `a.ravel(order)`), in memory the array owns.
    ///
    /// When the bytes already lie in `order` with no gaps this is one memory
    /// copy; otherwise the elements are gathered by stride.
    ///
    /// - Parameter order: `.c` (the default, last index fastest) or `.fortran`.
    /// - Returns: `count` elements.
    /// - Complexity: O(n) in the number of elements.
    public func toArray(order: TensorOrder = .c) -> [Element] {
        let width = MemoryLayout<Element>.size
        if count == 0 { return [] }
        if TensorLayout.isContiguous(shape, strides, byteWidth: width, order: order) {
            return copyContiguous()
        }
        let dims: [Int] = order == .c ? Array(shape.indices) : shape.indices.reversed()
        return gather(outerToInner: dims)
    }

    /// All elements in the order the bytes hold them when the tensor is C- or
    /// Fortran-contiguous (one copy of the bytes); otherwise in C order.
    ///
    /// - Returns: `count` elements; check `storageOrder` to know their order.
    /// - Complexity: O(n) in the number of elements.
    public func toStorageOrderArray() -> [Element] {
        toArray(order: storageOrder ?? .c)
    }

    /// The first `count` elements' bytes, copied as they are.
    private func copyContiguous() -> [Element] {
        let width = MemoryLayout<Element>.size
        return [Element](unsafeUninitializedCapacity: count) { out, initialized in
            data.withUnsafeBytes { raw in
                guard let source = raw.baseAddress, let target = out.baseAddress else { return }
                adviseHugePages(UnsafeMutableRawPointer(target), count: count * width)
                UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * width)
            }
            initialized = count
        }
    }

    /// Walks the indices with `outerToInner.last` varying fastest.
    private func gather(outerToInner dims: [Int]) -> [Element] {
        let n = count
        return [Element](unsafeUninitializedCapacity: n) { out, initialized in
            if let target = out.baseAddress {
                adviseHugePages(UnsafeMutableRawPointer(target), count: n * MemoryLayout<Element>.size)
            }
            data.withUnsafeBytes { raw in
                guard let inner = dims.last else {
                    out.initializeElement(at: 0, to: raw.loadUnaligned(fromByteOffset: 0, as: Element.self))
                    return
                }
                let innerCount = shape[inner]
                let innerStride = strides[inner]
                let outer = Array(dims.dropLast())
                var position = Array(repeating: 0, count: outer.count)
                var base = 0
                var k = 0
                while k < n {
                    var offset = base
                    for j in 0..<innerCount {
                        out.initializeElement(at: k + j, to: raw.loadUnaligned(fromByteOffset: offset, as: Element.self))
                        offset += innerStride
                    }
                    k += innerCount
                    // Advance the odometer over the outer dimensions.
                    var level = outer.count - 1
                    while level >= 0 {
                        let d = outer[level]
                        position[level] += 1
                        base += strides[d]
                        if position[level] < shape[d] { break }
                        base -= strides[d] * shape[d]
                        position[level] = 0
                        level -= 1
                    }
                }
            }
            initialized = n
        }
    }
}
