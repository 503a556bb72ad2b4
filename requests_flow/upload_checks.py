"""The deep content checks behind requests_flow.uploads, run once a file has passed the cheap
byte checks: clamd (when configured) scans the bytes, a PDF parser walks every object of a PDF for
active content, and images are decoded and saved again from their pixels alone. Each refusal is a
ContentRefused subclass; requests_flow.uploads turns it into the message the user reads."""

import io
import logging
import re
import socket
import struct
from collections.abc import Iterator
from contextlib import suppress

from django.conf import settings
from PIL import Image, ImageOps, JpegImagePlugin
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, read_object

log = logging.getLogger(__name__)

# Names that make a reader run something or open a file: JavaScript and Launch actions, the
# JavaScript name tree, attached files. pypdf has decoded #xx escapes (/J#61vaScript) by then.
ACTIVE_NAMES = frozenset({"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles"})
# "12 0 obj": where an object starts, whether or not the cross-reference table lists it.
OBJECT_HEADER = re.compile(rb"(?<![0-9])([0-9]{1,10})\s+([0-9]{1,5})\s+obj\b\s*")
# What pdf.js and Acrobat do with a PDF that has no startxref: scan it for its objects. pypdf
# does the same when startxref points nowhere, so a missing one is given one that does.
REPAIR_TAIL = b"\nstartxref\n0\n%%EOF\n"
# Parsing costs about 50 µs an object: 50,000 (a second or two) is far beyond a 500-page scan or
# Word export, while a 10 MB file of tiny objects could hold 400,000 (20 s of a worker).
MAX_PDF_OBJECTS = 50_000
MAX_PIXELS = 40_000_000  # a 40-megapixel photo decodes to 120 MB (RGB): phones take 12 to 50
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
CLAMD_TIMEOUT = 60  # seconds per socket operation: clamd may queue a 10 MB file behind others
CLAMD_CHUNK = 64 * 1024


class ContentRefused(ValueError):
    """Not a file we take: unreadable, or active content inside."""


class PasswordProtected(ContentRefused):
    pass


class TooManyPixels(ContentRefused):
    pass


class MalwareFound(ContentRefused):
    pass


class ScannerUnavailable(ContentRefused):
    pass


def inspected(data: bytes, kind: str) -> bytes:
    """The bytes to store: a PDF as it came once nothing active is found in it, an image saved
    again from its pixels. clamd goes first: it knows files made to exploit parsers."""
    virus_check(data)
    if kind == "application/pdf":
        pdf_check(data)
        return data
    return clean_image(data, IMAGE_FORMATS[kind])


# --- PDF -----------------------------------------------------------------------------------


def pdf_check(data: bytes) -> None:
    """Refuse a PDF that pypdf cannot read (we could not look inside), one locked by a password,
    and one that names active content in any of its objects."""
    if len(OBJECT_HEADER.findall(data)) > MAX_PDF_OBJECTS:
        raise ContentRefused("too many objects")
    try:
        reader = pdf_reader(data)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PasswordProtected
        if not isinstance(reader.trailer["/Root"].get_object(), DictionaryObject):
            raise ContentRefused("no catalogue")
        active = any(
            name in ACTIVE_NAMES for obj in pdf_objects(reader, data) for name in names(obj)
        )
    except ContentRefused:
        raise
    except Exception as exc:  # hostile input: any parser failure means it was not checked
        raise ContentRefused("unreadable PDF") from exc
    if active:
        raise ContentRefused("active PDF")


def pdf_reader(data: bytes) -> PdfReader:
    """pypdf's reader; one without startxref is read as the repairing readers would."""
    try:
        return PdfReader(io.BytesIO(data), strict=False)
    except PdfReadError as exc:
        if "startxref" not in str(exc):
            raise
        return PdfReader(io.BytesIO(data + REPAIR_TAIL), strict=False)


def pdf_objects(reader: PdfReader, data: bytes) -> Iterator[object]:
    """The trailer; each object the cross-reference lists, those packed in compressed object
    streams too; and each object in the file that it does not list (an earlier revision, an
    orphan): a reader repairing a damaged file may still use those."""
    yield reader.trailer
    listed = {(num, gen) for gen, table in reader.xref.items() for num in table}
    listed |= {(num, 0) for num in reader.xref_objStm}
    if len(listed) > MAX_PDF_OBJECTS:
        raise ContentRefused("too many objects")
    for num, gen in sorted(listed):
        yield reader.get_object(IndirectObject(num, gen, reader))
    offsets = {offset for table in reader.xref.values() for offset in table.values()}
    for header in OBJECT_HEADER.finditer(data):
        if header.start() in offsets:
            continue
        found = None
        with suppress(Exception):  # digits before "obj" inside stream data: not an object
            reader.stream.seek(header.end())
            found = read_object(reader.stream, reader)
        if found is not None:
            yield found


def names(obj) -> Iterator[str]:
    """Every name in the object, keys and values, at any depth. Indirect references are not
    followed: pdf_objects visits each object on its own. A stack, not recursion: nesting depth
    is the sender's choice."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, DictionaryObject):  # a stream's dictionary too
            for key, value in dict.items(item):  # the raw values, unresolved
                yield key
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
        elif isinstance(item, NameObject):
            yield item


# --- Images --------------------------------------------------------------------------------


def clean_image(data: bytes, fmt: str) -> bytes:
    """The image decoded and saved again: what a browser shows, without the comments, text
    chunks, EXIF or anything else the file carried. Too many pixels are refused from the
    header, before anything is decoded (Pillow's own bomb check acts beyond 89 MP)."""
    try:
        with Image.open(io.BytesIO(data), formats=[fmt]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise TooManyPixels
            image.load()
            return reencoded(image, fmt)
    except ContentRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TooManyPixels from exc
    except Exception as exc:  # Pillow raises many kinds on hostile or truncated input
        raise ContentRefused("unreadable image") from exc


def reencoded(image: Image.Image, fmt: str) -> bytes:
    params = {}
    if fmt == "JPEG":
        # The sender's own quantisation: no further visible loss, no larger file.
        params = {
            "qtables": image.quantization,
            "subsampling": JpegImagePlugin.get_sampling(image),
        }
    # Transparency belongs to the pixels; everything else in info is metadata, and Pillow
    # writes some of it back when saving (a JPEG's comment: the finding itself).
    keep = {key: image.info[key] for key in ("transparency",) if key in image.info}
    # EXIF goes, and with it the orientation phones record instead of turning the pixels.
    ImageOps.exif_transpose(image, in_place=True)
    image.info = keep
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


# --- Virus scanner -------------------------------------------------------------------------


def virus_check(data: bytes) -> None:
    """clamd's verdict when settings.TIEPCAN_CLAMD_SOCKET names its socket. Fails closed: a
    scanner that does not answer lets nothing through."""
    socket_path = getattr(settings, "TIEPCAN_CLAMD_SOCKET", "")
    if not socket_path:
        return
    try:
        found = clamd_scan(data, socket_path)
    except ScannerUnavailable as exc:
        log.error("clamd at %s could not scan an upload: %s", socket_path, exc)
        raise
    if found:
        log.warning("clamd found %s in an upload; refused", found)
        raise MalwareFound(found)


def clamd_scan(data: bytes, socket_path: str) -> str | None:
    """Send `data` with clamd's INSTREAM command (length-prefixed chunks, a zero-length one to
    end): None when clean, else the name of what clamd found. ScannerUnavailable when clamd
    cannot be reached or answers without a verdict (an ERROR: over its size limit, overloaded)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(CLAMD_TIMEOUT)
            conn.connect(socket_path)
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CLAMD_CHUNK):
                chunk = data[start : start + CLAMD_CHUNK]
                conn.sendall(struct.pack(">I", len(chunk)) + chunk)
            conn.sendall(struct.pack(">I", 0))
            answer = clamd_reply(conn)
    except OSError as exc:
        raise ScannerUnavailable(str(exc)) from exc
    if answer == "stream: OK":
        return None
    if answer.startswith("stream: ") and answer.endswith(" FOUND"):
        return answer.removeprefix("stream: ").removesuffix(" FOUND")
    raise ScannerUnavailable(answer or "no answer")


def clamd_reply(conn: socket.socket) -> str:
    """One answer, which the "z" form of the command ends with a NUL byte."""
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < 4096:
        part = conn.recv(4096)
        if not part:
            break
        reply += part
    return reply.rstrip(b"\0").decode(errors="replace").strip()
