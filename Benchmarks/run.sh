#!/usr/bin/env bash
# Regula's benchmarks side by side with PyTorch eager / scikit-learn: builds in release,
# runs every workload (1 and 2 threads, Regula and the peer interleaved run by run) and
# prints one Markdown table. Peer columns appear when torch / scikit-learn import.
#
# When the `regula` CLI builds, it also prints the interpreter overhead (`regula run` of
# Benchmarks/wN.reg against the same calls through the API) and `regula check` times.
#
# usage: Benchmarks/run.sh [--repeats N] [--threads 1,2] [--workloads w1,w2,w3,w4] [--overhead-only]
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product RegulaBench >&2
bench=.build/release/RegulaBench
# The interpreter-overhead table needs the CLI (`regula run` / `regula check`).
regula_args=()
if swift build -c release --static-swift-stdlib --product regula >&2 && .build/release/regula check Benchmarks/w1.reg >/dev/null 2>&1; then
    regula_args=(--regula "$PWD/.build/release/regula")
fi

# The malloc counter (allocations per step): a tiny LD_PRELOAD interposer.
counter=.build/libmalloc_count.so
if command -v cc >/dev/null && cc -O2 -shared -fPIC -o "$counter" Benchmarks/malloccount/malloc_count.c 2>/dev/null; then
    counter_args=(--malloc-counter "$PWD/$counter")
else
    counter_args=()
fi

peer_workloads=""
if python3 -c 'import torch' 2>/dev/null; then peer_workloads="w1,w2,w3"; fi
if python3 -c 'import sklearn' 2>/dev/null; then peer_workloads="${peer_workloads:+$peer_workloads,}w4"; fi
peer_args=()
if [ -n "$peer_workloads" ]; then
    peer_args=(--peer "python3 $PWD/Benchmarks/peer/peer.py" --peer-workloads "$peer_workloads")
fi

{
    echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores;" \
        "$(swift --version 2>&1 | head -1)"
    python3 -c 'import torch, sklearn; print(f"peer: torch {torch.__version__}, scikit-learn {sklearn.__version__}")' 2>/dev/null || true
} >&2
exec "$bench" suite --root "$PWD" "${counter_args[@]}" "${peer_args[@]}" "${regula_args[@]}" "$@"
