import pytest
from django.urls import get_resolver

from tests.letters.conftest import pki  # noqa: F401  (the demo CA, a session fixture)
from tests.letters.lifecycle import sign_digitally

from .actors import build_world


@pytest.fixture
def world(
    agency,
    other_agency,
    citizen,
    other_citizen,
    officer,
    head,
    leader,
    foreign_officer,
    pki,  # noqa: F811  (the fixture imported above)
    settings,
    tmp_path,
    monkeypatch,
):
    built = build_world(
        agency, other_agency, citizen, other_citizen, officer, head, leader, foreign_officer
    )
    # The provided request's receipt signed digitally by its approver: a file exists, not yet
    # numbered nor issued by the clerk (matrix_table.VARIANTS: nobody downloads it).
    receipt = built.provided.letters.get(kind="receipt")
    fixtures = {"settings": settings, "folder": tmp_path, "monkeypatch": monkeypatch}
    signed = sign_digitally(receipt, pki=pki, **fixtures)
    assert signed.status == "signed" and signed.file
    built.objects["signed_letter_id"] = signed.pk
    return built


@pytest.fixture(autouse=True, scope="session")
def _urls_loaded():
    """viewflow names its nodes' URL namespaces when the site's URLs are first built."""
    get_resolver().url_patterns  # noqa: B018
