#!/usr/bin/env bash
# Checks rd-draw models on McMaster without the codec. Prints one line per model: the anytime RD
# loss (lower is better; the number docs/rd-model.md compares designs by) and every prefix's bpp /
# PSNR dB on 496x496 centre crops of all 18 images, with the codec's grid latents. Takes 40-60 s
# per model on one core. The codec itself, at target rates and on whole images, is
# scripts/compare-codecs.sh.
# Usage: scripts/mcmaster-prefixes.sh MODEL...   (MCMASTER overrides the image folder, CDRAW the
# command, e.g. a frozen build pinned with taskset)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
images="${MCMASTER:-$root/../shared/data/mcmaster}"
cdraw="${CDRAW:-$root/cdraw}"
[ $# -gt 0 ] || { echo "usage: $0 MODEL..." >&2; exit 2; }
# `cdraw eval` reads a folder data set with train/ and test/ splits: all images in test/, and
# one of them in train/ (the split must not be empty, it is not used)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/test" "$work/train"
ln -s "$images"/*.png "$work/test/"
first=$(ls "$images"/*.png | head -1)
ln -s "$first" "$work/train/"
for model in "$@"; do
  out=$($cdraw eval "$model" "folder:$work" --crop 496 --split test --batch 2 2>&1) || {
    echo "$out" >&2; exit 1; }
  loss=$(grep -o 'RD loss: [0-9.]*' <<<"$out" || true)
  prefixes=$(awk '$1 ~ /^[1-9][0-9]*$/ && NF == 3 {printf "%.3f/%.2f ", $2, $3}' <<<"$out")
  echo "$model $loss $prefixes"
done
