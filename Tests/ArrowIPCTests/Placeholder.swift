import XCTest
final class PlaceholderArrowIPCTests: XCTestCase { func testNothing() {} }
