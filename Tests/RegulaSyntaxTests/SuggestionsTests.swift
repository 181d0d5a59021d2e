import RegulaSuggestion
import XCTest

/// The one "did you mean" engine, as the parser, the interpreter, the engine and the CLI use it.
final class SuggestionsTests: XCTestCase {
    func testDistance() {
        XCTAssertEqual(Suggestion.distance("", "abc"), 3)
        XCTAssertEqual(Suggestion.distance("kitten", "sitting"), 3)
        XCTAssertEqual(Suggestion.distance("optimzier", "optimizer"), 1)
        XCTAssertEqual(Suggestion.distance("adamx", "adamw"), 1)
        XCTAssertEqual(Suggestion.distance("same", "same"), 0)
    }

    func testClosest() {
        XCTAssertEqual(Suggestion.closest(to: "adamx", among: ["sgd", "adam", "adamw"]), "adamw")
        XCTAssertEqual(Suggestion.closest(to: "adamx", among: ["adamw", "adam"]), "adamw")
        XCTAssertEqual(Suggestion.closest(to: "adm", among: ["sgd", "adam", "adamw"]), "adam")
        XCTAssertEqual(Suggestion.closest(to: "optimzer", among: ["loss", "optimizer"]), "optimizer")
        XCTAssertEqual(Suggestion.closest(to: "epcohs", among: ["batch", "epochs"]), "epochs")
        XCTAssertNil(Suggestion.closest(to: "zzz", among: ["adam", "sgd"]))
        XCTAssertNil(Suggestion.closest(to: "x", among: ["y"]))
    }

    func testCaseDoesNotCountAsATypo() {
        XCTAssertEqual(Suggestion.closest(to: "Digit", among: ["p0", "digit"]), "digit")
        XCTAssertEqual(Suggestion.closest(to: "ADAM", among: ["sgd", "adam"]), "adam")
    }

    func testAUniquePrefixWinsWhenAsked() {
        XCTAssertEqual(Suggestion.closest(to: "he", among: ["help", "vars", "reset"], acceptsUniquePrefix: true), "help")
        XCTAssertNil(Suggestion.closest(to: "he", among: ["help", "vars", "reset"]))
        XCTAssertNil(Suggestion.closest(to: "", among: ["help"], acceptsUniquePrefix: true))
        XCTAssertEqual(Suggestion.closest(to: "r", among: ["run", "repl"], acceptsUniquePrefix: true), nil)
    }

    func testPhrase() {
        XCTAssertEqual(Suggestion.phrase("adamw"), " — did you mean 'adamw'?")
        XCTAssertEqual(Suggestion.phrase(nil), "")
    }
}
