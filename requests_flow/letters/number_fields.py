"""The number and the date of issue as read-only form fields (DOMAIN §7.1; Decree 30 Art. 15).

The clerk gives a letter its number and date when issuing it, after the person with authority
has signed. That signature certifies the letter and allows nothing afterwards but filling form
fields (signing.py), so the letter the approver signs carries two empty fields where "Số:" and
the place-date line stand, each showing blanks ("Số:      /TB-STP"); the clerk fills them in
the revision that adds the agency's signature. pyHanko's validator classes that as form filling:
both signatures stay valid, and any other change is reported. Printed for a signature on
paper, the same blanks are filled by hand.

A field's appearance is a one-line PDF drawn by reportlab in the letter's own font (Vietnamese
needs more than the standard 14 fonts form viewers fall back to), imported as a form XObject.
"""

import io
from dataclasses import dataclass
from functools import lru_cache

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from .appearance import _reader
from .fonts import register_fonts

NUMBER_FIELD = "SoKyHieu"
DATE_FIELD = "NgayBanHanh"
READ_ONLY, PRINT = 1, 4  # /Ff bit 1; /F bit 3


class FieldsMissing(ValueError):
    """The PDF has no number and date fields to fill (not a letter prepared for signature)."""


@dataclass(frozen=True)
class Slot:
    name: str
    page: int  # zero-based
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in points
    face: str
    size: float
    text: str  # what it shows until filled


class FieldSlot(Flowable):
    """Takes the place of a one-line paragraph and draws nothing: it records where it stands,
    so that the field added after rendering sits exactly there."""

    def __init__(self, name: str, text: str, style, slots: list) -> None:
        super().__init__()
        self.name, self.text, self.style, self.slots = name, text, style, slots

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, self.style.leading
        return self.width, self.height

    def draw(self):
        x, y = self.canv.absolutePosition(0, 0)
        self.slots.append(
            Slot(
                name=self.name,
                page=self.canv.getPageNumber() - 1,
                box=(x, y, x + self.width, y + self.height),
                face=self.style.fontName,
                size=self.style.fontSize,
                text=self.text,
            )
        )


@lru_cache(maxsize=256)
def _appearance(text: str, width: float, height: float, face: str, size: float) -> bytes:
    """Drawn once per text and box (the blanks are the same on every letter of an agency, a
    date on every letter of the day); `invariant` makes equal texts equal bytes, so the parsed
    appearance is reused too (appearance._reader)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
    canvas.setFont(face, size)
    # The baseline where reportlab puts a paragraph's first line: a fifth of the leading up.
    canvas.drawCentredString(width / 2, height - size * 1.0, text)
    canvas.save()
    return buffer.getvalue()


def _set_appearance(writer, field, text: str, face: str, size: float) -> None:
    x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
    pdf = _appearance(text, x2 - x1, y2 - y1, face, size)
    xobject = writer.import_page_as_xobject(_reader(pdf))
    field[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): xobject})
    field[pdf_name("/V")] = generic.TextStringObject(text)


def add_fields(pdf: bytes, slots: list[Slot]) -> bytes:
    """The rendered letter with a read-only text field at each slot, showing its blanks."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    add_fields_to(writer, slots)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_fields_to(writer, slots: list[Slot]) -> None:
    """The fields added in `writer`'s revision (the approver's signature adds them in its own,
    which saves reading and writing the letter once more)."""
    root = writer.root
    if "/AcroForm" not in root:
        root[pdf_name("/AcroForm")] = writer.add_object(
            generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
        )
        writer.update_root()
    form = root["/AcroForm"]
    for slot in slots:
        page_ref = writer.find_page_for_modification(slot.page)[0]
        field = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): generic.TextStringObject(slot.name),
                pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in slot.box),
                pdf_name("/F"): generic.NumberObject(PRINT),
                pdf_name("/Ff"): generic.NumberObject(READ_ONLY),
                pdf_name("/P"): page_ref,
            }
        )
        # What font the appearance uses, so filling draws in the same one.
        field[pdf_name("/TiepCanFont")] = generic.TextStringObject(f"{slot.face}@{slot.size}")
        _set_appearance(writer, field, slot.text, slot.face, slot.size)
        ref = writer.add_object(field)
        form["/Fields"].append(ref)
        writer.register_annotation(page_ref, ref)
    writer.update_container(form["/Fields"])


def fill_fields(pdf: bytes, values: dict[str, str]) -> bytes:
    """`pdf` with its number and date fields showing `values`, in an incremental revision that
    leaves earlier signatures valid (form filling). FieldsMissing if a field is not there."""
    register_fonts()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    found = {}
    # pyHanko's get() returns references unresolved; [] resolves them.
    form = writer.root.get("/AcroForm")
    listed = form.get_object().get("/Fields") if form is not None else None
    for ref in listed.get_object() if listed is not None else ():
        field = ref.get_object()
        if field.get("/T") in values:
            found[str(field["/T"])] = field
    if set(found) != set(values):
        raise FieldsMissing(", ".join(sorted(set(values) - set(found))))
    for name, field in found.items():
        face, size = str(field["/TiepCanFont"]).rsplit("@", 1)
        _set_appearance(writer, field, values[name], face, float(size))
        writer.update_container(field)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
