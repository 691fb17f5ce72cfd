"""A non-editable install from the wheel carries the built-in templates and data and works.

(Every other test runs from the source checkout, where templates/ sits at the top level.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_install_generates_an_application(tmp_path: Path) -> None:
    wheels, site, work = tmp_path / "wheels", tmp_path / "site", tmp_path / "work"
    work.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-w", str(wheels)],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    assert (site / "generator" / "templates" / "application" / "KA101.md.j2").is_file()
    assert (site / "generator" / "templates" / "reference.docx").is_file()
    assert (site / "generator" / "data" / "countries.json").is_file()
    assert (site / "generator" / "data" / "rules" / "2019.yaml").is_file()
    assert (site / "generator" / "data" / "gazetteer" / "NO.tsv.gz").is_file()
    # The built-in templates compiled when the wheel was built (documents/precompile.py).
    assert (site / "generator" / "_compiled" / "manifest.json").is_file()

    env = {**os.environ, "PYTHONPATH": str(site)}

    def installed(code: str) -> str:
        """What `code` prints, run against the installed wheel."""
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=work, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    where = installed("import generator.resources as r; print(r.template_dir())")
    assert Path(where) == site / "generator" / "templates"
    origin = installed(
        "from generator.documents.markdown import environment as e;"
        "print(e().get_template('application/base.md.j2').root_render_func.__code__.co_filename)"
    )
    assert Path(origin).parent == site / "generator" / "_compiled"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "application",
            str(ROOT / "projects" / "tydal.yaml"),
            "-o",
            "out",
            "-f",
            "md,docx,pdf",
        ],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (work / "out" / "tydal").iterdir()) == [
        "application.docx",
        "application.md",
        "application.pdf",
    ]
