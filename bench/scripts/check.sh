#!/usr/bin/env bash
# Builds every script edition of this folder and checks it: every word of every
# story in the PDF's extracted text (../shared/tools/lost.py), no Private Use
# Area character in it, no "no font has" warning; writes page 1 of each as PNG.
# Usage: bench/scripts/check.sh [OUT]   (from the repository's root)
set -euo pipefail
out=${1:-/tmp/epaper-scripts}
go build -o "$out/epaper" ./cmd/epaper
for ed in bench/scripts/*/edition.yaml; do
  l=$(basename "$(dirname "$ed")")
  "$out/epaper" build --edition "$ed" --stories "bench/scripts/$l/stories" --date 2023-12-10 --out "$out" -q || test $? = 3
  dir="$out/udhr-$l/2023-12-10"
  words=$(python3 ../shared/tools/lost.py "bench/scripts/$l/stories" "$dir" | tail -1 || true)
  pua=$(pdftotext -enc UTF-8 "$dir/edition.pdf" - | python3 -c 'import sys; print(sum(0xe000 <= ord(c) <= 0xf8ff for c in sys.stdin.read()))')
  nofont=$(grep -c "no font has" "$dir/report.json" || true)
  pages=$(pdfinfo "$dir/edition.pdf" | awk '/^Pages/ {print $2}')
  echo "$l: $pages pages; $words; PUA characters $pua; no-font warnings $nofont"
  pdftoppm -r 60 -png "$dir/edition.pdf" "$out/$l"
done
