"""Convert → write: bytes in each format, and files written atomically."""
