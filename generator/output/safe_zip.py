"""A user's ZIP package (Office Open XML: the `slides.pptx` or `reference.docx` of a --templates
folder), read within limits and cleaned before any library parses it.

- The file: a regular file of at most MAX_FILE bytes (never a FIFO or a device).
- The archive: at most MAX_ENTRIES entries and MAX_UNPACKED bytes unpacked in all, checked in
  the central directory before anything is unpacked and counted again while unpacking (a zip
  bomb is refused in milliseconds); no entry name twice.
- Its XML parts: well-formed, with no DTD (so no entity declarations: "billion laughs", external
  entities), parsed by lxml with entities, DTDs and the network off.
- Its relationships: every external one (TargetMode="External": an http:// image fetched when
  the file opens, a file:// or UNC target, a linked OLE object or media file) is removed with the
  elements that refer to it; so are macros, ActiveX controls and embedded OLE objects.

What is refused is an InputError (exit 1) naming the file and, for XML, the part.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path
from typing import Any

from generator.errors import InputError

MAX_FILE = 64 * 1024 * 1024  # the packed file
MAX_UNPACKED = 256 * 1024 * 1024  # all entries unpacked
MAX_ENTRIES = 4096
CHUNK = 1024 * 1024

_REL_NS = (  # the attributes of a part that name a relationship: r:id, r:embed, r:link …
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Relationships to content that runs or is fetched: removed wherever they point.
_ACTIVE_TYPES = ("/vbaProject", "/vbaProjectSignature", "/activeXControl", "/oleObject")
_HYPERLINKS = ("hlinkClick", "hlinkHover", "hlinkMouseOver")
# The drawn objects of a slide: an element that refers to a removed relationship goes with the
# nearest of these around it (a picture, an OLE frame, a shape), or alone where there is none.
_DRAWN = ("pic", "graphicFrame", "sp", "cxnSp", "grpSp", "contentPart", "drawing", "object")


def _refuse(where: str, why: str, hint: str) -> InputError:
    return InputError(f"{where}: {why}; {hint}")


# The program that saves each kind of package again, for the hints.
_SAVED_BY = {".docx": "Word", ".pptx": "PowerPoint"}


def _save_again(where: str) -> str:
    """The hint for a package that is broken: save it again, as what, from where."""
    suffix = Path(where).suffix.lower()
    if suffix in _SAVED_BY:
        return f"save it again as {suffix} from {_SAVED_BY[suffix]} or LibreOffice"
    return "save the file again from its office program"


def read_user_file(path: Path, limit: int = MAX_FILE) -> bytes:
    """The bytes of a user's file: a regular file of at most `limit` bytes (a FIFO, a device or a
    larger file is refused without being read)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _refuse(str(path), f"cannot be read ({exc.strerror})", "check the file") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(str(path), "is not a regular file", "give a file, not a pipe or a device")
        if info.st_size > limit:
            raise _refuse(str(path), f"is larger than {limit // 2**20} MiB", "give a smaller file")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise _refuse(str(path), f"is larger than {limit // 2**20} MiB", "give a smaller file")
    return data


def read_entries(data: bytes, where: str) -> dict[str, bytes]:
    """Every entry of a ZIP archive, in its order, within MAX_ENTRIES and MAX_UNPACKED."""
    bad = "is not a valid Office file (ZIP)"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(where, f"{bad}: {exc}", _save_again(where)) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise _refuse(
                where,
                f"has {len(infos)} entries (at most {MAX_ENTRIES})",
                "an Office template has a few hundred",
            )
        declared = sum(info.file_size for info in infos)
        if declared > MAX_UNPACKED:
            raise _refuse(
                where,
                f"unpacks to {declared:,} bytes (at most {MAX_UNPACKED // 2**20} MiB)",
                "a template holds styles and layouts, not gigabytes",
            )
        entries: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if info.filename in entries:
                raise _refuse(where, f"has the entry {info.filename} twice", _save_again(where))
            chunks = []
            try:
                with archive.open(info) as stream:
                    while chunk := stream.read(CHUNK):
                        total += len(chunk)
                        if total > MAX_UNPACKED:
                            raise _refuse(
                                where,
                                f"unpacks to more than {MAX_UNPACKED // 2**20} MiB",
                                "a template holds styles and layouts, not gigabytes",
                            )
                        chunks.append(chunk)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
                raise _refuse(where, f"{bad}: {info.filename}: {exc}", _save_again(where)) from None
            except RuntimeError as exc:  # an encrypted entry
                raise _refuse(
                    where, f"{info.filename}: {exc}", "save it without a password"
                ) from None
            entries[info.filename] = b"".join(chunks)
    return entries


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        dtd_validation=False,
    )


def parse_part(body: bytes, where: str, name: str) -> Any:
    """An XML part as an lxml element: well-formed, without a DTD."""
    from lxml import etree

    hint = _save_again(where)
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise _refuse(where, f"part {name} declares a DTD or entities (<!DOCTYPE>)", hint)
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        raise _refuse(where, f"part {name} is not well-formed XML ({exc})", hint) from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise _refuse(where, f"part {name} declares a DTD or entities (<!DOCTYPE>)", hint)
    return root


def _xml_names(entries: dict[str, bytes], where: str) -> set[str]:
    """The entries that are XML: by their content type ([Content_Types].xml) or their name."""
    names = {n for n in entries if n.lower().endswith((".xml", ".rels", ".vml"))}
    types = entries.get("[Content_Types].xml")
    if types is None:
        return names
    root = parse_part(types, where, "[Content_Types].xml")
    xml_ext = {
        e.get("Extension", "").lower()
        for e in root
        if e.get("Extension") and e.get("ContentType", "").endswith("xml")
    }
    overrides = {  # part names match without regard to case (as readers look them up)
        e.get("PartName", "").lstrip("/").lower()
        for e in root
        if e.get("PartName") and e.get("ContentType", "").endswith("xml")
    }
    for name in entries:
        if name.rsplit(".", 1)[-1].lower() in xml_ext or name.lower() in overrides:
            names.add(name)
    return names


def _source_of(rels_name: str) -> str | None:
    """The part whose relationships `rels_name` holds: ppt/_rels/x.xml.rels → ppt/x.xml."""
    folder, _, file = rels_name.rpartition("_rels/")
    if not file.endswith(".rels") or (folder and not folder.endswith("/")):
        return None
    return f"{folder}{file.removesuffix('.rels')}" if file != ".rels" else None


def _dropped(rel: Any) -> bool:
    external = rel.get("TargetMode", "") == "External"
    return bool(external or str(rel.get("Type", "")).endswith(_ACTIVE_TYPES))


def _remove_references(root: Any, ids: set[str]) -> bool:
    """Remove from a part every element that names one of the relationship `ids`: a hyperlink
    alone, anything else with the drawn object around it. True if anything was removed."""
    from lxml import etree

    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if any(
            etree.QName(key).namespace in _REL_NS and value in ids
            for key, value in element.attrib.items()
            if key.startswith("{")
        ) or (element.get("{urn:schemas-microsoft-com:office:office}relid") in ids):
            doomed.append(element)
    removed = False
    for element in doomed:
        target = element
        if etree.QName(element).localname not in _HYPERLINKS:
            for ancestor in element.iterancestors():
                if etree.QName(ancestor).localname in _DRAWN:
                    target = ancestor
                    break
        parent = target.getparent()
        if parent is not None and etree.QName(parent).namespace == _MC:  # mc:Choice/Fallback
            target = parent.getparent() if parent.getparent() is not None else target
        if target.getparent() is not None:  # not removed with an earlier one
            target.getparent().remove(target)
            removed = True
    return removed


def clean_package(data: bytes, where: str) -> bytes:
    """A user's Office package, read within limits, checked (no DTDs) and without external
    relationships, macros, ActiveX or OLE objects and the elements that refer to them. Parts
    with nothing removed keep their bytes, so a clean file reads as it was."""
    from lxml import etree

    entries = read_entries(data, where)
    trees = {
        name: parse_part(entries[name], where, name) for name in sorted(_xml_names(entries, where))
    }
    changed: set[str] = set()
    for name, root in trees.items():
        if not name.endswith(".rels") or etree.QName(root).namespace != _PKG_RELS:
            continue
        gone = {rel.get("Id", "") for rel in root if _dropped(rel)}
        if not gone:
            continue
        for rel in [r for r in root if r.get("Id", "") in gone]:
            root.remove(rel)
        changed.add(name)
        source = _source_of(name)
        if source in trees and _remove_references(trees[source], gone):
            changed.add(source)
    if not changed:
        return data
    for name in changed:
        entries[name] = etree.tostring(
            trees[name], xml_declaration=True, encoding="UTF-8", standalone=True
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return out.getvalue()
