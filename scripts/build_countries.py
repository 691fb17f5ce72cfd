"""Build generator/data/countries.json: ISO 3166-1 alpha-2 codes with their names in nb, nn, en.

Source: the Unicode CLDR territory names, read through the `babel` package (pip install babel).
Run: python scripts/build_countries.py   (the output is committed; re-run when CLDR changes).
"""

import json
from pathlib import Path

from babel import Locale

# CLDR lists a few codes that ISO 3166-1 only reserves (Ascension, Clipperton, Diego Garcia,
# Ceuta/Melilla, Canary Islands, Tristan da Cunha, Sark) and groupings; ISO 3166-1 does not assign them.
NOT_ISO_3166_1 = {
    "AC",
    "CP",
    "CQ",
    "DG",
    "EA",
    "EU",
    "EZ",
    "IC",
    "QO",
    "TA",
    "UN",
    "XA",
    "XB",
    "XK",
    "ZZ",
}
LANGUAGES = ("nb", "nn", "en")


def build() -> dict:
    """Return the country table as written to countries.json."""
    locales = {lang: Locale(lang) for lang in LANGUAGES}
    codes = sorted(
        c
        for c in locales["en"].territories
        if len(c) == 2 and c.isalpha() and c not in NOT_ISO_3166_1
    )
    return {
        "source": "Unicode CLDR territory names via the babel package; codes: ISO 3166-1 alpha-2",
        "countries": {c: {lang: locales[lang].territories[c] for lang in LANGUAGES} for c in codes},
    }


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "generator" / "data" / "countries.json"
    out.write_text(
        json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8"
    )
    print(f"wrote {out}")
