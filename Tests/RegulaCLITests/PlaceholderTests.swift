import XCTest

final class RegulaCLIPlaceholderTests: XCTestCase {
    func testPackageBuilds() { XCTAssertTrue(true) }
}
