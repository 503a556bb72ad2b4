"""Benchmark: live notifications over WebSockets through one daphne process and Redis.

1. 200 signed-in clients connected; a separate process commits Notification rows at 10 events/s
   (round robin over the users) and pushes each with notifications.tasks.push, as the task
   worker does. Latency is from just after the commit to the client's receipt (matched by
   notification id; one machine, one clock): p50/p95/p99 and lost. Baseline in the same run:
   the same path with one connected client.
   Then the same with every event sent to all 200 (one group_send to each user's group, as an
   alert to many recipients goes: 2,000 messages/s), to see the fan-out the channel layer and one
   daphne can carry.
2. 500 connections opened at once against the same daphne process: how many are accepted (the
   consumer's first frame, the unread snapshot, arrived) and how long it took.

    .venv/bin/python bench/websocket_bench.py [--clients 200] [--rate 10] [--seconds 30]

SQLite in a temporary file unless DATABASE_URL is set; Redis from REDIS_URL, or a redis-server
started here on a free port. Target (notifications issue): p95 <= 250 ms, nothing lost, 500
connections accepted.
"""

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SENDER = "--sender" in sys.argv  # the event-sending child process (inherits the environment)
TMP = Path(tempfile.gettempdir()) if SENDER else Path(tempfile.mkdtemp(prefix="tiepcan-wsbench-"))
if not os.environ.get("DATABASE_URL"):
    os.environ.update(DATABASE_URL=f"sqlite:///{TMP / 'bench.sqlite3'}", TIEPCAN_VAR_DIR=str(TMP))
os.environ.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DJANGO_DEBUG="0")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, what: str) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not start")


def start_redis() -> subprocess.Popen:
    """Only when REDIS_URL is not given: a throwaway redis-server without persistence."""
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
        cwd=TMP,
    )
    wait_for_port(port, "redis-server")
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    return proc


REDIS = None if SENDER or os.environ.get("REDIS_URL") else start_redis()

import django  # noqa: E402

django.setup()

from asgiref.sync import async_to_sync  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.sessions import LAST_SEEN_AT, SIGNED_IN_AT  # noqa: E402
from notifications.models import Notification  # noqa: E402
from notifications.tasks import push, user_group  # noqa: E402
from requests_flow.choices import Role  # noqa: E402
from requests_flow.models import Agency, AgencyMembership  # noqa: E402

TARGET_P95_MS = 250.0


def send_events(target: str, rate: float, seconds: float) -> None:
    """The sender process, one JSON line per event. To users (target "1,2,3"): commit, then push,
    as the worker does. To all of them (target "all:1,2,3"): each event to every user's group."""
    start = time.monotonic()
    fan_out = target.startswith("all:")
    user_ids = [int(u) for u in target.removeprefix("all:").split(",")]
    for k in range(int(rate * seconds)):
        time.sleep(max(0.0, start + k / rate - time.monotonic()))
        if not fan_out:
            with transaction.atomic():
                note = Notification.objects.create(
                    recipient_id=user_ids[k % len(user_ids)], kind="bench", title=f"B{k}", body=""
                )
            sent = time.time()
            push(note)
        else:
            note, sent = Notification(pk=k, title=f"B{k}"), time.time()
            for user_id in user_ids:
                async_to_sync(get_channel_layer().group_send)(
                    user_group(user_id),
                    {"type": "notification", "id": note.pk, "title": note.title},
                )
        print(json.dumps({"id": note.pk, "t": sent}), flush=True)


def make_sessions(count: int, agency: Agency) -> list[tuple[int, str]]:
    """Supervisors of one agency, each with a fresh signed-in session: (user id, session key)."""
    User.objects.bulk_create(
        User(username=f"wsbench{i}", full_name=f"Giám sát {i}", password="!") for i in range(count)
    )
    found = []
    for user in User.objects.filter(username__startswith="wsbench").order_by("pk"):
        AgencyMembership.objects.create(user=user, agency=agency, role=Role.SUPERVISOR)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = time.time()
        session.create()
        found.append((user.pk, session.session_key))
    return found


def start_daphne(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, "daphne")
    return proc


async def open_socket(port: int, session_key: str):
    from websockets.asyncio.client import connect

    ws = await connect(
        f"ws://127.0.0.1:{port}/ws/notifications/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={session_key}"},
        compression=None,
        open_timeout=60,
    )
    first = json.loads(await asyncio.wait_for(ws.recv(), 60))
    assert first["type"] == "unread", first
    return ws


async def listen(ws, received: dict[int, list[float]]) -> None:
    async for raw in ws:
        message = json.loads(raw)
        if message.get("type") == "notification":
            received.setdefault(message["id"], []).append(time.time())


async def deliver_round(port: int, sessions, rate: float, seconds: float, target="") -> dict:
    """Connect the clients, run the sender process, and match what arrived (by event id; with a
    group target every client expects every event)."""
    sockets = []
    for start in range(0, len(sessions), 50):  # connect in waves, as pages load
        chunk = sessions[start : start + 50]
        sockets += await asyncio.gather(*(open_socket(port, key) for _, key in chunk))
    received: dict[int, list[float]] = {}
    listeners = [asyncio.create_task(listen(ws, received)) for ws in sockets]
    target = target or ",".join(str(uid) for uid, _ in sessions)
    sender = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--sender",
        target,
        str(rate),
        str(seconds),
        stdout=asyncio.subprocess.PIPE,
        env=os.environ,
    )
    out, _ = await sender.communicate()
    sent = {row["id"]: row["t"] for row in map(json.loads, out.decode().splitlines())}
    await asyncio.sleep(3)  # grace for the last events
    for task in listeners:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    expected = len(sent) * (len(sockets) if target.startswith("all:") else 1)
    latencies = sorted((r - t) * 1000 for i, t in sent.items() for r in received.get(i, ()))
    return {"sent": expected, "lost": expected - len(latencies), "ms": latencies}


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def report(name: str, result: dict) -> float:
    ms = result["ms"]
    print(
        f"{name:<22} messages {result['sent']}, received {len(ms)}, lost {result['lost']}; "
        f"p50 {pct(ms, 0.5):6.1f} ms, p95 {pct(ms, 0.95):6.1f} ms, p99 {pct(ms, 0.99):6.1f} ms, "
        f"max {ms[-1] if ms else float('nan'):6.1f} ms"
    )
    return pct(ms, 0.95)


async def accept_many(port: int, sessions) -> None:
    t0 = time.perf_counter()
    results = await asyncio.gather(
        *(open_socket(port, key) for _, key in sessions), return_exceptions=True
    )
    elapsed = time.perf_counter() - t0
    opened = [ws for ws in results if not isinstance(ws, BaseException)]
    print(
        f"connections: tried {len(sessions)}, accepted {len(opened)}, refused or failed "
        f"{len(sessions) - len(opened)}; all answered in {elapsed:.1f}s "
        f"({len(opened) / elapsed:.0f}/s) by one daphne process"
    )
    await asyncio.gather(*(ws.close() for ws in opened), return_exceptions=True)
    # Let daphne run the consumers' disconnect (group_discard) before it is stopped: a daphne
    # killed with sockets open leaves its channels in the Redis groups until they expire.
    await asyncio.sleep(2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--connections", type=int, default=500)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(name="Sở Bench", short_name="SB", place_name="Hà Nội")
    sessions = make_sessions(max(args.clients, args.connections), agency)
    port = free_port()
    daphne = start_daphne(port)
    load = os.getloadavg()
    try:
        print(
            f"{connection.vendor}, Redis {os.environ['REDIS_URL'].rsplit(':', 1)[0]}:…, one "
            f"daphne; {os.cpu_count()} CPUs, load average {load[0]:.2f} at start"
        )
        baseline = asyncio.run(deliver_round(port, sessions[:1], args.rate, 10))
        base_p95 = report("baseline, 1 client", baseline)
        full = asyncio.run(deliver_round(port, sessions[: args.clients], args.rate, args.seconds))
        p95 = report(f"{args.clients} clients", full)
        print(f"ratio p95 {args.clients} clients / 1 client: {p95 / base_p95:.1f}x")
        everyone = "all:" + ",".join(str(uid) for uid, _ in sessions[: args.clients])
        fanout = asyncio.run(deliver_round(port, sessions[: args.clients], args.rate, 10, everyone))
        fan_p95 = report(f"each event to all {args.clients}", fanout)
        print(f"ratio p95 fan-out / 1 client: {fan_p95 / base_p95:.1f}x")
        asyncio.run(accept_many(port, sessions[: args.connections]))
        print(f"load average at end {os.getloadavg()[0]:.2f} (machine shared with others)")
        met = p95 <= TARGET_P95_MS and full["lost"] == 0
        print(f"target p95 <= {TARGET_P95_MS:.0f} ms, nothing lost: {'met' if met else 'NOT met'}")
    finally:
        daphne.terminate()
        daphne.wait()
        if REDIS:
            REDIS.terminate()
            REDIS.wait()


if __name__ == "__main__":
    if SENDER:
        _, _, target, rate, seconds = sys.argv
        send_events(target, float(rate), float(seconds))
    else:
        main()
