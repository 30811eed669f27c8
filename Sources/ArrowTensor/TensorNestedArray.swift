import ArrowIPC

/// A value that is a tensor of some rank: a `TensorElement` (rank 0) or an
/// `Array` of such values (rank + 1). `[[Float]]` is a rank-2 tensor of `Float`
/// when every row has the same length.
public protocol TensorNestedArray {
    /// The element type at the innermost level.
    associatedtype Scalar: TensorElement
    /// The number of dimensions, fixed by the type.
    static var tensorRank: Int { get }
    /// Appends the shape, reading the first element at each level (0 and below
    /// it 0 when a level is empty).
    func tensorShape(into shape: inout [Int])
    /// Throws unless every array at every level has the length `shape` says.
    ///
    /// - Parameters:
    ///   - shape: The expected lengths from this level inwards.
    ///   - path: The indices leading to this value, for the error message;
    ///     restored on return.
    /// - Throws: `ArrowError` with kind `.invalidArgument` naming the first
    ///   array whose length differs.
    func checkRectangular(_ shape: ArraySlice<Int>, path: inout [Int]) throws(ArrowError)
    /// Stores the scalars in C order at element `next` onwards of `target`.
    func writeTensorScalars(to target: UnsafeMutableRawBufferPointer, at next: inout Int)
    /// Builds the value from C-order scalars, starting at `next`.
    static func fromTensorScalars(_ scalars: [Scalar], shape: ArraySlice<Int>, at next: inout Int) -> Self
}

// A scalar is the rank-0 case: no dimensions, always rectangular, one value.
extension TensorElement {
    /// 0: a scalar has no dimensions.
    public static var tensorRank: Int { 0 }
    /// Appends nothing: a scalar has no dimensions.
    ///
    /// - Parameter shape: Left unchanged.
    public func tensorShape(into shape: inout [Int]) {}
    /// Never throws: a scalar is always rectangular.
    ///
    /// - Parameters:
    ///   - shape: Empty at this level; ignored.
    ///   - path: Left unchanged.
    /// - Throws: Never; the signature is the protocol's.
    public func checkRectangular(_ shape: ArraySlice<Int>, path: inout [Int]) throws(ArrowError) {}
    /// Stores this value as element `next` of `target` and advances `next` by one.
    ///
    /// - Precondition: `target` has room for element `next` (not checked).
    /// - Parameters:
    ///   - target: Memory for the scalars, `MemoryLayout<Self>.size` bytes each.
    ///   - next: The element index to write; incremented.
    public func writeTensorScalars(to target: UnsafeMutableRawBufferPointer, at next: inout Int) {
        target.storeBytes(of: self, toByteOffset: next * MemoryLayout<Self>.size, as: Self.self)
        next += 1
    }
    /// Scalar `next` of `scalars`; advances `next` by one.
    ///
    /// - Precondition: `next` is a valid index of `scalars`.
    /// - Parameters:
    ///   - scalars: The scalars in C order.
    ///   - shape: Empty at this level; ignored.
    ///   - next: The index to read; incremented.
    /// - Returns: `scalars[next]`.
    public static func fromTensorScalars(_ scalars: [Self], shape: ArraySlice<Int>, at next: inout Int) -> Self {
        defer { next += 1 }
        return scalars[next]
    }
}

// An array adds one dimension, outermost, to its elements' rank.
extension Array: TensorNestedArray where Element: TensorNestedArray {
    /// The innermost element type, the same at every level.
    public typealias Scalar = Element.Scalar

    /// One more than the elements' rank.
    public static var tensorRank: Int { Element.tensorRank + 1 }

    /// Appends `count`, then the first element's shape (zeros when empty).
    ///
    /// - Parameter shape: The shape so far; this level and those inside are appended.
    /// - Complexity: O(r) in the rank; only the first element at each level is read.
    public func tensorShape(into shape: inout [Int]) {
        shape.append(count)
        if let first {
            first.tensorShape(into: &shape)
        } else {
            shape.append(contentsOf: repeatElement(0, count: Element.tensorRank))
        }
    }

    /// Checks that this array has `shape.first` elements and each element has
    /// the inner shape, depth first.
    ///
    /// - Parameters:
    ///   - shape: The expected lengths from this level inwards.
    ///   - path: The indices leading to this array; restored on return.
    /// - Throws: `ArrowError` with kind `.invalidArgument` naming the index path
    ///   of the first array whose length differs from the first one at its level.
    /// - Complexity: O(n) in the total number of elements at all levels.
    public func checkRectangular(_ shape: ArraySlice<Int>, path: inout [Int]) throws(ArrowError) {
        guard let expected = shape.first, count == expected else {
            let at = path.map { "[\($0)]" }.joined()
            throw ArrowError(
                .invalidArgument,
                "ragged nested array: element \(at.isEmpty ? "(top level)" : at) has \(count) elements, expected \(shape.first ?? 0) like the first one at its level"
            )
        }
        let inner = shape.dropFirst()
        for (i, element) in enumerated() {
            path.append(i)
            try element.checkRectangular(inner, path: &path)
            path.removeLast()
        }
    }

    /// Writes every element's scalars in C order from element `next` on.
    ///
    /// - Precondition: `target` has room for all of them (not checked).
    /// - Parameters:
    ///   - target: Memory for the scalars.
    ///   - next: The first element index to write; advanced past the last.
    /// - Complexity: O(n) in the number of scalars.
    public func writeTensorScalars(to target: UnsafeMutableRawBufferPointer, at next: inout Int) {
        for element in self { element.writeTensorScalars(to: target, at: &next) }
    }

    /// Builds a nested array of `shape` from C-order `scalars` starting at `next`.
    ///
    /// - Precondition: `scalars` holds enough values from `next` on.
    /// - Parameters:
    ///   - scalars: The scalars in C order.
    ///   - shape: The lengths from this level inwards.
    ///   - next: The first scalar to use; advanced past the last used.
    /// - Returns: An array of `shape.first` elements (none when `shape` is empty).
    /// - Complexity: O(n) in the number of scalars used.
    public static func fromTensorScalars(_ scalars: [Scalar], shape: ArraySlice<Int>, at next: inout Int) -> [Element] {
        let n = shape.first ?? 0
        let inner = shape.dropFirst()
        var out: [Element] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(Element.fromTensorScalars(scalars, shape: inner, at: &next)) }
        return out
    }
}

extension Tensor {
    /// The elements as a nested Swift array of `N`'s rank (`[[Float]]` for a
    /// 2-d `Float` tensor), in C order.
    ///
    /// - Parameter type: The nested array type; inferred when omitted. Its rank
    ///   must equal the tensor's.
    /// - Returns: The elements, copied.
    /// - Throws: `ArrowError` with kind `.invalidArgument` when `N`'s rank differs
    ///   from `rank`.
    /// - Complexity: O(n) in the number of elements.
    public func nestedArray<N: TensorNestedArray>(as type: N.Type = N.self) throws(ArrowError) -> N where N.Scalar == Element {
        guard N.tensorRank == rank else {
            throw ArrowError(.invalidArgument, "a \(N.self) has \(N.tensorRank) dimensions, the tensor \(rank)")
        }
        var next = 0
        return N.fromTensorScalars(toArray(order: .c), shape: shape[...], at: &next)
    }
}
