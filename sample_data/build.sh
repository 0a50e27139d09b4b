#!/usr/bin/env bash
# Build sample_data/dt342.tl342 from the sample files, by the CLI — the same commands a user runs.
#   sample_data/build.sh [TL342 command, default: the venv's tl342]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tl342="${1:-$here/../.venv/bin/tl342}"
out="$here/dt342.tl342"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
p="$tmp/dt342.tl342"
# the 2022 campaign ran under the Land Law 2013 (posting >= 20 days)
"$tl342" init "$p" --regime land_law_2013 --name "Cải tạo, nâng cấp ĐT342 đoạn qua huyện Ba Chẽ (Km37+500 – Km60+300)"
"$tl342" import route "$p" "$here/route.geojson" --stakes "$here/stakes.csv" --equations "$here/equations.csv"
"$tl342" import communes "$p" "$here/communes.geojson"
"$tl342" import boundary "$p" "$here/clearance_boundary.geojson"
"$tl342" import parcels "$p" "$here/parcels.shp"
"$tl342" import households "$p" "$here/ho_gia_dinh.xlsx"
"$tl342" import events "$p" "$here/events.csv"
start=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["start"])' "$here/campaign.json")
name=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["name"])' "$here/campaign.json")
"$tl342" campaign "$p" --start "$start" --length 30 --target 15 --name "$name" --date "$start" >/dev/null
# one self-contained file: fold the WAL in before copying
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("pragma wal_checkpoint(TRUNCATE)"); c.execute("pragma journal_mode=DELETE"); c.execute("vacuum"); c.close()' "$p"
mv "$p" "$out"
"$tl342" summary "$out" --date 2022-11-21 --json
