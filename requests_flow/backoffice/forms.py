"""Back-office forms. They only collect input; the services validate the domain rules and their
messages are put back on the right field, so nothing typed is lost."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import limits
from ..choices import Channel, Complexity, IdDocumentType, ProvisionForm, RefusalGround
from ..services.gathering import MAX_FILE_BYTES
from ..uploads import UploadRejected, check_uploads
from ..validators import validate_id_number

MISSING_HELP = _("One item per line: exactly what the requester must add or clarify.")


class IntakeForm(forms.Form):
    """A request received at the office, by post, fax or e-mail, entered by the officer."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    written_on_behalf = forms.BooleanField(
        label=_("I wrote the request for a person who cannot write (Art. 24(1)(a))"),
        required=False,
    )
    requester_name = forms.CharField(label=_("Full name"), max_length=200)
    requester_address = forms.CharField(label=_("Place of residence / address"), max_length=500)
    id_document_type = forms.ChoiceField(
        label=_("Identity document"), choices=IdDocumentType.choices
    )
    id_number = forms.CharField(label=_("Identity document number"), max_length=20)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    information_requested = forms.CharField(
        label=_("Information requested"),
        max_length=limits.REQUEST_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    provision_form = forms.ChoiceField(label=_("Form of provision"), choices=ProvisionForm.choices)
    copies = forms.IntegerField(label=_("Number of copies"), min_value=1, max_value=1000, initial=1)
    reason_purpose = forms.CharField(
        label=_("Reason and purpose"),
        max_length=limits.REASON_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        # Checked here too (the service checks again), so that every field's problem shows at
        # once instead of one submit at a time.
        cleaned = super().clean()
        doc_type, number = cleaned.get("id_document_type"), cleaned.get("id_number")
        if doc_type and number:
            try:
                cleaned["id_number"] = validate_id_number(doc_type, number)
            except ValidationError as exc:
                self.add_error("id_number", exc.messages[0])
        return cleaned


COMPLEXITY_HELP = _(
    "Complex: not available, to be gathered from several units or needing "
    "another body's opinion (Arts. 29-31)."
)


class ReviewForm(forms.Form):
    ACCEPT, SUPPLEMENT, REFUSE = "accept", "supplement", "refuse"
    decision = forms.ChoiceField(
        label=_("Result of the validity review"),
        widget=forms.RadioSelect,
        choices=[
            (ACCEPT, _("Valid: accept the request")),
            (SUPPLEMENT, _("Incomplete or unclear: ask for completion (Art. 26(2))")),
            (REFUSE, _("Refuse or redirect (Art. 28): draft a refusal for the leader")),
        ],
    )
    missing_items = forms.CharField(
        label=_("What is missing"),
        required=False,
        max_length=limits.OFFICER_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MISSING_HELP,
    )
    grounds = forms.MultipleChoiceField(
        label=_("Refusal grounds (Art. 28(1))"),
        required=False,
        choices=RefusalGround.choices,
        # Native checkboxes (backoffice/renderers.py): viewflow's multi-select threw a script
        # error when opened and hid the grounds from screen readers (issue #15).
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=limits.OFFICER_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    competent_agency = forms.CharField(
        label=_("Competent agency (ground c)"), required=False, max_length=255
    )
    published_where = forms.CharField(
        label=_("Where the information was published (ground b)"),
        required=False,
        max_length=255,
    )

    def __init__(self, *args, may_take: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if may_take:
            # One screen instead of three for one who may accept, assign and classify.
            self.fields["take"] = forms.BooleanField(
                label=_("Assign it to me and check the deadline now"),
                required=False,
                help_text=_("Only when accepting: skips the assignment and deadline screens."),
            )
            self.fields["complexity"] = forms.ChoiceField(
                label=_("The information is"),
                choices=Complexity.choices,
                widget=forms.RadioSelect,
                required=False,
                help_text=COMPLEXITY_HELP,
            )

    def clean(self):
        data = super().clean()
        if data.get("take") and data.get("decision") == self.ACCEPT and not data.get("complexity"):
            self.add_error("complexity", _("Choose simple or complex."))
        return data

    def missing_list(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["missing_items"].splitlines() if line.strip()
        ]


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Focal officer"), queryset=None)

    def __init__(self, *args, officers=None, loads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers or get_user_model().objects.none()
        loads = loads or {}
        self.fields["officer"].label_from_instance = lambda u: (
            _("%(name)s — %(n)s open requests") % {"name": u.display_name, "n": loads.get(u.pk, 0)}
        )


class ClassifyForm(forms.Form):
    complexity = forms.ChoiceField(
        label=_("The information is"),
        choices=Complexity.choices,
        widget=forms.RadioSelect,
        help_text=COMPLEXITY_HELP,
    )


class HandleForm(forms.Form):
    RECORD, PAYMENT, PROVIDE, REFUSE, EXTEND = "record", "payment", "provide", "refuse", "extend"
    action = forms.ChoiceField(
        label=_("Next step"),
        widget=forms.RadioSelect,
        choices=[
            (RECORD, _("Save the handling notes and files, continue later")),
            (PAYMENT, _("Send the resolution slip asking for payment of costs (Form 03)")),
            (PROVIDE, _("Draft the provision for the leader's approval")),
            (REFUSE, _("Draft a refusal for the leader's approval")),
            (EXTEND, _("Draft an extension for the leader's approval")),
        ],
    )
    coordination_note = forms.CharField(
        label=_("Coordination with the units holding the information"),
        required=False,
        max_length=limits.OFFICER_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    secrecy_reviewed = forms.BooleanField(
        label=_("I reviewed the content and removed what Art. 6 forbids (Decree 13 Art. 7)"),
        required=False,
    )
    # viewflow draws the file input in the browser and gives it only the props it declares; a
    # placeholder is one, so the input carries its name from the moment it is drawn (axe failed
    # the page when it checked before static/js/file_labels.js had named it).
    files = forms.FileField(
        label=_("Response file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"placeholder": _("Response file")}),
    )
    summary = forms.CharField(
        label=_("Content of the decision"),
        required=False,
        max_length=limits.OFFICER_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    copy_bw_a4 = forms.IntegerField(
        label=_("Black-and-white A4 pages"), min_value=0, required=False
    )
    copy_colour_a4 = forms.IntegerField(label=_("Colour A4 pages"), min_value=0, required=False)
    postage = forms.IntegerField(label=_("Postage (VND)"), min_value=0, required=False)
    payment_due = forms.DateField(label=_("Payment deadline"), required=False)
    grounds = ReviewForm.base_fields["grounds"]
    reasons = ReviewForm.base_fields["reasons"]
    competent_agency = ReviewForm.base_fields["competent_agency"]
    published_where = ReviewForm.base_fields["published_where"]
    extension_days = forms.IntegerField(label=_("Extension (days)"), min_value=1, required=False)

    # Each step uses some of the fields; each field says which (issue #15.3: an extension went
    # out with an empty reason, nothing told the officer that the reason field was for it too).
    USED_BY = {
        "summary": _("For: provision."),
        "copy_bw_a4": _("For: the resolution slip (Form 03)."),
        "copy_colour_a4": _("For: the resolution slip (Form 03)."),
        "postage": _("For: the resolution slip (Form 03)."),
        "payment_due": _("For: the resolution slip (Form 03)."),
        "grounds": _("For: refusal."),
        "reasons": _("For: refusal and extension (printed in the letter)."),
        "competent_agency": _("For: refusal on ground (c)."),
        "published_where": _("For: refusal on ground (b)."),
        "extension_days": _("For: extension (working days)."),
    }

    # The fields each step reads; the page shows only the chosen step's (static/js/
    # handle_form.js), and the other steps' values are ignored here, so that a cost typed before
    # switching to "provide" is neither stored nor an error the officer cannot see.
    ACTION_FIELDS = {
        RECORD: (),
        PAYMENT: ("copy_bw_a4", "copy_colour_a4", "postage", "payment_due"),
        PROVIDE: ("summary",),
        REFUSE: ("grounds", "reasons", "competent_agency", "published_where"),
        EXTEND: ("extension_days", "reasons"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, used_by in self.USED_BY.items():
            field = self.fields[name]
            field.help_text = f"{used_by} {field.help_text}".strip()

    @classmethod
    def step_fields(cls) -> dict[str, list[str]]:
        """{action: the fields only that action uses}, for the page's script."""
        return {action: list(names) for action, names in cls.ACTION_FIELDS.items()}

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action not in self.ACTION_FIELDS:
            return data
        for name in set(self.USED_BY) - set(self.ACTION_FIELDS[action]):
            self._errors.pop(name, None)  # another step's field: not checked
            data[name] = self.fields[name].to_python(None)
        return data

    def clean_files(self):
        """The same content check as the portal's uploads (a requester opens these files):
        a real PDF, JPEG or PNG, nothing active hidden in it. Returns (safe name, bytes)."""
        upload = self.cleaned_data.get("files")
        if not upload:
            return None
        try:
            [(name, _kind, data)] = check_uploads([upload], max_files=1, max_bytes=MAX_FILE_BYTES)
        except UploadRejected as exc:
            raise ValidationError(str(exc)) from None
        return name, data


class PaymentForm(forms.Form):
    PAID, UNPAID = "paid", "unpaid"
    action = forms.ChoiceField(
        label=_("Payment"),
        widget=forms.RadioSelect,
        choices=[
            (PAID, _("The requester paid the actual costs")),
            (UNPAID, _("Not paid: draft a refusal on ground (e)")),
        ],
    )
    paid_on = forms.DateField(label=_("Paid on"), required=False)


class ApproveForm(forms.Form):
    APPROVE, RETURN = "approve", "return"
    action = forms.ChoiceField(
        label=_("Your decision"),
        widget=forms.RadioSelect,
        choices=[(APPROVE, _("Approve and sign")), (RETURN, _("Return for rework"))],
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=limits.OFFICER_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
