import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE, ConcurrentTransitionMixin, FSMField, transition

from .. import limits
from ..choices import (
    FINAL_STATES,
    Channel,
    Complexity,
    IdDocumentType,
    ProvisionForm,
    RequesterKind,
    State,
)
from ..fields import EncryptedTextField, KeyedHashField, encrypted_storage, row_uid_field
from ..validators import mask_id_number

NON_FINAL = [s for s in State.values if s not in FINAL_STATES]
REFUSABLE_FROM = [s for s in NON_FINAL if s != State.PENDING_APPROVAL]


def new_tracking_code() -> str:
    # 10 characters from an alphabet without look-alikes; unguessable (50 bits) and easy to read
    # aloud over the phone.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def consent_upload_to(instance: "InformationRequest", filename: str) -> str:
    return f"consent/{instance.agency_id}/{secrets.token_hex(16)}"


class InformationRequest(ConcurrentTransitionMixin, models.Model):
    """Phiếu yêu cầu cung cấp thông tin (Law Art. 24(2); Decree 13 Forms 01a/01b) and its state.

    The state changes only through the transition methods below, and those are called only by
    requests_flow.services, which locks the row and writes the audit trail in the same transaction.
    """

    agency = models.ForeignKey(
        "requests_flow.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    register_year = models.PositiveSmallIntegerField(_("register year"))
    register_seq = models.PositiveIntegerField(_("register sequence"))
    tracking_code = models.CharField(
        _("tracking code"), max_length=16, unique=True, default=new_tracking_code, editable=False
    )
    requester_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="information_requests",
    )
    # Requester identity and contact (personal data: DOMAIN §8).
    requester_name = models.CharField(_("full name"), max_length=200)
    requester_address = models.CharField(_("place of residence / address"), max_length=500)
    id_document_type = models.CharField(
        _("identity document"), max_length=20, choices=IdDocumentType.choices
    )
    # Encrypted at rest; exact lookup only through the keyed hash (requests_flow/crypto.py).
    id_number = EncryptedTextField(_("identity document number"))
    row_uid = row_uid_field()  # what the encrypted value above is bound to
    id_number_hash = KeyedHashField(source="id_number")
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    fax = models.CharField(_("fax"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # On whose behalf (Law Art. 4, Art. 36; Decree 13 Art. 4).
    requester_kind = models.CharField(
        _("requesting"),
        max_length=20,
        choices=RequesterKind.choices,
        default=RequesterKind.INDIVIDUAL,
    )
    represented_person = models.CharField(_("person represented"), max_length=200, blank=True)
    representative_capacity = models.CharField(
        _("capacity of the representative"), max_length=200, blank=True
    )
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    # What is asked, how, and why.
    information_requested = models.TextField(
        _("information requested"),
        validators=limits.max_length(limits.REQUEST_TEXT),
    )
    provision_form = models.CharField(
        _("form of provision"), max_length=20, choices=ProvisionForm.choices
    )
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    reason_purpose = models.TextField(
        _("reason and purpose"),
        validators=limits.max_length(limits.REASON_TEXT),
    )
    conditional_information = models.BooleanField(
        _("concerns business secrets or private life (Art. 7)"), default=False
    )
    consent_document = models.FileField(
        _("written consent of the person concerned (Form 06)"),
        upload_to=consent_upload_to,
        storage=encrypted_storage,  # personal data: sealed at rest (DOMAIN §8)
        blank=True,
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_on_behalf = models.BooleanField(
        _("officer wrote the request for a person who cannot write (Art. 24(1)(a))"), default=False
    )
    # Life cycle.
    state = FSMField(_("state"), default=State.RECEIVED, choices=State.choices, protected=True)
    received_at = models.DateTimeField(_("received at"))
    missing_items = models.JSONField(_("items to complete"), default=list, blank=True)
    valid_at = models.DateTimeField(_("valid at"), null=True, blank=True)
    rule_set = models.ForeignKey(
        "requests_flow.RuleSet",
        verbose_name=_("legal rule set"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("focal officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_requests",
    )
    complexity = models.CharField(
        _("complexity"), max_length=10, choices=Complexity.choices, blank=True
    )
    coordination_notes = models.TextField(
        _("coordination with the units holding the information"), blank=True
    )
    secrecy_reviewed_at = models.DateTimeField(
        _("secrecy review done at (Decree 13 Art. 7)"), null=True, blank=True
    )
    secrecy_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secrecy review by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The earliest unmet milestone, kept by the services whenever milestones change, so that task
    # lists sort and filter by deadline without touching the milestone table.
    next_due = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    cost_amount = models.PositiveIntegerField(_("actual costs (VND)"), null=True, blank=True)
    # Form 03 lists the costs line by line (Circular 46 Art. 4(1)(a)): [item, quantity, unit
    # price, amount] as worked out by costs.compute_costs; empty when only a total was given.
    cost_lines = models.JSONField(_("cost lines"), default=list, blank=True)
    payment_due = models.DateField(_("payment due"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("extension (days)"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set when the retention period ended and the personal data was erased (anonymise_expired).
    anonymised_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # The state to go back to when a leader returns a draft decision for rework.
    state_before_approval = models.CharField(max_length=20, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "register_year", "register_seq"], name="request_register_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(copies__gte=1), name="request_copies_positive"
            ),
        ]
        indexes = [models.Index(fields=["agency", "state"], name="request_agency_state_idx")]

    def __str__(self) -> str:
        return f"{self.register_number} — {self.agency.short_name}"

    @property
    def register_number(self) -> str:
        return f"{self.register_seq:02d}/{self.register_year}"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    # --- transitions: field changes only; services own locking, audit and side effects ---

    @transition(field=state, source=State.RECEIVED, target=State.NEEDS_SUPPLEMENT)
    def ask_supplement(self, *, missing_items: list[str]) -> None:
        self.missing_items = list(missing_items)

    @transition(field=state, source=State.NEEDS_SUPPLEMENT, target=State.RECEIVED)
    def receive_supplement(self) -> None:
        self.missing_items = []

    @transition(field=state, source=State.RECEIVED, target=State.ACCEPTED)
    def accept(self, *, valid_at, rule_set) -> None:
        self.valid_at = valid_at
        self.rule_set = rule_set

    @transition(
        field=state,
        source=[State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS],
        target=GET_STATE(
            lambda self, **kw: State.ASSIGNED if self.state == State.ACCEPTED else self.state,
            states=[State.ASSIGNED, State.IN_PROGRESS],
        ),
    )
    def assign(self, *, officer) -> None:
        self.assigned_officer = officer

    @transition(field=state, source=State.ASSIGNED, target=State.IN_PROGRESS)
    def classify(self, *, complexity: str) -> None:
        self.complexity = complexity

    @transition(field=state, source=State.IN_PROGRESS, target=State.AWAITING_PAYMENT)
    def ask_payment(self, *, amount: int, due) -> None:
        self.cost_amount = amount
        self.payment_due = due

    @transition(field=state, source=State.AWAITING_PAYMENT, target=State.IN_PROGRESS)
    def confirm_payment(self, *, paid_at) -> None:
        self.paid_at = paid_at

    @transition(field=state, source=REFUSABLE_FROM, target=State.PENDING_APPROVAL)
    def submit_for_approval(self) -> None:
        self.state_before_approval = self.state

    @transition(
        field=state,
        source=State.PENDING_APPROVAL,
        target=GET_STATE(lambda self, **kw: self.state_before_approval, states=REFUSABLE_FROM),
    )
    def return_for_rework(self) -> None:
        pass

    @transition(field=state, source=State.PENDING_APPROVAL, target=State.PROVIDED)
    def provide(self, *, at) -> None:
        self.closed_at = at

    @transition(field=state, source=State.PENDING_APPROVAL, target=State.REFUSED)
    def refuse(self, *, at) -> None:
        self.closed_at = at

    @transition(field=state, source=State.PENDING_APPROVAL, target=State.IN_PROGRESS)
    def extend(self, *, at, days: int) -> None:
        self.extended_at = at
        self.extension_days = days

    @transition(field=state, source=NON_FINAL, target=State.WITHDRAWN)
    def withdraw(self, *, at) -> None:
        self.closed_at = at
