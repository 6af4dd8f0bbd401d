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


def hash_ordered(path: str) -> bool:
    """Pagefind writes each filter's values in hash-map order, which changes from run to run
    (checked with 1.5.2); the filter files are named by their content, and the index's meta
    file and entry point name those. Every record and the word index itself are stable."""
    return path.startswith("pagefind/") and ("/filter/" in path or path.endswith((".pf_meta", "pagefind-entry.json")))


def stable(files: dict[str, bytes]) -> dict[str, bytes]:
    """A site snapshot without the files whose name or bytes change from build to build."""
    return {path: data for path, data in files.items() if not hash_ordered(path)}
