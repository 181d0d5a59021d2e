import ArgumentParser
import RegulaInterpreter

/// Usage errors: a short message, the command's usage line, exit status 2.
enum UsageMessage {
    static let exitStatus: Int32 = 2

    /// `error: <errors>` then the usage of `command` and where to read more.
    static func text(errors: String, command: ParsableCommand.Type, name: String) -> String {
        let usage = command == RegulaCommand.self ? RegulaCommand.usageString() : RegulaCommand.usageString(for: command)
        let help = name.isEmpty ? "regula help" : "regula help \(name)"
        return "\(errors)\nUsage: \(usage)\n  See '\(help)' for more information.\n"
    }

    /// swift-argument-parser writes `Error: `; Regula's diagnostics say `error: `.
    static func lowercasingErrorPrefix(_ message: String) -> String {
        message.hasPrefix("Error: ") ? "error: " + message.dropFirst("Error: ".count) : message
    }

    /// `regula --version extra`: swift-argument-parser prints the version and exits 0
    /// whatever follows; anything after `--version` is a usage error.
    static func argumentsAfterVersion(in arguments: [String]) -> String? {
        guard arguments.first == "--version", arguments.count > 1 else { return nil }
        let extra = arguments.dropFirst().map { "'\($0)'" }.joined(separator: " ")
        return text(errors: "error: --version takes no arguments, got \(extra)", command: RegulaCommand.self, name: "")
    }

    /// `regula frob`: swift-argument-parser would say "unexpected argument"; Regula names
    /// the mistake and suggests the closest subcommand (or `run` for a script path).
    /// `regula help frob` too (swift-argument-parser would show the overview and exit 0).
    static func unknownSubcommand(in arguments: [String]) -> String? {
        var arguments = arguments[...]
        if arguments.first == "help", arguments.count > 1 { arguments = arguments.dropFirst() }
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = RegulaCommand.configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(first) else { return nil }
        var message = "error: unknown subcommand '\(first)'"
        if first.hasSuffix(".reg") {
            message += " — to run a script: regula run \(first)"
        } else if let suggestion = Suggestion.closest(to: first, among: names, acceptsUniquePrefix: true) {
            message += " — did you mean '\(suggestion)'?"
        }
        return text(errors: message, command: RegulaCommand.self, name: "")
    }
}
