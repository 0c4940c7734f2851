#!/usr/bin/env bash
# Builds nothing itself: run after the jsii packages are in dist/ (npx projen bindings does both).
# Synthesizes the example app in TypeScript (the reference), Python and Java, each against the
# built binding installed in an isolated environment, and fails on any template difference.
# Checks that the .NET and Go sources were generated. Prints "N passed, M failed".
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
work="$repo/.bindings"
out="$(mktemp -d)"
cdk_version="$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")"
passed=0
failed=0
step() {  # step NAME COMMAND...: runs and times one language step
  local name=$1 start=$SECONDS
  shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); echo "   $name: ok in $((SECONDS - start))s"
  else failed=$((failed + 1)); echo "   $name: FAILED after $((SECONDS - start))s"; fi
}
compare() { node scripts/bindings/compare-templates.js "$out/typescript/OrdersAnalytics.template.json" "$out/$1/OrdersAnalytics.template.json" "$1"; }

typescript() { npx ts-node -P test/tsconfig.json --transpile-only scripts/bindings/synth-typescript.ts "$out/typescript"; }

python_binding() {
  python3 -m venv "$work/python"
  "$work/python/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps dist/python/*.whl
  "$work/python/bin/pip" install --quiet --disable-pip-version-check dist/python/*.whl "aws-cdk-lib==$cdk_version"
  "$work/python/bin/python" examples/python/app.py "$out/python"
  compare python
}

java_binding() {
  # A Maven repository of its own, so that the binding jar is always the one just built.
  mvn -q -B -f examples/java/pom.xml -Dmaven.repo.local="$work/m2" -Dcdk.version="$cdk_version" \
    -U compile exec:java -Dexec.args="$out/java"
  compare java
}

dotnet_sources() {
  # No .NET SDK here: the sources are generated (jsii-pacmak --code-only) and checked, not compiled.
  local dir=dist/dotnet/DynamoDbZeroEtl.S3Tables
  test -f "$dir/DynamoDbZeroEtl.S3Tables.csproj" &&
    grep -rq "public class DynamoDbZeroEtlToS3Tables" "$dir" &&
    grep -rq "public virtual Amazon.CDK.AWS.Glue.CfnIntegration AddTable" "$dir"
}

go_sources() {
  # The module proxy here refuses a module aws-cdk-go depends on, so the Go module is generated, not built.
  local dir=dist/go/dynamodbzeroetls3tables
  test -f "$dir/go.mod" && grep -q "func NewDynamoDbZeroEtlToS3Tables" "$dir"/*.go
}

step "TypeScript (reference)" typescript
step "Python (wheel in a venv, aws-cdk-lib $cdk_version from PyPI)" python_binding
step "Java (jar from dist/java, aws-cdk-lib $cdk_version from Maven Central)" java_binding
step ".NET (generated sources)" dotnet_sources
step "Go (generated module)" go_sources
rm -rf "$out"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
