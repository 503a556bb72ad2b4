"""Seed the legal rule sets (DOMAIN §4.4): Law 104/2016/QH13 (verified) and the 2026 Law on Access
to Information, in force from 1/9/2026, as an unverified copy until its numbers are confirmed.

The rules are literal here, not imported, so this migration means the same thing forever."""

import copy
from datetime import date

from django.db import migrations

LAW = "Luật Tiếp cận thông tin 2016"


def _p(kind, period, unit, basis):
    return {"kind": kind, "period": period, "unit": unit, "basis": f"{basis} {LAW}"}


def _complex_remote(article):
    return [
        _p("notify_time_limit", 3, "working", article),
        _p("provide_or_refuse", 15, "working", article),
    ]


LAW_104_RULES = {
    "milestones": {
        "in_person": {
            "simple": [_p("provide", 0, "working", "Điều 29 khoản 1")],
            "complex": [_p("provide_or_refuse", 10, "working", "Điều 29 khoản 2")],
        },
        "electronic": {
            "simple": [_p("provide", 3, "working", "Điều 30 khoản 3")],
            "complex": _complex_remote("Điều 30 khoản 4"),
        },
        "post": {
            "simple": [_p("provide", 5, "working", "Điều 31 khoản 1")],
            "complex": _complex_remote("Điều 31 khoản 2"),
        },
        "fax": {
            "simple": [_p("provide", 5, "working", "Điều 31 khoản 1")],
            "complex": _complex_remote("Điều 31 khoản 2"),
        },
    },
    # Arts. 30-31 say "15 ngày" without "làm việc": calendar days, the earlier and safer reading.
    "extension": {
        "in_person": {"max": 10, "unit": "working", "basis": f"Điều 29 khoản 2 {LAW}"},
        "electronic": {"max": 15, "unit": "calendar", "basis": f"Điều 30 khoản 4 {LAW}"},
        "post": {"max": 15, "unit": "calendar", "basis": f"Điều 31 khoản 2 {LAW}"},
        "fax": {"max": 15, "unit": "calendar", "basis": f"Điều 31 khoản 2 {LAW}"},
    },
    "refusal_grounds": [
        {"code": "a", "basis": f"Điều 28 khoản 1 điểm a {LAW}",
         "text": "Thông tin quy định tại Điều 6 của Luật này; thông tin không đáp ứng điều kiện "
                 "quy định tại Điều 7 của Luật này"},
        {"code": "b", "basis": f"Điều 28 khoản 1 điểm b {LAW}",
         "text": "Thông tin được công khai theo quy định tại Điều 17 của Luật này, trừ trường hợp "
                 "quy định tại khoản 1 Điều 23 của Luật này"},
        {"code": "c", "basis": f"Điều 28 khoản 1 điểm c {LAW}",
         "text": "Thông tin được yêu cầu không thuộc trách nhiệm cung cấp"},
        {"code": "d", "basis": f"Điều 28 khoản 1 điểm d {LAW}",
         "text": "Thông tin đã được cung cấp hai lần cho chính người yêu cầu, trừ trường hợp "
                 "người yêu cầu có lý do chính đáng"},
        {"code": "dd", "basis": f"Điều 28 khoản 1 điểm đ {LAW}",
         "text": "Thông tin được yêu cầu vượt quá khả năng đáp ứng hoặc làm ảnh hưởng đến hoạt "
                 "động bình thường của cơ quan"},
        {"code": "e", "basis": f"Điều 28 khoản 1 điểm e {LAW}",
         "text": "Người yêu cầu cung cấp thông tin không thanh toán chi phí thực tế để in, sao, "
                 "chụp, gửi thông tin qua dịch vụ bưu chính, fax"},
    ],
    # Circular 46/2018/TT-BTC annex, VND per unit.
    "prices": {
        "copy_bw_a4": {"price": 3000, "unit": "trang A4"},
        "copy_colour_a4": {"price": 18000, "unit": "trang A4"},
        "photo_15x21": {"price": 36000, "unit": "tấm"},
        "photo_20x30": {"price": 54000, "unit": "tấm"},
        "photo_30x40": {"price": 135000, "unit": "tấm"},
        "audio_minute": {"price": 27000, "unit": "phút nghe"},
        "film_minute": {"price": 54000, "unit": "phút chiếu"},
        "electronic_or_fax_sending": {"price": 0, "unit": "lần gửi"},
    },
    "area_reductions": {"normal": 100, "difficult": 70, "especially_difficult": 50},
    "action_basis": {
        "receive": f"Điều 26 khoản 1 {LAW}",
        "ask_supplement": f"Điều 26 khoản 2 {LAW}",
        "receive_supplement": f"Điều 26 khoản 2 {LAW}",
        "accept": f"Điều 27 {LAW}",
        "assign": f"Điều 33 khoản 4 {LAW}; Điều 8 Nghị định 13/2018/NĐ-CP",
        "classify": f"Điều 29, 30, 31 {LAW}",
        "ask_payment": f"Điều 12 khoản 2 {LAW}; Điều 4 Thông tư 46/2018/TT-BTC",
        "confirm_payment": f"Điều 12 khoản 2 {LAW}; Điều 4 Thông tư 46/2018/TT-BTC",
        "submit_decision": "Điều 4 khoản 1 Thông tư 46/2018/TT-BTC; Điều 13 Nghị định 30/2020/NĐ-CP",
        "return_for_rework": "Điều 13 Nghị định 30/2020/NĐ-CP",
        "approve": f"Điều 25, 28, 29, 30, 31 {LAW}",
        "record_handling": f"Điều 9 {LAW}; Điều 7 Nghị định 13/2018/NĐ-CP",
        "withdraw": "",
    },
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("requests_flow", "RuleSet")
    RuleSet.objects.update_or_create(
        code="law-104-2016",
        defaults={
            "title": "Luật Tiếp cận thông tin số 104/2016/QH13",
            "citation": "Luật số 104/2016/QH13; Nghị định 13/2018/NĐ-CP; Thông tư 46/2018/TT-BTC",
            "effective_from": date(2018, 7, 1),
            "effective_to": date(2026, 8, 31),
            "verified": True,
            "verification_note": "Periods checked against Arts. 28-31 (law-research.md §1.8-1.9).",
            "rules": LAW_104_RULES,
        },
    )
    RuleSet.objects.update_or_create(
        code="law-ati-2026",
        defaults={
            "title": "Luật Tiếp cận thông tin (sửa đổi) 2026",
            "citation": "Luật Tiếp cận thông tin (sửa đổi), hiệu lực 01/09/2026 — số hiệu chưa xác nhận",
            "effective_from": date(2026, 9, 1),
            "effective_to": None,
            "verified": False,
            "verification_note": "A copy of Law 104/2016/QH13's numbers: the new law's deadlines, "
                                 "grounds and forms are not yet confirmed.",
            "rules": copy.deepcopy(LAW_104_RULES),
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("requests_flow", "RuleSet").objects.filter(
        code__in=["law-104-2016", "law-ati-2026"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("requests_flow", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
