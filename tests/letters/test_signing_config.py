"""Where keys and trust come from (TIEPCAN_SIGNING_*): a JSON file names each person's and
agency's key; passphrases and PINs come from the environment or a protected file, never from
that file itself, and never show in a repr."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from requests_flow.letters.signing_config import (
    Pkcs11Key,
    Pkcs12Key,
    configured_key,
    configured_trust,
)

from .conftest import Pki


@pytest.fixture
def keys_file(tmp_path, settings):
    path = tmp_path / "signing-keys.json"
    settings.TIEPCAN_SIGNING_KEYS = str(path)
    return path


def test_keys_come_from_the_file_and_secrets_from_env_or_file(keys_file, tmp_path, monkeypatch):
    pin_file = tmp_path / "pin"
    pin_file.write_text("246810\n")
    keys_file.write_text(
        json.dumps(
            {
                "user:anh.dang": {
                    "pkcs12": "/etc/tiepcan/keys/anh.p12",
                    "passphrase_env": "TIEPCAN_KEY_ANH",
                },
                "agency:STP": {
                    "pkcs11_module": "/usr/lib/x86_64-linux-gnu/libvgca_pkcs11.so",
                    "token_label": "STP-TOKEN",
                    "key_label": "STP",
                    "pin_file": str(pin_file),
                },
            }
        )
    )
    monkeypatch.setenv("TIEPCAN_KEY_ANH", "bí-mật")
    person = configured_key("user:anh.dang")
    agency = configured_key("agency:STP")
    assert isinstance(person, Pkcs12Key) and person.passphrase == "bí-mật"
    assert isinstance(agency, Pkcs11Key) and agency.pin == "246810"
    assert "bí-mật" not in repr(person) and "246810" not in repr(agency)
    assert configured_key("user:nobody") is None  # signs on paper


def test_a_secret_written_in_the_file_is_refused(keys_file):
    keys_file.write_text(json.dumps({"user:a": {"pkcs12": "/k.p12", "passphrase": "plain"}}))
    with pytest.raises(ImproperlyConfigured, match="passphrase_env or passphrase_file"):
        configured_key("user:a")


def test_a_missing_environment_variable_is_named(keys_file, monkeypatch):
    monkeypatch.delenv("TIEPCAN_KEY_X", raising=False)
    keys_file.write_text(
        json.dumps({"user:x": {"pkcs12": "/k.p12", "passphrase_env": "TIEPCAN_KEY_X"}})
    )
    with pytest.raises(ImproperlyConfigured, match="TIEPCAN_KEY_X is not set"):
        configured_key("user:x")


def test_no_keys_file_means_no_digital_signatures(settings):
    settings.TIEPCAN_SIGNING_KEYS = ""
    assert configured_key("user:anyone") is None


def test_trust_roots_and_crls_are_read_from_the_files_named(pki: Pki, tmp_path, settings):
    roots, crl = tmp_path / "roots.pem", tmp_path / "ca.crl"
    roots.write_bytes(pki.ca.cert_pem())
    crl.write_bytes(pki.crl)
    settings.TIEPCAN_SIGNING_TRUST_ROOTS = [str(roots)]
    settings.TIEPCAN_SIGNING_CRLS = [str(crl)]
    configured_trust.cache_clear()  # read once per process otherwise
    try:
        trust = configured_trust()
        assert [r.subject.native["common_name"] for r in trust.roots] == ["Tiếp Cận Demo CA"]
        assert len(trust.crls) == 1 and not trust.tsa_url
        settings.TIEPCAN_SIGNING_CRLS = [str(tmp_path / "missing.crl")]
        configured_trust.cache_clear()
        with pytest.raises(ImproperlyConfigured, match="TIEPCAN_SIGNING_CRLS: cannot read"):
            configured_trust()
    finally:
        configured_trust.cache_clear()
