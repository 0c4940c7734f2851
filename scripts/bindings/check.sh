#!/usr/bin/env bash
# Run after the jsii packages are in dist/ (npx projen bindings does both).
# Synthesizes the example app in TypeScript (the reference), Python and Java, each against the
# built binding installed in an isolated environment, and fails on any template difference.
# Go: compiles the generated Go module and examples/go against the versions pinned in examples/go/go.mod
# (checksums from the committed go.sum), runs the example, and compares its template with the TypeScript
# app's synthesized on the very npm tarballs the Go modules embed (the same aws-cdk-lib).
# Checks that the .NET sources were generated. Prints "N passed, M failed".
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
compare() {  # compare LANGUAGE [REFERENCE]: LANGUAGE's template against the TypeScript one (or REFERENCE's)
  node scripts/bindings/compare-templates.js "$out/${2:-typescript}/OrdersAnalytics.template.json" "$out/$1/OrdersAnalytics.template.json" "$1"
}

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
  local dir=dist/dotnet/CdkDynamoDbZeroEtl
  test -f "$dir/CdkDynamoDbZeroEtl.csproj" &&
    grep -rq "public class DynamoDbZeroEtlToS3Tables" "$dir" &&
    grep -rq "public class S3TablesTarget" "$dir" &&
    grep -rq "public virtual CdkDynamoDbZeroEtl.DynamoDbZeroEtlIntegration AddTable" "$dir"
}

go_module=github.com/cdk-dynamodb-zero-etl/cdk-dynamodb-zero-etl-go/cdkdynamodbzeroetl
go_cdk_version="$(sed -n 's|^[[:space:]]*github.com/aws/aws-cdk-go/awscdk/v2 => .* v\([0-9.]*\)$|\1|p' examples/go/go.mod)"
go_in_example() {  # go in examples/go: the versions its go.mod pins, the hashes its committed go.sum holds
  # -mod=readonly: never changes go.mod or go.sum, fails on a module go.sum has no hash for
  # (scripts/bindings/go-mod-tidy.sh adds them). Modules go to Go's default module cache.
  (cd examples/go && GOFLAGS='-mod=readonly -buildvcs=false' GOTOOLCHAIN=local go "$@")
}

typescript_on_go_versions() {
  # The TypeScript app with aws-cdk-lib, constructs, this library and their jsii dependencies installed
  # from the npm tarballs that the Go modules in examples/go's build embed, so that both run the same JS.
  local dir="$work/typescript-go" module_dirs module_dir tarball tarballs=()
  module_dirs="$(go_in_example list -deps -f '{{with .Module}}{{.Dir}}{{end}}' . | sort -u)" || return 1
  for module_dir in $module_dirs; do
    for tarball in "$module_dir"/jsii/*.tgz; do [[ -f "$tarball" ]] && tarballs+=("$tarball"); done
  done
  echo "   TypeScript on the npm tarballs in the Go modules: ${tarballs[*]##*/}"
  # The same sources as the reference run, with ../../src being the installed package instead of src/.
  rm -rf "$dir" && mkdir -p "$dir/src" "$dir/examples/typescript" "$dir/scripts/bindings" &&
    echo '{ "private": true }' > "$dir/package.json" &&
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "${tarballs[@]}" &&
    cp examples/typescript/app.ts examples/typescript/summary.ts "$dir/examples/typescript/" &&
    cp scripts/bindings/synth-typescript.ts "$dir/scripts/bindings/" &&
    echo "export * from 'cdk-dynamodb-zero-etl';" > "$dir/src/index.ts" &&
    npx ts-node -P test/tsconfig.json --transpile-only "$dir/scripts/bindings/synth-typescript.ts" "$out/typescript-go"
}

go_binding() {
  command -v go >/dev/null || { echo "   go is not on PATH"; return 1; }
  # What jsii-pacmak's own build does (go build ./... in the generated module), against the pinned
  # versions; then the example app, built and run; then the reference on the same aws-cdk-lib.
  mkdir -p "$work/go" &&
    go_in_example build "$go_module/..." &&
    go_in_example build -o "$work/go/orders-analytics" . || return 1
  # Its stderr (aws-cdk-lib's deprecation warnings, at times jsii-runtime-go's harmless "Runtime process
  # exited abnormally: waitid: no child processes" after the app's clean exit) is kept in .bindings/go.
  if ! "$work/go/orders-analytics" "$out/go" 2> "$work/go/synth.log"; then cat "$work/go/synth.log"; return 1; fi
  typescript_on_go_versions &&
    compare go typescript-go || return 1
  # Not counted: whether the TypeScript template differs between the two aws-cdk-lib versions.
  local differences
  if ! differences="$(node scripts/bindings/compare-templates.js "$out/typescript/OrdersAnalytics.template.json" \
    "$out/typescript-go/OrdersAnalytics.template.json" "aws-cdk-lib $go_cdk_version" 2>&1)"; then
    echo "   note, not counted: TypeScript on aws-cdk-lib $cdk_version (reference above) and on $go_cdk_version (reference for Go) differ:"
    echo "$differences" | cut -c1-240 | sed 's/^/     /'
  fi
}

step "TypeScript (reference)" typescript
step "Python (wheel in a venv, aws-cdk-lib $cdk_version from PyPI)" python_binding
step "Java (jar from dist/java, aws-cdk-lib $cdk_version from Maven Central)" java_binding
step ".NET (generated sources)" dotnet_sources
step "Go (generated module and examples/go compiled and run, aws-cdk-go $go_cdk_version)" go_binding
rm -rf "$out"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
