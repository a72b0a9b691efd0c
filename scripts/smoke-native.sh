#!/usr/bin/env bash
# Publishes the Native AOT gctool (or takes one already published) and runs it, as a user would,
# over a real uv cache built by the simulator: scan, gc --dry-run, gc, audit, status --json,
# config show, doctor, report; and scan + gc against a throw-away PostgreSQL server when one can be
# started here (tests/GcTool.IntegrationTests/EndToEnd/NativeBinaryTests.cs).
# Usage: scripts/smoke-native.sh [PUBLISHED_DIR]   (default: publish into artifacts/native)
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${1:-}
if [ -z "$dir" ]; then
  dir=artifacts/native
  echo "== dotnet publish -p:PublishAot=true -> $dir"
  dotnet publish src/GcTool.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$dir" -nologo -v quiet
fi
binary=$(realpath "$dir/gctool")
"$binary" --version

echo "== NativeBinaryTests against $binary"
GCTOOL_NATIVE_BINARY="$binary" dotnet test tests/GcTool.IntegrationTests -nologo \
  --filter "FullyQualifiedName~GcTool.IntegrationTests.EndToEnd.NativeBinaryTests" \
  --logger "console;verbosity=normal"
