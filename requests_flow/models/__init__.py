# Re-exported: the append-only base lives in audit (which may not import requests_flow), and
# callers long imported it from here.
from audit.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet

from .agency import Agency, AgencyMembership, RegisterCounter
from .audit import AuditChainHead, RequestEvent
from .calendar import CalendarYear, CalendarYearEvent
from .citations import Citation, CitationChange
from .decision import Decision
from .files import ResponseFile
from .followups import (
    CORRECTION_MILESTONE,
    Complaint,
    ComplaintKind,
    ComplaintOutcome,
    CorrectionAnswer,
    CorrectionRequest,
)
from .letters import (
    AWAITING_ISSUE,
    Letter,
    LetterCounter,
    LetterKind,
    LetterStatus,
    Signing,
    answer_awaiting_issue,
)
from .members import RequestMember
from .online import AccessCode, RequestAttachment, SubmissionToken
from .process import RequestProcess
from .request import InformationRequest
from .rules import CalendarOverride, Milestone, RuleSet

__all__ = [
    "AWAITING_ISSUE",
    "CORRECTION_MILESTONE",
    "AccessCode",
    "Agency",
    "AgencyMembership",
    "AppendOnlyError",
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "AuditChainHead",
    "CalendarOverride",
    "CalendarYear",
    "CalendarYearEvent",
    "Citation",
    "CitationChange",
    "Complaint",
    "ComplaintKind",
    "ComplaintOutcome",
    "CorrectionAnswer",
    "CorrectionRequest",
    "Decision",
    "InformationRequest",
    "Letter",
    "LetterCounter",
    "LetterKind",
    "LetterStatus",
    "Milestone",
    "RegisterCounter",
    "RequestAttachment",
    "RequestEvent",
    "RequestMember",
    "RequestProcess",
    "ResponseFile",
    "RuleSet",
    "Signing",
    "SubmissionToken",
    "answer_awaiting_issue",
]
