"""Hostile strings, generated from families so the count is real, and the checks every form
field must pass with them: no 500; refused with a Vietnamese message and the value kept (escaped),
or accepted; never echoed unescaped."""

import random
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import escape

SEED = 8  # printed by the tests: a failing sample can be replayed

MARKUP = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(document.cookie)>",
    "<svg/onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">bấm vào đây</a>',
    "<b>đậm</b><i>nghiêng</i>",
    '<para alignment="center">x</para><font size=40>y</font>',  # reportlab markup
    "<br/><br/>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<!-- comment --><![CDATA[x]]>",
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<meta http-equiv=refresh content=0;url=https://evil.example>",
    "<<script>alert(1)//<</script>",
]
ATTRIBUTE = [
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    '" autofocus onfocus=alert(1) x="',
    "` onclick=alert(1) `",
    '"/><svg onload=alert(1)>',
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]
TEMPLATE = [
    "{{ request.user.password }}",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "{{7*7}}",
    "{% load static %}{% static 'x' %}",
    "{# hidden #}",
    "${7*7}",
    "#{7*7}",
    "%(name)s %s %d %n",
    "{0.__class__.__mro__}",
]
SQL = [
    "'; DROP TABLE requests_flow_informationrequest; --",
    "' OR '1'='1",
    '" OR ""="',
    "1 OR 1=1",
    "admin'--",
    "'||(SELECT password FROM accounts_user LIMIT 1)||'",
    "1; SELECT pg_sleep(5)",
    "requester_user__password__startswith",
    "id__gt=0&state__in=provided",
    "__class__",
    "%",
    "_",
    "\\",
    "';--",
]
CRLF = [
    "Hoa\r\nBcc: attacker@example.com",
    "x\r\nSet-Cookie: sessionid=stolen",
    "x\r\n\r\n<html>injected</html>",
    "x%0d%0aBcc:attacker@example.com",
    "x\nContent-Type: text/html",
    "dòng một\u2028dòng hai\u2029dòng ba",
    "x\x85y",
    "\r\r\r",
]
CONTROL = ["a\x00b", "\x00", "\x1b[31mđỏ\x1b[0m", "chuông\x07", "xoá\x08\x08", "\x7f", "\ufeffBOM"]
NAME = "Nguyễn Thị Hoa"
UNICODE = [
    unicodedata.normalize("NFD", NAME),
    unicodedata.normalize("NFC", NAME),
    unicodedata.normalize("NFD", "Tuyên Quang, phường Hà Giang 1"),
    unicodedata.normalize("NFKD", "Ủy ban nhân dân"),
    "\u202eaoH ịhT nễyugN",  # right-to-left override
    "Hoa\u202e.pdf.exe",
    "Ngu\u200byễn\u200c Thị\u200d Hoa\u2060",  # zero-width characters
    "\u200b",
    "Nguуễn Thị Hoа",  # noqa: RUF001  (Cyrillic look-alikes)
    "Ｎｇｕｙễｎ　Ｔｈị",  # full width
    "a" + "\u0301" * 60,  # stacked combining marks
    "😀👨‍👩‍👧 Hoa",
    "\U0001d56b\U0001d586\U0001d59e",
    "\ud7ff\ue000\uffff",
    "null",
    "None",
    "undefined",
    "true",
    " ",
    "",
]
LONG = [
    "A" * 10_240,
    ("Nguyễn Thị Hoa " * 700)[:10_240],
    "<script>" * 1280,
    "ễ" * 10_240,
    "x" * 201,
    "x" * 256,
    "x" * 4097,
    "\r\n" * 2000,
]
ID_NUMBERS = [
    "00119012345",  # 11 digits
    "0011901234567",  # 13 digits
    "00119012345A",
    "ABCDEFGHIJKL",
    "001 190 123 456",
    " 001190123456 ",
    "٠٠١١٩٠١٢٣٤٥٦",  # Arabic-Indic digits
    "００１１９０１２３４５６",  # noqa: RUF001  (full-width digits)
    "००११९०१२३४५६",  # Devanagari digits
    "-00119012345",
    "000000000000",
    "1e11",
    "001190123456\x00",
    "001190123456'; --",
    "0011-9012-3456",
    "+84001190123",
    "0x1190123456",
    "001190123456" * 2,
    "3456",
    "١٢٣٤",
]
NUMBERS = [
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "0x10",
    "\uff11\uff12",
    "٣",
    "9" * 40,
    "1.5",
    "1,000",
]
WRAPPERS = ["{}", NAME + " {}", "{} — Sở Tư pháp"]


def hostile_strings() -> list[str]:
    """Every family; the markup, template and SQL ones also inside ordinary Vietnamese text."""
    wrapped = [w.format(s) for s in MARKUP + ATTRIBUTE + TEMPLATE + SQL for w in WRAPPERS]
    found = wrapped + CRLF + CONTROL + UNICODE + LONG + ID_NUMBERS + NUMBERS
    return list(dict.fromkeys(found))  # distinct, in order


def sample(strings: list[str], n: int, salt: str) -> list[str]:
    """A seeded sample that always holds one string of each dangerous kind."""
    must = [MARKUP[0], ATTRIBUTE[0], TEMPLATE[0], SQL[0], CRLF[0], CONTROL[0], UNICODE[0]]
    must = [s for s in must if s in strings]
    rest = [s for s in strings if s not in must]
    return must + random.Random(f"{SEED}-{salt}").sample(rest, n - len(must))


VIETNAMESE = re.compile(r"[À-ỹđĐ]")
DANGEROUS = set("<>\"'")


@dataclass
class Tally:
    """Counts and problems over every (form, field, string) tried."""

    tried: int = 0
    accepted: int = 0
    refused: int = 0
    errors_500: int = 0
    fields: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    def summary(self, what: str) -> str:
        return (
            f"{what}: tried {self.tried} over {len(self.fields)} fields "
            f"(each ≥ {min(self.fields.values(), default=0)}), accepted {self.accepted}, "
            f"refused {self.refused}, 500s {self.errors_500}; seed {SEED}"
        )

    def problem(self, where: str, value: str, text: str) -> None:
        self.problems.append(f"{where} {value[:60]!r}: {text}")


def unescaped(value: str, html: str) -> bool:
    """The raw string (with a character HTML must escape) appears as typed, somewhere it could
    act as markup. viewflow's form renderer (ElementTree, HTML method) escapes only &, > and " in
    attribute values: a raw < or ' inside a double-quoted attribute is inert, so such an
    occurrence is not counted (the value then holds no " and no >)."""
    if not DANGEROUS & set(value):
        return False
    inert_in_attribute = not set(value) & set('">')
    at = html.find(value)
    while at != -1:
        opened = html.rfind('="', 0, at)
        inside = opened != -1 and not set(html[opened + 2 : at]) & set('"<>')
        if not (inside and inert_in_attribute):
            return True
        at = html.find(value, at + 1)
    return False


def escaped_forms(value: str) -> set[str]:
    """How a template (Django's escape) or viewflow's renderer (ElementTree: attribute values,
    element text) may write the value back."""
    attribute = value.replace("&", "&amp;").replace(">", "&gt;").replace('"', "&quot;")
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return {str(escape(value)), attribute, text}


def error_texts(form) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


def judge(tally: Tally, where: str, value: str, response, form_key="form", echo=True) -> bool:
    """Record one answer; True when the value was accepted (a redirect)."""
    tally.tried += 1
    tally.fields[where] = tally.fields.get(where, 0) + 1
    if response.status_code >= 500:
        tally.errors_500 += 1
        tally.problem(where, value, f"status {response.status_code}")
        return False
    html = response.content.decode(errors="replace")
    if unescaped(value, html):
        tally.problem(where, value, "echoed unescaped")
    if response.status_code == 302:
        tally.accepted += 1
        return True
    form = (response.context or {}).get(form_key)
    if response.status_code != 200 or form is None or not form.errors:
        tally.problem(where, value, f"neither refused nor accepted ({response.status_code})")
        return False
    tally.refused += 1
    texts = error_texts(form)
    if not all(VIETNAMESE.search(t) for t in texts):
        tally.problem(where, value, f"message not in Vietnamese: {texts}")
    if echo and value.strip() and not any(form in html for form in escaped_forms(value)):
        tally.problem(where, value, "value typed was not kept on the form")
    return False
