#!/usr/bin/env bash
# Builds gctool for installation, then installs and runs each build to prove it works:
#   artifacts/nupkg/gctool.<version>.nupkg   a .NET tool package (needs the .NET 10 runtime)
#   artifacts/linux-x64/gctool               a Native AOT binary (needs no .NET; starts fastest), with
#   artifacts/linux-x64/libe_sqlite3.so      SQLite, which it loads from its own directory
#   artifacts/gctool-<version>-linux-x64.tar.gz  those two files, README.md and contrib/
#   artifacts/wheel/gctool-<version>-py3-none-manylinux_2_NN_x86_64.whl  the same for pip, pipx and
#                                            `uv tool install` (scripts/build-wheel.py; NN = the glibc
#                                            the binary and SQLite require)
# Usage: scripts/package.sh [--no-native]   (building the native binary needs clang and zlib1g-dev)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/GcTool.Cli/GcTool.Cli.csproj)
out=artifacts
rm -rf "$out/nupkg" "$out/linux-x64" "$out/wheel" "$out"/gctool-*-linux-x64.tar.gz

echo "== dotnet pack (version $version)"
dotnet pack src/GcTool.Cli -c Release -o "$out/nupkg" -nologo -v quiet
ls -l "$out/nupkg"

echo "== dotnet tool install from the local package source only"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A config with only the local source: a package called gctool on a public feed must never be picked.
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$PWD/$out/nupkg" />
  </packageSources>
</configuration>
XML
dotnet tool install --tool-path "$work/tools" --configfile "$work/nuget.config" --version "$version" gctool
"$work/tools/gctool" --version
"$work/tools/gctool" --help | head -3

if [ "${1:-}" != "--no-native" ]; then
  echo "== dotnet publish: Native AOT for linux-x64"
  dotnet publish src/GcTool.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/publish" -nologo -v quiet
  # Ship the binary and SQLite only: not the .dbg symbols nor the libraries' .pdb files.
  mkdir -p "$out/linux-x64"
  cp "$work/publish/gctool" "$work/publish/libe_sqlite3.so" "$out/linux-x64/"
  # README.md explains the fields the help refers to; contrib/ holds the systemd and cron units.
  cp README.md "$out/linux-x64/"
  cp -r contrib "$out/linux-x64/contrib"
  tar -C "$out/linux-x64" -czf "$out/gctool-$version-linux-x64.tar.gz" gctool libe_sqlite3.so README.md contrib
  ls -l "$out/linux-x64" "$out/gctool-$version-linux-x64.tar.gz"
  # Prove it needs no .NET and that SQLite loads, also when started through a symlink on PATH
  # (as an install into /usr/local/bin would): no dotnet, no DOTNET_ROOT, an empty uv cache.
  mkdir -p "$work/cache" "$work/bin" "$work/opt"
  tar -C "$work/opt" -xzf "$out/gctool-$version-linux-x64.tar.gz"
  ln -s "$work/opt/gctool" "$work/bin/gctool"
  printf 'Signature: 8a477f597d28d172789f06886806bc55\n' > "$work/cache/CACHEDIR.TAG"
  env -i HOME="$work" PATH="$work/bin:/usr/bin:/bin" gctool --version
  env -i HOME="$work" PATH="$work/bin:/usr/bin:/bin" gctool --cache-dir "$work/cache" --db "$work/gctool.sqlite3" status

  echo "== Python wheel"
  wheel=$(python3 scripts/build-wheel.py --binary "$out/linux-x64/gctool" --sqlite "$out/linux-x64/libe_sqlite3.so" \
    --version "$version" --readme README.md --contrib contrib --out "$out/wheel")
  ls -l "$wheel"
  # Installed from the file only, into a fresh venv: `gctool` is on the venv's PATH and finds SQLite.
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --no-index --disable-pip-version-check "$wheel"
  env -i HOME="$work" PATH="$work/venv/bin:/usr/bin:/bin" gctool --version
  env -i HOME="$work" PATH="$work/venv/bin:/usr/bin:/bin" gctool --cache-dir "$work/cache" --db "$work/gctool-wheel.sqlite3" status
fi
echo "== done"
