from ..choices import AgencyKind, AreaClass
from ..models import Agency

AGENCIES = [
    # (short name, parent short name, name, place name, address, area class)
    (
        "UBND-TQ",
        None,
        "Ủy ban nhân dân tỉnh Tuyên Quang",
        "Tuyên Quang",
        "Số 160 đường Trần Hưng Đạo, phường Minh Xuân, tỉnh Tuyên Quang",
        AreaClass.NORMAL,
    ),
    (
        "STP",
        "UBND-TQ",
        "Sở Tư pháp tỉnh Tuyên Quang",
        "Tuyên Quang",
        "Số 5 đường 17/8, phường Minh Xuân, tỉnh Tuyên Quang",
        AreaClass.NORMAL,
    ),
    (
        "UBND-HG1",
        "UBND-TQ",
        "Ủy ban nhân dân phường Hà Giang 1",
        # Decree 30 Annex I §II.4(a): a commune-level body's place name is its commune's or
        # ward's ("Kim Nỗ,"), never the former province of Hà Giang (merged into Tuyên Quang).
        "Hà Giang 1",
        "Số 1 đường Nguyễn Trãi, phường Hà Giang 1, tỉnh Tuyên Quang",
        AreaClass.DIFFICULT,
    ),
]


def seed_agencies() -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for short, parent, name, place, address, area in AGENCIES:
        agencies[short], _created = Agency.objects.get_or_create(
            short_name=short,
            defaults={
                "parent": agencies.get(parent),
                "name": name,
                "place_name": place,
                "address": address,
                "area_class": area,
                # All three are state agencies; a public non-business unit (kind
                # PUBLIC_SERVICE_UNIT) receives requests only under the 2026 law.
                "kind": AgencyKind.STATE_AGENCY,
                "phone": "0207 382 2222",
                # Where and when requests are received; the number is the agency's phone above
                # (the public section printed "phone: not published" above a number here).
                "focal_point_contacts": "Bộ phận một cửa, tầng 1 — sáng thứ Hai đến thứ Sáu",
            },
        )
    return agencies
