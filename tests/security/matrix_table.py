"""The access matrix: for every URL pattern of the project, what each actor gets (DOMAIN §8).

Columns: anon = anonymous visitor; citizen2 = another citizen; foreign = an officer of another
agency (with every role there); norole = someone of the right agency without the needed role
(agency A's supervisor; for the supervision dashboard, A's focal officer); owner = the requester
(portal) or the right officer for the task (back office).

Cells: "login" = 302 to /accounts/login/?next=…, "admin" = 302 to the admin's sign-in page,
"ok" = 200, "redirect" = 302 elsewhere (a success, or "this task was taken by …"), a number = that
status, "a|b" = either, "-" = not tried here (a state-changing success: the named test proves it).
Each cell is "GET / POST"."""

# fmt: off
RULES: dict[str, dict[str, str]] = {
    #                   anon                citizen2        foreign         norole          owner
    "public":      dict(anon="ok / ok", citizen2="ok / ok", foreign="ok / ok", norole="ok / ok", owner="ok / ok"),
    "public-405":  dict(anon="ok / 405", citizen2="ok / 405", foreign="ok / 405", norole="ok / 405", owner="ok / 405"),
    "setlang":     dict(anon="redirect / redirect", citizen2="redirect / redirect", foreign="redirect / redirect", norole="redirect / redirect", owner="redirect / redirect"),
    "logout":      dict(anon="405 / redirect", citizen2="405 / -", foreign="405 / -", norole="405 / -", owner="405 / -"),
    "anon-form":   dict(anon="ok / ok", citizen2="redirect / redirect", foreign="redirect / redirect", norole="redirect / redirect", owner="redirect / redirect"),
    "bad-token":   dict(anon="400 / 400", citizen2="400 / 400", foreign="400 / 400", norole="400 / 400", owner="400 / 400"),
    "signed-in":   dict(anon="login / login", citizen2="ok / ok", foreign="ok / ok", norole="ok / ok", owner="ok / ok"),
    "signed-get":  dict(anon="login / login", citizen2="ok / 405", foreign="ok / 405", norole="ok / 405", owner="ok / 405"),
    "signed-post": dict(anon="login / login", citizen2="405 / -", foreign="405 / -", norole="405 / -", owner="405 / -"),
    "after-login": dict(anon="login / login", citizen2="redirect / redirect", foreign="redirect / redirect", norole="redirect / redirect", owner="redirect / redirect"),
    # The citizen's own request: another person meets 404, as if it did not exist.
    "own-page":    dict(anon="login / login", citizen2="404 / 404", foreign="404 / 404", norole="404 / 404", owner="ok / ok"),
    "own-form":    dict(anon="login / login", citizen2="405 / 404", foreign="405 / 404", norole="405 / 404", owner="405 / ok"),
    "own-action":  dict(anon="login / login", citizen2="405 / 404", foreign="405 / 404", norole="405 / 404", owner="405 / -"),
    # Downloads: never a login page (nothing says the file exists); any role of the agency.
    "download":    dict(anon="404 / 404", citizen2="404 / 404", foreign="404 / 404", norole="ok / ok", owner="ok / ok"),
    # The back office: non-officers get 403 from viewflow's site (no view permission).
    "bo-root":     dict(anon="login / login", citizen2="redirect / redirect", foreign="redirect / redirect", norole="redirect / redirect", owner="redirect / redirect"),
    "bo-site":     dict(anon="login / login", citizen2="403 / 403", foreign="redirect / redirect", norole="redirect / redirect", owner="redirect / redirect"),
    "bo-list":     dict(anon="login / login", citizen2="403 / 403", foreign="ok / ok|405", norole="ok / ok|405", owner="ok / ok|405"),
    "bo-bulk":     dict(anon="login / login", citizen2="403 / 403", foreign="redirect / redirect|403", norole="redirect / redirect|403", owner="redirect / -"),
    "bo-intake":   dict(anon="login / login", citizen2="403 / 403", foreign="ok / ok", norole="403 / 403", owner="ok / ok"),
    "bo-process":  dict(anon="login / login", citizen2="403 / 403", foreign="404 / 404", norole="ok / ok|405", owner="ok / ok|405"),
    "bo-cancel":   dict(anon="login / login", citizen2="403 / 403", foreign="404 / 404", norole="403 / 403", owner="403 / -"),
    "bo-code":     dict(anon="login / login", citizen2="403 / 403", foreign="404 / 404", norole="405 / 404", owner="405 / -"),
    "bo-task-view": dict(anon="login / login", citizen2="403 / 403", foreign="404 / 404", norole="ok|redirect / ok|redirect|405", owner="ok|redirect / ok|redirect|405"),
    "bo-task-form": dict(anon="login / login", citizen2="403 / 403", foreign="404 / 404", norole="403|redirect / 403|redirect", owner="ok / ok"),
    "bo-task-action": dict(anon="login / login", citizen2="403 / 403", foreign="404 / 404", norole="403|redirect / 403|redirect", owner="ok|403|redirect / -"),
    "bo-item":     dict(anon="login / login", citizen2="403 / 403", foreign="404 / 404", norole="403 / 403", owner="ok / ok"),
    "bo-item-del": dict(anon="login / login", citizen2="403 / 403", foreign="404 / 404", norole="403 / 403", owner="ok / -"),
    "bo-add":      dict(anon="login / login", citizen2="403 / 403", foreign="ok / ok", norole="403 / 403", owner="ok / ok"),
    # Foreign officers ask for agency A's register (?agency=A): 404.
    "bo-export":   dict(anon="login / login", citizen2="403 / 403", foreign="404 / 404|405", norole="ok / ok|405", owner="ok / ok|405"),
    "bo-report-export": dict(anon="login / login", citizen2="403 / 403", foreign="405 / 404", norole="405 / ok", owner="405 / ok"),
    "bo-supervise": dict(anon="login / login", citizen2="403 / 403", foreign="404 / 405", norole="403 / 403", owner="ok / ok|405"),
    "bo-supervise-app": dict(anon="login / login", citizen2="403 / 403", foreign="redirect / redirect", norole="403 / 403", owner="redirect / redirect"),
    "admin-index": dict(anon="admin / admin", citizen2="admin / admin", foreign="admin / admin", norole="admin / admin", owner="admin / admin"),
}
# fmt: on

# Flow nodes and the task URLs viewflow gives each (one line per node, as the resolver has them).
TASK_URLS = {
    "review": ("index", "detail", "execute", "assign", "unassign", "revive", "undo", "cancel"),
    "assign": ("index", "detail", "execute", "assign", "unassign", "revive", "undo", "cancel"),
    "check_deadline": ("index", "detail", "execute", "assign", "unassign", "revive", "undo",
                       "cancel"),
    "handle": ("index", "detail", "execute", "assign", "unassign", "revive", "undo", "cancel"),
    "await_payment": ("index", "detail", "execute", "assign", "unassign", "revive", "undo",
                      "cancel"),
    "approve": ("index", "detail", "execute", "assign", "unassign", "revive", "undo", "cancel"),
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
    "records:report:index": "bo-export",
    "records:report:export": "bo-report-export",
    "supervision:index": "bo-supervise-app",
    "supervision:dashboard:index": "bo-supervise",
    "notifications:centre": "signed-in",
    "notifications:mark_all_read": "signed-post",
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
    "portal:provided_file": "download",
    "portal:attachment": "download",
    "portal:letter": "download",
    "portal:register": "anon-form",
    "portal:register_done": "public",
    "portal:verify": "bad-token",
    "portal:resend": "public",
    "portal:resend_done": "public",
    "portal:agency": "public",
}

# The admin's generated URLs (model lists, change forms, history…) are not in the table: every
# one is wrapped by AdminSite.admin_view (staff only, then Django's model permissions), which is
# Django's own tested code. test_admin_urls_send_everyone_without_staff_to_sign_in still requests
# each of them as anonymous, citizen and officer and expects the admin's sign-in page.
ADMIN_OPEN = {"admin:login", "admin:logout"}  # the admin's own sign-in and sign-out
