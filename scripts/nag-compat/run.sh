#!/usr/bin/env bash
# cdk-nag compatibility: the library as users install it (npm pack of the compiled library) in a small
# CDK app with cdk-nag's AwsSolutions pack, once per cdk-nag major, each with an aws-cdk-lib it supports.
#
#   bash scripts/nag-compat/run.sh
#
# Needs the compiled library and the handler bundle (npx projen compile, npx projen bundle); the
# `nag:compat` task runs after them in `npx projen test`. Each combination is installed, with exact
# versions, under <repo>/.nag-compat/<combination>/ (git-ignored) and reinstalled only when its pins or
# the Node.js version change; the library's tarball is installed into each on every run. app.js holds
# the app and what each case expects. Ends with one line "nag-compat: N passed, M failed"
# (combinations x cases); exit 1 if M > 0, exit 2 on a setup error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="$repo/.nag-compat"
start_all=$SECONDS

# Each line: the exact versions of one user app.
#  - cdk-nag 2.38.2 as an Aspect (peer aws-cdk-lib ^2.176.0), on aws-cdk-lib 2.227.0, the oldest this
#    library supports (its peer range starts there).
#  - cdk-nag 3.0.2 as a validation plugin. Its peer range says aws-cdk-lib ^2.257.0, but its plugin
#    entry point needs the construct tree on the validation context, which aws-cdk-lib passes from
#    2.258.0 (core/lib/private/synthesis*.js: `appConstruct`); on 2.257.0 the plugin fails with "NagPack
#    requires a construct tree on the validation context". 2.265.0 is in the releases (2.262.0 to 2.268.0)
#    whose report filter also matches an acknowledgement without a plugin prefix app-wide, the case the
#    user-resources app guards against (run alone there: it holds the quick start too); 2.276.0 is the
#    newest release when this was written.
# After the colon: the cases of app.js to run (a synthesis each; aws-cdk-lib 2.262.0 and later spend
# most of it in their default template validation).
COMBINATIONS=(
  "cdk-nag@2.38.2 aws-cdk-lib@2.227.0 constructs@10.5.1 : quick-start user-resources"
  "cdk-nag@3.0.2 aws-cdk-lib@2.265.0 constructs@10.5.1 : user-resources"
  "cdk-nag@3.0.2 aws-cdk-lib@2.276.0 constructs@10.5.1 : quick-start user-resources"
)

if [[ ! -f $repo/.jsii || ! -f $repo/lib/index.js ]]; then
  echo "nag-compat: no compiled library in $repo/lib: run npx projen compile first" >&2
  exit 2
fi
if [[ ! -f $repo/assets/catalog-policy/on-event.lambda/index.js ]]; then
  echo "nag-compat: no handler bundle in $repo/assets: run npx projen bundle first" >&2
  exit 2
fi

mkdir -p "$cache"
printf '# made by scripts/nag-compat/run.sh\n*\n' > "$cache/.gitignore"
rm -f "$cache"/*.tgz
tarball="$cache/$(cd "$repo" && npm pack --json --pack-destination "$cache" 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].filename))')"
echo "== packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"

passed=0
failed=0
for line in "${COMBINATIONS[@]}"; do
  combination="${line%% : *}"
  read -r -a cases <<< "${line#* : }"
  name="$(echo "$combination" | tr ' @' '_-')"
  dir="$cache/$name"
  stamp="$(printf '%s\n' "$combination" "$(node --version)" | sha256sum | cut -d' ' -f1)"
  step=$SECONDS
  if [[ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]]; then
    echo "== installing $combination"
    rm -rf "$dir"
    mkdir -p "$dir"
    deps="$(for pin in $combination; do printf '"%s": "%s",' "${pin%@*}" "${pin##*@}"; done)"
    printf '{ "name": "nag-compat-app", "private": true, "dependencies": { %s } }\n' "${deps%,}" > "$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
    echo "$stamp" > "$dir/.stamp"
  fi
  # The library, as a user installs it: npm checks its peer dependencies against the pins.
  (cd "$dir" && npm install --no-save --no-audit --no-fund --ignore-scripts --prefer-offline --loglevel=error "$tarball" >/dev/null)
  cp "$here/app.js" "$dir/app.js"
  echo "== $combination (installed in $((SECONDS - step))s)"
  for case in "${cases[@]}"; do
    out="$dir/cdk.out.$case"
    rm -rf "$out"
    rc=0
    case_start=$SECONDS
    (cd "$dir" && JSII_DEPRECATED=quiet node app.js "$case" "$out" 2>"$dir/$case.stderr.log") || rc=$?
    echo "   ($((SECONDS - case_start))s)"
    if [[ $rc -eq 0 ]]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "  (stderr: $dir/$case.stderr.log)"
      tail -n 20 "$dir/$case.stderr.log" | sed 's/^/  | /'
    fi
  done
done

echo "== nag-compat took $((SECONDS - start_all))s"
echo "nag-compat: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
