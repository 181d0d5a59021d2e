import XCTest

/// `call it: adam(...)` is given where a builtin's result was wanted and the builtin
/// itself came (the fixtures `training/*_uncalled*.reg`), and only there.
final class CallItHintTests: XCTestCase {
    private func hints(_ source: String) -> [String?] {
        TrainingScriptTests.run(source).diagnostics.map(\.hint)
    }

    func testTheHintNamesTheUncalledBuiltin() {
        XCTAssertEqual(hints("optimizer adam\n"), ["call it: adam(...)"])
        XCTAssertEqual(hints("penalty l1\n"), ["call it: l1(...)"])
        XCTAssertEqual(hints("model m(inputs: 2) { dense(1) }\nprint(summary(m, penalty: l2))\n"), ["call it: l2(...)"])
        XCTAssertEqual(hints("fn pick() { return adam() }\noptimizer pick\n"), ["call it: pick(...)"])
    }

    func testNoHintWhereCallingWouldNotHelp() {
        XCTAssertEqual(hints("len(print)\n"), [nil], "len wants a collection, not print's result")
        XCTAssertEqual(hints("fn double(x) { return 2 * x }\nsorted(double)\n"), [nil])
    }
}
