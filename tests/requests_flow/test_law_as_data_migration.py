"""requests_flow 0018 + 0019 on a database that has agencies and the seeded rule sets: every
existing agency becomes a state agency; Law 104's citations become confirmed rows with their
source, the 2026 law's unconfirmed ones; each rule set says which channels and bodies its law
accepts."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from requests_flow.choices import AgencyKind
from requests_flow.models import Agency, Citation, RuleSet

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("requests_flow", "0017_request_models_from_portal")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_existing_rows_get_sensible_values(agency):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    old.get_model("requests_flow", "Agency").objects.create(
        name="Ủy ban nhân dân xã Lũng Cú", short_name="UBND-LC", place_name="Lũng Cú"
    )
    migrate(latest)

    assert set(Agency.objects.values_list("kind", flat=True)) == {AgencyKind.STATE_AGENCY}
    law_104, law_2026 = (RuleSet.objects.get(code=c) for c in ("law-104-2016", "law-ati-2026"))
    assert "fax" in law_104.accepted_channels and "fax" not in law_2026.accepted_channels
    assert law_2026.covered_agency_kinds == ["state_agency", "public_service_unit"]
    old_rows = Citation.objects.filter(rule_set=law_104)
    assert set(old_rows.values_list("key", flat=True)) >= {"receipt", "complaint", "costs"}
    assert all(c.confirmed and "104/2016/QH13" in c.source_document for c in old_rows)
    new_rows = Citation.objects.filter(rule_set=law_2026)
    assert new_rows.exists() and not new_rows.filter(confirmed=True).exists()
    assert law_2026.to_rules().cite("complaint") == law_2026.law_name
    assert law_104.to_rules().cite("complaint") == (
        "Điều 14 Luật Tiếp cận thông tin số 104/2016/QH13"
    )
