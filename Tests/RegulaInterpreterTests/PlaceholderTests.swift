import XCTest

final class RegulaInterpreterPlaceholderTests: XCTestCase {
    func testPackageBuilds() { XCTAssertTrue(true) }
}
