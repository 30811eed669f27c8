import ArrowIPC

/// Memory order of a contiguous tensor: row-major (C, numpy's default) or
/// column-major (Fortran).
public enum TensorOrder: String, Sendable, Hashable {
    /// Row-major: the last index varies fastest (raw value `"C"`, as in numpy).
    case c = "C"
    /// Column-major: the first index varies fastest (raw value `"F"`).
    case fortran = "F"
}

/// Shape arithmetic shared by decoding, element access and encoding. Every
/// product and sum is overflow-checked, because shapes and strides come from
/// the input.
enum TensorLayout {
    /// The number of elements of `shape`, or nil when a dimension is negative
    /// or the product does not fit in `Int`.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            count = p
        }
        // Overflow is refused even when a later dimension is 0 (numpy refuses
        // such shapes too): no sane sender writes them.
        return count
    }

    /// The strides Arrow C++ gives a contiguous tensor of `shape` (`ComputeRowMajorStrides`
    /// / `ComputeColumnMajorStrides`): every stride is the element width when
    /// the tensor is empty, which is also what `pa.ipc.write_tensor` writes for
    /// any empty numpy array. The caller has checked that the byte size fits.
    static func contiguousStrides(_ shape: [Int], byteWidth: Int, order: TensorOrder) -> [Int] {
        if shape.contains(0) { return Array(repeating: byteWidth, count: shape.count) }
        var strides = Array(repeating: 0, count: shape.count)
        var step = byteWidth
        switch order {
        case .c:
            for i in shape.indices.reversed() {
                strides[i] = step
                step &*= shape[i]
            }
        case .fortran:
            for i in shape.indices {
                strides[i] = step
                step &*= shape[i]
            }
        }
        return strides
    }

    /// Whether `pa.ipc.write_tensor` keeps the dimension names of an empty
    /// tensor made like `np.array(values).reshape(shape, order=order)`. Arrow C++
    /// writes a tensor whose strides are not exactly the row- or column-major
    /// ones through a stand-in tensor that has no names. For an empty shape
    /// those strides are all the element width, while numpy skips zero
    /// dimensions when it computes strides (and gives a 1-d empty array stride
    /// 0): the two agree only when every dimension but the outermost (C) or
    /// the innermost (F) has length 0 or 1.
    static func emptyTensorKeepsNames(_ shape: [Int], order: TensorOrder) -> Bool {
        guard shape.count >= 2 else { return false }
        let inner = order == .c ? shape.dropFirst() : shape.dropLast()
        return inner.allSatisfy { $0 <= 1 }
    }

    /// Whether element `k` in `order` sits at byte `k * byteWidth`: dimensions of
    /// size 1 may have any stride, and an empty tensor is contiguous.
    static func isContiguous(_ shape: [Int], _ strides: [Int], byteWidth: Int, order: TensorOrder) -> Bool {
        if shape.contains(0) { return true }
        var step = byteWidth
        let dims: [Int] = order == .c ? shape.indices.reversed() : Array(shape.indices)
        for i in dims where shape[i] != 1 {
            if strides[i] != step { return false }
            step &*= shape[i]
        }
        return true
    }

    /// The byte count the elements span: one past the last byte of the element
    /// with the largest offset (0 for an empty tensor), or nil on overflow.
    /// Strides are non-negative, so the largest offset is at the last index.
    static func extent(_ shape: [Int], _ strides: [Int], byteWidth: Int) -> Int? {
        if shape.contains(0) { return 0 }
        var end = byteWidth
        for (d, s) in zip(shape, strides) {
            let (p, o1) = (d - 1).multipliedReportingOverflow(by: s)
            let (e, o2) = end.addingReportingOverflow(p)
            if o1 || o2 { return nil }
            end = e
        }
        return end
    }
}
