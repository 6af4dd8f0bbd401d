"""Reading the Pagefind index a build wrote, as a test needs it: the records of shard 0."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"  # what every decompressed Pagefind file starts with


def manifest(site: Path) -> dict:
    return json.loads((site / "pagefind" / "casebook.json").read_text(encoding="utf-8"))


def fragments(site: Path, shard: int = 0) -> list[dict]:
    """Every record of one shard (shard 0 holds every record), as Pagefind stored it."""
    out = []
    for path in sorted((site / "pagefind" / str(shard) / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        out.append(json.loads(data[len(SIGNATURE):]))
    return out


def records_by_url(site: Path) -> dict[str, dict]:
    return {f["url"]: f for f in fragments(site)}
