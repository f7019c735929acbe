#!/usr/bin/env bash
# Makes gold standards of word forms and lemmas, then runs the stemmer benchmark.
#
#   benches/stemmer/run.sh [TREEBANK.conllu ...]
#
# Always: every word of the example book (Russian) and of the Ukrainian test
# word list (tests/data/words-uk.txt), lemmatized by pymorphy3 (pip install pymorphy3
# pymorphy3-dicts-ru pymorphy3-dicts-uk). Given CoNLL-U files of Universal
# Dependencies treebanks (uk_*.conllu, ru_*.conllu), their content words too.
# The gold standards are written to target/stemmer-gold and never committed.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/stemmer-gold
mkdir -p "$out"
gold=benches/stemmer/gold.py
args=()
if python3 -c 'import pymorphy3' 2>/dev/null; then
  find standards -name '*.md' -o -name '*.yaml' | sort | xargs python3 "$gold" oracle ru > "$out/ru-example-book.tsv"
  python3 "$gold" oracle uk tests/data/words-uk.txt > "$out/uk-word-list.tsv"
  args+=(ru "$out/ru-example-book.tsv" uk "$out/uk-word-list.tsv")
else
  echo "pymorphy3 is not installed: skipping the oracle's gold standards" >&2
fi
for language in uk ru; do
  files=()
  for f in "$@"; do [[ "$(basename "$f")" == ${language}_* ]] && files+=("$f"); done
  if ((${#files[@]})); then
    python3 "$gold" conllu "${files[@]}" > "$out/$language-treebank.tsv"
    args+=("$language" "$out/$language-treebank.tsv")
  fi
done
cargo bench --bench stemmer -- "${args[@]}"
