import XCTest

final class RegulaTensorPlaceholderTests: XCTestCase {
    func testPackageBuilds() { XCTAssertTrue(true) }
}
