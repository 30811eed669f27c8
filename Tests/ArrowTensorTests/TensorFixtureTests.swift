import ArrowIPC
import ArrowMemory
import ArrowTensor
import ArrowTestSupport
import XCTest

/// Every tensor pyarrow wrote (`Fixtures/tensor`): decoded values, shapes and
/// strides equal numpy's; encoding the same values gives pyarrow's bytes.
final class TensorFixtureTests: XCTestCase {
    func testManifestCoversEveryDtypeShapeAndOrder() throws {
        let cases = try TensorManifest.load().cases
        XCTAssertEqual(Set(cases.map(\.dtype)), Set(TensorDataType.allCases.map(\.numpyName)))
        XCTAssertEqual(Set(cases.map(\.shape.count)), [0, 1, 2, 3, 4, 5])
        XCTAssertTrue(cases.contains { $0.order == "F" && $0.shape.count >= 3 })
        XCTAssertTrue(cases.contains { $0.shape.contains(0) })
        XCTAssertTrue(cases.contains { $0.dim_names.contains { !$0.isEmpty } })
    }

    func testDecodeEveryFixture() throws {
        for c in try TensorManifest.load().cases {
            let bytes = try Data(contentsOf: c.url)
            try withElementType(c.dtype) { type in try checkDecode(type, c, Array(bytes)) }
        }
    }

    private func checkDecode<T: ManifestScalar>(_: T.Type, _ c: TensorManifest.Case, _ bytes: [UInt8]) throws {
        // At every misalignment of the input: the view must not care.
        for shift in [0, 1, 3, 4] {
            let padded = ArrowBuffer(copying: [UInt8](repeating: 0xEE, count: shift) + bytes)
            let buffer = try XCTUnwrap(padded.getSlice(from: shift))
            let any = try AnyTensor(decoding: buffer)
            XCTAssertEqual(any.dataType.numpyName, c.dtype, c.name)
            XCTAssertEqual(any.shape, c.shape, c.name)
            XCTAssertEqual(any.strides, c.strides, c.name)
            XCTAssertEqual(any.dimensionNames, c.dim_names, c.name)
            let t = try XCTUnwrap(any.tensor(of: T.self), c.name)
            XCTAssertEqual(t.toArray(order: .c).map(\.manifestKey), c.keys, c.name)
            XCTAssertEqual(t.toStorageOrderArray().map(\.manifestKey), c.storageKeys, c.name)
            XCTAssertEqual(t.count, c.keys.count, c.name)
            // Element access by index, in C order.
            var index = Array(repeating: 0, count: t.rank)
            for k in 0..<t.count {
                XCTAssertEqual(t[index].manifestKey, c.keys[k], "\(c.name) \(index)")
                var level = t.rank - 1
                while level >= 0 {
                    index[level] += 1
                    if index[level] < t.shape[level] { break }
                    index[level] = 0
                    level -= 1
                }
            }
            XCTAssertEqual(AnyTensor.isTensorMessage(buffer), true)
            XCTAssertEqual(try AnyTensor.messageLength(buffer), bytes.count)
            // The view reads the input's bytes in place.
            if t.count > 0 {
                buffer.withUnsafeBytes { whole in
                    t.data.withUnsafeBytes { data in
                        XCTAssertTrue(data.baseAddress! >= whole.baseAddress! && data.baseAddress! < whole.baseAddress! + whole.count)
                    }
                }
            }
            XCTAssertEqual(try Tensor<T>(decoding: buffer).shape, c.shape, c.name)
        }
        // Strided views over the same data bytes, as numpy's as_strided reads them.
        let t = try XCTUnwrap(try AnyTensor(decoding: bytes).tensor(of: T.self))
        XCTAssertEqual(c.strided_views.isEmpty, c.keys.count < 6, c.name)
        for v in c.strided_views {
            let view = try Tensor<T>(data: t.data, shape: v.shape, strides: v.strides)
            XCTAssertEqual(view.toArray(order: .c).map(\.manifestKey), v.bits ?? v.values, "\(c.name) \(v.strides)")
            XCTAssertEqual(view.toArray(order: .fortran).map(\.manifestKey), v.fortran.bits ?? v.fortran.values, "\(c.name) \(v.strides)")
            XCTAssertEqual(view.toStorageOrderArray().count, v.values.count)
        }
    }

    func testEncodeEveryFixtureByteIdentical() throws {
        for c in try TensorManifest.load().cases {
            let expected = Array(try Data(contentsOf: c.url))
            try withElementType(c.dtype) { type in try checkEncode(type, c, expected) }
        }
    }

    private func checkEncode<T: ManifestScalar>(_: T.Type, _ c: TensorManifest.Case, _ expected: [UInt8]) throws {
        let storage = try c.storageKeys.map { try XCTUnwrap(T(manifestKey: $0)) }
        let order: TensorOrder = c.order == "F" ? .fortran : .c
        let names = c.given_dim_names
        XCTAssertEqual(try TensorEncoder.encode(storage, shape: c.shape, order: order, dimensionNames: names), expected, c.name)
        XCTAssertEqual(try TensorEncoder.encode(ContiguousArray(storage), shape: c.shape, order: order, dimensionNames: names), expected, c.name)
        try storage.withUnsafeBufferPointer { p in
            XCTAssertEqual(try TensorEncoder.encode(p, shape: c.shape, order: order, dimensionNames: names), expected, c.name)
        }
        // Re-encoding the decoded view gives the same bytes.
        let view = try Tensor<T>(decoding: ArrowBuffer(copying: expected))
        XCTAssertEqual(try TensorEncoder.encode(view), expected, c.name)
    }

    /// Nested Swift arrays encode like numpy arrays of the same nesting, in C order.
    func testNestedArraysEncodeLikeFixtures() throws {
        let cases = try TensorManifest.load().cases
        let c2 = try XCTUnwrap(cases.first { $0.name == "float32_2d_c" })
        let flat2 = try c2.keys.map { try XCTUnwrap(Float(manifestKey: $0)) }
        let nested2: [[Float]] = (0..<3).map { r in Array(flat2[(r * 4)..<(r * 4 + 4)]) }
        XCTAssertEqual(try TensorEncoder.encode(nested: nested2), Array(try Data(contentsOf: c2.url)))

        let c3 = try XCTUnwrap(cases.first { $0.name == "int64_3d_c" })
        let flat3 = try c3.keys.map { try XCTUnwrap(Int64(manifestKey: $0)) }
        let nested3: [[[Int64]]] = (0..<2).map { i in (0..<3).map { j in Array(flat3[(i * 12 + j * 4)..<(i * 12 + j * 4 + 4)]) } }
        let bytes3 = try TensorEncoder.encode(nested: nested3)
        XCTAssertEqual(bytes3, Array(try Data(contentsOf: c3.url)))
        // And back.
        let back = try Tensor<Int64>(decoding: ArrowBuffer(copying: bytes3)).nestedArray(as: [[[Int64]]].self)
        XCTAssertEqual(back, nested3)

        let c4 = try XCTUnwrap(cases.first { $0.name == "float32_4d_c_named" })
        let t4 = try Tensor<Float>(decoding: ArrowBuffer(copying: Array(try Data(contentsOf: c4.url))))
        let nested4 = try t4.nestedArray(as: [[[[Float]]]].self)
        XCTAssertEqual(try TensorEncoder.encode(nested: nested4, dimensionNames: c4.dim_names), Array(try Data(contentsOf: c4.url)))

        let scalar = try XCTUnwrap(cases.first { $0.name == "uint16_scalar" })
        let value = try XCTUnwrap(UInt16(manifestKey: scalar.keys[0]))
        XCTAssertEqual(try TensorEncoder.encode(nested: value), Array(try Data(contentsOf: scalar.url)))
    }

    /// numpy calls a (3, 1) array with stride 400 on the unit dimension
    /// C-contiguous, Arrow C++ does not: pyarrow writes it with row-major
    /// strides and without its names, and so does encoding such a view.
    func testViewWithOddUnitStrideEncodesLikePyarrow() throws {
        let c = try XCTUnwrap(try TensorManifest.load().cases.first { $0.name == "float32_unit_dim_odd_stride" })
        let expected = Array(try Data(contentsOf: c.url))
        let decoded = try Tensor<Float>(decoding: expected)
        XCTAssertEqual(c.numpy_strides, [4, 400])
        let view = try Tensor<Float>(data: decoded.data, shape: c.shape, strides: c.numpy_strides, dimensionNames: c.passed_dim_names)
        XCTAssertTrue(view.isCContiguous)
        XCTAssertEqual(try TensorEncoder.encode(view), expected)
        // The same view with exact strides keeps its names.
        let exact = try Tensor<Float>(data: decoded.data, shape: c.shape, strides: [4, 4], dimensionNames: c.passed_dim_names)
        XCTAssertEqual(try AnyTensor(decoding: TensorEncoder.encode(exact)).dimensionNames, ["a", "b"])
    }

    /// Tensors written one after another into one sink (as repeated
    /// `write_tensor` calls do, with no padding between them) are read in turn.
    func testBackToBackMessages() throws {
        let cases = try TensorManifest.load().cases
        let a = try XCTUnwrap(cases.first { $0.name == "int8_1d" })
        let b = try XCTUnwrap(cases.first { $0.name == "float64_2d_f_named" })
        let first = Array(try Data(contentsOf: a.url))
        let second = Array(try Data(contentsOf: b.url))
        let both = ArrowBuffer(copying: first + second)
        XCTAssertEqual(try AnyTensor.messageLength(both), first.count)
        let rest = try XCTUnwrap(both.getSlice(from: first.count))
        let t = try AnyTensor(decoding: rest)
        XCTAssertEqual(t.dataType, .float64)
        XCTAssertEqual(t.dimensionNames, ["rows", "cols"])
        XCTAssertEqual(try AnyTensor(decoding: both).shape, [7])
    }

    func testRaggedNestedArrayIsAnError() {
        let ragged: [[Float]] = [[1, 2, 3], [4, 5], [6, 7, 8]]
        XCTAssertThrowsError(try TensorEncoder.encode(nested: ragged)) { error in
            let e = error as? ArrowError
            XCTAssertEqual(e?.kind, .invalidArgument)
            XCTAssertTrue("\(error)".contains("ragged") && "\(error)".contains("[1]"), "\(error)")
        }
        let deep: [[[Int32]]] = [[[1, 2], [3, 4]], [[5, 6], [7]]]
        XCTAssertThrowsError(try TensorEncoder.encode(nested: deep)) { error in
            XCTAssertTrue("\(error)".contains("[1][1]"), "\(error)")
        }
        // A first row of a million and many empty rows must not allocate rows x 1e6.
        let lopsided: [[UInt8]] = [Array(repeating: 1, count: 1_000_000)] + Array(repeating: [], count: 100_000)
        XCTAssertThrowsError(try TensorEncoder.encode(nested: lopsided))
    }

    func testWrongTypedDecodeAndRankAreErrors() throws {
        let c = try XCTUnwrap(try TensorManifest.load().cases.first { $0.name == "float32_2d_c" })
        let buffer = ArrowBuffer(copying: Array(try Data(contentsOf: c.url)))
        XCTAssertThrowsError(try Tensor<Double>(decoding: buffer)) { error in
            XCTAssertTrue("\(error)".contains("float32"), "\(error)")
        }
        let t = try Tensor<Float>(decoding: buffer)
        XCTAssertThrowsError(try t.nestedArray(as: [Float].self))
        XCTAssertThrowsError(try t.element(at: [3, 0]))
        XCTAssertThrowsError(try t.element(at: [0]))
        XCTAssertEqual(try t.element(at: [2, 3]).bitPattern, t[2, 3].bitPattern)
    }

    func testNonContiguousViewEncodeIsAnError() throws {
        let t = try Tensor<Int32>(data: ArrowBuffer(copying: [UInt8](repeating: 0, count: 64)), shape: [2, 3], strides: [4, 8])
        XCTAssertEqual(t.storageOrder, .fortran)
        let gappy = try Tensor<Int32>(data: ArrowBuffer(copying: [UInt8](repeating: 0, count: 64)), shape: [2, 3], strides: [24, 8])
        XCTAssertNil(gappy.storageOrder)
        XCTAssertThrowsError(try TensorEncoder.encode(gappy)) { error in
            XCTAssertTrue("\(error)".contains("contiguous"), "\(error)")
        }
    }

    func testEncodeArgumentErrors() {
        XCTAssertThrowsError(try TensorEncoder.encode([Float](repeating: 0, count: 5), shape: [2, 3]))
        XCTAssertThrowsError(try TensorEncoder.encode([Float](repeating: 0, count: 6), shape: [2, 3], dimensionNames: ["a"]))
        XCTAssertThrowsError(try TensorEncoder.encode([Float](), shape: [-1, 0]))
        XCTAssertThrowsError(try TensorEncoder.encode([Float](), shape: [Int.max, Int.max, 0, -1]))
    }
}
