"""PAdES B-T: with a timestamp service configured (TIEPCAN_SIGNING_TSA_URL), each signature
carries an RFC 3161 timestamp from it. The service here is a local HTTP server answering with
pyHanko's test time-stamping authority, its certificate issued by the test CA."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from asn1crypto import keys, tsp
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature

from requests_flow.letters.signing import sign_letter
from requests_flow.letters.signing_checks import validation_context
from requests_flow.letters.signing_config import Trust, load_certificates
from requests_flow.letters.verification import verify_pdf

from .conftest import AGENCY, Pki
from .samples import pdf


@pytest.fixture
def tsa_url(pki: Pki):
    identity = pki.ca.issue("Tiếp Cận Test TSA", timestamping=True)
    stamper = DummyTimeStamper(
        tsa_cert=load_certificates(identity.cert_der())[0],
        tsa_key=keys.PrivateKeyInfo.load(
            identity.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append(self.headers["Content-Type"])
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", requests
    server.shutdown()
    server.server_close()


def test_with_a_timestamp_service_both_signatures_are_timestamped(pki, tsa_url):
    url, requests = tsa_url
    trust = Trust(roots=pki.trust.roots, crls=pki.trust.crls, tsa_url=url)
    signed = sign_letter(
        pdf("refusal"),
        signer=pki.party(pki.approver, "approver"),
        agency=pki.party(pki.agency, "agency", holder=AGENCY),
        trust=trust,
    )
    assert requests == ["application/timestamp-query"] * 2
    reader = PdfFileReader(io.BytesIO(signed))
    for embedded in reader.embedded_signatures:
        status = validate_pdf_signature(
            embedded,
            signer_validation_context=validation_context(trust),
            ts_validation_context=validation_context(trust),
        )
        assert status.bottom_line and status.timestamp_validity is not None
        assert status.timestamp_validity.trusted
    result = verify_pdf(signed, trust)
    assert result.ok and all(s.signed_at is not None for s in result.signatures)
