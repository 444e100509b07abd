# Reference codecs for rate-distortion comparisons, sourced by compare-codecs.sh (and its test).
# Every codec is driven by one integer setting Q in [rc_lo, rc_hi] whose file size grows with Q,
# so one binary search finds the largest file not above a byte budget for all of them.
#   jpeg     libjpeg-turbo cjpeg -quality Q -optimize (4:2:0), djpeg
#   jpeg2000 OpenJPEG opj_compress -r 24000/Q: Q/1000 bits per pixel nominal, opj_decompress
#   webp     cwebp -q Q -m 6, dwebp
#   avif     avifenc --min/--max 63-Q (AV1 quantiser), -s 6, 4:2:0, avifdec
#   jxl      cjxl -d (1000-Q)/40 (butteraugli distance 25 down to 0.025), djxl

RC_CODECS=(jpeg jpeg2000 webp avif jxl)

# Installs the reference codecs and ImageMagick from Debian's packages when any is missing.
rc_install() {
  local need=0 tool
  for tool in cjpeg djpeg opj_compress opj_decompress cwebp dwebp avifenc avifdec cjxl djxl bc; do
    command -v "$tool" > /dev/null || need=1
  done
  [ -x /usr/bin/convert ] || need=1
  [ $need = 0 ] && return 0
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing the reference codecs from apt" >&2
  $sudo apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libjpeg-turbo-progs libopenjp2-tools \
    webp libavif-bin libjxl-tools imagemagick bc > /dev/null
}

rc_lo() { case "$1" in jpeg) echo 1 ;; jpeg2000) echo 1 ;; webp) echo 0 ;; avif) echo 0 ;; jxl) echo 0 ;; esac; }
rc_hi() { case "$1" in jpeg) echo 100 ;; jpeg2000) echo 24000 ;; webp) echo 100 ;; avif) echo 63 ;; jxl) echo 999 ;; esac; }
rc_extension() { case "$1" in jpeg) echo jpg ;; jpeg2000) echo jp2 ;; *) echo "$1" ;; esac; }

# rc_encode CODEC Q REF.png REF.ppm OUT: encodes at setting Q (cjpeg reads only PPM here).
rc_encode() {
  local codec="$1" q="$2" png="$3" ppm="$4" out="$5"
  case "$codec" in
    jpeg) cjpeg -quality "$q" -optimize -outfile "$out" "$ppm" 2> /dev/null ;; # "too coarse for baseline" notes
    jpeg2000) opj_compress -i "$png" -o "$out" -r "$(echo "scale=6; 24000 / $q" | bc)" > /dev/null 2>&1 ;;
    webp) cwebp -quiet -q "$q" -m 6 "$png" -o "$out" ;;
    avif) avifenc -j 1 -s 6 -y 420 --min "$((63 - q))" --max "$((63 - q))" "$png" "$out" > /dev/null ;;
    jxl) cjxl --quiet -d "$(echo "scale=3; (1000 - $q) / 40" | bc)" "$png" "$out" > /dev/null 2>&1 ;;
  esac
}

# rc_decode CODEC IN OUT.png: decodes with the codec's own decoder to PNG (via PPM for djpeg).
rc_decode() {
  local codec="$1" in="$2" out="$3"
  case "$codec" in
    jpeg) djpeg -outfile "$out.ppm" "$in" && convert "$out.ppm" "$out" && rm -f "$out.ppm" ;;
    jpeg2000) opj_decompress -i "$in" -o "$out" > /dev/null 2>&1 ;;
    webp) dwebp -quiet "$in" -o "$out" ;;
    avif) avifdec -j 1 "$in" "$out" > /dev/null ;;
    jxl) djxl "$in" "$out" > /dev/null 2>&1 ;;
  esac
}

# rc_guess CODEC BUDGET_BPP: a first setting to try. OpenJPEG's setting is a nominal rate, so it
# starts there; for the others the middle of the range.
rc_guess() {
  case "$1" in
    jpeg2000) echo "scale=0; $2 * 1000 / 1" | bc ;;
    *) echo $((($(rc_lo "$1") + $(rc_hi "$1")) / 2)) ;;
  esac
}

# rc_search CODEC REF.png REF.ppm BUDGET_BYTES OUT [GUESS]: encodes OUT at the largest Q whose
# file is at most BUDGET_BYTES and prints Q, or prints "none" (and leaves OUT absent) when even
# the lowest setting is larger. Sizes are assumed to grow with Q, as they do for these encoders.
# From GUESS (default: mid-range) it gallops outwards with doubling steps until the answer is
# bracketed, then bisects: a good guess needs a handful of encodes.
rc_search() {
  local codec="$1" png="$2" ppm="$3" budget="$4" out="$5"
  local lo hi q step size best=none tmp="${5%.*}.try.${5##*.}"
  lo=$(rc_lo "$codec")
  hi=$(rc_hi "$codec")
  q="${6:-$(((lo + hi) / 2))}"
  [ "$q" -ge "$lo" ] || q=$lo
  [ "$q" -le "$hi" ] || q=$hi
  rm -f "$out"
  fits() { # encodes at $1; keeps the file as the best so far when it fits
    rc_encode "$codec" "$1" "$png" "$ppm" "$tmp"
    size=$(stat -c %s "$tmp")
    if [ "$size" -le "$budget" ]; then
      best=$1
      mv "$tmp" "$out"
      return 0
    fi
    return 1
  }
  step=$((q / 32 + 1))
  if fits "$q"; then # gallop up: the answer is in [q, hi]
    lo=$((q + 1))
    while [ "$lo" -le "$hi" ] && fits $((q + step < hi ? q + step : hi)); do
      q=$((q + step < hi ? q + step : hi))
      lo=$((q + 1))
      step=$((step * 2))
    done
    [ "$lo" -gt "$hi" ] || hi=$(((q + step < hi ? q + step : hi) - 1))
  else # gallop down: the answer is in [lo, q - 1]
    hi=$((q - 1))
    while [ "$hi" -ge "$lo" ]; do
      q=$((q - step > lo ? q - step : lo))
      if fits "$q"; then
        lo=$((q + 1))
        break
      fi
      hi=$((q - 1))
      step=$((step * 2))
    done
  fi
  while [ "$lo" -le "$hi" ]; do
    q=$(((lo + hi) / 2))
    if fits "$q"; then lo=$((q + 1)); else hi=$((q - 1)); fi
  done
  rm -f "$tmp"
  echo "$best"
}
