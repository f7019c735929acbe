#!/usr/bin/env python3
"""Makes a gold standard of word forms and their lemmas for the stemmer benchmark.

    gold.py conllu FILE.conllu...        forms of content words with the treebank's lemma
    gold.py oracle uk|ru FILE...         every word of the given texts, lemmatized by pymorphy3

Prints `form<TAB>lemma` lines, one per distinct lowercased form (a form with
several lemmas keeps its most frequent one). Content words are nouns, proper
nouns, adjectives, verbs and adverbs; only words of Cyrillic letters (with an
inner hyphen or apostrophe) are kept. Nothing here is committed: treebanks and
pymorphy3's dictionaries keep their own licences, so the benchmark makes its
gold standard where it runs.
"""
import collections
import re
import sys

CONTENT = {"NOUN", "PROPN", "ADJ", "VERB", "ADV"}
WORD = re.compile(r"^[а-яёіїєґ]+(?:['’ʼ-][а-яёіїєґ]+)*$")


def normal(word):
    return word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


def from_treebanks(paths):
    counts = collections.defaultdict(collections.Counter)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) != 10 or not cols[0].isdigit() or cols[3] not in CONTENT:
                    continue
                form, lemma = normal(cols[1]), normal(cols[2])
                if WORD.match(form) and WORD.match(lemma):
                    counts[form][lemma] += 1
    return {form: c.most_common(1)[0][0] for form, c in counts.items()}


def from_oracle(lang, paths):
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer(lang=lang)
    gold = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for word in re.findall(r"[А-Яа-яЁёІіЇїЄєҐґ'’ʼ-]+", f.read()):
                form = normal(word.strip("-'"))
                if WORD.match(form) and form not in gold:
                    gold[form] = normal(morph.parse(form)[0].normal_form)
    return gold


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("conllu", "oracle"):
        sys.exit(__doc__)
    if sys.argv[1] == "conllu":
        gold = from_treebanks(sys.argv[2:])
    else:
        gold = from_oracle(sys.argv[2], sys.argv[3:])
    for form in sorted(gold):
        print(f"{form}\t{gold[form]}")


if __name__ == "__main__":
    main()
