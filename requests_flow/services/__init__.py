"""Every write to a request goes through these functions (HackSoft style: <entity>_<action>).

Each is keyword-only, runs in one transaction, locks the row, runs the FSM transition and appends
the audit row; errors are typed (services.errors) and carry a message for the person who acted.
"""

from .access_codes import access_code_issue, access_code_use
from .calendar import calendar_override_delete, calendar_override_save, calendar_year_confirm
from .citations import citation_save
from .citizen import request_record_citizen_event
from .complaints import complaint_record, complaint_record_outcome
from .corrections import correction_answer, correction_request
from .decisions import (
    request_approve_pending,
    request_approve_provision,
    request_approve_refusal,
    request_extend,
    request_refuse_unpaid,
    request_return_for_rework,
    request_submit_decision,
    request_withdraw,
)
from .delivery import information_emailed, request_record_information_emailed
from .errors import (
    ActionNotAllowed,
    ConcurrentChange,
    InvalidInput,
    KeyRotationFailed,
    NotPermitted,
    RequestNotFound,
    ServiceError,
)
from .gathering import request_record_handling
from .handling import (
    request_accept,
    request_accept_and_take,
    request_ask_payment,
    request_assign,
    request_charge_costs,
    request_classify,
    request_confirm_payment,
)
from .intake import (
    MemberData,
    RequestData,
    request_ask_supplement,
    request_receive,
    request_receive_supplement,
)
from .keys import RotationReport, data_key_rotate
from .letter_issue import (
    letter_attach_scan,
    letter_issue_digital,
    letter_register_paper,
    letter_sign_digital,
    letter_sign_paper,
)
from .letter_issue import printable as letter_printable
from .letter_life import LetterStepNotAllowed, letter_approve, letter_edit, may_approve
from .memberships import membership_grant
from .retention import expired_requests, request_anonymise, retention_cutoff

__all__ = [
    "ActionNotAllowed",
    "ConcurrentChange",
    "InvalidInput",
    "KeyRotationFailed",
    "LetterStepNotAllowed",
    "MemberData",
    "NotPermitted",
    "RequestData",
    "RequestNotFound",
    "RotationReport",
    "ServiceError",
    "access_code_issue",
    "access_code_use",
    "calendar_override_delete",
    "calendar_override_save",
    "calendar_year_confirm",
    "citation_save",
    "complaint_record",
    "complaint_record_outcome",
    "correction_answer",
    "correction_request",
    "data_key_rotate",
    "expired_requests",
    "information_emailed",
    "letter_approve",
    "letter_attach_scan",
    "letter_edit",
    "letter_issue_digital",
    "letter_printable",
    "letter_register_paper",
    "letter_sign_digital",
    "letter_sign_paper",
    "may_approve",
    "membership_grant",
    "request_accept",
    "request_accept_and_take",
    "request_anonymise",
    "request_approve_pending",
    "request_approve_provision",
    "request_approve_refusal",
    "request_ask_payment",
    "request_ask_supplement",
    "request_assign",
    "request_charge_costs",
    "request_classify",
    "request_confirm_payment",
    "request_extend",
    "request_receive",
    "request_receive_supplement",
    "request_record_citizen_event",
    "request_record_handling",
    "request_record_information_emailed",
    "request_refuse_unpaid",
    "request_return_for_rework",
    "request_submit_decision",
    "request_withdraw",
    "retention_cutoff",
]
