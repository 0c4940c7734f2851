"""Helpers shared by the template-check scripts (standard library only)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

DEFAULT_REGION = "us-east-1"

# `Stack.us-gov-west-1.template.json`, `Stack.cn-north-1.template.json`, ...
_REGION_IN_NAME = re.compile(
    r"\.((?:[a-z]{2}(?:-gov|-iso[a-z]?)?)-[a-z]+-\d+)\.template\.json$"
)


def region_for(template: str | Path) -> str:
    """Region encoded in the file name (`*.<region>.template.json`), else us-east-1."""
    m = _REGION_IN_NAME.search(Path(template).name)
    return m.group(1) if m else DEFAULT_REGION


def partition_for(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    if region.startswith("us-iso-"):
        return "aws-iso"
    if region.startswith("eu-isoe-"):
        return "aws-iso-e"
    return "aws"


def url_suffix_for(region: str) -> str:
    return "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"


def read_id_reason_file(path: str | Path, id_pattern: str) -> dict[str, str]:
    """Parse `ID  reason` lines ('#' comments and blank lines ignored).

    Every entry must match id_pattern and carry a non-empty reason; anything else
    is a configuration error (exit 2), so an unexplained ignore cannot slip in.
    """
    entries: dict[str, str] = {}
    errors = []
    for lineno, raw in enumerate(Path(path).read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        ident = parts[0]
        reason = parts[1].strip() if len(parts) > 1 else ""
        if not re.fullmatch(id_pattern, ident):
            errors.append(f"{path}:{lineno}: '{ident}' is not a valid id")
        elif not reason:
            errors.append(f"{path}:{lineno}: '{ident}' has no reason")
        elif ident in entries:
            errors.append(f"{path}:{lineno}: '{ident}' listed twice")
        else:
            entries[ident] = reason
    if errors:
        for e in errors:
            print(f"config error: {e}", file=sys.stderr)
        sys.exit(2)
    return entries
