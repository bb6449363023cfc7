"""The mutation score per module from mutmut's results in mutants/ (scripts/mutation.sh).

Score = killed / (killed + survived + no tests + timeout + suspicious): a mutant that no test
runs counts as a survivor. Run times are those scripts/mutation.sh recorded."""

import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
TIMES = MUTANTS / "times.json"
KILLED = {1, 3, 37}
NOT_TRIED = {None, 2, 34}


def modules():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    return [path.removesuffix(".py").replace("/", ".") for path in config["only_mutate"]]


def counts(module):
    meta = MUTANTS / (module.replace(".", "/") + ".py.meta")
    if not meta.exists():
        return None
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    tried = [code for code in codes.values() if code not in NOT_TRIED]
    killed = sum(code in KILLED for code in tried)
    survived = [name for name, code in codes.items() if code not in KILLED | NOT_TRIED]
    return len(codes), len(tried), killed, survived


def main(argv):
    if argv[:1] == ["--modules"]:
        print("\n".join(modules()))
        return 0
    if argv[:1] == ["--survivors"]:
        found = counts(argv[1])
        print("\n".join(found[3] if found else []))
        return 0
    times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    if argv[:1] == ["--record-time"]:
        times[argv[1]] = times.get(argv[1], 0) + int(argv[2])
        TIMES.write_text(json.dumps(times, indent=1))
        return 0
    verbose = bool(argv)
    heads = ("mutants", "tried", "killed", "survived", "score", "time")
    print(f"{'module':34} " + " ".join(f"{head:>8}" for head in heads))
    for module in argv or modules():
        found = counts(module)
        if found is None:
            print(f"{module:34} {'not run':>8}")
            continue
        total, tried, killed, survived = found
        score = f"{100 * killed / tried:.1f}" if tried else "-"
        minutes = f"{times.get(module, 0) / 60:.0f}m"
        print(
            f"{module:34} {total:7} {tried:6} {killed:6} {len(survived):8} {score:>6} {minutes:>6}"
        )
        if verbose:
            for name in survived:
                print(f"    survived: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
