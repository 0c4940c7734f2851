#!/usr/bin/env python3
"""Run cfn-lint over one synthesized template; fail on any error or warning.

The region comes from the file name (`*.<region>.template.json`, else us-east-1)
and is passed as `--regions`. Rules listed in cfn-lint-ignores.txt are passed as
`--ignore-checks`.

One narrowly scoped allowance is built in (see REGION_DATA_GAPS): in the China and
GovCloud partitions cfn-lint's regional resource-type data does not list the Glue
zero-ETL resource types, so E3006 fires for them there. E3006 is NOT ignored for
these templates: cfn-lint runs with it on, and each E3006 finding is accepted only
if it names exactly one of those resource types (checked against the template's own
`Type`, not just the message) in such a region. Every other finding fails.

Usage: cfn_lint_check.py --ignores cfn-lint-ignores.txt TEMPLATE
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import read_id_reason_file, region_for  # noqa: E402

# rule -> (region prefixes, resource types it may name there)
REGION_DATA_GAPS = {
    "E3006": (
        ("cn-", "us-gov-"),
        {"AWS::Glue::Integration", "AWS::Glue::IntegrationResourceProperty"},
    ),
}


def cfn_lint_exe() -> str:
    exe = Path(sys.executable).parent / "cfn-lint"
    return str(exe) if exe.exists() else "cfn-lint"


def allowed_gap(finding: dict, region: str, resources: dict) -> bool:
    rule = finding.get("Rule", {}).get("Id")
    if rule not in REGION_DATA_GAPS:
        return False
    prefixes, types = REGION_DATA_GAPS[rule]
    if not region.startswith(prefixes):
        return False
    path = finding.get("Location", {}).get("Path") or []
    if len(path) != 3 or path[0] != "Resources" or path[2] != "Type":
        return False
    res_type = (resources.get(path[1]) or {}).get("Type")
    return res_type in types and f"'{res_type}'" in finding.get("Message", "")


def aws_cdk_lambda_role_dependency(finding: dict, resources: dict) -> bool:
    """W3005 on a Lambda function's DependsOn on the very role its Properties.Role GetAtts: aws-cdk-lib's
    lambda.Function and core CustomResourceProvider emit it for every function (aws/aws-cdk#24578).
    Any other redundant DependsOn, such as one the construct adds, still fails."""
    path = finding.get("Location", {}).get("Path") or []
    if finding.get("Rule", {}).get("Id") != "W3005" or len(path) != 4 or path[0] != "Resources" or path[2] != "DependsOn":
        return False
    function = resources.get(path[1]) or {}
    if function.get("Type") != "AWS::Lambda::Function":
        return False
    depends_on = function.get("DependsOn")
    dependency = (depends_on if isinstance(depends_on, list) else [depends_on])[path[3]]
    return (function.get("Properties") or {}).get("Role") == {"Fn::GetAtt": [dependency, "Arn"]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ignores", required=True)
    ap.add_argument("template")
    args = ap.parse_args()

    ignores = read_id_reason_file(args.ignores, r"[EWI]\d{4}")
    region = region_for(args.template)
    template = json.loads(Path(args.template).read_text())
    resources = template.get("Resources") or {}

    cmd = [cfn_lint_exe(), "--format", "json", "--regions", region]
    if ignores:
        cmd += ["--ignore-checks", *sorted(ignores)]
    cmd += ["--", args.template]
    print(f"cfn-lint --regions {region}"
          + (f" --ignore-checks {' '.join(sorted(ignores))}" if ignores else ""))
    proc = subprocess.run(cmd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    try:
        findings = json.loads(proc.stdout) if proc.stdout.strip() else []
    except json.JSONDecodeError:
        print(f"FAIL: cfn-lint did not produce JSON (exit {proc.returncode})")
        print(proc.stdout[-4000:], proc.stderr[-4000:], sep="\n")
        return 1
    if proc.returncode not in (0, 2, 4, 6, 8, 10, 12, 14):
        # cfn-lint exit codes are a bitmask of error(2)/warning(4)/info(8);
        # anything else (e.g. 1, 32) means it failed to run properly.
        print(f"FAIL: cfn-lint exited {proc.returncode}\n{proc.stderr[-4000:]}")
        return 1

    problems, accepted = [], []
    for f in findings:
        loc = f.get("Location", {}).get("Start", {})
        line = (f"{Path(f.get('Filename', args.template)).name}:{loc.get('LineNumber')}:"
                f"{loc.get('ColumnNumber')}: {f['Rule']['Id']} [{f.get('Level')}] {f.get('Message')}")
        if allowed_gap(f, region, resources):
            accepted.append(f"(regional data gap, see cfn-lint-ignores.txt): {line}")
        elif aws_cdk_lambda_role_dependency(f, resources):
            accepted.append(f"(aws-cdk-lib's Lambda role dependency, see cfn-lint-ignores.txt): {line}")
        else:
            problems.append(line)

    for line in accepted:
        print(f"  accepted {line}")
    for line in problems:
        print(f"  {line}")
    if problems:
        print(f"FAIL: {len(problems)} cfn-lint finding(s)")
        return 1
    print(f"OK: 0 findings ({len(accepted)} accepted)" if accepted else "OK: 0 findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
