"""`manage.py media_orphans`: the files a dead submission left without a row are listed and, with
--delete, removed; files a row refers to and files of a submission still in flight (younger than
--older-than) are kept."""

import io
import os
import time

import pytest
from django.core.management import call_command

from portal.services import request_submit_online
from requests_flow import crypto
from requests_flow.models import RequestAttachment
from tests.helpers import request_data
from tests.portal.support import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("media_orphans", *args, stdout=out)
    return out.getvalue().splitlines()


def leftover(media, name: str, age_minutes: float):
    """A file written by a submission that never committed, `age_minutes` ago."""
    path = media / "attachments" / "9" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    then = time.time() - age_minutes * 60
    os.utime(path, (then, then))
    return path


def test_orphans_are_listed_then_removed_and_recorded_files_kept(media, agency, citizen):
    request, _ = request_submit_online(
        token="t-1",
        agency=agency,
        data=request_data(),
        user=citizen,
        files=[("don.pdf", "application/pdf", PDF)],
    )
    stored_name = RequestAttachment.objects.get(request=request).file.name
    recorded = media / stored_name
    old, young = leftover(media, "a" * 32, 120), leftover(media, "b" * 32, 1)

    assert run() == [f"attachments/9/{'a' * 32}", f"orphan files found: 1 ({len(PDF)} bytes)"]
    assert old.exists(), "listing deletes nothing"

    assert run("--delete")[-1] == f"orphan files deleted: 1 ({len(PDF)} bytes)"
    assert not old.exists()
    assert young.exists(), "a submission in flight keeps its files"
    assert crypto.decrypt_bytes(recorded.read_bytes(), stored_name) == PDF  # sealed on disk, intact

    run("--delete", "--older-than", "0")
    print(f"orphans tried 2, removed 2, recorded files kept {int(recorded.exists())}")
    assert not young.exists() and recorded.exists()
