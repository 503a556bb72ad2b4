from .agency import Agency, AgencyMembership, RegisterCounter
from .audit import AppendOnlyError, RequestEvent
from .decision import Decision
from .members import RequestMember
from .request import InformationRequest
from .rules import CalendarOverride, Milestone, RuleSet

__all__ = [
    "Agency",
    "AgencyMembership",
    "AppendOnlyError",
    "CalendarOverride",
    "Decision",
    "InformationRequest",
    "Milestone",
    "RegisterCounter",
    "RequestEvent",
    "RequestMember",
    "RuleSet",
]
