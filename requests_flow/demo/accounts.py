from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .. import services
from ..choices import Role
from ..models import Agency
from ..roles import ADMINISTRATOR, ROLE_GROUPS

# Development only: printed in the README, never used outside `make run` and tests.
DEMO_PASSWORD = "tiepcan-demo-2026"  # noqa: S105

ACCOUNTS = [
    # (username, full name, e-mail, agency short name, roles, is_superuser)
    ("congdan", "Nguyễn Thị Hoa", "congdan@example.vn", None, [], False),
    ("canbo", "Trần Văn Minh", "canbo@example.vn", "STP", [Role.FOCAL_OFFICER], False),
    ("truongbophan", "Lê Thị Thu", "truongbophan@example.vn", "STP", [Role.FOCAL_HEAD], False),
    ("lanhdao", "Phạm Quốc Hùng", "lanhdao@example.vn", "STP", [Role.LEADER], False),
    ("giamsat", "Hoàng Văn Sơn", "giamsat@example.vn", "STP", [Role.SUPERVISOR], False),
    (
        "canbo.phuong",
        "Đỗ Thị Lan",
        "canbo.phuong@example.vn",
        "UBND-HG1",
        [Role.FOCAL_OFFICER, Role.FOCAL_HEAD],
        False,
    ),
    # Văn thư (clerks): they number the signed letters and release them (Decree 30 Art. 15).
    ("vanthu", "Ngô Thị Mai", "vanthu@example.vn", "STP", [Role.CLERK], False),
    ("vanthu.phuong", "Bùi Văn Tài", "vanthu.phuong@example.vn", "UBND-HG1", [Role.CLERK], False),
    ("admin", "Quản trị hệ thống", "admin@example.vn", None, [], True),
]

# How each approver signs in the role (Decree 30 Annex I §II.7): the deputy director for the
# director ("KT."), the heads of the focal units (the agency's office) by order ("TL.").
SIGNS_AS = {
    ("lanhdao", Role.LEADER): ("KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    ("truongbophan", Role.FOCAL_HEAD): ("TL.", "GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),
    ("canbo.phuong", Role.FOCAL_HEAD): ("TL.", "CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
}


def seed_accounts(agencies: dict[str, Agency]) -> dict:
    User = get_user_model()
    users = {}
    for username, full_name, email, agency, roles, superuser in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                email=email,
                # Officers work in the back office, not Django's admin (outside test, #17.14).
                is_staff=superuser,
                is_superuser=superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        elif user.is_staff != superuser:  # demo data seeded before officers lost is_staff
            user.is_staff = superuser
            user.save(update_fields=["is_staff"])
        for role in roles:
            services.membership_grant(
                user=user,
                agency=agencies[agency],
                role=role,
                signs_as=SIGNS_AS.get((username, role)),
            )
        if superuser:
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[ADMINISTRATOR][0]))
        users[username] = user
    return users
