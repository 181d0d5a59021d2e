#!/bin/sh
# Re-records every output the documentation and the snapshots show, from the code as it
# is now: the output blocks of README.md, docs/tutorial.md and docs/repl.md (DocumentedOutputTests, slow
# blocks included), the builtin index of docs/builtins.md and the names in the fuzz
# dictionary Sources/RegulaFuzz/regula.dict (BuiltinDocumentationTests) and
# the golden diagnostics (GoldenDiagnosticTests). Then review the diff: every change
# should be one that was meant (a new kernel's last digits, a new metric's column).
set -e
cd "$(dirname "$0")/.."
swift build --build-tests
REGULA_RECORD=1 swift test --skip-build --disable-swift-testing \
    --filter 'DocumentedOutputTests|BuiltinDocumentationTests|GoldenDiagnosticTests'
git diff --stat -- README.md docs Tests/RegulaSyntaxTests/Golden Sources/RegulaFuzz/regula.dict
