import Foundation
import XCTest

/// The REPL's editing on a real terminal (tmux), continued: the history file keeps what
/// ran (not edits of recalled lines), completion after an index and of Unicode names,
/// and `:help NAME`.
extension ReplTerminalTests {
    /// Editing a recalled line and moving on changes readline's copy of that entry; the
    /// history must still hold what ran (readline's `revert-all-at-newline`).
    func testEditingARecalledLineDoesNotChangeTheHistory() throws {
        let repl = try startRepl()
        for line in ["print(1)", "print(2)", "print(3)"] { try repl.submit(line) }
        // Up Up recalls print(2); C-a, M-f (after `print`), ` x`, C-u leaves `(2)`; Up moves on.
        try repl.press("Up")
        try repl.press("Up")
        try repl.waitFor("regula> print(2)") { $0.hasSuffix("regula> print(2)") }
        try repl.press("C-a")
        try repl.press("M-f")
        try repl.type(" x")
        try repl.waitFor("the edit") { $0.hasSuffix("regula> print x(2)") }
        try repl.press("C-u")
        try repl.waitFor("the kill") { $0.hasSuffix("regula> (2)") }
        try repl.press("Up")
        try repl.waitFor("print(1) recalled") { $0.hasSuffix("regula> print(1)") }
        try repl.press("C-a", "C-k")
        try repl.submit("print(4)")

        // An edit abandoned with Ctrl-C on the edited entry, after leaving it and coming
        // back (its undo list is then the line's own, freed by Ctrl-C).
        try repl.press("Up", "Up")
        try repl.waitFor("print(3) recalled") { $0.hasSuffix("regula> print(3)") }
        try repl.press("C-u")
        try repl.type("edited")
        try repl.press("Up")
        try repl.waitFor("print(2) recalled") { $0.hasSuffix("regula> print(2)") }
        try repl.press("Down")
        try repl.waitFor("the edit again") { $0.hasSuffix("regula> edited") }
        try repl.press("C-c")
        try repl.waitForPrompt()

        try repl.press("C-d")
        try repl.waitFor("[exit 0]")
        XCTAssertEqual(try historyLines(), ["print(1)", "print(2)", "print(3)", "print(4)"])
    }

    /// Without a locale in the environment (a bare container: "C"), Unicode names can still
    /// be typed: the REPL reads input as UTF-8 (C.UTF-8, as Python's PEP 538).
    func testUnicodeInputWithoutALocale() throws {
        let repl = try TerminalSession(
            command: "unset LANG LC_ALL LC_CTYPE; \(RegulaProcess.binaryURL.path) repl",
            environment: ["REGULA_HISTORY": historyPath])
        try repl.waitForPrompt()
        try repl.submit("let λ = 2")
        XCTAssertTrue(try repl.submit("λ * 3").hasSuffix("regula> λ * 3\n6\nregula>"))
        try repl.press("C-d")
        try repl.waitFor("[exit 0]")
        XCTAssertEqual(try historyLines(), ["let λ = 2", "λ * 3"])
    }

    /// Tab completes fields after an index (`net.layers[0].`, `runs[-1].`), Unicode names,
    /// and builtin names after `:help`, which prints the builtin's signature.
    func testCompletionAfterAnIndexOfUnicodeNamesAndHelp() throws {
        let repl = try startRepl(environment: ["LANG": "C.UTF-8"])
        try repl.submit("model net { dense(2, activation: relu) }")
        try repl.type("net.layers[0].un")
        try repl.press("Tab")
        try repl.waitFor("regula> net.layers[0].units")
        XCTAssertTrue(try repl.submit("").hasSuffix("regula> net.layers[0].units\n2\nregula>"))

        try repl.submit("let runs = [{loss: 0.5, accuracy: 0.75}, {loss: 0.25, accuracy: 0.875}]")
        try repl.type("print(runs[-1].acc")
        try repl.press("Tab")
        try repl.waitFor("regula> print(runs[-1].accuracy")
        XCTAssertTrue(try repl.submit(")").hasSuffix("regula> print(runs[-1].accuracy)\n0.875\nregula>"))

        try repl.submit("let λ_max = 0.1")
        try repl.type("λ_")
        try repl.press("Tab")
        try repl.waitFor("regula> λ_max")
        XCTAssertTrue(try repl.submit(" * 2").hasSuffix("regula> λ_max * 2\n0.2\nregula>"))

        try repl.type(":help elastic_")
        try repl.press("Tab")
        try repl.waitFor("regula> :help elastic_net")
        let help = try repl.submit("")
        XCTAssertTrue(help.hasSuffix("""
            regula> :help elastic_net
            elastic_net(alpha, l1_ratio: 0.5, proximal: false)
                elastic_net(α, l1_ratio: 0.5, proximal: false): l1(α·ρ, proximal:) + l2(α·(1−ρ)/2)
            regula>
            """), help)
        try repl.press("C-d")
        try repl.waitFor("[exit 0]")
    }
}
