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
