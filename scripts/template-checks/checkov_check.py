#!/usr/bin/env python3
"""Run checkov (CloudFormation framework) over one template; fail on any failed check.

Checks listed in checkov-skips.txt are passed as --skip-check. checkov runs with
--skip-download (no Prisma Cloud API calls; this machine reaches no such host).
A run that parsed no resources or hit parsing errors also fails, so a template
checkov silently did not understand can't pass.

Usage: checkov_check.py --skips checkov-skips.txt TEMPLATE
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import read_id_reason_file  # noqa: E402


def checkov_exe() -> str:
    exe = Path(sys.executable).parent / "checkov"
    return str(exe) if exe.exists() else "checkov"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skips", required=True)
    ap.add_argument("template")
    args = ap.parse_args()

    skips = read_id_reason_file(args.skips, r"CKV2?_[A-Z0-9]+_\d+")
    template = Path(args.template).resolve()
    n_resources = len(json.loads(template.read_text()).get("Resources") or {})

    cmd = [checkov_exe(), "-f", str(template), "--framework", "cloudformation",
           "--quiet", "--compact", "--skip-download", "-o", "json"]
    if skips:
        cmd += ["--skip-check", ",".join(sorted(skips))]
    print("checkov --framework cloudformation"
          + (f" --skip-check {','.join(sorted(skips))}" if skips else ""))
    # Run from the template's directory so no .checkov.yaml of the caller's cwd applies.
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=template.parent,
                          env={**os.environ, "BC_SKIP_MAPPING": "TRUE"})
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        print(f"FAIL: checkov did not produce JSON (exit {proc.returncode})")
        print(proc.stdout[-4000:], proc.stderr[-4000:], sep="\n")
        return 1
    reports = report if isinstance(report, list) else [report]
    cfn = [r for r in reports if r.get("check_type") == "cloudformation"]
    if not cfn:
        print(f"FAIL: checkov found no CloudFormation resources in {template.name} "
              f"(template has {n_resources}); output: {proc.stdout[:500]}")
        return 1
    summary = cfn[0]["summary"]
    failed = cfn[0]["results"].get("failed_checks", [])
    for f in failed:
        lines = f.get("file_line_range") or ["?", "?"]
        print(f"  {f['check_id']}: {f['check_name']}\n"
              f"      FAILED for {f['resource']} ({template.name}:{lines[0]}-{lines[1]})")
    problems = []
    if failed or summary.get("failed"):
        problems.append(f"{summary.get('failed', len(failed))} failed check(s)")
    if summary.get("parsing_errors"):
        problems.append(f"{summary['parsing_errors']} parsing error(s)")
    if not summary.get("resource_count"):
        problems.append("no resources scanned")
    print(f"passed {summary.get('passed')}, failed {summary.get('failed')}, "
          f"resources scanned {summary.get('resource_count')}/{n_resources}, "
          f"checks skipped by list {len(skips)}, checkov {summary.get('checkov_version')}")
    if proc.returncode not in (0, 1):
        problems.append(f"checkov exited {proc.returncode}: {proc.stderr[-2000:]}")
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
