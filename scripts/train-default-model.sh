#!/usr/bin/env bash
# Trains (or, with --resume, continues) the codec's default natural-image model, the shape chosen
# in docs/architectures.md: single-layer conv DRAW, 64 LSTM maps, kernel 3, stride 4, 16 latent
# maps, T = 10, trained against the discrete rate (its weight warmed up over 150 steps), on
# CIFAR-10 train and random 32x32 crops of BSDS500 train in equal shares.
# Usage: scripts/train-default-model.sh HOURS [--resume] [more train options, e.g. --beta 0.4 --out DIR]
#   (writes models/natural-s4m64/ unless --out is given; LR sets the learning rate, 1e-3 unless
#   given: the shipped model's second phase used LR=3e-4; CDRAW may name another cdraw command,
#   e.g. a frozen copy of the jar for long runs, pinned with taskset)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/../shared/data"
hours="${1:?usage: train-default-model.sh HOURS [--resume] [train options]}"
shift
out=(--out "$root/models/natural-s4m64")
for a in "$@"; do [ "$a" = --out ] && out=(); done
${CDRAW:-"$root/cdraw"} train "cifar10:$data/cifar10/cifar10-png.tar.gz+folder:$data/bsds500" \
  --crop 32 "${out[@]}" --discrete-rate --lstm-maps 64 --kernel 3 --stride 4 --latent-maps 16 \
  -T 10 --batch 32 --lr "${LR:-1e-3}" --rate-warmup 150 --hours "$hours" --val-images 500 \
  --checkpoint-minutes 10 "$@"
