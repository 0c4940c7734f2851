#!/usr/bin/env bash
# Installs the published dynamodb-zero-etl-s3tables 0.1.8 (the earlier library with our npm and PyPI
# name, another publisher) into <repo>/.tools/v01, for the migration tests in test/migration.
#
#   bash scripts/v01/install.sh
#
# Where it comes from: the npm registry answers 404 for this package here, so the npm tarball is
# taken from the package's PyPI wheel, where jsii packs it as _jsii/<name>@<version>.jsii.tgz. pip
# downloads the wheel against the sha256 pinned in requirements.txt; the tarball's sha256 is checked
# below; npm then installs that tarball from the file, without scripts.
#
# aws-cdk-lib and constructs: 0.1.8's peer ranges are ^2.238.0 and ^10.5.1. The repo's own copies
# (aws-cdk-lib 2.257.0, constructs 10.5.x) satisfy them, so the peers are not installed here: node
# resolves them from <repo>/node_modules, and both libraries' templates come from one aws-cdk-lib.
# The script fails if the repo's copies stop satisfying the ranges (then give this folder its own).
#
# Cached: nothing is done when .tools/v01 was built from the same requirements.txt, package.json
# and install.sh (sha256 stamp inside it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dest="$repo/.tools/v01"
python="${PYTHON:-python3}"
name=dynamodb-zero-etl-s3tables
version=0.1.8
tarball_sha256=52350b0e107ae008bbaa61682b6d368fa034531d71c666d3a546c579da5e40c4

stamp="$(cat "$here/requirements.txt" "$here/package.json" "$here/install.sh" | sha256sum | cut -d' ' -f1)"
if [[ -f $dest/node_modules/$name/package.json && "$(cat "$dest/.stamp" 2>/dev/null)" == "$stamp" ]]; then
  echo "== $name@$version: installed in .tools/v01 (cached)"
  exit 0
fi

start=$SECONDS
echo "== installing $name@$version into .tools/v01"
if [[ -e $dest ]]; then
  # Only ever delete a folder this script built.
  if [[ ! -f $dest/.built-by-scripts-v01 ]]; then
    echo "refusing to replace $dest: not built by scripts/v01/install.sh" >&2
    exit 2
  fi
  rm -rf "$dest"
fi
mkdir -p "$dest/wheel"
touch "$dest/.built-by-scripts-v01"

"$python" -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
  -r "$here/requirements.txt" -d "$dest/wheel"
tarball="$dest/$name-$version.tgz"
"$python" - "$dest/wheel" "$tarball" "$name@$version.jsii.tgz" <<'PY'
import glob, sys, zipfile
wheel_dir, out, member = sys.argv[1], sys.argv[2], sys.argv[3]
(wheel,) = glob.glob(f"{wheel_dir}/*.whl")
with zipfile.ZipFile(wheel) as z:
    (path,) = [n for n in z.namelist() if n.endswith("/_jsii/" + member)]
    with open(out, "wb") as f:
        f.write(z.read(path))
PY
echo "$tarball_sha256  $tarball" | sha256sum --check --quiet

cp "$here/package.json" "$dest/package.json"
# --legacy-peer-deps: the peers come from the repo (see above); --ignore-scripts: run nothing of it.
(cd "$dest" && npm install --no-audit --no-fund --no-package-lock --legacy-peer-deps --ignore-scripts --loglevel=error)

# The peers node will resolve from the repo must satisfy the package's ranges.
EXPECTED_VERSION="$version" node - "$dest/node_modules/$name/package.json" "$repo" <<'JS'
const [manifest, repo] = process.argv.slice(2);
const { createRequire } = require('module');
const fromPackage = createRequire(manifest);
const semver = createRequire(`${repo}/package.json`)('semver');
const { version, peerDependencies } = require(manifest);
for (const [peer, range] of Object.entries(peerDependencies)) {
  const found = fromPackage(`${peer}/package.json`).version;
  if (!semver.satisfies(found, range)) {
    console.error(`${peer} ${found} (resolved from ${repo}/node_modules) does not satisfy 0.1.x's peer range ${range}: give .tools/v01 its own copy`);
    process.exit(1);
  }
  console.log(`   ${peer} ${found} satisfies ${range}`);
}
if (version !== process.env.EXPECTED_VERSION) {
  console.error(`installed ${version}, expected ${process.env.EXPECTED_VERSION}`);
  process.exit(1);
}
JS
echo "$stamp" > "$dest/.stamp"
echo "   installed in $((SECONDS - start))s"
