"""Enumerations of the domain (DOMAIN.md §§2-5), with Vietnamese labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    NEEDS_SUPPLEMENT = "needs_supplement", _("Awaiting completion")
    ACCEPTED = "accepted", _("Valid")
    ASSIGNED = "assigned", _("Assigned to a focal officer")
    IN_PROGRESS = "in_progress", _("Being handled")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment of costs")
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    PROVIDED = "provided", _("Provided")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


FINAL_STATES = (State.PROVIDED, State.REFUSED, State.WITHDRAWN)
OPEN_STATES = tuple(s for s in State.values if s not in FINAL_STATES)


class Channel(models.TextChoices):
    """How the request arrived (Law Art. 24(1)); it decides the deadlines (Arts. 29-31)."""

    IN_PERSON = "in_person", _("At the office")
    ELECTRONIC = "electronic", _("Electronic (portal, e-mail)")
    POST = "post", _("Post")
    FAX = "fax", _("Fax")


class AgencyKind(models.TextChoices):
    """Which kind of body an agency is: a rule set covers some kinds (Law 104 Art. 9: state
    agencies; the 2026 law also public non-business units providing basic public services)."""

    STATE_AGENCY = "state_agency", _("State agency")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public non-business unit")


class Complexity(models.TextChoices):
    SIMPLE = "simple", _("Simple, available information")
    COMPLEX = "complex", _("Complex information")


class IdDocumentType(models.TextChoices):
    CCCD = "cccd", _("Citizen identity card (CCCD)")
    CMND = "cmnd", _("Old identity card (CMND)")
    PASSPORT = "passport", _("Passport")


class RequesterKind(models.TextChoices):
    INDIVIDUAL = "individual", _("For myself")
    REPRESENTATIVE = "representative", _("As legal representative (Art. 4)")
    ORGANISATION = "organisation", _("Through an organisation for its members (Art. 36(2))")


class ProvisionForm(models.TextChoices):
    """Forms of provision a requester may ask for (Law Art. 25; Decree 13 Form 01a)."""

    AT_OFFICE = "at_office", _("Read, view, listen, take notes, copy or photograph at the office")
    PAPER_COPY = "paper_copy", _("Paper copies")
    EMAIL = "email", _("Electronic: e-mail attachment")
    ACCESS_CODE = "access_code", _("Electronic: one-time access code")
    DOWNLOAD = "download", _("Electronic: download address")
    POST = "post", _("By post")
    FAX = "fax", _("By fax")


class RefusalGround(models.TextChoices):
    """The closed list of Law Art. 28(1); code đ is spelled 'dd' in storage."""

    # The full wording with the exceptions, so that a ground is not chosen where the law says
    # the information must be provided (issue #14 item 6). No article numbers: the labels serve
    # every rule set; the letter cites the request's own rule set.
    A = (
        "a",
        _(
            "(a) Information citizens may not access, or conditional information whose conditions "
            "are not met"
        ),
    )
    B = (
        "b",
        _(
            "(b) Already published — except when it was not published in time, its publication "
            "has expired, or it cannot be reached by force majeure: then provide it; say where it "
            "is published"
        ),
    )
    C = "c", _("(c) Not this agency's responsibility — name the competent agency")
    D = (
        "d",
        _(
            "(d) Already provided twice to the same requester — except when the requester gives a "
            "good reason"
        ),
    )
    DD = "dd", _("(đ) Beyond the agency's capacity or disrupting its normal work")
    E = "e", _("(e) Actual costs not paid")


class DecisionKind(models.TextChoices):
    PROVIDE = "provide", _("Provide the information")
    REFUSE = "refuse", _("Refuse")
    EXTEND = "extend", _("Extend the time limit")


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for rework")


class AreaClass(models.TextChoices):
    """Circular 46/2018/TT-BTC Art. 3: cost reduction by socio-economic area."""

    NORMAL = "normal", _("Normal area (100%)")
    DIFFICULT = "difficult", _("Area with difficult conditions (70%)")
    ESPECIALLY_DIFFICULT = (
        "especially_difficult",
        _("Area with especially difficult conditions (50%)"),
    )


class Role(models.TextChoices):
    FOCAL_OFFICER = "focal_officer", _("Focal officer")
    FOCAL_HEAD = "focal_head", _("Head of focal unit")
    LEADER = "leader", _("Leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    # Văn thư (Decree 30 Arts. 15-16): numbers, registers and releases the agency's letters.
    CLERK = "clerk", _("Clerk")
