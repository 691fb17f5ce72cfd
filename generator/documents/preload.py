"""What building documents loads, loaded ahead: `gen batch` does it before its workers fork
(share_before_fork), so that they share it."""

from __future__ import annotations

from pathlib import Path


def share_before_fork(documents: set[str], templates: Path | None) -> None:
    """`gen batch`, before its workers fork from this process: load what they would each load
    for `documents` (load_for), so that its pages are shared by the workers (counted once in
    the tree's memory) instead of copied into each; gc.freeze keeps a worker's collector from
    touching (and so copying) them. Nothing is loaded where workers do not fork."""
    import gc

    from generator.output.workers import forks

    if documents and forks():
        load_for(documents, builtin_templates=templates is None)
        gc.freeze()


def load_for(documents: set[str], builtin_templates: bool) -> None:
    """Import what building `documents` needs (the models, renderers, writers, Typst, Pillow,
    python-pptx for slides) and, for the built-in templates, load them all."""
    import typst  # noqa: F401
    from PIL import ImageFont  # noqa: F401 - text measuring (DOCX tables, slides)

    import generator.loaded  # noqa: F401
    from generator.documents import application, handout  # noqa: F401
    from generator.documents.markdown import load_builtin_templates
    from generator.output import convert, docx_writer, md_writer, reader, typst_writer  # noqa: F401

    if builtin_templates:  # a user's templates are read by the worker that needs them
        load_builtin_templates()
    if "slides" in documents:
        import pptx  # noqa: F401

        from generator.documents.slides import build, pdf, project_deck, workshop_deck  # noqa: F401
        from generator.documents.slides import pptx as deck  # noqa: F401
