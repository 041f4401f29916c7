"""One song across editions: the song identity the analysis commands work with.

A run of both editions (`songlists crawl --lang en,ja`) holds each song twice, once with the
English edition's translated names and once with the Japanese original's, under two
`song_id`s. Linking (parsers/editions/link.py, docs/editions.md) gives each English record `original`
and keys its `song_id` on the original names, so both editions share one `song_id`.

`apply_identity` does that for a run read by `report`, `songs` and `export`, in this order:

1. the input is already linked (its English records carry `original`): used as it is;
2. the crawl's linked copy lies beside the run (`<run-id>.linked.jsonl`, also through
   `latest.jsonl`) and holds the same entries: its records are used;
3. otherwise the run is linked here, on the fly, with the same code `songlists link` runs.

A run of one edition needs no linking. `Identity.note` says which was done; every command
prints it on stderr and the report shows it.
"""

from __future__ import annotations

from pathlib import Path

from scraper.analysis.load import (
    EDITIONS_APART,
    LINKED,
    LINKED_FILE,
    ON_THE_FLY,
    ONE_EDITION,
    Identity,
    RecordDict,
    Run,
    read_run,
)
from scraper.errors import RunFileError

__all__ = ["EDITIONS_APART", "LINKED", "LINKED_FILE", "ON_THE_FLY", "ONE_EDITION", "Identity"]


def langs(records: list[RecordDict]) -> set[str]:
    return {str((r.get("article") or {}).get("lang")) for r in records}


def _is_linked(records: list[RecordDict]) -> bool:
    return any("original" in r for r in records if (r.get("article") or {}).get("lang") == "en")


def _counts(records: list[RecordDict]) -> tuple[int, int]:
    english = [r for r in records if (r.get("article") or {}).get("lang") == "en"]
    return sum(1 for r in english if r.get("original")), len(english)


def linked_sibling(path: Path) -> Path | None:
    """`<run-id>.linked.jsonl` beside a run's JSONL (the link followed), when it exists."""
    real = path.resolve()
    name = real.name
    if name.endswith(".linked.jsonl"):
        return None
    candidate = real.with_name(name.removesuffix(".jsonl") + ".linked.jsonl")
    return candidate if candidate.is_file() else None


def apply_identity(run: Run, link: bool = True) -> Identity:
    """Give `run` linked identity where it has both editions (replaces `run.records`: the same
    entries in the same order, English ones with `original`); sets and returns `run.identity`."""
    run.identity = _identify(run, link)
    return run.identity


def _identify(run: Run, link: bool) -> Identity:
    found = langs(run.records)
    if _is_linked(run.records):
        linked, english = _counts(run.records)
        return Identity(
            LINKED,
            f"linked input: {linked} of {english} English entries carry their Japanese original",
            linked,
            english,
        )
    if not {"en", "ja"} <= found:
        editions = ", ".join(sorted(found))
        return Identity(ONE_EDITION, f"one edition ({editions}): no linking needed")
    if not link:
        return Identity(
            EDITIONS_APART,
            "editions kept apart (--no-link): English and Japanese entries of a song are two songs",
        )
    sibling = linked_sibling(run.path)
    if sibling is not None:
        try:
            copy = read_run(sibling)
        except RunFileError:
            copy = None
        same = copy is not None and [r.get("entry_id") for r in copy.records] == [
            r.get("entry_id") for r in run.records
        ]
        if copy is not None and same and not copy.problems:
            run.records = copy.records
            linked, english = _counts(run.records)
            return Identity(
                LINKED_FILE,
                f"read the linked file {sibling}: {linked} of {english} English entries "
                "linked to their Japanese originals",
                linked,
                english,
            )
    from scraper.run.link import link as link_records

    records, _ = link_records(run.records, run.records)
    run.records = records
    linked, english = _counts(records)
    return Identity(
        ON_THE_FLY,
        f"linked on the fly (no linked file beside the run): {linked} of {english} English "
        "entries linked to their Japanese originals",
        linked,
        english,
    )


def unify_english_names(runs: list[Run]) -> int:
    """An English entry left unlinked (its article has no Japanese entry for it: a song
    repeated in another article, a page whose Japanese edition failed) takes the `song_id` of
    linked English entries of the same English names, when those all point to one original.
    Across all the given runs; returns the number of entries changed."""
    from parsers.page import song_id

    targets: dict[str, set[str]] = {}
    for run in runs:
        for r in run.records:
            if (r.get("article") or {}).get("lang") == "en" and r.get("original"):
                own = song_id(r.get("artist"), str(r.get("title", "")))
                targets.setdefault(own, set()).add(str(r["song_id"]))
    changed = 0
    for run in runs:
        records = []
        for r in run.records:
            english = (r.get("article") or {}).get("lang") == "en"
            target = (
                targets.get(str(r.get("song_id"))) if english and not r.get("original") else None
            )
            if target is not None and len(target) == 1:
                r = {**r, "song_id": next(iter(target))}
                changed += 1
            records.append(r)
        run.records = records
    return changed
