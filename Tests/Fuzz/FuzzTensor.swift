// Target `tensor`: the bytes as a Tensor message, every element read in both
// orders, and (when contiguous) written again: the re-encoded message must
// decode to the same elements.

/// Materializing is bounded by the harness, not the decoder: a tensor with
/// zero strides may lawfully view few bytes as many elements.
let fuzzTensorMaterializeLimit = 1 << 20

func fuzzTensor(_ bytes: ArrowBuffer) {
    exerciseTensor(bytes)
}

func exerciseTensor(_ bytes: ArrowBuffer) {
    guard let tensor = try? AnyTensor(decoding: bytes) else { return }
    _ = tensor.leadingValues(1 << 10)
    _ = tensor.dimensionNames
    switch tensor {
    case .int8(let t): materialize(t)
    case .int16(let t): materialize(t)
    case .int32(let t): materialize(t)
    case .int64(let t): materialize(t)
    case .uint8(let t): materialize(t)
    case .uint16(let t): materialize(t)
    case .uint32(let t): materialize(t)
    case .uint64(let t): materialize(t)
    case .float16(let t): materialize(t)
    case .float32(let t): materialize(t)
    case .float64(let t): materialize(t)
    }
}

private func materialize<T: TensorElement>(_ t: Tensor<T>) {
    guard t.count <= fuzzTensorMaterializeLimit else { return }
    let c = t.toArray(order: .c)
    let fortran = t.toArray(order: .fortran)
    guard c.count == t.count, fortran.count == t.count else {
        fuzzFailure("tensor: toArray gave \(c.count)/\(fortran.count) elements for count \(t.count)")
    }
    _ = t.toStorageOrderArray()
    if t.count > 0, let last = try? t.element(at: t.shape.map { $0 - 1 }) {
        guard sameBits([last], [c[c.count - 1]]) else { fuzzFailure("tensor: element(at: last) differs from toArray's last") }
    }
    // The view itself when contiguous, else its C-order copy.
    let encoded = (try? TensorEncoder.encode(t)) ?? (try? TensorEncoder.encode(c, shape: t.shape, order: .c))
    guard let encoded else { return }
    guard let again = try? AnyTensor(decoding: ArrowBuffer(copying: encoded)).tensor(of: T.self) else {
        fuzzFailure("tensor: the re-encoded tensor does not decode")
    }
    guard again.shape == t.shape, sameBits(again.toArray(order: .c), c) else {
        fuzzFailure("tensor: the re-encoded tensor decodes to other elements")
    }
}

/// Bitwise, so that NaN payloads compare equal to themselves.
private func sameBits<T>(_ a: [T], _ b: [T]) -> Bool {
    a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.elementsEqual(y) } }
}
