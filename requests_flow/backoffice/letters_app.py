"""The back-office menu entry "Outgoing letters" (DOMAIN §7.1): the letters waiting for the
signed-in person, by step, each linking to the letter's page (letter_views.py), where the step is
taken; the menu shows how many wait. Officers only, as the rest of the back office; each person
sees the letters of their own agencies that wait for them (letter_selectors.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from viewflow.urls import Application

from ..permissions import is_officer
from .letter_selectors import waiting_count, waiting_letters
from .letter_views import LetterPdfView, LetterView


class WaitingLettersView(TemplateView):
    template_name = "backoffice/letters.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        waiting = waiting_letters(self.request.user)
        context.update(
            waiting=waiting,
            groups=[
                (_("Drafts to edit or approve"), waiting.drafts, "drafts"),
                (_("Approved: waiting for your signature"), waiting.to_sign, "to-sign"),
                (_("Signed: waiting for the clerk's number"), waiting.to_issue, "to-issue"),
                (_("Numbered on paper: waiting for the scan"), waiting.to_scan, "to-scan"),
            ],
        )
        return context


class LettersApplication(Application):
    """The menu entry and its pages; its menu counts the letters waiting for the person."""

    title = _("Outgoing letters")
    icon = "outgoing_mail"
    app_name = "letters"
    base_template_name = "backoffice/base_page.html"
    menu_template_name = "backoffice/letters_menu.html"
    index_path = path("", WaitingLettersView.as_view(), name="index")
    letter_path = path("<int:letter_id>/", LetterView.as_view(), name="letter")
    draft_path = path(
        "<int:letter_id>/du-thao.pdf", LetterPdfView.as_view(kind="draft"), name="draft_pdf"
    )
    printable_path = path(
        "<int:letter_id>/ban-in.pdf", LetterPdfView.as_view(kind="printable"), name="printable_pdf"
    )
    file_path = path("<int:letter_id>/van-ban.pdf", LetterPdfView.as_view(kind="file"), name="file")

    def has_view_permission(self, user, obj=None):
        return is_officer(user)

    def get_context_data(self, request):
        return {"letters_waiting_count": waiting_count(request.user)}
