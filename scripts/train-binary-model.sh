#!/usr/bin/env bash
# Trains (or, with --resume, continues) a binary-image model: single-layer conv DRAW with a
# Bernoulli output, 32 LSTM maps, kernel 3, stride 2, 4 latent maps, T = 12, fixed posterior width
# (so the codec can use it), batch 64, on the variational bound with the KL rate (the standard
# bound the paper reports; a discrete-rate run stalled at 369 nats after 311 steps).
# Usage: scripts/train-binary-model.sh mnist|omniglot HOURS [--resume] [more train options]
#   (CDRAW may name another cdraw command, e.g. a frozen copy of the jar for long runs)
#   mnist     binarized MNIST, the standard 50k/10k/10k split  -> models/mnist-binary/
#   omniglot  Omniglot at 28x28 (not the paper's split)         -> models/omniglot-binary/
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/../shared/data"
which="${1:?usage: train-binary-model.sh mnist|omniglot HOURS [--resume]}"
hours="${2:?usage: train-binary-model.sh mnist|omniglot HOURS [--resume]}"
shift 2
case "$which" in
  mnist) source="mnist:$data/mnist/binarized" ;;
  omniglot) source="omniglot:$data/omniglot" ;;
  *) echo "train-binary-model: mnist or omniglot, not $which" >&2; exit 2 ;;
esac
${CDRAW:-"$root/cdraw"} train "$source" --out "$root/models/$which-binary" \
  --lstm-maps 32 --kernel 3 --stride 2 --latent-maps 4 -T 12 --batch 64 --lr 1e-3 --hours "$hours" --val-images 1000 --checkpoint-minutes 5 "$@"
