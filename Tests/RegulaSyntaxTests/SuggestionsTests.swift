import XCTest
import RegulaSyntax

final class SuggestionsTests: XCTestCase {
    func testDistance() {
        XCTAssertEqual(Suggestions.distance("", "abc"), 3)
        XCTAssertEqual(Suggestions.distance("kitten", "sitting"), 3)
        XCTAssertEqual(Suggestions.distance("optimzier", "optimizer"), 1)
        XCTAssertEqual(Suggestions.distance("adamx", "adamw"), 1)
        XCTAssertEqual(Suggestions.distance("same", "same"), 0)
    }

    func testClosest() {
        XCTAssertEqual(Suggestions.closest(to: "adamx", in: ["sgd", "adam", "adamw"]), "adamw")
        XCTAssertEqual(Suggestions.closest(to: "adamx", in: ["adamw", "adam"]), "adamw")
        XCTAssertEqual(Suggestions.closest(to: "optimzer", in: ["loss", "optimizer"]), "optimizer")
        XCTAssertEqual(Suggestions.closest(to: "epcohs", in: ["batch", "epochs"]), "epochs")
        XCTAssertNil(Suggestions.closest(to: "zzz", in: ["adam", "sgd"]))
        XCTAssertNil(Suggestions.closest(to: "x", in: ["y"]))
        XCTAssertEqual(Suggestions.hint(for: "lenght", in: ["len", "length"]), "did you mean 'length'?")
    }
}
