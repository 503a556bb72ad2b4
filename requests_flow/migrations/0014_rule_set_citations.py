"""Citations as rule-set data (DOMAIN §4.4; issue #14 item 1).

- Law 104/2016/QH13 (verified): the letters' citations, as the letters printed them, with the
  law's number.
- The 2026 Law on Access to Information (unverified): it has 31 articles in 4 chapters, so none
  of Law 104's article numbers carries over. Every basis (milestones, extensions, refusal
  grounds, actions) and every letter citation becomes the law's name alone until an
  administrator confirms its article with the source; the refusal grounds are worded without
  Law 104's cross-references; the counting rule is the literal one (DOMAIN §4.2). Decree 30/2020
  (documents) and Circular 46/2018 (the price table the set keeps) are cited without articles of
  the access law.

Literal values, so this migration means the same thing forever."""

from django.db import migrations

LAW_104 = "Luật Tiếp cận thông tin số 104/2016/QH13"
LAW_2026 = "Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026"

CITATIONS_104 = {
    "receipt": f"Điều 26, Điều 27 {LAW_104}",
    "supplement": f"khoản 2 Điều 26 {LAW_104}",
    "costs": f"khoản 2 Điều 12 {LAW_104}",
    "redirect": f"khoản 3 Điều 26 {LAW_104}",
    "complaint": f"Điều 14 {LAW_104}",
    "correction": f"Điều 32 {LAW_104}",
}
CITATIONS_2026 = dict.fromkeys(CITATIONS_104, LAW_2026)

GROUNDS_2026 = {
    "a": "Thông tin thuộc diện công dân không được tiếp cận; thông tin tiếp cận có điều kiện "
    "nhưng chưa đáp ứng điều kiện tiếp cận",
    "b": "Thông tin đã được công khai, trừ trường hợp thông tin phải công khai nhưng chưa được "
    "công khai, đã hết thời hạn công khai, hoặc đang được công khai nhưng không thể tiếp cận "
    "được vì lý do bất khả kháng",
    "c": "Thông tin được yêu cầu không thuộc trách nhiệm cung cấp",
    "d": "Thông tin đã được cung cấp hai lần cho chính người yêu cầu, trừ trường hợp người yêu "
    "cầu có lý do chính đáng",
    "dd": "Thông tin được yêu cầu vượt quá khả năng đáp ứng hoặc làm ảnh hưởng đến hoạt động "
    "bình thường của cơ quan",
    "e": "Người yêu cầu cung cấp thông tin không thanh toán chi phí thực tế để in, sao, chụp, "
    "gửi thông tin",
}
ACTION_BASIS_2026 = {
    "receive": LAW_2026,
    "ask_supplement": LAW_2026,
    "receive_supplement": LAW_2026,
    "accept": LAW_2026,
    "assign": LAW_2026,
    "classify": LAW_2026,
    "ask_payment": f"{LAW_2026}; Thông tư 46/2018/TT-BTC",
    "confirm_payment": f"{LAW_2026}; Thông tư 46/2018/TT-BTC",
    "submit_decision": "Điều 13 Nghị định 30/2020/NĐ-CP",
    "return_for_rework": "Điều 13 Nghị định 30/2020/NĐ-CP",
    "approve": LAW_2026,
    "record_handling": LAW_2026,
    "withdraw": "",
}


def law_2026_rules(rules: dict) -> dict:
    rules = dict(rules)
    rules["milestones"] = {
        channel: {
            complexity: [{**period, "basis": LAW_2026} for period in periods]
            for complexity, periods in by_complexity.items()
        }
        for channel, by_complexity in rules["milestones"].items()
    }
    rules["extension"] = {
        channel: {**ext, "basis": LAW_2026} for channel, ext in rules["extension"].items()
    }
    rules["refusal_grounds"] = [
        {"code": g["code"], "text": GROUNDS_2026[g["code"]], "basis": LAW_2026}
        for g in rules["refusal_grounds"]
    ]
    rules["action_basis"] = dict(ACTION_BASIS_2026)
    rules["citations"] = dict(CITATIONS_2026)
    rules["counting"] = "literal"
    return rules


def forward(apps, schema_editor):
    RuleSet = apps.get_model("requests_flow", "RuleSet")
    for rule_set in RuleSet.objects.filter(code="law-104-2016"):
        rule_set.rules = {**rule_set.rules, "citations": dict(CITATIONS_104)}
        rule_set.save(update_fields=["rules"])
    for rule_set in RuleSet.objects.filter(code="law-ati-2026"):
        rule_set.rules = law_2026_rules(rule_set.rules)
        rule_set.citation = "Luật Tiếp cận thông tin (sửa đổi), hiệu lực từ ngày 01/9/2026"
        rule_set.verification_note = (
            "Law 104/2016/QH13's periods kept as a working assumption; every citation is the "
            "law's name alone until its article is confirmed from the official text."
        )
        rule_set.save(update_fields=["rules", "citation", "verification_note"])


class Migration(migrations.Migration):
    dependencies = [("requests_flow", "0013_text_length_limits")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
