"""Reading the Pagefind index a build wrote, as a test needs it: its records, from every shard."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.search.text import META_GAP

SIGNATURE = b"pagefind_dcd"  # what every decompressed Pagefind file starts with


def manifest(site: Path) -> dict:
    return json.loads((site / "pagefind" / "casebook.json").read_text(encoding="utf-8"))


def fragments(site: Path, shard: int = 0) -> list[dict]:
    """Every record of one shard as Pagefind stored it (shard 0 also holds stand-ins, without their
    text, of the records of other shards: filters ``indexed: no``)."""
    out = []
    for path in sorted((site / "pagefind" / str(shard) / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        record = json.loads(data[len(SIGNATURE):])
        # Meta values as a reader sees them: without the thin spaces text.stored_meta adds.
        record["meta"] = {k: v.replace(META_GAP, "") if isinstance(v, str) else v for k, v in record["meta"].items()}
        out.append(record)
    return out


def records_by_url(site: Path) -> dict[str, dict]:
    """Every record with its text, from whichever shard holds it."""
    out: dict[str, dict] = {}
    for shard in range(manifest(site)["shards"]):
        for record in fragments(site, shard):
            if record["filters"].get("indexed") == ["yes"]:
                assert record["url"] not in out, record["url"]
                out[record["url"]] = record
    return out


def hash_ordered(path: str) -> bool:
    """Pagefind writes each filter's values in hash-map order, which changes from run to run
    (checked with 1.5.2); the filter files are named by their content, and the index's meta
    file and entry point name those. Every record and the word index itself are stable."""
    return path.startswith("pagefind/") and ("/filter/" in path or path.endswith((".pf_meta", "pagefind-entry.json")))


def stable(files: dict[str, bytes]) -> dict[str, bytes]:
    """A site snapshot without the files whose name or bytes change from build to build."""
    return {path: data for path, data in files.items() if not hash_ordered(path)}
