import Foundation
import XCTest
import RegulaSyntax

/// The nesting limits keep the parser's stack use bounded: input nested just under the
/// limits parses on a thread with a 2 MB stack even in a debug build (measured: 1 MB
/// suffices), so hosts can parse off the main thread.
final class StackUseTests: XCTestCase {
    func parseOnSmallStack(_ text: String) -> ParseResult? {
        final class Box: @unchecked Sendable { var result: ParseResult? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Parser.parse(SourceFile(name: "deep.reg", text: text))
            done.signal()
        }
        thread.stackSize = 2 << 20
        thread.start()
        done.wait()
        return box.result
    }

    func testDeepestAllowedInputFitsInTwoMegabytes() {
        var interpolation = "x"
        for _ in 0..<(Lexer.maxInterpolationDepth - 1) { interpolation = "\"{" + interpolation + "}\"" }
        let depth = Parser.maxDepth - 1
        let inputs = [
            String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
            String(repeating: "if x {\n", count: depth) + String(repeating: "}\n", count: depth),
            String(repeating: "f(fn () {", count: depth / 2),
            String(repeating: "-", count: depth) + "1",
            interpolation,
        ]
        for text in inputs {
            XCTAssertNotNil(parseOnSmallStack(text))
        }
    }
}
