import ArrowIPC

/// A value that is a tensor of some rank: a `TensorElement` (rank 0) or an
/// `Array` of such values (rank + 1). `[[Float]]` is a rank-2 tensor of `Float`
/// when every row has the same length.
public protocol TensorNestedArray {
    associatedtype Scalar: TensorElement
    /// The number of dimensions, fixed by the type.
    static var tensorRank: Int { get }
    /// Appends the shape, reading the first element at each level (0 and below
    /// it 0 when a level is empty).
    func tensorShape(into shape: inout [Int])
    /// Throws unless every array at every level has the length `shape` says.
    func checkRectangular(_ shape: ArraySlice<Int>, path: inout [Int]) throws(ArrowError)
    /// Stores the scalars in C order at element `next` onwards of `target`.
    func writeTensorScalars(to target: UnsafeMutableRawBufferPointer, at next: inout Int)
    /// Builds the value from C-order scalars, starting at `next`.
    static func fromTensorScalars(_ scalars: [Scalar], shape: ArraySlice<Int>, at next: inout Int) -> Self
}

extension TensorElement {
    public static var tensorRank: Int { 0 }
    public func tensorShape(into shape: inout [Int]) {}
    public func checkRectangular(_ shape: ArraySlice<Int>, path: inout [Int]) throws(ArrowError) {}
    public func writeTensorScalars(to target: UnsafeMutableRawBufferPointer, at next: inout Int) {
        target.storeBytes(of: self, toByteOffset: next * MemoryLayout<Self>.size, as: Self.self)
        next += 1
    }
    public static func fromTensorScalars(_ scalars: [Self], shape: ArraySlice<Int>, at next: inout Int) -> Self {
        defer { next += 1 }
        return scalars[next]
    }
}

extension Array: TensorNestedArray where Element: TensorNestedArray {
    public typealias Scalar = Element.Scalar

    public static var tensorRank: Int { Element.tensorRank + 1 }

    public func tensorShape(into shape: inout [Int]) {
        shape.append(count)
        if let first {
            first.tensorShape(into: &shape)
        } else {
            shape.append(contentsOf: repeatElement(0, count: Element.tensorRank))
        }
    }

    public func checkRectangular(_ shape: ArraySlice<Int>, path: inout [Int]) throws(ArrowError) {
        guard let expected = shape.first, count == expected else {
            let at = path.map { "[\($0)]" }.joined()
            throw ArrowError(.invalidArgument,
                             "ragged nested array: element \(at.isEmpty ? "(top level)" : at) has \(count) elements, expected \(shape.first ?? 0) like the first one at its level")
        }
        let inner = shape.dropFirst()
        for (i, element) in enumerated() {
            path.append(i)
            try element.checkRectangular(inner, path: &path)
            path.removeLast()
        }
    }

    public func writeTensorScalars(to target: UnsafeMutableRawBufferPointer, at next: inout Int) {
        for element in self { element.writeTensorScalars(to: target, at: &next) }
    }

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
    public func nestedArray<N: TensorNestedArray>(as type: N.Type = N.self) throws(ArrowError) -> N where N.Scalar == Element {
        guard N.tensorRank == rank else {
            throw ArrowError(.invalidArgument, "a \(N.self) has \(N.tensorRank) dimensions, the tensor \(rank)")
        }
        var next = 0
        return N.fromTensorScalars(toArray(order: .c), shape: shape[...], at: &next)
    }
}
