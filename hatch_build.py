"""Wheel build hook: ship the built-in templates compiled (generator/documents/precompile.py).

The compiled modules go into the wheel as generator/_compiled/. The compiling needs the
package's own dependencies (Jinja and what the rendering environment imports); where the build
environment lacks them the wheel is built without, says so, and compiles templates at run time.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileTemplates(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install: `make` compiles into the source tree
        sys.path.insert(0, self.root)
        try:
            from generator.documents.precompile import build
        except ImportError as exc:
            self.app.display_warning(f"templates not compiled into the wheel ({exc})")
            return
        finally:
            sys.path.remove(self.root)
        self._folder = Path(tempfile.mkdtemp(prefix="gen-compiled-"))
        target = self._folder / "_compiled"
        count = build(target, Path(self.root) / "templates")
        build_data["force_include"][str(target)] = "generator/_compiled"
        self.app.display_info(f"compiled {count} templates into the wheel")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
