import XCTest
final class PlaceholderArrowFlatBuffersTests: XCTestCase { func testNothing() {} }
