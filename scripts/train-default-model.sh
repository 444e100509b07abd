#!/usr/bin/env bash
# Trains (or, with --resume, continues) the codec's default natural-image model:
# single-layer conv DRAW, 32 LSTM maps, kernel 3, stride 2, 12 latent maps, T = 10, trained against
# the discrete rate (its weight warmed up over 400 steps), on CIFAR-10 train and random 32x32 crops of BSDS500 train in equal shares.
# Usage: scripts/train-default-model.sh HOURS [--resume]   (writes models/natural-s32/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/../shared/data"
hours="${1:-1}"
shift || true
"$root/cdraw" train "cifar10:$data/cifar10/cifar10-png.tar.gz+folder:$data/bsds500" --crop 32 \
  --out "$root/models/natural-s32" --discrete-rate --lstm-maps 32 --kernel 3 -T 10 --batch 32 --lr 1e-3 \
  --rate-warmup 400 --hours "$hours" --val-images 500 --checkpoint-minutes 10 "$@"
