#!/usr/bin/env bash
# Full cold builds of the same real pages by standbook, Hugo and mdBook, side
# by side in one hyperfine run, with peak memory and output size.
#
#   benches/peers.sh SRC NAME [SIZES] [SHAPES] [RUNS]
#
# SRC is a folder of Markdown pages (a public handbook), NAME labels the rows;
# SIZES (default "1000 5000") and SHAPES (default "flat chapters") choose the
# books (see examples/peer_books.rs). Needs hugo (Debian's `hugo`), mdbook
# (`cargo install mdbook --locked`), hyperfine and GNU time. Prints one
# Markdown table row per book; the times are hyperfine's mean ± σ. mdBook
# takes a minute per build at 5,000 pages: PEERS_MDBOOK_MAX=1000 leaves it
# out of larger books.
set -euo pipefail

src=${1:?usage: benches/peers.sh SRC NAME [SIZES] [SHAPES] [RUNS]}
name=${2:?usage: benches/peers.sh SRC NAME [SIZES] [SHAPES] [RUNS]}
sizes=${3:-1000 5000}
shapes=${4:-flat chapters}
runs=${5:-5}
for tool in hugo mdbook hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "peers.sh: $tool is missing" >&2; exit 2; }
done

root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin standbook --example peer_books
standbook="$root/target/release/standbook"
work=${PEERS_DIR:-$(mktemp -d)}

# Peak resident memory of one build, in MB.
peak() { /usr/bin/time -f %M "$@" >/dev/null 2>/tmp/peers-time.$$ || true; echo $(( $(tail -1 /tmp/peers-time.$$) / 1024 )); }
# Size of a folder, in MB.
size() { echo $(( $(du -sb "$1" | cut -f1) / 1000000 )); }

echo "| pages | standbook | Hugo | mdBook | standbook / Hugo: time, output, memory |"
echo "|---|---|---|---|---|"
for n in $sizes; do
  for shape in $shapes; do
    dir="$work/$name-$n-$shape"
    "$root/target/release/examples/peer_books" "$src" "$n" "$shape" "$dir" >/dev/null
    sb="$standbook build --book $dir/standbook --out $dir/out-standbook -q"
    hu="hugo --quiet -s $dir/hugo -d $dir/out-hugo"
    md="mdbook build $dir/mdbook -d $dir/out-mdbook"
    with_mdbook=$(( n <= ${PEERS_MDBOOK_MAX:-1000000} ))
    commands=(-n standbook "$sb" -n hugo "$hu")
    [ "$with_mdbook" = 1 ] && commands+=(-n mdbook "$md")
    hyperfine --style none --warmup 1 --runs "$runs" \
      --prepare "rm -rf $dir/out-standbook $dir/out-hugo $dir/out-mdbook" \
      "${commands[@]}" --export-json "$dir/times.json" >/dev/null 2>&1
    mem_sb=$(peak $sb); mem_hu=$(peak $hu); mem_md=0; out_md=0
    out_sb=$(size "$dir/out-standbook"); out_hu=$(size "$dir/out-hugo")
    if [ "$with_mdbook" = 1 ]; then mem_md=$(peak $md); out_md=$(size "$dir/out-mdbook"); fi
    python3 - "$dir/times.json" "$name, $n pages, $shape" "$out_sb" "$out_hu" "$out_md" "$mem_sb" "$mem_hu" "$mem_md" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
label = sys.argv[2]
out = dict(zip(["standbook", "hugo", "mdbook"], map(int, sys.argv[3:6])))
mem = dict(zip(["standbook", "hugo", "mdbook"], map(int, sys.argv[6:9])))
def cell(tool):
    if tool not in results:
        return "—"
    r = results[tool]
    return f"{r['mean']:.2f} ± {r['stddev']:.2f} s, {out[tool]} MB, {mem[tool]} MB peak"
ratio = lambda a, b: a / b if b else float("nan")
t = ratio(results["standbook"]["mean"], results["hugo"]["mean"])
print(f"| {label} | {cell('standbook')} | {cell('hugo')} | {cell('mdbook')} | "
      f"{t:.2f}× time, {ratio(out['standbook'], out['hugo']):.2f}× output, {ratio(mem['standbook'], mem['hugo']):.2f}× memory |")
EOF
  done
done
rm -f /tmp/peers-time.$$
