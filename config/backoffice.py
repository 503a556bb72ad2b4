"""The back office site (/backoffice/): the request flow, the outgoing letters waiting for the
person, the portal's catalogue of published information, the register, the supervision dashboard
and the person's notifications, in this order in viewflow's menu, then a link to the user guide.

Composed here, at the project level, because it joins parts of two apps: requests_flow must not
import portal (pyproject.toml's import contracts), and the catalogue is the portal's."""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Site

from portal.catalogue_admin import CatalogueApplication
from requests_flow.backoffice.dashboard import SupervisionApplication
from requests_flow.backoffice.letters_app import LettersApplication
from requests_flow.backoffice.notices_page import NoticesApplication
from requests_flow.backoffice.records_app import RegisterApplication
from requests_flow.backoffice.viewset import RequestFlowViewset
from requests_flow.flows import InformationRequestFlow


class BackofficeSite(Site):
    # viewflow's site menu, plus a last entry: the user guide (/huong-dan/, portal/guide.py).
    menu_template_name = "backoffice/site_menu.html"


site = BackofficeSite(
    title=_("Tiếp Cận — back office"),
    viewsets=[
        RequestFlowViewset(InformationRequestFlow, icon="inbox"),
        LettersApplication(),
        CatalogueApplication(),
        RegisterApplication(),
        SupervisionApplication(),
        NoticesApplication(),
    ],
)
