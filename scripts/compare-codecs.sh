#!/usr/bin/env bash
# Rate-distortion comparison of cdraw with JPEG, JPEG2000, WebP, AVIF and JPEG XL.
#
# Usage: scripts/compare-codecs.sh IMAGES OUT [BPP ...]
#   IMAGES  a folder of PNG/JPEG images (BSDS500 photos are JPEGs: their decoded pixels are the
#           reference), or a single image
#   OUT     output folder: results.csv, summary.md, rd-psnr.png, rd-ms-ssim.png, grid.png
#   BPP     target rates in bits per pixel (default 0.05 0.1 0.15 0.25 0.4 0.6 0.8 1.2)
# Environment: LIMIT=N uses only the first N images (by name); MODEL=path picks the cdraw model;
#   CODECS="jpeg webp ..." restricts the reference codecs; GRID_RATES="0.1 0.25 0.5" and
#   GRID_IMAGES=4 shape the Figure-4-style grid; CDRAW overrides the cdraw command; SKIP_CDRAW=1
#   runs only the reference codecs (filling the cache, e.g. while a model trains); VARIANCES lists
#   cdraw's decodes (default "0 1": prior variance 0 and 1; "stop" decodes only the stored steps,
#   `decode --missing stop`, as codec cdraw-vstop).
#
# Every codec is searched to its largest file not above the target (reference-codecs.sh); a codec
# whose smallest file is larger is reported with status "cannot_reach". cdraw chooses its stored
# steps itself (`encode --bpp`) and is decoded at prior variance 0 and 1 (codecs cdraw-v0, cdraw-v1).
# Results are cached per image, codec and rate in OUT/work (cdraw's under its model's hash), so an
# interrupted run resumes and a new model only re-runs cdraw. Reference codecs are installed from
# apt when missing. Times are wall-clock seconds of the command line tools, one image at a time
# (cdraw's include the JVM start and model load, about 1 s).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/reference-codecs.sh"
images="${1:?usage: compare-codecs.sh IMAGES OUT [BPP ...]}"
out="${2:?usage: compare-codecs.sh IMAGES OUT [BPP ...]}"
shift 2
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(0.05 0.1 0.15 0.25 0.4 0.6 0.8 1.2)
read -r -a codecs <<< "${CODECS:-${RC_CODECS[*]}}"
read -r -a variances <<< "${VARIANCES:-0 1}"
cdraw=${CDRAW:-"$root/cdraw"}
model="${MODEL:-$root/models/rd-s8c2fl4bal/model.cdm}"
model_flag=(--model "$model")

rc_install
mkdir -p "$out/work"
# cdraw's cached rows are keyed by its model and the stream format its build writes.
model_id=$(sha256sum "$model" | cut -c1-8)-f$($cdraw --version | sed -n 's/.*format \([0-9]*\).*/\1/p')
now() { date +%s.%N; }
since() { echo "scale=3; ($(now) - $1) / 1" | bc; }

if [ -d "$images" ]; then
  mapfile -t files < <(find "$images" -maxdepth 1 -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) | sort -V)
else
  files=("$images")
fi
[ ${#files[@]} -gt 0 ] || { echo "compare-codecs: no PNG or JPEG images in $images" >&2; exit 2; }
[ -z "${LIMIT:-}" ] || files=("${files[@]:0:$LIMIT}")

n=0
for img in "${files[@]}"; do
  n=$((n + 1))
  name=$(basename "${img%.*}")
  dir="$out/work/$name"
  mkdir -p "$dir"
  # The reference: the image's pixels as 8-bit RGB PNG (and PPM for cjpeg).
  [ -f "$dir/ref.png" ] || convert "$img" -strip -alpha off -depth 8 -type TrueColor "PNG24:$dir/ref.png"
  [ -f "$dir/ref.ppm" ] || convert "$dir/ref.png" "$dir/ref.ppm"
  size=$(identify -format '%w %h' "$dir/ref.png")
  pixels=$(( ${size% *} * ${size#* } ))
  echo "[$n/${#files[@]}] $name (${size/ /x})" >&2
  pending=() # decoded PNGs whose metrics are still to be measured, with their row prefix files
  previous_bpp=""
  for bpp in "${rates[@]}"; do
    budget=$(echo "$bpp * $pixels / 8" | bc) # bytes
    for codec in "${codecs[@]}"; do
      row="$dir/$codec-$bpp.row"
      [ -f "$row" ] && continue
      file="$dir/$codec-$bpp.$(rc_extension "$codec")"
      start=$(now)
      q=$(rc_search "$codec" "$dir/ref.png" "$dir/ref.ppm" "$budget" "$file" "$(rc_guess "$codec" "$bpp")")
      if [ "$q" = none ]; then
        echo "$name,$codec,$bpp,,,,,,,,cannot_reach" > "$row"
        continue
      fi
      search_s=$(since "$start")
      start=$(now) # time one encode at the chosen setting, apart from the search
      rc_encode "$codec" "$q" "$dir/ref.png" "$dir/ref.ppm" "$file"
      enc_s=$(since "$start")
      start=$(now)
      rc_decode "$codec" "$file" "$dir/$codec-$bpp.png"
      dec_s=$(since "$start")
      bytes=$(stat -c %s "$file")
      echo "$name,$codec,$bpp,$(echo "scale=5; $bytes * 8 / $pixels" | bc),$bytes,$q,PSNR,MSSSIM,$enc_s,$dec_s,ok" > "$row.pending"
      pending+=("$dir/$codec-$bpp")
      echo "  $codec $bpp bpp: setting $q, $bytes bytes (search ${search_s} s)" >&2
    done
    # cdraw: one encode, two decodes (prior variance 0 and 1). A stream identical to the one of
    # the previous rate (the same stored steps) reuses its decodes.
    row="$dir/cdraw-$model_id-v${variances[-1]}-$bpp.row"
    if [ -z "${SKIP_CDRAW:-}" ] && [ ! -f "$row" ]; then
      stream="$dir/cdraw-$model_id-$bpp.cdraw"
      start=$(now)
      json=$($cdraw encode "${model_flag[@]}" --force --json --bpp "$bpp" -o "$stream" "$dir/ref.png" 2>/dev/null)
      enc_s=$(since "$start")
      bytes=$(stat -c %s "$stream")
      # t=stored+partial symbols, w the partial step's grid width code, f the filter size (docs/format.md), /T
      steps=$(echo "$json" | sed 's|.*"steps":\([0-9]*\),"partial_symbols":\([0-9]*\),"partial_width_code":\([0-9]*\),"filter_size":\([0-9]*\),"total_steps":\([0-9]*\).*|t=\1+\2w\3f\4/\5|')
      for v in "${variances[@]}"; do
        decoded="$dir/cdraw-$model_id-v$v-$bpp.png"
        earlier="$dir/cdraw-$model_id-v$v-$previous_bpp"
        if [ -n "$previous_bpp" ] && cmp -s "$dir/cdraw-$model_id-$previous_bpp.cdraw" "$stream"; then
          cp "$earlier.png" "$decoded"
          dec_s=$(cut -d, -f10 "$earlier.row.pending")
        else
          start=$(now)
          if [ "$v" = stop ]; then how=(--missing stop); else how=(--variance "$v"); fi
          $cdraw decode "${model_flag[@]}" --force "${how[@]}" -o "$decoded" "$stream" > /dev/null 2>&1
          dec_s=$(since "$start")
        fi
        echo "$name,cdraw-v$v,$bpp,$(echo "scale=5; $bytes * 8 / $pixels" | bc),$bytes,$steps,PSNR,MSSSIM,$enc_s,$dec_s,ok" > "$dir/cdraw-$model_id-v$v-$bpp.row.pending"
        pending+=("$dir/cdraw-$model_id-v$v-$bpp")
      done
      previous_bpp="$bpp" # its rows stay pending (and so readable here) until this image's metrics
      echo "  cdraw $bpp bpp: $steps steps, $bytes bytes" >&2
    fi
  done
  # One metrics run per image for all its new decodes.
  if [ ${#pending[@]} -gt 0 ]; then
    decoded=()
    for p in "${pending[@]}"; do decoded+=("$p.png"); done
    $cdraw metrics --json "$dir/ref.png" "${decoded[@]}" 2>/dev/null | while read -r line; do
      f=$(echo "$line" | sed 's/.*"file":"\([^"]*\)".*/\1/')
      psnr=$(echo "$line" | sed 's/.*"psnr":\([^,]*\),.*/\1/')
      msssim=$(echo "$line" | sed 's/.*"ms_ssim":\([^,]*\),.*/\1/')
      [ "$msssim" = null ] && msssim=
      sed "s/PSNR/$psnr/; s/MSSSIM/$msssim/" "${f%.png}.row.pending" > "${f%.png}.row"
      rm "${f%.png}.row.pending"
    done
  fi
done

if [ -n "${SKIP_CDRAW:-}" ]; then
  echo "reference codecs done (SKIP_CDRAW set: no cdraw rows, no report)" >&2
  exit 0
fi
# results.csv: the rows of the images and codecs of this run (cdraw's of the current model).
{
  echo "image,codec,target_bpp,bpp,bytes,setting,psnr_db,ms_ssim,encode_s,decode_s,status"
  for img in "${files[@]}"; do
    dir="$out/work/$(basename "${img%.*}")"
    for bpp in "${rates[@]}"; do
      for codec in "${codecs[@]}"; do cat "$dir/$codec-$bpp.row"; done
      for v in "${variances[@]}"; do cat "$dir/cdraw-$model_id-v$v-$bpp.row"; done
    done
  done
} > "$out/results.csv"
grid_rates=(${GRID_RATES:-0.1 0.25 0.5})
$cdraw rd-report "$out" --model-id "$model_id" --grid-rates "$(IFS=,; echo "${grid_rates[*]}")" \
  --grid-images "${GRID_IMAGES:-4}"
echo "wrote $out/results.csv, summary.md, rd-psnr.png, rd-ms-ssim.png, grid.png" >&2
