"""Supervisors and officers see, on every back-office page, that a rule set in force is not
verified (the deadline-engine issue: admin and supervisor pages warn)."""

from django.urls import reverse

from requests_flow.models import RuleSet


def test_back_office_pages_warn_about_the_unverified_rule_set(client, bo_officer):
    client.force_login(bo_officer)
    page = client.get(reverse("informationrequest:inbox")).content.decode()
    assert "Luật Tiếp cận thông tin (sửa đổi) 2026" in page
    assert 'class="tc-warning"' in page


def test_no_warning_once_every_rule_set_is_verified(client, bo_officer):
    RuleSet.objects.update(verified=True)
    client.force_login(bo_officer)
    page = client.get(reverse("informationrequest:inbox")).content.decode()
    assert 'class="tc-warning"' not in page


def test_warning_goes_as_soon_as_the_rule_set_is_verified(client, bo_officer):
    """The warning is cached per process (selectors.RULE_SET_WARNING_SECONDS); saving a rule set
    drops the cache at once, so verifying it clears the warning on the next page."""
    client.force_login(bo_officer)
    inbox = reverse("informationrequest:inbox")
    assert 'class="tc-warning"' in client.get(inbox).content.decode()
    assert 'class="tc-warning"' in client.get(inbox).content.decode()  # now from the cache
    unverified = list(RuleSet.objects.filter(verified=False))
    for rule_set in unverified:
        rule_set.verified = True
        rule_set.save()
    print(f"rule sets verified: {len(unverified)}")
    assert unverified
    assert 'class="tc-warning"' not in client.get(inbox).content.decode()
