"""gen: Erasmus+ school project files in, application text, handouts and slides out."""

__version__ = "0.1.0"
