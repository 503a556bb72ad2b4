"""Test certificates for `make run`, made by seed_demo and never committed (docs/signing.md):
a demo CA (`ca.pem`, its key `ca-key.pem` encrypted), a PKCS#12 file for each demo approver who
signs digitally and for each demo agency, one passphrase file, and `keys.json` in the format of
TIEPCAN_SIGNING_KEYS. The development settings use them when the environment names no keys
(config/settings/dev.py). Made once: a second run adds only what is missing (an account or an
agency added since, a renamed holder), so letters signed earlier stay trusted.

`truongbophan` (head of the focal unit at STP) has no key on purpose: she signs on paper, so the
demo shows the clerk's paper path (number written on the paper, seal, scan uploaded)."""

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..letters.demo_pki import DemoCA

# Approvers with a demo key ("user:<username>"); every demo agency gets one ("agency:<short>").
# The other approver, truongbophan, signs on paper (above).
DIGITAL_SIGNERS = ("lanhdao", "canbo.phuong")

KEYS_FILE, CA_FILE, CA_KEY_FILE, PASSPHRASE_FILE = "keys.json", "ca.pem", "ca-key.pem", "passphrase"


@dataclass(frozen=True)
class DemoKeys:
    keys_file: Path  # for TIEPCAN_SIGNING_KEYS
    ca_file: Path  # for TIEPCAN_SIGNING_TRUST_ROOTS


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.chmod(0o600)  # keys and passphrase: the account running `make run` alone


def _passphrase(folder: Path) -> str:
    path = folder / PASSPHRASE_FILE
    if not path.exists():
        _write(path, secrets.token_urlsafe(24).encode())
    return path.read_text().strip()


def _wanted(agencies: dict, users: dict) -> dict[str, tuple[str, str]]:
    """identity -> (the certificate's common name, its organisation): the agency's name for an
    agency, the full name printed on the letter for an approver."""
    wanted = {f"agency:{a.short_name}": (a.name, a.name) for a in agencies.values()}
    for username in DIGITAL_SIGNERS:
        wanted[f"user:{username}"] = (users[username].get_full_name(), "")
    return wanted


def seed_keys(agencies: dict, users: dict, folder: Path) -> DemoKeys:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    passphrase = _passphrase(folder)
    keys_path, ca_path, ca_key_path = folder / KEYS_FILE, folder / CA_FILE, folder / CA_KEY_FILE
    if ca_path.exists() and ca_key_path.exists():
        ca = DemoCA.load(ca_path.read_bytes(), ca_key_path.read_bytes(), passphrase)
        entries = json.loads(keys_path.read_text()) if keys_path.exists() else {}
    else:  # a new CA: whatever the old one certified would no longer be trusted
        ca, entries = DemoCA(), {}
        _write(ca_key_path, ca.key_pem(passphrase))
        ca_path.write_bytes(ca.cert_pem())
    changed = False
    for identity, (name, organisation) in _wanted(agencies, users).items():
        p12 = folder / (identity.replace(":", "-") + ".p12")
        entry = entries.get(identity, {})
        if entry.get("holder") == name and p12.exists():
            continue
        _write(p12, ca.issue(name, organisation=organisation).pkcs12(passphrase))
        # "holder" is ours (the name certified); signing_config reads only the key's fields.
        entries[identity] = {
            "pkcs12": str(p12),
            "passphrase_file": str(folder / PASSPHRASE_FILE),
            "holder": name,
        }
        changed = True
    if changed or not keys_path.exists():
        keys_path.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n")
    return DemoKeys(keys_file=keys_path, ca_file=ca_path)
