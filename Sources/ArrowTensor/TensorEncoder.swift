import ArrowFlatBuffers
import ArrowIPC
import ArrowMemory

/// Writes Tensor IPC messages with the bytes `pa.ipc.write_tensor(pa.Tensor.from_numpy(a), sink)`
/// writes for the same numpy array (pyarrow 26.0.1 / Arrow C++): the same
/// flatbuffer, metadata padded so that the body starts at a multiple of 64, and
/// the data unpadded after it. See `docs/tensor.md`.
public enum TensorEncoder {
    /// Body alignment of Arrow C++'s `WriteTensor` (`kTensorAlignment`).
    static let alignment = 64

    /// Encodes `values`, which hold the elements in `order`, as a tensor of `shape`.
    ///
    /// The message gets the contiguous strides of `order`. As pyarrow does, the
    /// names of some empty tensors are dropped (see `docs/tensor.md`).
    ///
    /// - Parameters:
    ///   - values: The elements, in `order`; copied once into the message.
    ///   - shape: Length of each dimension; the product must equal `values.count`.
    ///   - order: How `values` are laid out: `.c` (default) or `.fortran`.
    ///   - dimensionNames: One name per dimension, or `nil` for no names.
    /// - Returns: One complete Tensor IPC message (prefix, metadata, body).
    /// - Throws: `ArrowError` with kind `.invalidArgument` when a dimension is
    ///   negative or the element count overflows, when `shape` does not hold
    ///   exactly `values.count` elements, or when the name count differs from
    ///   the rank.
    /// - Complexity: O(n) in the number of elements.
    public static func encode<T: TensorElement>(
        _ values: UnsafeBufferPointer<T>, shape: [Int], order: TensorOrder = .c, dimensionNames: [String]? = nil
    ) throws(ArrowError) -> [UInt8] {
        let header = try Header(T.self, shape: shape, elementCount: values.count, order: order, dimensionNames: dimensionNames)
        return header.message(bodyBytes: UnsafeRawBufferPointer(values))
    }

    /// Encodes `values`, which hold the elements in `order`, as a tensor of `shape`.
    ///
    /// - Parameters:
    ///   - values: The elements, in `order`; copied once into the message.
    ///   - shape: Length of each dimension; the product must equal `values.count`.
    ///   - order: How `values` are laid out: `.c` (default) or `.fortran`.
    ///   - dimensionNames: One name per dimension, or `nil` for no names.
    /// - Returns: One complete Tensor IPC message.
    /// - Throws: `ArrowError` with kind `.invalidArgument` as for the
    ///   `UnsafeBufferPointer` overload (bad shape, count mismatch, name count).
    /// - Complexity: O(n) in the number of elements.
    public static func encode<T: TensorElement>(
        _ values: [T], shape: [Int], order: TensorOrder = .c, dimensionNames: [String]? = nil
    ) throws(ArrowError) -> [UInt8] {
        let header = try Header(T.self, shape: shape, elementCount: values.count, order: order, dimensionNames: dimensionNames)
        return values.withUnsafeBytes { header.message(bodyBytes: $0) }
    }

    /// Encodes `values`, which hold the elements in `order`, as a tensor of `shape`.
    ///
    /// - Parameters:
    ///   - values: The elements, in `order`; copied once into the message.
    ///   - shape: Length of each dimension; the product must equal `values.count`.
    ///   - order: How `values` are laid out: `.c` (default) or `.fortran`.
    ///   - dimensionNames: One name per dimension, or `nil` for no names.
    /// - Returns: One complete Tensor IPC message.
    /// - Throws: `ArrowError` with kind `.invalidArgument` as for the
    ///   `UnsafeBufferPointer` overload (bad shape, count mismatch, name count).
    /// - Complexity: O(n) in the number of elements.
    public static func encode<T: TensorElement>(
        _ values: ContiguousArray<T>, shape: [Int], order: TensorOrder = .c, dimensionNames: [String]? = nil
    ) throws(ArrowError) -> [UInt8] {
        let header = try Header(T.self, shape: shape, elementCount: values.count, order: order, dimensionNames: dimensionNames)
        return values.withUnsafeBytes { header.message(bodyBytes: $0) }
    }

    /// Encodes a 1-d tensor of `values`.
    ///
    /// - Parameters:
    ///   - values: The elements.
    ///   - dimensionName: The dimension's name, or `nil` for none.
    /// - Returns: One complete Tensor IPC message of shape `[values.count]`.
    /// - Throws: `ArrowError`; cannot happen for a 1-d array in practice (the
    ///   shape always matches), but the signature is shared with the general form.
    /// - Complexity: O(n) in the number of elements.
    public static func encode<T: TensorElement>(_ values: [T], dimensionName: String? = nil) throws(ArrowError) -> [UInt8] {
        try encode(values, shape: [values.count], dimensionNames: dimensionName.map { [$0] })
    }

    /// Encodes a view. Like Arrow C++, a view whose strides are exactly the C or
    /// the Fortran strides of its shape keeps them; one that is C-contiguous
    /// with other strides on dimensions of length 1 is written with C strides.
    /// Other strides are an error (`toArray(order:)` makes a contiguous copy).
    ///
    /// As in Arrow C++, a view written with strides other than its own (a
    /// C-contiguous view with odd strides on length-1 dimensions) loses its
    /// dimension names, even names passed in `dimensionNames`.
    ///
    /// - Parameters:
    ///   - tensor: The view to encode; its bytes are copied into the message.
    ///   - dimensionNames: Names to write instead of the tensor's own, or `nil`
    ///     to keep `tensor.dimensionNames`.
    /// - Returns: One complete Tensor IPC message.
    /// - Throws: `ArrowError` with kind `.invalidArgument` when the tensor is
    ///   neither C- nor Fortran-contiguous, or the name count differs from the rank.
    /// - Complexity: O(n) in the number of elements.
    public static func encode<T: TensorElement>(_ tensor: Tensor<T>, dimensionNames: [String]? = nil) throws(ArrowError) -> [UInt8] {
        let width = MemoryLayout<T>.size
        let order: TensorOrder
        if tensor.strides == TensorLayout.contiguousStrides(tensor.shape, byteWidth: width, order: .fortran),
            tensor.strides != TensorLayout.contiguousStrides(tensor.shape, byteWidth: width, order: .c)
        {
            order = .fortran
        } else if tensor.isCContiguous {
            order = .c
        } else {
            throw ArrowError(
                .invalidArgument,
                "tensor of shape \(tensor.shape) with strides \(tensor.strides) is not contiguous; encode tensor.toArray(order: .c) instead")
        }
        // Arrow C++ keeps the names only of a tensor whose strides are exactly
        // the row- or column-major ones; others go through a name-less stand-in.
        let exact = tensor.strides == TensorLayout.contiguousStrides(tensor.shape, byteWidth: width, order: order)
        let header = try Header(
            T.self, shape: tensor.shape, elementCount: tensor.count, order: order,
            dimensionNames: dimensionNames ?? tensor.dimensionNames, keepNames: exact)
        return tensor.data.withUnsafeBytes { raw in
            header.message(bodyBytes: UnsafeRawBufferPointer(rebasing: raw[0..<(tensor.count * width)]))
        }
    }

    /// Encodes a rectangular nested array (`[[Float]]`, `[[[Int32]]]`, ...) as a
    /// tensor with one dimension per nesting level, C order. A ragged array (rows
    /// of different lengths) is an error naming the first bad row.
    ///
    /// The shape comes from the first element at each level; an empty level
    /// makes that and every inner dimension 0.
    ///
    /// - Parameters:
    ///   - nested: The nested array, e.g. `[[Float]]`.
    ///   - dimensionNames: One name per nesting level, or `nil` for no names.
    /// - Returns: One complete Tensor IPC message in C order.
    /// - Throws: `ArrowError` with kind `.invalidArgument` when the array is
    ///   ragged (naming the index path of the first bad row) or the name count
    ///   differs from the rank.
    /// - Complexity: O(n) in the number of scalars.
    public static func encode<N: TensorNestedArray>(nested: N, dimensionNames: [String]? = nil) throws(ArrowError) -> [UInt8] {
        var shape: [Int] = []
        nested.tensorShape(into: &shape)
        // Checks every row's length before anything is allocated, so the
        // first row's lengths cannot make us reserve more than the input holds.
        var path: [Int] = []
        try nested.checkRectangular(shape[...], path: &path)
        let count = TensorLayout.elementCount(shape) ?? 0
        let header = try Header(N.Scalar.self, shape: shape, elementCount: count, order: .c, dimensionNames: dimensionNames)
        return header.message(bodyCount: count * MemoryLayout<N.Scalar>.size) { target in
            var next = 0
            nested.writeTensorScalars(to: target, at: &next)
        }
    }

    /// The validated metadata of one message.
    struct Header {
        var metadata: [UInt8]
        var bodyLength: Int

        /// `keepNames` nil: decide as pyarrow does for a numpy array made by
        /// `reshape(shape, order=order)` (only some empty shapes lose them).
        init<T: TensorElement>(
            _: T.Type, shape: [Int], elementCount: Int, order: TensorOrder,
            dimensionNames: [String]?, keepNames: Bool? = nil
        ) throws(ArrowError) {
            let width = MemoryLayout<T>.size
            guard let count = TensorLayout.elementCount(shape) else {
                throw ArrowError(.invalidArgument, "shape \(shape) has a negative dimension or too many elements")
            }
            guard count == elementCount else {
                throw ArrowError(.invalidArgument, "shape \(shape) holds \(count) elements, \(elementCount) given")
            }
            if let names = dimensionNames, names.count != shape.count {
                throw ArrowError(.invalidArgument, "\(names.count) dimension names for \(shape.count) dimensions")
            }
            let strides = TensorLayout.contiguousStrides(shape, byteWidth: width, order: order)
            bodyLength = count * width
            var names = dimensionNames ?? Array(repeating: "", count: shape.count)
            if !(keepNames ?? (count > 0 || TensorLayout.emptyTensorKeepsNames(shape, order: order))) {
                names = Array(repeating: "", count: shape.count)
            }
            metadata = Self.flatbuffer(T.tensorDataType, shape: shape, strides: strides, names: names, bodyLength: bodyLength)
        }

        /// The `Message` flatbuffer, built with Arrow C++'s call sequence
        /// (`WriteTensorMessage` and the flatc-generated `Create*` functions):
        /// type table, then per dimension its name string and `TensorDim`, the
        /// shape vector, the strides vector, the `Tensor`, then the `Message`.
        /// Within a table, fields go largest first and, within one size, last
        /// declared first; an inline struct counts as 4 bytes there.
        static func flatbuffer(_ type: TensorDataType, shape: [Int], strides: [Int], names: [String], bodyLength: Int) -> [UInt8] {
            var b = FlatBufferBuilder(initialCapacity: 256 + 64 * shape.count)
            let typeTable: FlatBufferOffset
            if type.isInteger {
                b.startTable(fieldCount: 2)
                b.add(field: 0, Int32(type.byteWidth * 8), default: 0)
                b.add(field: 1, type.isSigned, default: false)
                typeTable = b.endTable()
            } else {
                b.startTable(fieldCount: 1)
                b.add(field: 0, type.floatPrecision, default: 0)
                typeTable = b.endTable()
            }
            var dims: [FlatBufferOffset] = []
            for (size, name) in zip(shape, names) {
                let nameOffset = b.createString(name)
                b.startTable(fieldCount: 2)
                b.add(field: 0, Int64(size), default: 0)
                b.addOffset(field: 1, nameOffset)
                dims.append(b.endTable())
            }
            let shapeVector = b.createVector(of: dims)
            let strideVector = b.createVector(strides.map { Int64($0) })
            b.startTable(fieldCount: 5)
            b.addStruct(field: 4, size: 16, alignment: 8) { b in
                b.prepend(Int64(bodyLength))
                b.prepend(Int64(0))
            }
            b.addOffset(field: 3, strideVector)
            b.addOffset(field: 2, shapeVector)
            b.addOffset(field: 1, typeTable)
            b.add(field: 0, (type.isInteger ? ArrowFormat.TypeTag.int : .floatingPoint).rawValue, default: 0)
            let tensor = b.endTable()

            b.startTable(fieldCount: 5)
            b.add(field: 3, Int64(bodyLength), default: 0)
            b.addOffset(field: 2, tensor)
            b.add(field: 0, MetadataVersion.v5.rawValue, default: 0)
            b.add(field: 1, ArrowFormat.MessageHeaderTag.tensor.rawValue, default: 0)
            let message = b.endTable()
            b.finish(root: message)
            return b.finishedBytes
        }

        /// Prefix, metadata, zero padding, then the body `fill` writes: one
        /// allocation, the body written once.
        func message(bodyCount: Int, fill: (UnsafeMutableRawBufferPointer) -> Void) -> [UInt8] {
            let prefixed = 8 + metadata.count
            let padded = (prefixed + TensorEncoder.alignment - 1) / TensorEncoder.alignment * TensorEncoder.alignment
            let total = padded + bodyCount
            return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
                let raw = UnsafeMutableRawBufferPointer(out)
                if let base = raw.baseAddress { adviseHugePages(base, count: total) }
                raw.storeBytes(of: ArrowFormat.continuationMarker.littleEndian, toByteOffset: 0, as: UInt32.self)
                raw.storeBytes(of: Int32(padded - 8).littleEndian, toByteOffset: 4, as: Int32.self)
                metadata.withUnsafeBytes { m in
                    UnsafeMutableRawBufferPointer(rebasing: raw[8..<prefixed]).copyMemory(from: m)
                }
                UnsafeMutableRawBufferPointer(rebasing: raw[prefixed..<padded]).initializeMemory(as: UInt8.self, repeating: 0)
                fill(UnsafeMutableRawBufferPointer(rebasing: raw[padded..<total]))
                initialized = total
            }
        }

        func message(bodyBytes: UnsafeRawBufferPointer) -> [UInt8] {
            message(bodyCount: bodyLength) { target in
                if bodyLength > 0 { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bodyBytes[0..<bodyLength])) }
            }
        }
    }
}
