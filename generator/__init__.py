"""gen: Erasmus+ school project files in, application text, handouts and slides out."""

__version__ = "1.0.0"
