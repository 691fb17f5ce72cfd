"""Take the README's screenshot of gen edit (docs/edit.png) on a copy of projects/melhus.yaml:
step 3 with a participant count typed as a word, its problem at the field, the preview beside.

    .venv/bin/python scripts/screenshot_edit.py      (needs Chromium at /usr/bin/chromium)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="gen-shot-"))
    (folder / "projects").mkdir()
    shutil.copy(ROOT / "projects" / "melhus.yaml", folder / "projects" / "melhus.yaml")
    process = subprocess.Popen(  # run where the copy is, so the page names projects/melhus.yaml
        [sys.executable, "-m", "generator", "edit", "projects/melhus.yaml", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=folder,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1360, "height": 820})
            page.goto(url)
            page.wait_for_selector("#preview h1")
            page.click('button.step-tab[data-step="concretise"]')
            field = page.locator('[name="activities[0].participants"]')
            field.fill("fire")
            page.locator('.problems[data-for="activities[0].participants"] .problem').wait_for()
            field.scroll_into_view_if_needed()
            page.evaluate("() => document.querySelector('.left').scrollBy(0, 120)")
            page.wait_for_timeout(300)
            page.screenshot(path=str(ROOT / "docs" / "edit.png"))
            browser.close()
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"wrote {ROOT / 'docs' / 'edit.png'}")


if __name__ == "__main__":
    main()
