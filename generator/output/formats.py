"""The formats pandoc writes for the text documents, each with the pandoc writer it comes from
(kept apart from output.convert so that the command line can list them without loading it).

A new pandoc format is a line here, its writer's arguments in output.convert._WRITERS, and a
byte fixer in output.convert.convert if its files carry a date.
"""

from __future__ import annotations

FORMAT_WRITER = {"md": "md", "docx": "docx", "pdf": "typst", "odt": "odt", "html": "html"}
PANDOC_FORMATS = tuple(FORMAT_WRITER)
