import Foundation
import RegulaSuggestion

/// An error from reading, generating, splitting or writing data: a CSV file, a synthetic
/// data set's arguments, a split's fractions, a safetensors file, an atomic write.
///
/// `message` is complete and ready to print; it names the file and, where one exists, the
/// line, row and column (`digits.csv:12: row 11, column 3 'p2': "abc" is not a number`).
/// The other fields let a host render it its own way (underline, `hint:` line).
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for hosts and tests that branch on it.
    public enum Kind: Sendable, Equatable {
        // Files.
        case fileNotFound, unreadableFile, writeFailed
        // CSV.
        case emptyFile, noRows, duplicateColumn, unnamedColumn, raggedRow, nonNumericCell, missingCell,
             nonFiniteCell, unknownColumn, unterminatedQuote, malformedQuote, invalidLabel
        // Arguments of csv/synthetic/split/standardize/kfold and safetensors writing.
        case invalidArgument
        // safetensors.
        case corruptFile, unsupportedDType
    }

    public var kind: Kind
    /// The whole message, without a trailing newline.
    public var message: String
    /// The file the error is about, as the caller named it.
    public var path: String?
    /// 1-based line in the file (the line where the offending CSV record starts).
    public var line: Int?
    /// 1-based CSV column number.
    public var column: Int?
    /// A close name when a name was not found (also inside `message`).
    public var suggestion: String?
    /// `message` without the suggestion, for a host that shows the suggestion apart.
    public var messageWithoutSuggestion: String
    /// For `.invalidArgument`: the argument at fault, as the message names it (`noise`,
    /// `informative`, `k`, `val`), so a host can point at it; nil when several are.
    public var argument: String?

    /// `message` without the suggestion: the phrase `— did you mean 'x'?` is appended here.
    public init(
        _ kind: Kind, _ message: String, path: String? = nil, line: Int? = nil,
        column: Int? = nil, suggestion: String? = nil, argument: String? = nil
    ) {
        self.kind = kind
        self.message = message + Suggestion.phrase(suggestion.map { InputText.clipped($0) })
        messageWithoutSuggestion = message
        self.path = path
        self.line = line
        self.column = column
        self.suggestion = suggestion
        self.argument = argument
    }

    public var description: String { message }
}

extension DataError: LocalizedError {
    /// The message, so `localizedDescription` shows it too.
    public var errorDescription: String? { message }
}
