import ArrowTestSupport
import FlamePickle
import Foundation

/// `Fixtures/pickle/manifest.json`, written by `Fixtures/generate_pickles.py`.
struct PickleFixtures {
    struct Case {
        var name: String
        var path: String
        var protocolVersion: Int
        var valueName: String
        /// The Swift encoder must reproduce the file byte for byte.
        var encodeIdentical: Bool
        /// Decoded with its identity and written again, the file must come back byte for byte.
        var reencodeIdentical: Bool
    }

    var cases: [Case]
    /// Expected values by name, converted from the manifest's tagged JSON.
    var values: [String: PickleValue]

    static var directory: URL { PythonRunner.packageRoot.appendingPathComponent("Fixtures/pickle") }

    struct BadManifest: Error, CustomStringConvertible {
        var description: String
    }

    static func load() throws -> PickleFixtures {
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]],
            let values = root["values"] as? [String: Any]
        else { throw BadManifest(description: "manifest.json has no cases/values") }
        var parsedValues: [String: PickleValue] = [:]
        for (name, tagged) in values { parsedValues[name] = try value(tagged) }
        let parsedCases = try cases.map { entry -> Case in
            guard let name = entry["name"] as? String, let path = entry["path"] as? String,
                let proto = entry["protocol"] as? Int, let valueName = entry["value"] as? String,
                let identical = entry["encode_identical"] as? Bool,
                let reencode = entry["reencode_identical"] as? Bool
            else { throw BadManifest(description: "bad case \(entry)") }
            return Case(
                name: name, path: path, protocolVersion: proto, valueName: valueName,
                encodeIdentical: identical, reencodeIdentical: reencode)
        }
        return PickleFixtures(cases: parsedCases, values: parsedValues)
    }

    func bytes(_ fixture: Case) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(fixture.path)))
    }

    /// Tagged JSON `[type, payload...]` to the value it describes.
    static func value(_ json: Any) throws -> PickleValue {
        guard let tagged = json as? [Any], let kind = tagged.first as? String else {
            throw BadManifest(description: "untagged value \(json)")
        }
        func payload<T>(_ index: Int = 1, as: T.Type = T.self) throws -> T {
            guard index < tagged.count, let v = tagged[index] as? T else {
                throw BadManifest(description: "bad \(kind) payload \(tagged)")
            }
            return v
        }
        func base64(_ text: String) throws -> [UInt8] {
            guard let data = Data(base64Encoded: text) else { throw BadManifest(description: "bad base64") }
            return [UInt8](data)
        }
        switch kind {
        case "none": return .none
        case "bool": return .bool(try payload())
        case "int":
            let text: String = try payload()
            guard let big = PickleBigInt(decimal: text) else { throw BadManifest(description: "bad int \(text)") }
            return .integer(big)
        case "float":
            let text: String = try payload()
            guard let double = Double(text) else { throw BadManifest(description: "bad float \(text)") }
            return .float(double)
        case "str": return .string(try payload())
        case "bytes": return .bytes(try base64(try payload()))
        case "bytearray": return .bytearray(try base64(try payload()))
        case "list": return .list(try (try payload() as [Any]).map(value))
        case "tuple": return .tuple(try (try payload() as [Any]).map(value))
        case "set": return .set(try (try payload() as [Any]).map(value))
        case "frozenset": return .frozenset(try (try payload() as [Any]).map(value))
        case "dict":
            let pairs: [[Any]] = try payload()
            return .dict(
                try pairs.map { pair in
                    guard pair.count == 2 else { throw BadManifest(description: "bad dict pair") }
                    return PickleDictItem(key: try value(pair[0]), value: try value(pair[1]))
                })
        case "ndarray":
            let dtype: String = try payload(1)
            let shape: [Int] = try payload(2)
            let fortran: Bool = try payload(3)
            let data = try base64(try payload(4))
            return .ndarray(try PickledNDArray(dtype: dtype, shape: shape, fortranOrder: fortran, data: data))
        default:
            throw BadManifest(description: "unknown tag \(kind)")
        }
    }
}
