"""Page structure: HTML or text -> one block stream (blocks) -> article, sections, entries
(segment)."""
