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
    jpeg2000) opj_decompress -i "$in" -o "$out" > /dev/null ;;
    webp) dwebp -quiet "$in" -o "$out" ;;
    avif) avifdec -j 1 "$in" "$out" > /dev/null ;;
    jxl) djxl "$in" "$out" > /dev/null 2>&1 ;;
  esac
}

# rc_search CODEC REF.png REF.ppm BUDGET_BYTES OUT: encodes OUT at the largest Q whose file is at
# most BUDGET_BYTES and prints Q, or prints "none" (and leaves OUT absent) when even the lowest
# setting is larger. Sizes are assumed to grow with Q, as they do for these encoders.
rc_search() {
  local codec="$1" png="$2" ppm="$3" budget="$4" out="$5"
  local lo hi mid size best=none tmp="${5%.*}.try.${5##*.}"
  lo=$(rc_lo "$codec")
  hi=$(rc_hi "$codec")
  rm -f "$out"
  while [ "$lo" -le "$hi" ]; do
    mid=$(((lo + hi) / 2))
    rc_encode "$codec" "$mid" "$png" "$ppm" "$tmp"
    size=$(stat -c %s "$tmp")
    if [ "$size" -le "$budget" ]; then
      best=$mid
      mv "$tmp" "$out"
      lo=$((mid + 1))
    else
      hi=$((mid - 1))
    fi
  done
  rm -f "$tmp"
  echo "$best"
}
