"""The colours of a deck: each shape and text names a role (PRIMARY, ACCENT …); a Palette gives
each role its RGB when the deck is written. The built-in palette is the default; a user's slide
template's theme colours (dk2, accent1) and then a theme's colours replace it."""

from __future__ import annotations

from dataclasses import dataclass, replace

# Colour roles: what each colour is for. A Palette gives each its RGB.
PRIMARY, ACCENT, INK, MUTED, PALE, WHITE = "primary", "accent", "ink", "muted", "pale", "white"
TIP = "tip"  # the "think small" tip: a warm colour that reads on white


@dataclass(frozen=True)
class Palette:
    """The RGB ("RRGGBB") of each colour role; the defaults are the built-in look."""

    primary: str = "0B2D6B"  # titles, dark slides, step and ladder boxes, numbers
    accent: str = "F2B705"  # the rule under titles, bullets, arrows, step numbers
    ink: str = "1E1E1E"  # body text
    muted: str = "5A6275"  # footer, axis labels, notes
    pale: str = "E3EAF6"  # subtitles on dark slides, the project period's bar, grid lines
    white: str = "FFFFFF"
    tip: str = "B7410E"

    def rgb(self, role: str) -> str:
        """The RGB of a role (a colour that is no role, "RRGGBB", as it is)."""
        value = getattr(self, role, None) if role.isalpha() else None
        return value if isinstance(value, str) else role

    def themed(self, primary: str | None, accent: str | None) -> Palette:
        """This palette with another primary (and a pale tint of it) and accent."""
        out = self
        if primary and primary != self.primary:
            out = replace(out, primary=primary, pale=tint(primary, 0.88))
        if accent:
            out = replace(out, accent=accent)
        return out


DEFAULT_PALETTE = Palette()


def tint(colour: str, amount: float) -> str:
    """`colour` ("RRGGBB") mixed with white: 0 is the colour, 1 is white."""
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)
