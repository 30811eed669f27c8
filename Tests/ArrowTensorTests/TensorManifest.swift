// swift-format-ignore-file: AlwaysUseLowerCamelCase
// (Decodable properties named as the JSON keys the Python side writes.)

import ArrowIPC
import ArrowMemory
import ArrowTensor
import ArrowTestSupport
import Foundation

/// `Fixtures/tensor/manifest.json`, written by `Fixtures/generate_tensors.py`.
struct TensorManifest: Decodable {
    struct Values: Decodable {
        var values: [String]
        var bits: [String]?
    }

    struct StridedView: Decodable {
        var shape: [Int]
        var strides: [Int]
        var values: [String]
        var bits: [String]?
        /// The same view's elements in Fortran order.
        var fortran: Values
    }

    struct Case: Decodable {
        var name: String
        var file: String
        var dtype: String
        var shape: [Int]
        var order: String
        var dim_names: [String]
        var given_dim_names: [String]?
        var passed_dim_names: [String]?
        var numpy_strides: [Int]
        var strides: [Int]
        var values: [String]
        var bits: [String]?
        var storage: Values
        var strided_views: [StridedView]

        /// The values as the tests compare them: integers in decimal, floats as bit patterns.
        var keys: [String] { bits ?? values }
        var storageKeys: [String] { storage.bits ?? storage.values }
        var url: URL { TensorManifest.directory.appendingPathComponent(file) }
    }

    var cases: [Case]

    static var directory: URL { PythonRunner.packageRoot.appendingPathComponent("Fixtures/tensor") }

    static func load() throws -> TensorManifest {
        try JSONDecoder().decode(TensorManifest.self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
    }
}

/// How a test turns manifest strings into elements and back.
protocol ManifestScalar: TensorElement {
    /// From the manifest's key: the decimal value for integers, the bit pattern for floats.
    init?(manifestKey: String)
    var manifestKey: String { get }
}

extension ManifestScalar where Self: FixedWidthInteger {
    init?(manifestKey: String) { self.init(manifestKey, radix: 10) }
    var manifestKey: String { "\(self)" }
}

extension Int8: ManifestScalar {}
extension Int16: ManifestScalar {}
extension Int32: ManifestScalar {}
extension Int64: ManifestScalar {}
extension UInt8: ManifestScalar {}
extension UInt16: ManifestScalar {}
extension UInt32: ManifestScalar {}
extension UInt64: ManifestScalar {}

extension Float16: ManifestScalar {
    init?(manifestKey: String) {
        guard let b = UInt16(manifestKey) else { return nil }
        self.init(bitPattern: b)
    }
    var manifestKey: String { "\(bitPattern)" }
}

extension Float: ManifestScalar {
    init?(manifestKey: String) {
        guard let b = UInt32(manifestKey) else { return nil }
        self.init(bitPattern: b)
    }
    var manifestKey: String { "\(bitPattern)" }
}

extension Double: ManifestScalar {
    init?(manifestKey: String) {
        guard let b = UInt64(manifestKey) else { return nil }
        self.init(bitPattern: b)
    }
    var manifestKey: String { "\(bitPattern)" }
}

/// Calls `body` with the element type named by a numpy dtype.
func withElementType<R>(_ dtype: String, _ body: (any ManifestScalar.Type) throws -> R) throws -> R {
    let types: [String: any ManifestScalar.Type] = [
        "int8": Int8.self, "int16": Int16.self, "int32": Int32.self, "int64": Int64.self,
        "uint8": UInt8.self, "uint16": UInt16.self, "uint32": UInt32.self, "uint64": UInt64.self,
        "float16": Float16.self, "float32": Float.self, "float64": Double.self,
    ]
    guard let type = types[dtype] else { throw ArrowError(.invalidArgument, "unknown dtype \(dtype)") }
    return try body(type)
}
