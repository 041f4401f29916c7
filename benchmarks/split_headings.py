"""The splitter on headings it was not written against: real songs run together as the sites
run them ("LemonKenshi Yonezu"), with no page evidence, with the other headings of a page,
and with a description naming the artist; each with and without the artist lexicon.

    python benchmarks/split_headings.py [--misses]

The headings are ours (fixtures/headings/*.tsv: title, tab, artist), not the dev corpus's.
Without the lexicon the figure says what the scorers alone do on unseen names; with it, what
a name the lexicon knows adds (the lexicon and these lists were written by the same hand, so
that figure is an upper bound). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import parsers.split.evidence as evidence
from parsers.split import Evidence, split_core
from parsers.split.evidence import PageCores

HEADINGS = Path(__file__).resolve().parent.parent / "fixtures" / "headings"


def load(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            title, artist = line.split("\t")
            rows.append((title, artist))
    return rows


def _norm(text: str | None) -> str:
    folded = unicodedata.normalize("NFKC", text or "").replace("’", "'").casefold()
    return " ".join(folded.split())


def _described(artist: str, lang: str) -> str:
    if lang == "ja":
        return f"{artist}さんの楽曲です。今も多くの人に愛されています。"
    return f"A song by {artist} that many people still love. {artist} wrote it in one night."


MODES: dict[str, Callable[[list[str], int, str, str], Evidence]] = {
    "bare": lambda cores, i, artist, lang: Evidence(lang=lang),
    "page": lambda cores, i, artist, lang: Evidence(
        lang=lang,
        description="This song is still loved by many listeners today.",
        page_cores=PageCores(cores[i // 10 * 10 : i // 10 * 10 + 10]),
    ),
    "described": lambda cores, i, artist, lang: Evidence(
        lang=lang, description=_described(artist, lang)
    ),
}


def score(rows: Sequence[tuple[str, str]], lang: str, mode: str) -> tuple[int, list[str]]:
    cores = [t + a for t, a in rows]
    hits, misses = 0, []
    for i, (title, artist) in enumerate(rows):
        s = split_core(cores[i], MODES[mode](cores, i, artist, lang))
        if (_norm(s.title), _norm(s.artist)) == (_norm(title), _norm(artist)):
            hits += 1
        else:
            misses.append(f"{cores[i]!r} -> {s.title!r} | {s.artist!r} ({s.method})")
    return hits, misses


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="print each miss")
    args = ap.parse_args(argv)
    lexicon = evidence._lexicon
    for with_lexicon in (False, True):
        evidence._lexicon = lexicon if with_lexicon else (lambda: frozenset())  # type: ignore[assignment]
        evidence.well_known.cache_clear()
        label = "with lexicon" if with_lexicon else "no lexicon"
        for path in sorted(HEADINGS.glob("*.tsv")):
            rows, lang = load(path), path.stem
            for mode in MODES:
                hits, misses = score(rows, lang, mode)
                print(
                    f"{lang} {label:12} {mode:9} {hits}/{len(rows)} = {100 * hits / len(rows):.1f}%"
                )
                for m in misses if args.misses else ():
                    print("    " + m)
    evidence._lexicon = lexicon  # type: ignore[assignment]


if __name__ == "__main__":
    main()
