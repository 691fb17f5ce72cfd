"""Deterministic ZIP packages (DOCX, ODT): fixed entry dates, fixed order, chosen entries replaced."""

from __future__ import annotations

import io
import zipfile

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalize_zip(
    data: bytes,
    replace: dict[str, bytes] | None = None,
    date: tuple[int, int, int, int, int, int] = ZIP_EPOCH,
) -> bytes:
    """Rewrite a ZIP with every entry dated `date`, keeping entry order; swap in `replace`d entries.

    An ODT's `mimetype` entry stays first and uncompressed, as the format requires.
    """
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = replace.get(item.filename, None)
            if body is None:
                body = src.read(item.filename)
            info = zipfile.ZipInfo(item.filename, date_time=date)
            info.external_attr = 0o644 << 16
            info.compress_type = (
                zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            )
            dst.writestr(info, body)
    return out.getvalue()
