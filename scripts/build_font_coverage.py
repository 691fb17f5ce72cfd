"""Write generator/data/fonts/coverage.json: the characters each font of the PDFs can draw.

Typst draws a character with the first font that has it: the document's font, then any other
font it was given (the bundled family of a theme or of the slides) and its built-in fonts
(Libertinus Serif, New Computer Modern, DejaVu Sans Mono). A character none of them has prints
as an empty box, so gen warns about it (generator.output.fonts). The built-in fonts are inside
the typst package's binary; this script finds them there (each is a plain OpenType file) and
reads their character maps, and those of the bundled fonts, into code point ranges.

Run it after upgrading typst or changing the bundled fonts:
    .venv/bin/python scripts/build_font_coverage.py
"""

from __future__ import annotations

import json
import re
import struct
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "generator" / "data" / "fonts"


def _tables(data: bytes, offset: int) -> dict[bytes, tuple[int, int]] | None:
    """The table directory of an OpenType font at `offset`: tag → (offset, length)."""
    try:
        count = struct.unpack_from(">H", data, offset + 4)[0]
        if not 5 <= count <= 40:
            return None
        tables = {}
        for i in range(count):
            tag, _, at, length = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
            tables[tag] = (at, length)
    except struct.error:
        return None
    return tables if {b"cmap", b"head", b"name"} <= set(tables) else None


def _cmap(data: bytes, base: int, tables: dict[bytes, tuple[int, int]]) -> set[int]:
    """The code points a font maps to a glyph (cmap formats 4 and 12)."""
    start = base + tables[b"cmap"][0] if base else tables[b"cmap"][0]
    _, count = struct.unpack_from(">HH", data, start)
    codes: set[int] = set()
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, start + 4 + 8 * i)
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4)):
            continue
        sub = start + offset
        kind = struct.unpack_from(">H", data, sub)[0]
        if kind == 4:
            segments = struct.unpack_from(">H", data, sub + 6)[0] // 2
            ends = struct.unpack_from(f">{segments}H", data, sub + 14)
            starts = struct.unpack_from(f">{segments}H", data, sub + 16 + 2 * segments)
            deltas = struct.unpack_from(f">{segments}h", data, sub + 16 + 4 * segments)
            range_at = sub + 16 + 6 * segments
            ranges = struct.unpack_from(f">{segments}H", data, range_at)
            for s in range(segments):
                for code in range(starts[s], ends[s] + 1):
                    if code == 0xFFFF:
                        continue
                    if ranges[s] == 0:
                        glyph = (code + deltas[s]) & 0xFFFF
                    else:
                        at = range_at + 2 * s + ranges[s] + 2 * (code - starts[s])
                        glyph = struct.unpack_from(">H", data, at)[0]
                        glyph = (glyph + deltas[s]) & 0xFFFF if glyph else 0
                    if glyph:
                        codes.add(code)
        elif kind == 12:
            groups = struct.unpack_from(">I", data, sub + 12)[0]
            for g in range(groups):
                first, last, glyph = struct.unpack_from(">III", data, sub + 16 + 12 * g)
                codes.update(range(first + (glyph == 0), last + 1))
    return codes


def _ranges(codes: set[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for code in sorted(codes):
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return out


def builtin_codes() -> set[int]:
    """Every code point some font built into the typst package maps."""
    spec = find_spec("typst")
    assert spec and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    binary = next(folder.glob("_typst*.so"), None) or next(folder.glob("_typst*.pyd"))
    data = binary.read_bytes()
    codes: set[int] = set()
    fonts = 0
    for match in re.finditer(rb"OTTO|\x00\x01\x00\x00", data):
        tables = _tables(data, match.start())
        if tables is None:
            continue
        try:
            codes |= _cmap(data, match.start(), tables)
            fonts += 1
        except struct.error:
            continue
    print(f"typst built-in: {fonts} fonts, {len(codes)} characters")
    return codes


def file_codes(path: Path) -> set[int]:
    data = path.read_bytes()
    tables = _tables(data, 0)
    assert tables is not None, path
    return _cmap(data, 0, tables)


def main() -> None:
    coverage = {"typst": _ranges(builtin_codes())}
    for folder in sorted(p for p in FONTS.iterdir() if p.is_dir()):
        codes = set().union(*(file_codes(f) for f in sorted(folder.glob("*.ttf"))))
        coverage[folder.name] = _ranges(codes)
        print(f"{folder.name}: {len(codes)} characters")
    (FONTS / "coverage.json").write_text(json.dumps(coverage, separators=(",", ":")) + "\n")
    print(f"wrote {FONTS / 'coverage.json'}")


if __name__ == "__main__":
    main()
