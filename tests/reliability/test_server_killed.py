"""The ASGI server is killed (SIGKILL) at random moments while a citizen, in another process,
submits requests with attachments; the server is restarted each time and the citizen goes on.
Afterwards every request is complete (its row, its attachments with files whose SHA-256 matches,
its audit event, its notifications with their delivery queued, its receipt letter queued, its
process started) or absent, never partial; a citizen who got a receipt always finds the request;
register numbers have no gap. Files written by a submission that died before its commit are
garbage no row refers to: they are counted, and `manage.py media_orphans` removes them
(issue #8, item 8).

Short in `make test`; TIEPCAN_SOAK=1 (`make soak`) submits 100 requests. The printed seed fixes
which POSTs are hit and how long after they start, not the machine's timing: a rerun with
TIEPCAN_FAULT_SEED hits the same POSTs, though not always at the same instruction."""

import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from requests_flow.choices import Role
from tests.helpers import member

from .completeness import check_submissions, orphan_attachment_files
from .support import CALL_TIMEOUT, ROOT, SOAK, env_for_subprocess, free_port, start_server

pytestmark = pytest.mark.django_db(transaction=True)

SUBMISSIONS = 100 if SOAK else 16
KILL_SHARE = 0.35  # of POSTs during which the server is killed
MAX_KILLS = 1000 if SOAK else 5  # each restart costs seconds: keep `make test` short
# The kill comes a random time after the POST starts, up to a little more than the answers take
# so far (the median), so that it falls anywhere from reading the form to after the commit.
FIRST_GUESS = 0.5  # seconds, until the first answer is timed
PASSWORD = "mat-khau-kiem-thu-2026"


class Server:
    """The daphne process on a fixed port, killed and started again by the test."""

    def __init__(self, env: dict, log_path: Path):
        self.port, self.env = free_port(), env
        self.log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = start_server(self.port, env, self.log)
        self.kills = 0

    def kill_and_restart(self) -> None:
        self.proc.kill()  # SIGKILL: no cleanup, no rollback handler, no flushing
        self.proc.wait()
        self.kills += 1
        self.proc = start_server(self.port, self.env, self.log)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.log.close()


def wants_kill(rng: random.Random, server: Server, submission: int) -> bool:
    """A share of the POSTs, at least one in every run, at most MAX_KILLS."""
    if server.kills >= MAX_KILLS:
        return False
    return rng.random() < KILL_SHARE or (server.kills == 0 and submission >= SUBMISSIONS // 2)


def run_client(server: Server, rng: random.Random, citizen, agency, out: Path) -> int:
    """Start the citizen's process and kill the server during some of its submissions; return
    the client's exit code."""
    client = subprocess.Popen(
        [
            *(sys.executable, "-m", "tests.reliability.submit_client"),
            *("--base", f"http://127.0.0.1:{server.port}", "--username", citizen.username),
            *("--password", PASSWORD, "--agency", str(agency.pk), "--out", str(out)),
            *("--count", str(SUBMISSIONS), "--seed", str(rng.randrange(2**31))),
        ],
        cwd=ROOT,
        env=server.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output, answer_times = [], []
    try:
        for line in client.stdout:  # two lines per POST, read as they come
            output.append(line)
            if line.startswith("ANSWERED "):
                answer_times.append(float(line.split()[2]))
            elif line.startswith("POST ") and wants_kill(rng, server, int(line.split()[1])):
                typical = statistics.median(answer_times) if answer_times else FIRST_GUESS
                time.sleep(rng.uniform(0, 1.2 * typical))
                server.kill_and_restart()
        code = client.wait(timeout=CALL_TIMEOUT)
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
    if code != 0:
        print("".join(output[-40:]))
    return code


@pytest.fixture
def media_root(settings, tmp_path):
    """A MEDIA_ROOT of this test only, so that every file in it is the server's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_server_killed_during_submissions(media_root, tmp_path, agency, citizen, officer):
    citizen.set_password(PASSWORD)
    citizen.email = "hoa@example.vn"
    citizen.save()
    member(officer, agency, Role.FOCAL_HEAD)  # someone at the agency is notified
    seed = int(os.environ.get("TIEPCAN_FAULT_SEED") or random.randrange(2**31))
    print(f"{connection.vendor}: seed {seed} (rerun with TIEPCAN_FAULT_SEED={seed})")
    rng = random.Random(seed)
    env = env_for_subprocess(TIEPCAN_SUBMIT_LIMIT="100000")
    server = Server(env, tmp_path / "server.log")
    try:
        code = run_client(server, rng, citizen, agency, tmp_path / "client.json")
    finally:
        server.stop()
    if code != 0:
        print((tmp_path / "server.log").read_text(errors="replace")[-3000:])
    assert code == 0, "the citizen's process ends normally"
    records = json.loads((tmp_path / "client.json").read_text())

    found = check_submissions(records, citizen)
    orphans = orphan_attachment_files(Path(media_root))
    print(
        f"submitted {len(records)}, complete {found.complete}, absent {found.absent}, "
        f"partial {len(found.partial)}, orphan files {len(orphans)} "
        f"(server killed {server.kills} times; POSTs {sum(r['posts'] for r in records)}, "
        f"unanswered {sum(r['unanswered'] for r in records)}, "
        f"receipts {found.receipts}, abandoned {found.abandoned})"
    )
    assert not found.partial, found.partial[:5]
    assert found.complete + found.absent == len(records)
    assert found.receipts_missing == 0, "a citizen holding a receipt must find the request"
    assert found.register_numbers == list(range(1, found.complete + 1)), "no gap, no double"
    assert server.kills >= 1

    call_command("media_orphans", "--older-than", "0", "--delete", stdout=io.StringIO())
    assert orphan_attachment_files(Path(media_root)) == []
    assert check_submissions(records, citizen).complete == found.complete, "no row lost a file"
