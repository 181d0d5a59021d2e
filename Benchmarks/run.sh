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

# OpenBLAS is the yardstick only (Regula does not link it): the benchmarks are their own
# package, and install libopenblas-dev when it is missing.
if ! dpkg-query -W -f='${Status}' libopenblas-dev 2>/dev/null | grep -q "install ok installed"; then
    echo "run.sh: installing libopenblas-dev (the benchmarks' yardstick)" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libopenblas-dev >/dev/null
fi
swift build --package-path Benchmarks -c release --product RegulaBench >&2
bench=Benchmarks/.build/release/RegulaBench
# OpenBLAS's best kernels on this CPU, for the benchmark process only: Debian's 0.3.21 does
# not recognise recent CPUs and falls back to SSE3 (SkylakeX: AVX-512; Haswell: AVX2).
if grep -q avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SkylakeX; elif grep -q avx2 /proc/cpuinfo; then export OPENBLAS_CORETYPE=Haswell; fi
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
# Regula's kernels beside OpenBLAS, product by product (one thread), then the workloads.
"$bench" kernels
echo
exec "$bench" suite --root "$PWD" "${counter_args[@]}" "${peer_args[@]}" "${regula_args[@]}" "$@"
