import ArrowTestSupport
import FlameCache
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// `FlameInput.read(path:)` maps an object file once: it used to map it to
/// tell what it is and again to read it. Counted with inotify, which reports
/// every `open` of a watched file. inotify merges an event identical to the
/// one before it (and a mapped file is not closed until unmapped), so the
/// folder is watched too: each open then reports two different events, one
/// per watch, and no two opens merge.
final class FlameInputMappingTests: XCTestCase {
    func testObjectFileIsOpenedOnce() throws {
        #if os(Linux)
            let manifest = try FlameManifest.load()
            for name in ["objects/app/session/patched.arrow", "objects/app/session/native_table.arrow"] {
                let path = FlameManifest.directory.appendingPathComponent(name).path
                let fd = inotify_init1(Int32(IN_NONBLOCK))
                guard fd >= 0 else { throw XCTSkip("inotify is not available (errno \(errno))") }
                defer { close(fd) }
                let fileWatch = inotify_add_watch(fd, path, UInt32(IN_OPEN))
                let folderWatch = inotify_add_watch(fd, (path as NSString).deletingLastPathComponent, UInt32(IN_OPEN))
                XCTAssertTrue(fileWatch >= 0 && folderWatch >= 0, "errno \(errno)")

                let document = try FlameInput.read(path: path).jsonDocument()
                XCTAssertEqual(document, manifest.cases.first { $0.name == name }?.expected, name)

                var opens = 0
                var events = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = events.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    guard n > 0 else { break }
                    // struct inotify_event: wd, mask, cookie, len (4 bytes each), then len bytes of name.
                    var p = 0
                    while p + 16 <= n {
                        let watch = events.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: p, as: Int32.self) }
                        let mask = events.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: p + 4, as: UInt32.self) }
                        let length = events.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: p + 12, as: UInt32.self) }
                        if watch == fileWatch, mask & UInt32(IN_OPEN) != 0 { opens += 1 }
                        p += 16 + Int(length)
                    }
                }
                XCTAssertEqual(opens, 1, "\(name) was opened \(opens) times")
            }
        #else
            throw XCTSkip("inotify is Linux only")
        #endif
    }
}
