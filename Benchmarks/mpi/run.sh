#!/usr/bin/env bash
# The scale-out benchmark of docs/scale-out.md: a 10-fold path (network and linear) in one
# process and on 2 MPI ranks, one thread each, with the same output checked; and, as the
# control that shows how much parallel capacity the machine has at the moment, two
# independent one-process runs at once. Needs a release build and Open MPI's mpirun:
#   swift build -c release --product regula && Benchmarks/mpi/run.sh
set -euo pipefail
cd "$(dirname "$0")"
regula=../../.build/release/regula
mpirun=(mpirun --allow-run-as-root -n 2)
runs=${RUNS:-3}
for script in network_path.reg linear_path.reg; do
  "$regula" run --threads 1 "$script" > /tmp/scale-out-1.txt
  "${mpirun[@]}" "$regula" run --threads 1 "$script" > /tmp/scale-out-2.txt
  cmp /tmp/scale-out-1.txt /tmp/scale-out-2.txt && echo "$script: 2 ranks print the same bytes as 1 process"
  hyperfine --style basic --runs "$runs" \
    -n "1 process" "$regula run --threads 1 $script" \
    -n "2 ranks (mpirun -n 2)" "${mpirun[*]} $regula run --threads 1 $script" \
    -n "control: 2 independent 1-process runs at once" "$regula run --threads 1 $script & $regula run --threads 1 $script; wait"
done

# CPU seconds (user + system) of the one process and of each rank: on a shared machine
# the wall times above depend on what else runs, while a rank's CPU time is what it would
# take on a core of its own (rank 1, which has one chain fewer, then polls in the exchange).
binary=$(realpath "$regula")
for script in network_path.reg linear_path.reg; do
  for i in $(seq "$runs"); do
    /usr/bin/time -o /tmp/scale-out-p -f "%U %S" "$binary" run --threads 1 "$script" > /dev/null
    "${mpirun[@]}" sh -c "/usr/bin/time -o /tmp/scale-out-r\$OMPI_COMM_WORLD_RANK -f '%U %S' $binary run --threads 1 $script" > /dev/null
    cpu() { tail -1 "$1" | awk '{ printf "%.2f", $1 + $2 }'; }
    echo "$script: 1 process $(cpu /tmp/scale-out-p) s CPU; rank 0 $(cpu /tmp/scale-out-r0) s, rank 1 $(cpu /tmp/scale-out-r1) s"
  done
done
