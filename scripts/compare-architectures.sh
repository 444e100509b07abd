#!/usr/bin/env bash
# Compares single-layer conv DRAW shapes at equal CPU time (the model issue's architecture search).
# Each configuration trains for MINUTES of wall time pinned to one core (two run side by side on a
# 2-core machine, so every run gets the same CPU), on the default model's data mix, against the
# discrete rate. Then each is measured by bits/dim on 2,000 CIFAR-10 validation images and by the
# deterministic engine's 768x512 decode time on both cores.
# Usage: scripts/compare-architectures.sh MINUTES [OUTDIR]    (default OUTDIR runs/architectures)
# Prints a Markdown table; per-run logs, curves and models stay in OUTDIR/<name>/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/../shared/data"
minutes="${1:?usage: compare-architectures.sh MINUTES [OUTDIR]}"
out="${2:-$root/runs/architectures}"
mkdir -p "$out"

# A frozen copy of the jar: ./cdraw rebuilds (and replaces) it whenever the sources change.
"$root/cdraw" --version > /dev/null
bin="$out/bin"
rm -rf "$bin" && cp -r "$root/cli/target" "$bin"
java_cmd=(env CDRAW_JAR="$bin/cdraw.jar" "$root/cdraw")   # the launcher's JVM and allocator settings

# name | shape flags. Decode cost grows with maps^2 * T / stride^2; all stay near 10 s at 768x512.
configs=(
  "s2-m32-z12-t10|--lstm-maps 32 --stride 2 --latent-maps 12 -T 10"
  "s2-m32-z4-t10|--lstm-maps 32 --stride 2 --latent-maps 4 -T 10"
  "s4-m64-z16-t10|--lstm-maps 64 --stride 4 --latent-maps 16 -T 10"
  "s4-m48-z12-t16|--lstm-maps 48 --stride 4 --latent-maps 12 -T 16"
)

train_one() { # core name flags...
  local core="$1" name="$2"
  shift 2
  rm -rf "${out:?}/$name"
  taskset -c "$core" "${java_cmd[@]}" train \
    "cifar10:$data/cifar10/cifar10-png.tar.gz+folder:$data/bsds500" --crop 32 \
    --out "$out/$name" --discrete-rate --kernel 3 --batch 32 --lr 1e-3 --rate-warmup 150 \
    --hours "$(echo "$minutes / 60" | bc -l)" --val-images 200 --checkpoint-minutes 5 "$@" \
    > "$out/$name.train.log" 2>&1
}

cores=$(nproc)
i=0
while [ $i -lt ${#configs[@]} ]; do
  pids=()
  for ((c = 0; c < cores && i < ${#configs[@]}; c++, i++)); do
    name="${configs[$i]%%|*}"
    read -r -a flags <<< "${configs[$i]#*|}"
    echo "training $name on core $c for $minutes min" >&2
    train_one "$c" "$name" "${flags[@]}" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
done

echo "| configuration | flags | parameters | steps | CIFAR-10 validation bits/dim | 768x512 decode s |"
echo "|---|---|---|---|---|---|"
for entry in "${configs[@]}"; do
  name="${entry%%|*}"
  model="$out/$name/model.cdm"
  "${java_cmd[@]}" eval "$model" "cifar10:$data/cifar10/cifar10-png.tar.gz" --split validation \
    --limit 2000 > "$out/$name.eval.txt" 2>&1
  "${java_cmd[@]}" benchmark-decode -m "$model" --runs 2 > "$out/$name.decode.txt" 2>&1
  bits=$(grep -m1 -o '[0-9.]* bits/dim' "$out/$name.eval.txt" | cut -d' ' -f1)
  secs=$(grep -m1 -o 'best decode [0-9.]* s' "$out/$name.decode.txt" | cut -d' ' -f3)
  steps=$(tail -1 "$out/$name/training.csv" | cut -d, -f1)
  params=$(grep -m1 -o '[0-9,]* parameters' "$out/$name.train.log" | cut -d' ' -f1)
  echo "| $name | \`${entry#*|}\` | $params | $steps | $bits | $secs |"
done
