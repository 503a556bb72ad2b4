"""`manage.py letter_sample`: a sample letter of one kind, signed as the agency configures it
(Agency.signer_prefix/authority/title/name, drafting_unit), with demo facts long enough to run
over two pages. Nothing is numbered or stored: the sample carries the number 07.

    python manage.py letter_sample --kind refusal --out /tmp/refusal.pdf [--agency STP]
        [--signed [--signer-user USERNAME]]

--signed signs the sample digitally (the signer's signature, then the agency's with the seal):
with the keys TIEPCAN_SIGNING_KEYS gives "user:USERNAME" and "agency:<short name>" when
--signer-user is given, otherwise with a throw-away test identity made for this run (a demo CA,
never valid for a real letter).

Bad input exits non-zero with one readable line, never a traceback."""

import secrets
import tempfile
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from requests_flow.letters.content import Facts, letter_data, symbol
from requests_flow.letters.data import Signer
from requests_flow.letters.demo_pki import DemoCA
from requests_flow.letters.fonts import LetterFontMissing, font_files
from requests_flow.letters.layout import render
from requests_flow.letters.signing import SigningRefused, sign_letter
from requests_flow.letters.signing_config import (
    Party,
    Pkcs12Key,
    Trust,
    configured_key,
    load_certificates,
)
from requests_flow.models import Agency, LetterKind, RuleSet
from requests_flow.services.letters import header_for

LAW = "Luật Tiếp cận thông tin"
DOCUMENTS = (
    "Quyết định phê duyệt điều chỉnh quy hoạch chi tiết xây dựng tỷ lệ 1/500 khu dân cư "
    "Nguyễn Thị Minh Khai mở rộng, phường Minh Xuân, kèm theo bản vẽ tổng mặt bằng sử dụng đất",
    "Biên bản họp lấy ý kiến cộng đồng dân cư tổ dân phố Xuân Thủy về phương án bồi thường, "
    "hỗ trợ và tái định cư khi Nhà nước thu hồi đất",
    "Danh sách các hộ gia đình, cá nhân được bố trí tái định cư tại khu đô thị mới Phan Thiết, "
    "kèm theo thông báo giá đất cụ thể đã được Ủy ban nhân dân tỉnh phê duyệt",
    "Kế hoạch sử dụng đất năm 2026 của phường Minh Xuân đã được cấp có thẩm quyền phê duyệt, "
    "các văn bản hướng dẫn thi hành có liên quan và báo cáo kết quả thực hiện năm 2025",
)


def demo_facts(*, long: bool = True) -> Facts:
    """Every fact any kind of letter may say; `long` repeats the request so the body needs a
    second page, otherwise every letter fits on one."""
    requested = "; ".join(DOCUMENTS * 2) if long else DOCUMENTS[0]
    reasons = (
        "Một phần tài liệu được yêu cầu chứa thông tin thuộc danh mục bí mật nhà nước độ Mật "
        "của tỉnh; phần còn lại thuộc thẩm quyền quản lý và cung cấp của Sở Xây dựng."
    )
    return Facts(
        register_number="07/2026",
        received_on=date(2026, 2, 2),
        requester_name="Tôn Nữ Hoàng Thị Phương Quỳnh Nguyễn Ngọc Diệp",
        requester_address=(
            "Số 128, ngõ 45, đường Nguyễn Trãi, tổ dân phố Xuân Thủy, phường Minh Xuân, "
            "tỉnh Tuyên Quang"
        ),
        information_requested=requested,
        provision_form="Nhận bản sao, bản chụp qua dịch vụ bưu chính",
        requester_title="Bà",
        channel="Trực tiếp tại cơ quan",
        received_time="09 giờ 15 phút ngày 02/02/2026",
        receiving_officer="Lê Văn Tiếp",
        missing_items=(
            "Số, ký hiệu và ngày ban hành của văn bản được yêu cầu",
            "Bản chụp Căn cước công dân hoặc giấy tờ tùy thân còn hiệu lực của người yêu cầu",
            "Chữ ký hoặc điểm chỉ của người yêu cầu trên Phiếu yêu cầu",
        ),
        due_dates=(
            ("Thông báo thời hạn giải quyết", date(2026, 2, 5), f"khoản 4 Điều 30 {LAW}"),
            ("Cung cấp hoặc từ chối cung cấp", date(2026, 2, 23), f"khoản 4 Điều 30 {LAW}"),
        ),
        cost_lines=(
            ("Sao, chụp tài liệu đen trắng khổ A4", 120, 3_000, 360_000),
            ("Chụp ảnh màu khổ 15x21 cm", 4, 36_000, 144_000),
            ("Gửi thông tin qua dịch vụ bưu chính", 1, 35_000, 35_000),
        ),
        cost_total=539_000,
        payment_due=date(2026, 2, 12),
        payment_method="nộp trực tiếp tại Bộ phận Một cửa của cơ quan",
        collecting_body="Sở Tư pháp tỉnh Tuyên Quang",
        extension_days=15,
        new_due=date(2026, 3, 10),
        extension_basis=f"khoản 2 Điều 29 {LAW}",
        extension_working_days=True,
        reasons=reasons if not long else " ".join([reasons] * 4),
        grounds=law_104_grounds("a", "b", "c"),
        published_where="Cổng thông tin điện tử tỉnh Tuyên Quang, mục Quy hoạch",
        documents=("quyet-dinh-quy-hoach.pdf", "ban-ve-tong-mat-bang.pdf"),
        competent_agency="Sở Xây dựng tỉnh Tuyên Quang, số 8 đường Trần Hưng Đạo, phường Minh Xuân",
        summary="bản sao Quyết định phê duyệt điều chỉnh quy hoạch chi tiết khu dân cư (12 trang)",
        delivery=(
            "Thông tin được gửi qua dịch vụ bưu chính đến địa chỉ của người yêu cầu; bản điện tử "
            "được "
            "đăng tải trên Cổng Tiếp Cận, mục Yêu cầu của tôi."
        ),
        citations=law_104_citations(),
        extra={
            "correction_requested_on": "2026-03-02",
            "correction_text": "Bản sao Quyết định đã cung cấp thiếu trang 3 và trang 4.",
            "correction_answer": "corrected",
            "correction_answer_text": "Cơ quan gửi lại bản sao đầy đủ 12 trang của Quyết định.",
            "correction_basis": f"khoản 2 Điều 32 {LAW}",
            "correction_files": ["quyet-dinh-day-du.pdf"],
        },
    )


def law_104_grounds(*codes: str) -> tuple:
    """The Law 104 rule set's refusal grounds, as a refusal on them prints them."""
    rule_set = RuleSet.objects.filter(code="law-104-2016").first()
    if rule_set is None:
        return ()
    rules = rule_set.to_rules()
    return tuple((c, g.text, g.basis) for c in codes if (g := rules.ground(c)) is not None)


def law_104_citations() -> dict:
    """What the Law 104 rule set cites in letters (the sample's request is of February 2026)."""
    rule_set = RuleSet.objects.filter(code="law-104-2016").first()
    return dict(rule_set.to_rules().citations) if rule_set else {}


def pick_agency(short_name: str | None) -> Agency:
    active = Agency.objects.filter(is_active=True).select_related("parent")
    if short_name is None:
        agency = active.order_by("pk").first()
        if agency is None:
            raise CommandError(
                "Chưa có cơ quan nào / no active agency: run `manage.py seed_demo` or add one"
            )
        return agency
    agency = active.filter(short_name__iexact=short_name).first()
    if agency is None:
        known = ", ".join(active.order_by("short_name").values_list("short_name", flat=True)[:20])
        raise CommandError(
            f"Không tìm thấy cơ quan / unknown agency: {short_name} (có / known: {known or 'none'})"
        )
    return agency


def sign_sample(pdf: bytes, agency: Agency, header, username: str | None) -> bytes:
    if not header.signer.name:
        raise CommandError(
            f"{agency.short_name}: no signer configured (Agency.signer_name): nothing to sign as"
        )
    try:
        if username:
            return sign_with_configured_keys(pdf, agency, header, username)
        with tempfile.TemporaryDirectory(prefix="tiepcan-sample-keys-") as folder:
            signer, seal, trust = demo_parties(Path(folder), header.signer.name, header.agency)
            return sign_letter(pdf, signer=signer, agency=seal, place=header.place, trust=trust)
    except SigningRefused as refused:
        raise CommandError(refused.message) from None


def demo_parties(folder: Path, signer_name: str, agency_name: str):
    """A throw-away CA, and PKCS#12 files for the signer and the agency, in `folder`."""
    ca = DemoCA()
    passphrase = secrets.token_urlsafe(16)
    files = {}
    for role, identity in (
        ("signer", ca.issue(signer_name)),
        ("agency", ca.issue(agency_name, organisation=agency_name)),
    ):
        files[role] = folder / f"{role}.p12"
        files[role].write_bytes(identity.pkcs12(passphrase))
    trust = Trust(roots=tuple(load_certificates(ca.cert_pem())))
    return (
        Party(signer_name, Pkcs12Key(files["signer"], passphrase)),
        Party(agency_name, Pkcs12Key(files["agency"], passphrase)),
        trust,
    )


def sign_with_configured_keys(pdf: bytes, agency: Agency, header, username: str) -> bytes:
    person = User.objects.filter(username=username).first()
    if person is None:
        raise CommandError(f"Không có người dùng / unknown user: {username}")
    person_key = configured_key(f"user:{username}")
    agency_key = configured_key(f"agency:{agency.short_name}")
    if person_key is None or agency_key is None:
        missing = [
            name
            for name, key in (
                (f"user:{username}", person_key),
                (f"agency:{agency.short_name}", agency_key),
            )
            if key is None
        ]
        raise CommandError(f"TIEPCAN_SIGNING_KEYS has no key for {', '.join(missing)}")
    return sign_letter(
        pdf,
        signer=Party(person.get_full_name(), person_key),
        agency=Party(header.agency, agency_key),
        place=header.place,
    )


class Command(BaseCommand):
    help = "Write a sample letter of the given kind, signed as the agency configures it."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=LetterKind.values)
        parser.add_argument("--out", required=True, type=Path, help="PDF file to write")
        parser.add_argument(
            "--agency", help="the agency's short name (default: the first active agency)"
        )
        parser.add_argument("--signed", action="store_true", help="sign the sample digitally")
        parser.add_argument(
            "--signer-user", help="with --signed: sign with this user's and the agency's keys"
        )

    def handle(self, *args, kind, out, agency, signed, signer_user, **options):
        try:
            font_files()  # first, and even if this process registered the faces earlier
        except LetterFontMissing as missing:
            raise CommandError(str(missing)) from None
        chosen = pick_agency(agency)
        if not chosen.signer_name:
            self.stderr.write(
                f"{chosen.short_name}: no signer configured (Agency.signer_prefix, "
                "signer_authority, signer_title, signer_name); the sample has no name"
            )
        # A sample prints the signer configured on the agency; issued letters print whoever
        # approved them (services.letter_life).
        header = header_for(
            chosen,
            Signer(
                prefix=chosen.signer_prefix,
                authority=chosen.signer_authority,
                title=chosen.signer_title,
                name=chosen.signer_name,
            ),
        )
        number_text = f"07/{symbol(kind, header)}"
        data = letter_data(
            kind, demo_facts(), header, number_text=number_text, issued_on=timezone.localdate()
        )
        pdf = render(data)
        if signed:
            pdf = sign_sample(pdf, chosen, header, signer_user)
            self.stdout.write(f"signed: {header.signer.name}, {header.agency}")
        try:
            out.write_bytes(pdf)
        except OSError as error:
            raise CommandError(
                f"Không ghi được tệp / cannot write {out}: {error.strerror or error}"
            ) from None
        self.stdout.write(f"{out}: {LetterKind(kind).label} {number_text}, {len(pdf):,} bytes")
