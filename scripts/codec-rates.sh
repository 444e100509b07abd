#!/usr/bin/env bash
# Encodes every image of a folder at each target bpp with cdraw, decodes it (prior variance 0),
# and writes a CSV and a Markdown table of steps, the three rates, PSNR and times.
# Usage: scripts/codec-rates.sh [IMAGE_DIR] [OUT_DIR] [BPP...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
images="${1:-$root/../shared/data/mcmaster}"
out="${2:-$root/runs/codec-rates}"
shift $(( $# > 2 ? 2 : $# )) || true
rates=("${@:-0.1 0.25 0.5}")
rates=(${rates[*]})
mkdir -p "$out"
cdraw="${CDRAW:-$root/cdraw}"   # the command to run; CDRAW overrides (e.g. a frozen build)
csv="$out/rates.csv"
echo "image,target_bpp,bpp,steps,total_steps,model_rate_bits,ideal_bits,payload_bits,file_bits,coder_overhead_pct,psnr_db,encode_s,decode_s" > "$csv"
for img in "$images"/*.png; do
  name=$(basename "$img" .png)
  for bpp in "${rates[@]}"; do
    stream="$out/$name-$bpp.cdraw"
    json=$($cdraw encode --force --json --bpp "$bpp" -o "$stream" "$img" 2>/dev/null)
    start=$(date +%s.%N)
    $cdraw decode --force -o "$out/$name-$bpp.png" "$stream" >/dev/null 2>&1
    dec=$(echo "$(date +%s.%N) - $start" | bc)
    psnr=$($cdraw metrics --json "$img" "$out/$name-$bpp.png" 2>/dev/null | sed 's/.*"psnr":\([0-9.]*\).*/\1/')
    echo "$json" | python3 -c "
import json,sys
j=json.loads(sys.stdin.read()); ideal=j['ideal_bits']
over=100*(j['payload_bits']-ideal)/ideal if ideal>0 else 0
print(','.join(str(x) for x in ['$name',$bpp,round(j['bpp'],5),j['steps'],j['total_steps'],round(j['model_rate_bits']),round(ideal),j['payload_bits'],j['file_bits'],round(over,3),'$psnr',round(j['seconds'],2),round($dec,2)]))" >> "$csv"
  done
done
python3 - "$csv" > "$out/summary.md" <<'PY'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1])))
by = collections.defaultdict(list)
for r in rows: by[r['target_bpp']].append(r)
print('| target bpp | images | mean bpp | mean steps | model rate bits | ideal bits | coded payload bits | coder overhead | PSNR dB | encode s | decode s |')
print('|---|---|---|---|---|---|---|---|---|---|---|')
for t in sorted(by, key=float):
    rs = by[t]; m = lambda k: sum(float(r[k]) for r in rs) / len(rs)
    print(f"| {t} | {len(rs)} | {m('bpp'):.4f} | {m('steps'):.2f} | {m('model_rate_bits'):.0f} | {m('ideal_bits'):.0f} | {m('payload_bits'):.0f} | {100*(sum(float(r['payload_bits']) for r in rs)/sum(float(r['ideal_bits']) for r in rs)-1):+.3f}% | {m('psnr_db'):.2f} | {m('encode_s'):.2f} | {m('decode_s'):.2f} |")
PY
cat "$out/summary.md"
