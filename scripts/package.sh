#!/usr/bin/env bash
# Builds gctool for installation, then installs and runs each build to prove it works:
#   artifacts/nupkg/gctool.<version>.nupkg   a .NET tool package (needs the .NET 10 runtime)
#   artifacts/linux-x64/gctool               a self-contained single file (needs no .NET)
# Usage: scripts/package.sh [--no-single-file]
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/GcTool.Cli/GcTool.Cli.csproj)
out=artifacts
rm -rf "$out/nupkg" "$out/linux-x64"

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

if [ "${1:-}" != "--no-single-file" ]; then
  echo "== dotnet publish: self-contained single file for linux-x64"
  dotnet publish src/GcTool.Cli -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -p:DebugType=embedded \
    -o "$out/linux-x64" -nologo -v quiet
  ls -l "$out/linux-x64"
  # Prove it needs no .NET and that SQLite loads: no dotnet on PATH, no DOTNET_ROOT, an empty uv cache.
  mkdir -p "$work/cache"
  printf 'Signature: 8a477f597d28d172789f06886806bc55\n' > "$work/cache/CACHEDIR.TAG"
  env -i HOME="$work" PATH=/usr/bin:/bin "$out/linux-x64/gctool" --version
  env -i HOME="$work" PATH=/usr/bin:/bin "$out/linux-x64/gctool" --cache-dir "$work/cache" --db "$work/gctool.sqlite3" status
fi
echo "== done"
