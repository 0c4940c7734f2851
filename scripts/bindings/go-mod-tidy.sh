#!/usr/bin/env bash
# Rewrites examples/go/go.mod's require lines and examples/go/go.sum for the pinned versions (the replace
# directives in go.mod), after a change there or in what the generated Go module requires (a new jsii-pacmak
# or aws-cdk-lib). Run it after `npx projen package:go`, review the diff and commit both files.
#
# This is the only step that may add checksums: the bindings check (check.sh) runs go with -mod=readonly,
# so it downloads exactly what go.mod names and fails on any module whose hash the committed go.sum lacks.
# New hashes are verified against the Go checksum database, which go reaches through the module proxy.
# Where that database cannot be reached, skip the lookups for the modules that need them, e.g.
#   GONOSUMDB=github.com/aws,github.com/cdklabs bash scripts/bindings/go-mod-tidy.sh
# (or GOSUMDB=off for every module), and check the new go.sum lines by other means before committing.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ ! -f "$repo/dist/go/cdkdynamodbzeroetl/go.mod" ]]; then
  echo "dist/go/cdkdynamodbzeroetl is missing: run npx projen compile && npx projen package:go first" >&2
  exit 1
fi
cd "$repo/examples/go"
# -mod=mod lets tidy change go.mod and go.sum; GOTOOLCHAIN=local never downloads another Go toolchain.
GOFLAGS='-mod=mod -buildvcs=false' GOTOOLCHAIN=local go mod tidy
git -C "$repo" diff --stat -- examples/go/go.mod examples/go/go.sum
