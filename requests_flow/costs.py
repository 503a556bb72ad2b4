"""Actual costs of printing, copying and sending (Law Art. 12; Circular 46/2018/TT-BTC Art. 3).

Pure: the price table and area reductions come from the request's rule set. No fee is charged for
the information itself, and electronic or fax sending is free (Art. 3(2))."""

from dataclasses import dataclass

from .rulesets import Rules


@dataclass(frozen=True, slots=True)
class CostLine:
    item: str
    quantity: int
    unit_price: int
    amount: int


@dataclass(frozen=True, slots=True)
class Costs:
    lines: tuple[CostLine, ...]
    subtotal: int
    reduction_percent: int  # what the agency's area pays: 100, 70 or 50
    postage: int
    total: int


def compute_costs(
    *, rules: Rules, quantities: dict[str, int], area_class: str, postage: int = 0
) -> Costs:
    """Itemised costs; unknown items or negative quantities raise ValueError."""
    lines = []
    for item, quantity in quantities.items():
        if item not in rules.prices:
            raise ValueError(f"unknown price item {item!r}")
        if quantity < 0:
            raise ValueError("quantities cannot be negative")
        if quantity:
            price = int(rules.prices[item]["price"])
            lines.append(CostLine(item, quantity, price, price * quantity))
    if postage < 0:
        raise ValueError("postage cannot be negative")
    subtotal = sum(line.amount for line in lines)
    percent = int(rules.area_reductions.get(area_class, 100))
    # Rounded to whole đồng, half up: the reduction applies to copying and printing only;
    # postage is charged at the postal rate (Art. 3(1.2)).
    reduced = (subtotal * percent + 50) // 100
    return Costs(tuple(lines), subtotal, percent, postage, reduced + postage)


# What Form 03 calls each item of the rule set's price table (Circular 46 annex; letter text).
ITEM_LABELS = {
    "copy_bw_a4": "Sao, chụp tài liệu đen trắng khổ A4",
    "copy_colour_a4": "Sao, chụp tài liệu màu khổ A4",
    "photo_15x21": "In ảnh khổ 15x21 cm",
    "photo_20x30": "In ảnh khổ 20x30 cm",
    "photo_30x40": "In ảnh khổ 30x40 cm",
    "audio_minute": "Sao tài liệu ghi âm (phút nghe)",
    "film_minute": "Sao tài liệu ghi hình (phút chiếu)",
    "electronic_or_fax_sending": "Gửi thông tin qua mạng điện tử, fax",
}


def letter_lines(costs: Costs) -> list[list]:
    """Form 03's lines, [item, quantity, unit price, amount]: each priced item, the area's
    reduction (quantity 0: printed as an amount alone) and the postage."""
    lines = [
        [ITEM_LABELS.get(line.item, line.item), line.quantity, line.unit_price, line.amount]
        for line in costs.lines
    ]
    reduced = costs.total - costs.postage
    if reduced != costs.subtotal:
        label = f"Mức thu áp dụng tại địa bàn {costs.reduction_percent}% (giảm)"
        lines.append([label, 0, 0, reduced - costs.subtotal])
    if costs.postage:
        lines.append(["Cước gửi thông tin qua dịch vụ bưu chính", 1, costs.postage, costs.postage])
    return lines
