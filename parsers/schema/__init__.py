"""The JSON Schema of a song record, shipped with the package."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("song.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
