#!/bin/sh
# latex-route.sh DIR: the LaTeX route to an e-paper, as bench/README.md
# compares it with epaper: pdflatex sets DIR/peer.tex (made by
# ../shared/tools/peer_latex.py --photos), then poppler's pdftoppm makes
# 1600 px page images and 300 px thumbnails, JPEG at epaper's quality (82).
set -e
cd "$1"
pdflatex -interaction=batchmode -halt-on-error peer.tex >/dev/null
rm -rf img && mkdir img
pdftoppm -jpeg -jpegopt quality=82 -scale-to-x 1600 -scale-to-y -1 peer.pdf img/page
pdftoppm -jpeg -jpegopt quality=82 -scale-to-x 300 -scale-to-y -1 peer.pdf img/thumb
