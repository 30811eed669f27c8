import ArrowFlatBuffers
import ArrowIPC
import ArrowMemory

/// One decoded Tensor IPC message: what `Tensor.fbs` says about the data, and
/// the bytes the data lives in (a slice of the input, never a copy).
///
/// Framing, as `pa.ipc.write_tensor` writes it: `FFFFFFFF`, an int32 metadata
/// length, the `Message` flatbuffer padded with zeros so that prefix plus
/// metadata is a multiple of 64, then the body (the data, not padded). The form
/// without the `FFFFFFFF` marker (pre-0.15 framing) is accepted too.
struct TensorMessage: Sendable {
    var dataType: TensorDataType
    var shape: [Int]
    var strides: [Int]
    var dimensionNames: [String]
    /// The `Tensor.data` buffer: every element lies inside it.
    var data: ArrowBuffer
    /// Bytes from the start of the input to the end of the body.
    var messageLength: Int

    /// `Message.header_type` values of `Message.fbs`, as raw bytes.
    private enum HeaderType {
        static let tensor = ArrowFormat.MessageHeaderTag.tensor.rawValue
        static let sparseTensor = ArrowFormat.MessageHeaderTag.sparseTensor.rawValue
    }

    /// Where the metadata starts and how long it is, after the length prefix.
    static func frame(_ input: ArrowBuffer) throws(ArrowError) -> (metadataStart: Int, metadataLength: Int) {
        guard let first = input.getInteger(at: 0, as: UInt32.self) else {
            throw ArrowError(.invalidFormat, "input of \(input.count) bytes ends inside the message length prefix", byteOffset: 0)
        }
        var lengthAt = 0
        if first == ArrowFormat.continuationMarker {
            lengthAt = 4
        }
        guard let length = input.getInteger(at: lengthAt, as: Int32.self) else {
            throw ArrowError(.invalidFormat, "input of \(input.count) bytes ends inside the message length prefix", byteOffset: lengthAt)
        }
        guard length > 0 else {
            throw ArrowError(.invalidFormat, "metadata length \(length): not a message (0 marks the end of a stream)", byteOffset: lengthAt)
        }
        let start = lengthAt + 4
        guard Int(length) <= input.count - start else {
            throw ArrowError(.invalidFormat, "metadata length \(length) exceeds the \(input.count - start) bytes after the prefix", byteOffset: lengthAt)
        }
        return (start, Int(length))
    }

    /// What decides how a message is read, from one pass over its metadata.
    struct Peek {
        var metadataStart: Int
        var metadata: ArrowBuffer
        var headerType: UInt8
        /// `Tensor.type_type`, when the header is a table.
        var elementTypeTag: UInt8?
    }

    static func peek(_ input: ArrowBuffer) throws(ArrowError) -> Peek {
        let (start, length) = try frame(input)
        let metadata = input.getSlice(at: start, length: length) ?? .empty
        do throws(FlatBufferError) {
            let message = try FlatBufferTable(root: metadata, field: "Message")
            let headerType = try message.scalar(1, default: UInt8(0), field: "Message.header_type")
            var elementTypeTag: UInt8? = nil
            if headerType == HeaderType.tensor, let tensor = try message.table(2, field: "Message.header") {
                elementTypeTag = try tensor.scalar(0, default: UInt8(0), field: "Tensor.type_type")
            }
            return Peek(metadataStart: start, metadata: metadata, headerType: headerType, elementTypeTag: elementTypeTag)
        } catch {
            throw metadataError(error, base: start)
        }
    }

    /// Names of the `Type` union members of `Schema.fbs`, by tag.
    private static let typeNames = [
        "Null", "Int", "FloatingPoint", "Binary", "Utf8", "Bool", "Decimal", "Date", "Time", "Timestamp",
        "Interval", "List", "Struct_", "Union", "FixedSizeBinary", "FixedSizeList", "Map", "Duration",
        "LargeBinary", "LargeUtf8", "LargeList", "RunEndEncoded", "BinaryView", "Utf8View", "ListView", "LargeListView",
    ]

    static func decode(_ input: ArrowBuffer) throws(ArrowError) -> TensorMessage {
        let p = try peek(input)
        switch p.headerType {
        case HeaderType.tensor: break
        case HeaderType.sparseTensor:
            // pyarrow 26 has no IPC writer for SparseCOOTensor/CSR/CSC/CSF
            // (`pa.ipc.write_tensor` takes dense tensors only), so there is no
            // peer to check a reader against.
            throw ArrowError(
                .unsupported, "SparseTensor messages are not supported (only dense Tensor messages are)",
                byteOffset: p.metadataStart, fieldPath: "Message.header_type")
        default:
            throw ArrowError(
                .invalidFormat, "not a Tensor message: \(describe(p.headerType))",
                byteOffset: p.metadataStart, fieldPath: "Message.header_type")
        }
        // A well-formed tensor of a type no tensor can hold (pyarrow makes
        // tensors of numeric numpy arrays only) is unsupported, not malformed.
        if let tag = p.elementTypeTag, tag != 2, tag != 3, tag >= 1, Int(tag) <= typeNames.count {
            throw ArrowError(
                .unsupported, "a tensor of \(typeNames[Int(tag) - 1]) elements: tensors hold Int or FloatingPoint elements",
                byteOffset: p.metadataStart, fieldPath: "Tensor.type_type")
        }
        do throws(FlatBufferError) {
            return try decode(metadata: p.metadata, input: input, bodyStart: p.metadataStart + p.metadata.count)
        } catch {
            throw metadataError(error, base: p.metadataStart)
        }
    }

    static func metadataError(_ error: FlatBufferError, base: Int) -> ArrowError {
        ArrowError(.invalidMetadata, "\(error)", byteOffset: base + error.offset, fieldPath: error.field)
    }

    private static func decode(metadata: ArrowBuffer, input: ArrowBuffer, bodyStart: Int) throws(FlatBufferError) -> TensorMessage {
        let message = try FlatBufferTable(root: metadata, field: "Message")
        let version = try message.scalar(0, default: Int16(0), field: "Message.version")
        guard version >= 3 else {
            throw FlatBufferError(.invalidValue(Int64(version)), offset: message.position, field: "Message.version (V4 or V5 required)")
        }
        let headerType = try message.scalar(1, default: UInt8(0), field: "Message.header_type")
        guard headerType == HeaderType.tensor else {
            throw FlatBufferError(.unknownUnionType(headerType), offset: message.position, field: "Message.header_type")
        }
        guard let tensor = try message.table(2, field: "Message.header") else {
            throw FlatBufferError(.missingRequiredField, offset: message.position, field: "Message.header")
        }
        let bodyLength = try message.scalar(3, default: Int64(0), field: "Message.bodyLength")
        // Checked against the bytes present before anything else uses it: a
        // claimed length is never allocated, only compared.
        guard bodyLength >= 0, bodyLength <= Int64(input.count - bodyStart) else {
            throw FlatBufferError(
                .outOfBounds, offset: message.position,
                field: "Message.bodyLength \(bodyLength) (the input has \(input.count - bodyStart) bytes after the metadata)")
        }
        let body = input.getSlice(at: bodyStart, length: Int(bodyLength)) ?? .empty

        let dataType = try elementType(tensor)
        var shape: [Int] = []
        var names: [String] = []
        guard let dims = try tensor.vector(2, elementSize: 4, field: "Tensor.shape") else {
            throw FlatBufferError(.missingRequiredField, offset: tensor.position, field: "Tensor.shape")
        }
        shape.reserveCapacity(dims.count)
        names.reserveCapacity(dims.count)
        for i in 0..<dims.count {
            let dim = try dims.table(at: i, field: "Tensor.shape[\(i)]")
            let size = try dim.scalar(0, default: Int64(0), field: "Tensor.shape[\(i)].size")
            guard size >= 0 else {
                throw FlatBufferError(.invalidValue(size), offset: dim.position, field: "Tensor.shape[\(i)].size (negative)")
            }
            shape.append(Int(size))
            names.append(try dim.string(1, field: "Tensor.shape[\(i)].name") ?? "")
        }
        guard TensorLayout.elementCount(shape) != nil else {
            throw FlatBufferError(
                .invalidValue(Int64(shape.count)), offset: dims.start,
                field: "Tensor.shape \(shape): element count overflows")
        }
        var strides: [Int] = []
        if let v = try tensor.vector(3, elementSize: 8, field: "Tensor.strides"), v.count > 0 {
            guard v.count == shape.count else {
                throw FlatBufferError(
                    .invalidValue(Int64(v.count)), offset: v.start,
                    field: "Tensor.strides (\(v.count) strides for \(shape.count) dimensions)")
            }
            for i in 0..<v.count {
                let s = v.scalar(at: i, as: Int64.self)
                guard s >= 0 else {
                    throw FlatBufferError(.invalidValue(s), offset: v.start + 8 * i, field: "Tensor.strides[\(i)] (negative)")
                }
                strides.append(Int(s))
            }
        } else {
            // Absent strides mean row-major, as Arrow C++ reads them.
            guard let count = TensorLayout.elementCount(shape), count.multipliedReportingOverflow(by: dataType.byteWidth).overflow == false else {
                throw FlatBufferError(.invalidValue(Int64(shape.count)), offset: dims.start, field: "Tensor.shape: byte size overflows")
            }
            strides = TensorLayout.contiguousStrides(shape, byteWidth: dataType.byteWidth, order: .c)
        }
        guard let dataAt = try tensor.structPosition(4, size: 16, field: "Tensor.data") else {
            throw FlatBufferError(.missingRequiredField, offset: tensor.position, field: "Tensor.data")
        }
        let dataOffset: Int64 = try tensor.structField(dataAt, offset: 0, field: "Tensor.data.offset")
        let dataLength: Int64 = try tensor.structField(dataAt, offset: 8, field: "Tensor.data.length")
        guard dataOffset >= 0, dataLength >= 0, dataOffset <= bodyLength, dataLength <= bodyLength - dataOffset else {
            throw FlatBufferError(
                .outOfBounds, offset: dataAt,
                field: "Tensor.data (offset \(dataOffset), length \(dataLength)) outside the body of \(bodyLength) bytes")
        }
        guard let extent = TensorLayout.extent(shape, strides, byteWidth: dataType.byteWidth) else {
            throw FlatBufferError(
                .invalidValue(Int64(shape.count)), offset: tensor.position,
                field: "Tensor.strides \(strides) with shape \(shape): byte offsets overflow")
        }
        guard extent <= dataLength else {
            throw FlatBufferError(
                .outOfBounds, offset: dataAt,
                field: "Tensor.data: shape \(shape) with strides \(strides) reaches byte \(extent), the data has \(dataLength)")
        }
        // Strides may overlap (0 repeats an element), but then a tiny message
        // could make `toArray` allocate without bound; a message's elements
        // must fit in its data bytes, which every contiguous or gapped layout does.
        let count = TensorLayout.elementCount(shape) ?? 0
        guard count <= Int(dataLength) / dataType.byteWidth else {
            throw FlatBufferError(
                .outOfBounds, offset: dataAt,
                field: "Tensor.data: \(count) elements of \(dataType.byteWidth) bytes do not fit in \(dataLength) data bytes (overlapping strides \(strides))")
        }
        let data = body.getSlice(at: Int(dataOffset), length: Int(dataLength)) ?? .empty
        return TensorMessage(
            dataType: dataType, shape: shape, strides: strides, dimensionNames: names,
            data: data, messageLength: bodyStart + Int(bodyLength))
    }

    private static func elementType(_ tensor: FlatBufferTable) throws(FlatBufferError) -> TensorDataType {
        let tag = try tensor.scalar(0, default: UInt8(0), field: "Tensor.type_type")
        let typeTable = try tensor.table(1, field: "Tensor.type")
        switch tag {
        case ArrowFormat.TypeTag.int.rawValue:
            guard let t = typeTable else { throw FlatBufferError(.missingRequiredField, offset: tensor.position, field: "Tensor.type") }
            let bits = try t.scalar(0, default: Int32(0), field: "Tensor.type.bitWidth")
            let signed = try t.bool(1, default: false, field: "Tensor.type.is_signed")
            guard let type = TensorDataType.integer(bitWidth: bits, signed: signed) else {
                throw FlatBufferError(.invalidValue(Int64(bits)), offset: t.position, field: "Tensor.type.bitWidth")
            }
            return type
        case ArrowFormat.TypeTag.floatingPoint.rawValue:
            guard let t = typeTable else { throw FlatBufferError(.missingRequiredField, offset: tensor.position, field: "Tensor.type") }
            let precision = try t.scalar(0, default: Int16(0), field: "Tensor.type.precision")
            guard let type = TensorDataType.floatingPoint(precision: precision) else {
                throw FlatBufferError(.invalidValue(Int64(precision)), offset: t.position, field: "Tensor.type.precision")
            }
            return type
        default:
            throw FlatBufferError(
                .unknownUnionType(tag), offset: tensor.position,
                field: "Tensor.type_type (tensors hold Int or FloatingPoint elements)")
        }
    }

    private static func describe(_ tag: UInt8) -> String {
        switch tag {
        case ArrowFormat.MessageHeaderTag.schema.rawValue: "a Schema message (a record batch stream or file, not a tensor)"
        case ArrowFormat.MessageHeaderTag.dictionaryBatch.rawValue: "a DictionaryBatch message"
        case ArrowFormat.MessageHeaderTag.recordBatch.rawValue: "a RecordBatch message"
        default: "unknown message type \(tag)"
        }
    }
}
