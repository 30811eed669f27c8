/// A numpy array as a pickle carries it, in a neutral form: the dtype in
/// numpy's `dtype.str` spelling (`"<f4"`, `"|u1"`, `">i8"`, `"<c16"`, `"|b1"`),
/// the shape, whether the data is in Fortran (column-major) order, and the
/// raw element bytes in that order and byte order.
///
/// The fields are read-only, so every value holds what `init` checked: a
/// supported dtype and exactly the bytes its shape needs.
public struct PickledNDArray: Sendable, Hashable {
    /// The dtype in `dtype.str` form (`"<f4"`, `"|u1"`), normalised by `init`.
    public let dtype: String
    /// Length of each dimension; `[]` for a 0-d array.
    public let shape: [Int]
    /// Whether `data` is in Fortran (column-major) order rather than C order.
    public let fortranOrder: Bool
    /// The raw element bytes, in `fortranOrder` and `dtype`'s byte order.
    public let data: [UInt8]

    /// Checks that `data` holds exactly `shape`'s element count of `dtype`.
    ///
    /// The dtype is normalised to numpy's `dtype.str` (`f4` and `=f4` become
    /// `<f4`, one-byte types get `|`), and `fortranOrder` is cleared when
    /// both orders lay the bytes out alike (at most one dimension longer than
    /// 1, or no elements), as numpy pickles such arrays in C order.
    ///
    /// - Parameters:
    ///   - dtype: A bool, int, uint, float or complex dtype, e.g. `"<f8"`.
    ///   - shape: Length of each dimension.
    ///   - fortranOrder: Whether `data` is in column-major order.
    ///   - data: The element bytes.
    /// - Throws: `PickleError` (offset 0) when the dtype is not supported, a
    ///   dimension is negative, the element or byte count overflows, or
    ///   `data.count` is not exactly the element count times the item size.
    /// - Complexity: O(r) in the rank; `data` is kept, not copied.
    public init(dtype: String, shape: [Int], fortranOrder: Bool, data: [UInt8]) throws(PickleError) {
        guard let kind = NumpyDType(dtype) else {
            throw PickleError(
                "unsupported numpy dtype '\(dtype)' (only bool, int, uint, float and complex)",
                offset: 0)
        }
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else {
                throw PickleError("negative numpy array dimension \(dimension)", offset: 0)
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw PickleError("numpy array shape \(shape) overflows", offset: 0) }
            count = product
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: kind.itemSize)
        guard !overflow, bytes == data.count else {
            throw PickleError(
                "numpy array of shape \(shape) and dtype \(dtype) needs \(count) elements "
                    + "but the data has \(data.count) bytes", offset: 0)
        }
        self.dtype = kind.descr
        self.shape = shape
        // With at most one dimension longer than 1 (or no elements) both orders lay the bytes out
        // alike; numpy then flags the array C-contiguous and pickles it as C order.
        self.fortranOrder = fortranOrder && count > 0 && shape.filter { $0 > 1 }.count > 1
        self.data = data
    }

    /// numpy's name for the dtype: `float32`, `int64`, `bool`, `complex128`.
    public var typeName: String { NumpyDType(dtype)?.name ?? dtype }

    /// Bytes per element.
    public var itemSize: Int { NumpyDType(dtype)?.itemSize ?? 1 }
}

/// A numeric numpy dtype: byte order, kind letter and item size.
struct NumpyDType: Equatable {
    /// `<`, `>` or `|` (byte order not applicable: one-byte types).
    var byteOrder: Character
    /// `b`, `i`, `u`, `f` or `c`.
    var kind: Character
    var itemSize: Int

    /// Parses `<f4`, `|u1`, `f4` (native, taken as little-endian), `=i8`.
    init?(_ text: String) {
        var chars = Array(text)
        var order: Character = "<"
        if let first = chars.first, "<>|=".contains(first) {
            order = first == "=" ? "<" : first
            chars.removeFirst()
        }
        guard let kind = chars.first, "biufc".contains(kind), let size = Int(String(chars.dropFirst())) else {
            return nil
        }
        let allowed: [Character: [Int]] = [
            "b": [1], "i": [1, 2, 4, 8], "u": [1, 2, 4, 8], "f": [2, 4, 8],
            "c": [8, 16],
        ]
        guard allowed[kind]?.contains(size) == true else { return nil }
        self.kind = kind
        self.itemSize = size
        self.byteOrder = size == 1 ? "|" : (order == "|" ? "<" : order)
    }

    /// numpy's `dtype.str`.
    var descr: String { "\(byteOrder)\(kind)\(itemSize)" }

    /// The argument numpy's pickled `dtype(...)` call takes: kind and size, no byte order.
    var reduceName: String { "\(kind)\(itemSize)" }

    var name: String {
        switch kind {
        case "b": "bool"
        case "i": "int\(itemSize * 8)"
        case "u": "uint\(itemSize * 8)"
        case "f": "float\(itemSize * 8)"
        default: "complex\(itemSize * 8)"
        }
    }
}
