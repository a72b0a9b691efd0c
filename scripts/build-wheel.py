#!/usr/bin/env python3
"""Builds gctool's platform wheel from the published Native AOT binary, with the standard library only.

A wheel is a zip with a .dist-info (METADATA, WHEEL, RECORD of sha256 hashes); see the binary
distribution format spec on packaging.python.org. Like ruff's and uv's wheels it carries the binary
in .data/scripts, which installers put in the environment's bin/. SQLite (libe_sqlite3.so) goes to
.data/data/lib/gctool/, i.e. PREFIX/lib/gctool/, where the binary looks for it when it is not beside
it (src/GcTool.Store.Sqlite/SqliteNativeLibrary.cs): a library does not belong in bin/. README.md and
the contrib units go there too, not to PREFIX/share/doc/gctool/: pip uninstall removes the directories
a package owns, and share/ and share/doc/ would be left behind empty in a venv.

The platform tag is manylinux_2_NN_x86_64, NN the highest GLIBC_2.NN version the binary and SQLite
require (their ELF version references), so pip refuses the wheel where the binary could not run.

Usage: build-wheel.py --binary PATH --sqlite PATH --version V --readme PATH --contrib DIR --out DIR
Prints the wheel's path.
"""
import argparse
import base64
import hashlib
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

# Zip entries get a fixed time, so the same inputs give the same wheel.
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def required_glibc(elf: Path) -> tuple[int, int]:
    """The highest GLIBC_x.y version that `elf` requires, from `objdump -p`'s version references."""
    dump = subprocess.run(["objdump", "-p", str(elf)], check=True, capture_output=True, text=True).stdout
    references = dump.split("Version References:", 1)
    if len(references) < 2:
        return (2, 17)  # links no versioned glibc symbol: the oldest manylinux floor
    versions = [(int(major), int(minor)) for major, minor in re.findall(r"\bGLIBC_(\d+)\.(\d+)(?:\.\d+)?\b", references[1])]
    return max(versions, default=(2, 17))


def glibc_floor(*elves: Path) -> tuple[int, int]:
    return max(required_glibc(elf) for elf in elves)


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def metadata(version: str, readme: str) -> str:
    return (
        "Metadata-Version: 2.1\n"
        "Name: gctool\n"
        f"Version: {version}\n"
        "Summary: A reference-tracking garbage collector for uv's cache: deletes only the entries no virtual environment links to.\n"
        "Keywords: uv,python,cache,gc\n"
        "Classifier: Operating System :: POSIX :: Linux\n"
        "Classifier: Environment :: Console\n"
        "Description-Content-Type: text/markdown\n"
        "\n" + readme
    )


def build(binary: Path, sqlite: Path, version: str, readme: Path, contrib: Path, out: Path) -> Path:
    major, minor = glibc_floor(binary, sqlite)
    tag = f"py3-none-manylinux_{major}_{minor}_x86_64"
    data = f"gctool-{version}.data"
    dist_info = f"gctool-{version}.dist-info"
    # (name in the wheel, bytes, executable)
    files = [
        (f"{data}/scripts/gctool", binary.read_bytes(), True),
        (f"{data}/data/lib/gctool/libe_sqlite3.so", sqlite.read_bytes(), False),
        (f"{data}/data/lib/gctool/README.md", readme.read_bytes(), False),
    ]
    files += [(f"{data}/data/lib/gctool/contrib/{unit.name}", unit.read_bytes(), False)
              for unit in sorted(contrib.iterdir()) if unit.is_file()]
    files += [
        (f"{dist_info}/METADATA", metadata(version, readme.read_text()).encode(), False),
        (f"{dist_info}/WHEEL", (
            "Wheel-Version: 1.0\n"
            "Generator: gctool scripts/build-wheel.py\n"
            "Root-Is-Purelib: false\n"
            f"Tag: {tag}\n").encode(), False),
    ]
    record = "".join(record_line(name, content) + "\n" for name, content, _ in files) + f"{dist_info}/RECORD,,\n"
    files.append((f"{dist_info}/RECORD", record.encode(), False))

    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"gctool-{version}-{tag}.whl"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content, executable in files:
            entry = zipfile.ZipInfo(name, FIXED_TIME)
            entry.external_attr = (0o100755 if executable else 0o100644) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    wheel.write_bytes(buffer.getvalue())
    return wheel


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", type=Path, required=True)
    parser.add_argument("--sqlite", type=Path, required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--readme", type=Path, required=True)
    parser.add_argument("--contrib", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(build(args.binary, args.sqlite, args.version, args.readme, args.contrib, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
