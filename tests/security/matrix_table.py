"""The access matrix: for every URL pattern of the project, what each actor gets (DOMAIN §8).

Columns: anon = anonymous visitor; citizen2 = another citizen; foreign = an officer of another
agency (with every role there); norole = someone of the right agency without the needed role
(agency A's supervisor; for the supervision dashboard, A's focal officer); owner = the requester
(portal) or the right officer for the task (back office).

Cells are "GET/POST": "L" = 302 to /accounts/login/?next=…, "A" = 302 to the admin's sign-in
page, "ok" = 200, "R" = 302 elsewhere (a success, or "this task was taken by …"), a number = that
status, "a|b" = either, "-" = not tried here: the right person's state-changing success (withdraw,
take, cancel, issue a code, sign out…), proven by the feature tests (tests/portal/test_mine.py,
tests/backoffice/test_flow_branches.py, tests/portal/test_access.py); test_csrf_methods.py still
posts to each of them without a token."""

# fmt: off
RULES: dict[str, tuple[str, ...]] = {
    #                   anon       citizen2   foreign        norole           owner
    "public":           ("ok/ok",   "ok/ok",   "ok/ok",       "ok/ok",         "ok/ok"),
    "public-405":       ("ok/405",  "ok/405",  "ok/405",      "ok/405",        "ok/405"),
    # A public search form sent by GET: a typed code leads to its page (302), none shows the form.
    "public-search":    ("ok|R/ok", "ok|R/ok", "ok|R/ok",     "ok|R/ok",       "ok/ok"),
    "setlang":          ("R/R",     "R/R",     "R/R",         "R/R",           "R/R"),
    "redirect":         ("R/R",     "R/R",     "R/R",         "R/R",           "R/R"),
    "logout":           ("405/R",   "405/-",   "405/-",       "405/-",         "405/-"),
    "anon-form":        ("ok/ok",   "R/R",     "R/R",         "R/R",           "R/R"),
    "bad-token":        ("400/400", "400/400", "400/400",     "400/400",       "400/400"),
    "signed-in":        ("L/L",     "ok/ok",   "ok/ok",       "ok/ok",         "ok/ok"),
    "signed-get":       ("L/L",     "ok/405",  "ok/405",      "ok/405",        "ok/405"),
    "signed-post":      ("L/L",     "405/-",   "405/-",       "405/-",         "405/-"),
    "after-login":      ("L/L",     "R/R",     "R/R",         "R/R",           "R/R"),
    # The citizen's own request: another person meets 404, as if it did not exist.
    "own-page":         ("L/L",     "404/404", "404/404",     "404/404",       "ok/ok"),
    "own-form":         ("L/L",     "405/404", "405/404",     "405/404",       "405/ok"),
    "own-action":       ("L/L",     "405/404", "405/404",     "405/404",       "405/-"),
    # Downloads: never a login page (nothing says the file exists); any role of the agency.
    "download":         ("404/404", "404/404", "404/404",     "ok/ok",         "ok/ok"),
    # A letter not yet issued (draft, approved, signed, numbered): the agency's working paper
    # (DOMAIN §7.1), 404 to everyone through this URL, its own requester included.
    "download-unissued": ("404/404", "404/404", "404/404",    "404/404",       "404/404"),
    # The requester's documents (ID images, consent): not the supervisor's to open (#16.1).
    "download-doc":     ("404/404", "404/404", "404/404",     "404/404",       "ok/ok"),
    # The back office: non-officers get 403 from viewflow's site (no view permission).
    "bo-root":          ("L/L",     "R/R",     "R/R",         "R/R",           "R/R"),
    "bo-site":          ("L/L",     "403/403", "R/R",         "R/R",           "R/R"),
    "bo-list":          ("L/L",     "403/403", "ok/ok|405",   "ok/ok|405",     "ok/ok|405"),
    "bo-bulk":          ("L/L",     "403/403", "R/R|403",     "R/R|403",       "R/-"),
    "bo-intake":        ("L/L",     "403/403", "ok/ok",       "403/403",       "ok/ok"),
    "bo-process":       ("L/L",     "403/403", "404/404",     "ok/ok|405",     "ok/ok|405"),
    "bo-cancel":        ("L/L",     "403/403", "404/404",     "403/403",       "403/-"),
    "bo-code":          ("L/L",     "403/403", "404/404",     "405/404",       "405/-"),
    # Complaints and correction (requests_flow.backoffice.followups): A's supervisor has no
    # role for them; "-none": the review task's request has nothing of the kind to act on.
    "bo-followup":      ("L/L",     "403/403", "404/404",     "403/403",       "ok/ok"),
    "bo-followup-none": ("L/L",     "403/403", "404/404",     "403/403",       "404/404"),
    "bo-task-view":     ("L/L",     "403/403", "404/404",     "ok|R/ok|R|405", "ok|R/ok|R|405"),
    "bo-task-form":     ("L/L",     "403/403", "404/404",     "403|R/403|R",   "ok/ok"),
    "bo-task-action":   ("L/L",     "403/403", "404/404",     "403|R/403|R",   "ok|403|R/-"),
    "bo-item":          ("L/L",     "403/403", "404/404",     "403/403",       "ok/ok"),
    "bo-item-del":      ("L/L",     "403/403", "404/404",     "403/403",       "ok/-"),
    "bo-add":           ("L/L",     "403/403", "ok/ok",       "403/403",       "ok/ok"),
    # Foreign officers ask for agency A's register (?agency=A): 404.
    "bo-export":        ("L/L",     "403/403", "404/404|405", "ok/ok|405",     "ok/ok|405"),
    "bo-report-export": ("L/L",     "403/403", "405/404",     "405/ok",        "405/ok"),
    "bo-supervise":     ("L/L",     "403/403", "404/405",     "403/403",       "ok/ok|405"),
    "bo-supervise-app": ("L/L",     "403/403", "R/R",         "403/403",       "R/R"),
    # Confirming a year's calendar: administrators only (tests/backoffice/test_calendar_confirm).
    "bo-calendar":      ("L/L",     "403/403", "403/403",     "403/403",       "403/403"),
    # The person's notifications in the back office: every officer (a page, no form).
    "bo-notices":       ("L/L",     "403/403", "ok/405",      "ok/405",        "ok/405"),
    # Outgoing letters (requests_flow.backoffice.letters_app): the work page lists each officer's
    # own; a letter's page and PDFs are its agency's staff's (a step's form refuses who may not
    # take it, with the service's message: tests/backoffice/test_letter_pages.py). The world's
    # letter is the issued cover letter: its file downloads, there is no draft to preview nor
    # copy to print; VARIANTS give a draft's preview and a signed letter's printable copy.
    "bo-letters":       ("L/L",     "403/403", "ok/405",      "ok/405",        "ok/405"),
    "bo-letter":        ("L/L",     "403/403", "404/404",     "ok/ok",         "ok/ok"),
    "bo-letter-pdf":    ("L/L",     "403/403", "404/405",     "ok/405",        "ok/405"),
    "bo-letter-no-pdf": ("L/L",     "403/403", "404/405",     "404/405",       "404/405"),
    "bo-letter-file":   ("L/L",     "403/403", "404/405",     "ok/405",        "ok/405"),
    "admin-index":      ("A/A",     "A/A",     "A/A",         "A/A",           "A/A"),
}
# fmt: on

# Flow nodes and the task URLs viewflow gives each (as the resolver has them).
HUMAN = ("index", "detail", "execute", "assign", "unassign", "revive", "undo", "cancel")
TASK_URLS = {
    "review": HUMAN,
    "assign": HUMAN,
    "check_deadline": HUMAN,
    "handle": HUMAN,
    "await_payment": HUMAN,
    "approve": HUMAN,
    "await_supplement": ("index", "detail", "revive", "undo", "cancel"),
    "route": ("index", "detail", "revive", "undo", "cancel"),
    "end": ("index", "detail", "revive", "undo"),
    "start_intake": ("index", "detail", "undo"),
    "start_portal": ("index", "detail", "undo"),
}
# Who the right officer is for a task of each node (the one who takes it from the queue).
NODE_OWNER = {"assign": "head", "approve": "leader"}


def task_rule(action: str) -> str:
    if action in ("index", "detail"):
        return "bo-task-view"
    return "bo-task-form" if action == "execute" else "bo-task-action"


IR = "informationrequest"
ROUTES: dict[str, str] = {
    "set_language": "setlang",
    "favicon": "redirect",
    "javascript-catalog": "public-405",
    "login": "public",
    "logout": "logout",
    "password_change": "signed-in",
    "password_change_done": "signed-get",
    "password_reset": "public",
    "password_reset_done": "public-405",
    "password_reset_confirm": "public",
    "password_reset_complete": "public-405",
    "admin:index": "admin-index",
    "index": "bo-root",
    f"{IR}:index": "bo-list",
    f"{IR}:tasks_assign": "bo-bulk",
    f"{IR}:tasks_unassign": "bo-bulk",
    f"{IR}:process_list": "bo-list",
    f"{IR}:process_detail": "bo-process",
    f"{IR}:process_cancel": "bo-cancel",
    f"{IR}:task_list": "bo-list",
    f"{IR}:chart": "bo-list",
    f"{IR}:process_chart": "bo-process",
    f"{IR}:inbox": "bo-list",
    f"{IR}:queue": "bo-list",
    f"{IR}:archive": "bo-list",
    f"{IR}:start_intake:execute": "bo-intake",
    f"{IR}:access_code": "bo-code",
    f"{IR}:complaint_record": "bo-followup",
    f"{IR}:complaint_outcome": "bo-followup-none",
    f"{IR}:correction_request": "bo-followup-none",
    f"{IR}:correction_answer": "bo-followup-none",
    **{
        f"{IR}:{node}:{action}": task_rule(action)
        for node, actions in TASK_URLS.items()
        for action in actions
        if (node, action) != ("start_intake", "execute")
    },
    "catalogue:index": "bo-site",
    "catalogue:publisheditem:index": "bo-list",
    "catalogue:publisheditem:list": "bo-list",
    "catalogue:publisheditem:change": "bo-item",
    "catalogue:publisheditem:add": "bo-add",
    "catalogue:publisheditem:delete": "bo-item-del",
    "records:index": "bo-site",
    "records:register:index": "bo-export",
    "records:register:export": "bo-export",
    "records:outgoing:index": "bo-export",
    "records:outgoing:export": "bo-export",
    "records:report:index": "bo-export",
    "records:report:export": "bo-report-export",
    "supervision:index": "bo-supervise-app",
    "supervision:dashboard:index": "bo-supervise",
    "supervision:dashboard:calendar_confirm": "bo-calendar",
    "notifications:centre": "signed-in",
    "notifications:mark_all_read": "signed-post",
    "notices:index": "bo-notices",
    "letters:index": "bo-letters",
    "letters:letter": "bo-letter",
    "letters:draft_pdf": "bo-letter-no-pdf",
    "letters:printable_pdf": "bo-letter-no-pdf",
    "letters:file": "bo-letter-file",
    "portal:home": "public",
    "portal:after_login": "after-login",
    "portal:submit": "signed-in",
    "portal:received": "own-page",
    "portal:my_requests": "signed-in",
    "portal:detail": "own-page",
    "portal:supplement": "own-form",
    "portal:withdraw": "own-action",
    "portal:statement": "own-form",
    "portal:lookup": "public",
    "portal:access_code": "public",
    "portal:letter_check": "public-search",
    "portal:letter_check_code": "public",
    "portal:provided_file": "download",
    "portal:attachment": "download-doc",
    "portal:letter": "download",
    "portal:register": "anon-form",
    "portal:register_done": "public",
    "portal:verify": "bad-token",
    "portal:resend": "public",
    "portal:resend_done": "public",
    "portal:agency": "public",
    "portal:guide": "public-405",
    "portal:guide_page": "public-405",
}

# Rows for a pattern again with other objects: (pattern, rule, {URL parameter: key of the
# world's objects}). portal:letter's own row downloads the issued cover letter; a draft (no file)
# and a letter signed digitally by its approver (its file stored, no number yet) answer 404.
VARIANTS: dict[str, tuple[str, str, dict[str, str]]] = {
    "portal:letter (a draft)": (
        "portal:letter",
        "download-unissued",
        {"letter_id": "draft_letter_id"},
    ),
    "portal:letter (signed, not issued)": (
        "portal:letter",
        "download-unissued",
        {"letter_id": "signed_letter_id"},
    ),
    "letters:draft_pdf (a draft)": (
        "letters:draft_pdf",
        "bo-letter-pdf",
        {"letter_id": "draft_letter_id"},
    ),
    "letters:printable_pdf (signed, not issued)": (
        "letters:printable_pdf",
        "bo-letter-pdf",
        {"letter_id": "signed_letter_id"},
    ),
    "letters:file (a draft)": (
        "letters:file",
        "bo-letter-no-pdf",
        {"letter_id": "draft_letter_id"},
    ),
}

# The admin's generated URLs (model lists, change forms, history…) are not in the table: every
# one is wrapped by AdminSite.admin_view (staff only, then Django's model permissions), which is
# Django's own tested code. test_admin_urls_send_everyone_without_staff_to_sign_in still requests
# each of them as anonymous, citizen and officer and expects the admin's sign-in page.
ADMIN_OPEN = {"admin:login", "admin:logout"}  # the admin's own sign-in and sign-out
