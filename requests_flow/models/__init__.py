from .agency import Agency, AgencyMembership, RegisterCounter
from .audit import AppendOnlyError, RequestEvent
from .decision import Decision
from .files import ResponseFile
from .members import RequestMember
from .process import RequestProcess
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
    "RequestProcess",
    "ResponseFile",
    "RuleSet",
]
