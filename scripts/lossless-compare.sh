#!/usr/bin/env bash
# Lossless comparison: cdraw's bits-back coding (`encode --lossless`, all images in one stream)
# against PNG (zopflipng -m, or the input when zopflipng cannot beat it), WebP lossless (cwebp -lossless -z 9) and JPEG XL lossless
# (cjxl -d 0 -e 9), each reference codec one file per image.
#
# Usage: scripts/lossless-compare.sh IMAGES OUT [MODEL]
#   IMAGES  a folder of 8-bit PNGs (RGB for a natural model; black-and-white 0/255 for a binary one)
#   OUT     output folder: cdraw.jsonl (encode --json), decoded/, sizes.csv, summary.md
#   MODEL   the likelihood model (default: the shipped natural-s4m64)
# Environment: LIMIT=N takes the first N images (by name); CDRAW overrides the cdraw command.
#
# The decoded images are compared with the inputs (`cdraw metrics`: an MSE of 0 gives no PSNR);
# any difference fails the run. Times are wall clock: one JVM encodes (and verifies by decoding)
# every image, one JVM decodes them; the reference codecs run once per image.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
images="${1:?usage: lossless-compare.sh IMAGES OUT [MODEL]}"
out="${2:?usage: lossless-compare.sh IMAGES OUT [MODEL]}"
model="${3:-$root/models/natural-s4m64/model.cdm}"
cdraw=${CDRAW:-"$root/cdraw"}

need=0
for tool in zopflipng cwebp cjxl; do command -v "$tool" > /dev/null || need=1; done
if [ $need = 1 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing zopfli, webp and libjxl-tools from apt" >&2
  $sudo apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq zopfli webp libjxl-tools > /dev/null
fi

mapfile -t files < <(find "$images" -maxdepth 1 -type f -iname '*.png' | sort -V)
[ -z "${LIMIT:-}" ] || files=("${files[@]:0:$LIMIT}")
[ ${#files[@]} -gt 0 ] || { echo "lossless-compare: no PNG images in $images" >&2; exit 2; }
mkdir -p "$out/decoded" "$out/work"
now() { date +%s.%N; }

start=$(now)
$cdraw encode --lossless --json --force --quiet -m "$model" -o "$out/all.cdraw" "${files[@]}" \
  > "$out/cdraw.jsonl"
encode_s=$(echo "$(now) - $start" | bc)
start=$(now)
$cdraw decode --force --quiet -m "$model" -o "$out/decoded/image.png" "$out/all.cdraw"
decode_s=$(echo "$(now) - $start" | bc)

n=${#files[@]}
echo "image,dims,png_bytes,webp_bytes,jxl_bytes" > "$out/sizes.csv"
for i in $(seq 1 "$n"); do
  img="${files[$((i - 1))]}"
  decoded="$out/decoded/image-$i.png"
  [ "$n" = 1 ] && decoded="$out/decoded/image.png"
  if ! $cdraw metrics --json "$img" "$decoded" | grep -q '"psnr":null'; then
    echo "lossless-compare: $decoded differs from $img" >&2
    exit 1
  fi
  w="$out/work/$i"
  # zopflipng writes nothing when it cannot beat the input: then the input is the best PNG
  zopflipng -m -y "$img" "$w.png" > /dev/null
  [ -f "$w.png" ] || cp "$img" "$w.png"
  cwebp -quiet -lossless -z 9 "$img" -o "$w.webp"
  cjxl --quiet -d 0 -e 9 "$img" "$w.jxl" > /dev/null 2>&1
  dims=$(sed -n "${i}p" "$out/cdraw.jsonl" | sed 's/.*"dims":\([0-9]*\).*/\1/')
  echo "$(basename "$img"),$dims,$(stat -c %s "$w.png"),$(stat -c %s "$w.webp"),$(stat -c %s "$w.jxl")" \
    >> "$out/sizes.csv"
done

# cdraw.jsonl: one object per image, then the stream's
awk -v n="$n" -v enc="$encode_s" -v dec="$decode_s" -v stream="$(stat -c %s "$out/all.cdraw")" '
  FNR == NR {
    if (FNR <= n) {
      match($0, /"bits":[0-9.]+/); if (FNR > 1) later += substr($0, RSTART + 7, RLENGTH - 7)
      match($0, /"dims":[0-9]+/); if (FNR > 1) laterDims += substr($0, RSTART + 7, RLENGTH - 7)
      match($0, /"bound_bits":[0-9.]+/); bound += substr($0, RSTART + 13, RLENGTH - 13)
    } else { match($0, /"borrowed_bits":[0-9]+/); borrowed = substr($0, RSTART + 16, RLENGTH - 16) }
    next
  }
  FNR > 1 { split($0, f, ","); dims += f[2]; png += f[3]; webp += f[4]; jxl += f[5] }
  END {
    printf "| codec | bits/dim | bits per image |\n|---|---|---|\n"
    printf "| cdraw bound (the model'"'"'s, at the latents coded) | %.4f | %.1f |\n", bound / dims, bound / n
    if (n > 1) printf "| cdraw lossless, each image after the first (its stack growth) | %.4f | %.1f |\n", later / laterDims, later / (n - 1)
    printf "| cdraw lossless, whole file (%d bytes, %d bits borrowed once) | %.4f | %.1f |\n", stream, borrowed, 8 * stream / dims, 8 * stream / n
    printf "| PNG (zopflipng -m), one file per image | %.4f | %.1f |\n", 8 * png / dims, 8 * png / n
    printf "| WebP lossless (cwebp -lossless -z 9) | %.4f | %.1f |\n", 8 * webp / dims, 8 * webp / n
    printf "| JPEG XL lossless (cjxl -d 0 -e 9) | %.4f | %.1f |\n", 8 * jxl / dims, 8 * jxl / n
    printf "\n%d images, %d dimensions. cdraw: encode %.1f s (%.3f s per image, the check decode included), decode %.1f s (%.3f s per image), one JVM each.\n", n, dims, enc, enc / n, dec, dec / n
  }' "$out/cdraw.jsonl" "$out/sizes.csv" > "$out/summary.md"
cat "$out/summary.md"
