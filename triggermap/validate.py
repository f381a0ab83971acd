"""Check a content file: ``python -m triggermap.validate [PATH]``.

Prints every problem and exits 1 when there is one, 0 when the file is valid.
"""

from __future__ import annotations

import sys

from triggermap.atlas import DEFAULT_PATH, AtlasError, load_atlas


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1:
        print("usage: python -m triggermap.validate [PATH]", file=sys.stderr)
        return 2
    path = args[0] if args else DEFAULT_PATH
    try:
        atlas = load_atlas(path)
    except AtlasError as err:
        for problem in err.problems:
            print(problem)
        count = len(err.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    print(
        f"{path}: OK ({len(atlas.muscles)} muscles, {len(atlas.techniques)} techniques, "
        f"{len(atlas.sources)} sources)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
