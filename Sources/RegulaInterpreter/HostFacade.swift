// What a host (the `regula` command, an embedding program) needs besides `Interpreter`,
// re-exported so that a host imports RegulaInterpreter alone: the diagnostics it renders,
// the cancellation token it sets on Ctrl-C (and the pending `save` file it removes when
// a second Ctrl-C ends the process), the process group it supplies under MPI, and the
// "did you mean" engine for its own commands. Nothing else of the language or the
// runtime is visible through it.
@_exported import struct RegulaSyntax.Diagnostic
@_exported import struct RegulaSyntax.DiagnosticRenderer
@_exported import enum RegulaSyntax.DisplayWidth
@_exported import class RegulaNN.CancellationToken
@_exported import enum RegulaNN.PendingTemporaryFile
@_exported import protocol RegulaNN.ProcessGroup
@_exported import enum RegulaSuggestion.Suggestion
