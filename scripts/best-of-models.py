#!/usr/bin/env python3
"""What `cdraw encode --pick-model` gives on a benchmark, from compare-codecs.sh runs of each model.

Usage: scripts/best-of-models.py NAME=RESULTS.csv... (a model name and its run's results.csv, per
model; the same images and rates)

--pick-model keeps, per image and target rate, the model whose prior-mean reconstruction (the
cdraw-v0 row) has the highest PSNR. Prints a Markdown table of the mean PSNR and MS-SSIM of that
choice per target rate and how often each model was chosen.
"""
import collections
import csv
import sys


def main(paths):
    if len(paths) < 2:
        sys.exit(__doc__)
    best = {}  # (image, rate) -> (psnr, ms_ssim, model)
    for arg in paths:
        model, _, path = arg.partition("=")
        for row in csv.DictReader(open(path)):
            if row["codec"] != "cdraw-v0" or row["status"] != "ok":
                continue
            key = (row["image"], row["target_bpp"])
            psnr = float(row["psnr_db"])
            if key not in best or psnr > best[key][0]:
                best[key] = (psnr, float(row["ms_ssim"]), model)
    by_rate = collections.defaultdict(list)
    for (image, rate), choice in best.items():
        by_rate[rate].append(choice)
    print("| target bpp | images | mean PSNR dB | mean MS-SSIM | chosen |")
    print("|---|---|---|---|---|")
    for rate in sorted(by_rate, key=float):
        choices = by_rate[rate]
        counts = collections.Counter(c[2] for c in choices)
        chosen = ", ".join(f"{m} {n}" for m, n in counts.most_common())
        print(f"| {rate} | {len(choices)} | {sum(c[0] for c in choices) / len(choices):.2f} | "
              f"{sum(c[1] for c in choices) / len(choices):.4f} | {chosen} |")


if __name__ == "__main__":
    main(sys.argv[1:])
