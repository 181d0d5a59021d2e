import XCTest

final class RegulaNNPlaceholderTests: XCTestCase {
    func testPackageBuilds() { XCTAssertTrue(true) }
}
