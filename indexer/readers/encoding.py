"""Turn a file's bytes into text, whatever encoding the archive used."""

from __future__ import annotations

import codecs

from indexer.errors import ArticleReadError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(raw: bytes, path: str) -> str:
    """Decode by BOM, else UTF-8, else cp1252 (a superset of printable Latin-1).

    Binary files are refused rather than indexed as noise: a NUL byte never
    occurs in a text article encoded without a BOM.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as err:
                raise ArticleReadError(path, f"not valid {encoding}: {err.reason}") from err
    if b"\x00" in raw:
        raise ArticleReadError(path, "binary file (contains NUL bytes), not a text article")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps them rather than failing.
        return raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else raw.decode("latin-1")


def _is_cp1252(raw: bytes) -> bool:
    return not any(b in raw for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))
