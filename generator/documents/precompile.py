"""Compile the built-in templates into the package (see documents/compiled.py, which loads them).

    python -m generator.documents.precompile [FOLDER]        (default: generator/_compiled)

Run by the wheel's build hook (hatch_build.py) and by `make` for the editable install.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from jinja2.loaders import ModuleLoader

from generator.documents.compiled import FOLDER, MANIFEST, digest, fingerprint


def build(target: Path, templates: Path | None = None) -> int:
    """Compile every `*.j2` under `templates` (the built-in folder) into the package folder
    `target`, which is replaced as a whole; return how many."""
    import shutil
    import tempfile

    from generator.documents.markdown import environment
    from generator.resources import template_dir

    templates = templates or template_dir()
    env = environment()
    names = sorted(p.relative_to(templates).as_posix() for p in templates.rglob("*.j2"))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".compiling-", dir=target.parent))
    try:
        sources = {}
        for name in names:
            source = (templates / name).read_text(encoding="utf-8")
            code = env.compile(source, name, str(templates / name), raw=True)
            (staging / ModuleLoader.get_module_filename(name)).write_text(code, encoding="utf-8")
            sources[name] = digest(source)
        manifest = {"fingerprint": fingerprint(), "templates": sources}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        (staging / "__init__.py").write_text(
            '"""Built-in templates compiled by generator.documents.precompile: do not edit."""\n'
        )
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(names)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else FOLDER
    count = build(target)
    print(f"compiled {count} templates into {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
