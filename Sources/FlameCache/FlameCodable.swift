import ArrowIPC
import ArrowTensor
import FlamePickle

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension FlameBlobEncoder {
    /// How a Swift value that no Arrow form fits is written.
    public enum Fallback: Sendable {
        /// A binary property list under our own marker (`0xFE "SPL"`): any
        /// `Encodable`; only Swift (this library) reads it back.
        case propertyList
        /// `FLM\x00` + a protocol-5 pickle of plain data (dict, list, str, int,
        /// float, bool, None, bytes), which flamepy's `get_object` returns as
        /// the Python value: for values Python must read.
        case pickle
    }

    /// Encodes `value` by the fast path that fits it, else by `fallback`: a
    /// rectangular array of numbers (`[Float]`, `[[Int32]]`, ...) becomes a tensor
    /// (numpy reads it as an array, as flamepy sends numpy arrays); anything else
    /// takes the fallback. Tables, batches, arrays and tensors have their own
    /// `encode` overloads.
    ///
    /// A ragged nested array silently takes the fallback instead of the tensor form.
    ///
    /// - Parameters:
    ///   - value: The value.
    ///   - fallback: The form for values that are not rectangular numeric
    ///     arrays (default `.propertyList`).
    /// - Returns: The blob.
    /// - Throws: `FlameError` with kind `.propertyList` when
    ///   `PropertyListEncoder` fails, `.pickle` when `PickleEncoder` cannot
    ///   express the value.
    /// - Complexity: O(n) in the size of the value.
    public static func encode<T: Encodable>(_ value: T, fallback: Fallback = .propertyList) throws(FlameError) -> [UInt8] {
        if let nested = value as? any TensorNestedArray, type(of: nested).tensorRank > 0,
            let message = try? nestedTensor(nested)
        {
            return prefixed(.tensor, message)
        }
        switch fallback {
        case .propertyList:
            do {
                let encoder = PropertyListEncoder()
                encoder.outputFormat = .binary
                return prefixed(.propertyList, Array(try encoder.encode(value)))
            } catch {
                throw FlameError(.propertyList, "\(error)")
            }
        case .pickle:
            do {
                return prefixed(.cloudpickle, try PickleEncoder().encode(value))
            } catch {
                throw FlameError(.pickle, "\(error)")
            }
        }
    }
}

/// The tensor message of a rectangular nested array; throws when it is ragged
/// (the caller turns that into its fallback with `try?`).
private func nestedTensor<N: TensorNestedArray>(_ nested: N) throws(ArrowError) -> [UInt8] {
    try TensorEncoder.encode(nested: nested)
}

extension FlameBlobDecoder {
    /// Decodes a pickle (`FLM\x00` or legacy) or property-list blob straight into
    /// `T` where the shapes agree (a `[String: Double]`, a struct whose keys match
    /// a dict's). Errors name the key path.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - bytes: The blob, prefix included.
    /// - Returns: The decoded value.
    /// - Throws: `FlameError` with kind `.invalidFormat` for an unknown `FLM`
    ///   type byte, `.pickle` when the pickle is malformed, over `pickleLimits`
    ///   or does not fit `T`, `.propertyList` when the property list does not
    ///   decode as `T`, and `.unsupported` for a tensor, table, array or
    ///   record-batch blob.
    /// - Complexity: O(n) in the blob size.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(FlameError) -> T {
        let buffer = ArrowBuffer(copying: bytes)
        let format = try FlameBlobFormat.of(buffer)
        let payload = format.prefix == nil ? bytes : Array(bytes.dropFirst(4))
        switch format {
        case .cloudpickle, .legacyPickle:
            do {
                return try PickleDecoder(limits: pickleLimits).decode(type, from: payload)
            } catch {
                throw FlameError(.pickle, "\(error)")
            }
        case .propertyList:
            do {
                return try PropertyListDecoder().decode(type, from: Data(payload))
            } catch {
                throw FlameError(.propertyList, "\(error)")
            }
        default:
            throw FlameError(.unsupported, "a \(format) blob does not decode into \(T.self); use decode(_:) for its Arrow value")
        }
    }
}
