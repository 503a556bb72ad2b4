"""Roles as Django groups (what a person may do) beside AgencyMembership (where). The migrations
requests_flow 0004_create_role_groups and portal 0002_catalogue_permissions create the groups
with these permissions; services.membership_grant keeps membership and group in step."""

from .choices import Role

ADMINISTRATOR = "administrator"

# Group name (data shown to administrators, Vietnamese) and permissions "app_label.codename".
ROLE_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    Role.FOCAL_OFFICER: (
        "Cán bộ đầu mối",
        (
            "requests_flow.view_requestprocess",
            "requests_flow.intake_request",
            "requests_flow.review_request",
            "requests_flow.handle_request",
            "portal.add_publisheditem",
            "portal.change_publisheditem",
            "portal.delete_publisheditem",
            "portal.view_publisheditem",
        ),
    ),
    Role.FOCAL_HEAD: (
        "Lãnh đạo đơn vị đầu mối",
        (
            "requests_flow.view_requestprocess",
            "requests_flow.intake_request",
            "requests_flow.review_request",
            "requests_flow.handle_request",
            "requests_flow.assign_request",
            "portal.add_publisheditem",
            "portal.change_publisheditem",
            "portal.delete_publisheditem",
            "portal.view_publisheditem",
        ),
    ),
    Role.LEADER: (
        "Lãnh đạo có thẩm quyền",
        (
            "requests_flow.view_requestprocess",
            "requests_flow.approve_decision",
            "requests_flow.assign_request",
            "portal.view_publisheditem",
        ),
    ),
    Role.SUPERVISOR: (
        "Người giám sát",
        (
            "requests_flow.view_requestprocess",
            "requests_flow.supervise_requests",
            "portal.view_publisheditem",
        ),
    ),
    Role.CLERK: (
        "Văn thư",
        (
            "requests_flow.view_requestprocess",
            "portal.view_publisheditem",
        ),
    ),
    ADMINISTRATOR: (
        "Quản trị hệ thống",
        (
            "requests_flow.view_requestprocess",
            "requests_flow.add_agency",
            "requests_flow.change_agency",
            "requests_flow.view_agency",
            "requests_flow.add_agencymembership",
            "requests_flow.change_agencymembership",
            "requests_flow.delete_agencymembership",
            "requests_flow.view_agencymembership",
            "requests_flow.add_calendaroverride",
            "requests_flow.change_calendaroverride",
            "requests_flow.delete_calendaroverride",
            "requests_flow.view_calendaroverride",
            "requests_flow.change_calendaryear",
            "requests_flow.view_calendaryear",
            "requests_flow.view_calendaryearevent",
            "requests_flow.change_ruleset",
            "requests_flow.view_ruleset",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.view_user",
        ),
    ),
}
