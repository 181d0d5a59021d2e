#!/usr/bin/env bash
# W5: the exact elastic-net path (ρ = 0.5, 100 λ) and its 10-fold cross-validation on
# diabetes (442 × 10), synthetic 5000 × 500 and 200 × 5000, Regula against glmnet (R) and
# scikit-learn, one thread each, interleaved run by run; prints a Markdown table with
# medians, ratios and each tool's coefficient error against a tight reference. Regula runs
# at tol 1e-7 (glmnet's default thresh, the same criterion: compared with glmnet) and at
# 1e-9 (as accurate as scikit-learn's default tol=1e-4: compared with scikit-learn).
#
# usage: Benchmarks/w5/run.sh [ROUNDS (default 5)] [REPEATS per process (default 3)]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
repeats=${2:-3}
python=${PYTHON:-/work/venv/bin/python}
[ -x "$python" ] || python=python3
data=.build/w5data
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

swift build -c release --product RegulaPathBench >&2
[ -f "$data/wide.lambdas" ] || "$python" Benchmarks/w5/make_data.py "$data" >&2
"$python" Benchmarks/w5/reference.py "$data" >&2
log=$data/timings.txt
: > "$log"
for round in $(seq "$rounds"); do
    for set in diabetes tall wide; do
        .build/release/RegulaPathBench "$data" "$set" "$repeats" 1e-7 | sed 's/^/regula /' >> "$log"
        .build/release/RegulaPathBench "$data" "$set" "$repeats" 1e-9 tight | sed 's/^/tight /' >> "$log"
        Rscript Benchmarks/w5/glmnet.R "$data" "$set" "$repeats" 1e-7 | sed 's/^/glmnet /' >> "$log"
        "$python" Benchmarks/w5/sklearn_peer.py "$data" "$set" "$repeats" 1e-4 | sed 's/^/sklearn /' >> "$log"
    done
    echo "round $round done" >&2
done
"$python" Benchmarks/w5/report.py "$data"
