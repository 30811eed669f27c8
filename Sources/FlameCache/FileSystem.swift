import ArrowIPC

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The few file-system calls object files need: map a file, list a folder.
enum FileSystem {
    static func mapped(_ path: String) throws(FlameError) -> ArrowBuffer {
        do {
            return ArrowBuffer(storage: try ByteStorage.mapFile(atPath: path))
        } catch {
            throw FlameError(.io, "cannot read: \(error)", location: path)
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeDirectory
    }

    static func list(_ path: String) throws(FlameError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw FlameError(.io, "cannot list: \(error)", location: path)
        }
    }
}
