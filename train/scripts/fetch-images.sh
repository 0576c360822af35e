#!/bin/bash
# Fetches the still images the pretrained embedder's head is trained on (docs/BENCHMARKS.md, "Trained projection
# head"): Debian packages of wallpapers, artwork and game art, downloaded with apt-get download, unpacked with
# dpkg-deb -x into OUT_DIR/root (give that folder to vcd train embedder --images), their JPEG and PNG images of at
# least MIN_SIDE px a side (128: those the head trains on at 256 px) listed in OUT_DIR/images.tsv with package,
# version and licence. Not needed by the build or the tests. Usage: fetch-images.sh OUT_DIR
set -euo pipefail
OUT=${1:?usage: fetch-images.sh OUT_DIR}
MIN_SIDE=${MIN_SIDE:-128}
# Pictures of many kinds: photographs and paintings (wallpapers), painted portraits and scenes (wesnoth), photographed
# and drawn objects (tuxpaint stamps). (gnome-backgrounds ships WebP, which Java does not read.)
PACKAGES=(
  mate-backgrounds plasma-workspace-wallpapers sway-backgrounds ukui-wallpapers
  lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 debian-edu-artwork-emerald mypaint-data-extras
  wesnoth-1.16-data tuxpaint-stamps-default
)
mkdir -p "$OUT/debs" "$OUT/root"
cd "$OUT/debs"
for p in "${PACKAGES[@]}"; do
  ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download "$p"
done
cd "$OUT"
printf 'file\tpackage\tversion\tlicence\twidth\theight\n' > images.tsv
for p in "${PACKAGES[@]}"; do
  deb=$(ls debs/"${p}"_*.deb)
  v=$(dpkg-deb -f "$deb" Version)
  [ -d "root/$p" ] || dpkg-deb -x "$deb" "root/$p"
  # The licence as the package's copyright file names it (its first License: field), else the file itself.
  c="root/$p/usr/share/doc/$p/copyright"
  l=$( (grep -m1 '^License:' "$c" 2>/dev/null || true) | sed 's/^License: *//')
  [ -n "$l" ] || l="see usr/share/doc/$p/copyright"
  # file exits non-zero on a picture it cannot fully parse; its line is still printed and judged by awk.
  { find "root/$p" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) -print0 | sort -z |
    xargs -0 -r file -N -F $'\t' || true; } |
    awk -F'\t' -v p="$p" -v v="$v" -v l="$l" -v min="$MIN_SIDE" '{
      # The picture size is the description'"'"'s last W x H (a JPEG'"'"'s density comes before it).
      size = ""; rest = $2
      while (match(rest, /[0-9]+ ?x ?[0-9]+/)) { size = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH) }
      if (size != "") {
        split(size, d, / ?x ?/)
        if (d[1] + 0 >= min && d[2] + 0 >= min) printf "%s\t%s\t%s\t%s\t%d\t%d\n", $1, p, v, l, d[1], d[2]
      }
    }' >> images.tsv
done
echo "$(($(wc -l < images.tsv) - 1)) images listed in $OUT/images.tsv" >&2
