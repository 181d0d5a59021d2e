import XCTest

final class RegulaSyntaxPlaceholderTests: XCTestCase {
    func testPackageBuilds() { XCTAssertTrue(true) }
}
