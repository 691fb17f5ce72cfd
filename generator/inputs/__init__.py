"""Load → model: a file becomes typed, frozen objects; every error located."""
