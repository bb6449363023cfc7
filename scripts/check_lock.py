"""Fails when the lock files no longer match pyproject.toml: every dependency there must be
pinned in its lock file to a version its range allows, and the production lock must pin the same
versions as the test lock. Reads files only, so it runs offline (make test calls it)."""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def pins(path: Path) -> dict[str, str]:
    """The name → version pins of a lock file; every pin must carry hashes."""
    found = {}
    lines = path.read_text().splitlines()
    for number, line in enumerate(lines):
        match = PIN.match(line)
        if not match:
            continue
        name = canonicalize_name(match[1])
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if "--hash=sha256:" not in line + following:
            raise SystemExit(f"{path.name}: {name} is pinned without a hash")
        found[name] = match[2]
    return found


def problems(requirements: list[str], locked: dict[str, str], lock_name: str) -> list[str]:
    found = []
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        version = locked.get(name)
        if version is None:
            found.append(f"{requirement.name} is in pyproject.toml but not in {lock_name}")
        elif not requirement.specifier.contains(version, prereleases=True):
            found.append(
                f"{lock_name} pins {requirement.name} {version}, outside {requirement.specifier}"
            )
    return found


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = pins(ROOT / "requirements/base.txt")
    test = pins(ROOT / "requirements/test.txt")
    uv = pins(ROOT / "requirements/uv.txt")
    uv_range = [
        line
        for line in (ROOT / "requirements/uv.in").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    found = problems(project["dependencies"], base, "requirements/base.txt")
    found += problems(
        project["dependencies"] + project["optional-dependencies"]["test"],
        test,
        "requirements/test.txt",
    )
    found += problems(uv_range, uv, "requirements/uv.txt")
    found += [
        f"requirements/base.txt pins {name} {version}, requirements/test.txt {test.get(name)}"
        for name, version in base.items()
        if test.get(name) != version
    ]
    for line in found:
        print(f"lock check: {line}", file=sys.stderr)
    if found:
        print("lock check: run `make lock` (same versions) or `make upgrade`", file=sys.stderr)
        return 1
    print(f"lock check: {len(test)} packages locked, matching pyproject.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
