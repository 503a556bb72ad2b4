"""A citizen's browser, as a separate process, for tests/reliability/test_server_killed.py: signs
in, then submits the online form with attachments again and again while the test kills the server.

Like a browser it knows only what the server answered. When a submission gets no answer (the
server died) it waits until the server is back, then either sends the same form again (same
idempotency token: the page's form resubmitted) or gives up, as a citizen might; which one is
drawn from the seeded random generator. It prints "POST <n>" just before each submission and
"ANSWERED <n> <seconds>" when the answer came (the test times its kills on these lines), and
writes what it did as JSON.

    python -m tests.reliability.submit_client --base http://127.0.0.1:8000 --username U \
        --password P --agency 1 --count 20 --seed 7 --out result.json
"""

import argparse
import hashlib
import http.client
import http.cookiejar
import io
import json
import random
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from PIL import Image

WAIT_FOR_SERVER = 180  # seconds: the test restarts it at once, but the machine may be slow
ANSWER_TIMEOUT = 120
RETRY_SHARE = 0.7  # of interrupted submissions sent again; the others are abandoned
NO_ANSWER = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError)
ID_NUMBER = "001190123456"


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path: str, body: bytes | None = None, content_type: str = ""):
        headers = {"Referer": self.base + path}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        return self.opener.open(request, timeout=ANSWER_TIMEOUT)

    def page(self, path: str) -> str:
        """GET a page, waiting for the server if it is down."""
        deadline = time.monotonic() + WAIT_FOR_SERVER
        while True:
            try:
                return self.open(path).read().decode()
            except NO_ANSWER:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page)[1]


def sign_in(browser: Browser, username: str, password: str) -> None:
    page = browser.page("/accounts/login/")
    form = {"username": username, "password": password}
    form["csrfmiddlewaretoken"] = hidden(page, "csrfmiddlewaretoken")
    answer = browser.open("/accounts/login/", urllib.parse.urlencode(form).encode())
    assert "/accounts/login/" not in answer.url, "the citizen could not sign in"


# A minimal PDF the upload check's parser reads (as tests/portal/support.PDF; this script runs
# without Django). Its random body goes in a comment line, as hex.
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def attachments(rng: random.Random, n: int) -> list[tuple[str, str, bytes]]:
    """1 to 3 real files (PDF and PNG of about 2 to 300 kB, a small JPEG) with random content:
    uploads are parsed, and images decoded and re-encoded (requests_flow/upload_checks.py), so
    each is one whose re-encoding gives back its own bytes and the stored checksum can be
    compared."""
    files = []
    for i in range(rng.randint(1, 3)):
        size, kind = rng.randint(2_000, 300_000), rng.randrange(3)
        if kind == 0:
            filler = rng.randbytes(size // 2).hex().encode()
            data = PDF.replace(b"trailer", b"%" + filler + b"\ntrailer")
            files.append((f"don-de-nghi-{n}-{i}.pdf", "application/pdf", data))
            continue
        out = io.BytesIO()
        if kind == 1:  # random pixels: Pillow's re-encoding of a Pillow PNG is byte-identical
            side = max(int((size / 3) ** 0.5), 1)
            Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)).save(out, "PNG")
            name, content_type = f"anh-cccd-{n}-{i}.png", "image/png"
        else:  # a JPEG survives re-encoding byte for byte only when plain: one colour, small
            Image.new("RGB", (16, 16), tuple(rng.randbytes(3))).save(out, "JPEG")
            name, content_type = f"giay-to-{n}-{i}.jpg", "image/jpeg"
        files.append((name, content_type, out.getvalue()))
    return files


def multipart(fields: dict, files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = "----tiepcan" + hashlib.sha256(repr(fields).encode()).hexdigest()[:24]
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for filename, content_type, data in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def form_fields(page: str, agency: str, n: int) -> dict:
    return {
        "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"),
        "token": hidden(page, "token"),
        "agency": agency,
        "requester_kind": "individual",
        "requester_name": "Nguyễn Thị Hoa",
        "requester_address": "Tổ 7, phường Hà Giang 1, tỉnh Tuyên Quang",
        "id_document_type": "cccd",
        "id_number": ID_NUMBER,
        "email": "hoa@example.vn",
        "information_requested": f"Quyết định số {n}/QĐ-UBND về quy hoạch sử dụng đất",
        "provision_form": "email",
        "copies": "1",
        "reason_purpose": "Tìm hiểu quyền lợi của gia đình",
    }


def submit_one(browser: Browser, rng: random.Random, agency: str, n: int) -> dict:
    files = attachments(rng, n)
    fields = form_fields(browser.page("/gui-yeu-cau/"), agency, n)
    body, content_type = multipart(fields, files)
    record = {
        "token": fields["token"],
        "files": [
            {"name": name, "sha256": hashlib.sha256(data).hexdigest()} for name, _, data in files
        ],
        "posts": 0,
        "unanswered": 0,
    }
    while True:
        record["posts"] += 1
        print(f"POST {n}", flush=True)
        started = time.monotonic()
        try:
            answer = browser.open("/gui-yeu-cau/", body, content_type)
            print(f"ANSWERED {n} {time.monotonic() - started:.3f}", flush=True)
        except urllib.error.HTTPError as exc:  # an answer, but not the receipt: a failure
            record.update(outcome="refused", status=exc.code)
            return record
        except NO_ANSWER:
            record["unanswered"] += 1
            browser.page("/")  # wait until the server is back
            if rng.random() < RETRY_SHARE:
                continue
            record["outcome"] = "abandoned"
            return record
        if "/da-nhan/" in answer.url:
            record.update(outcome="receipt", tracking_code=answer.url.split("/")[-3])
        else:
            record.update(outcome="refused", status=answer.status)
        return record


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    for name in ("--base", "--username", "--password", "--agency", "--out"):
        parser.add_argument(name, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    browser = Browser(args.base)
    sign_in(browser, args.username, args.password)
    records = [submit_one(browser, rng, args.agency, n) for n in range(args.count)]
    with open(args.out, "w") as out:
        json.dump(records, out, indent=1)
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
