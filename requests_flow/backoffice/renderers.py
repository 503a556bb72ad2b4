"""Form widget renderers of our own, registered through viewflow's VIEWFLOW["WIDGET_RENDERERS"]
setting (config/settings/base.py).

A list of checkboxes (forms.CheckboxSelectMultiple: the refusal grounds of Art. 28(1)) is drawn
as plain HTML: a fieldset whose legend is the field's label, one labelled native checkbox per
choice. viewflow's frontend has no component for it (its renderer names a tag the script never
defines), and its Material multi-select threw "Cannot read properties of undefined (reading
'focus')" each time it opened with nothing chosen (the menu focuses the item at the selected
index, an empty list there) and hid the choices from assistive technology. Native controls
need no script and work with the keyboard and screen readers as they are.
"""

from xml.etree import ElementTree

from viewflow.forms.renderers import WidgetRenderer


def _html_attrs(attrs: dict) -> dict[str, str]:
    """Django's widget attributes as HTML: True is a bare attribute, False or None leaves it out."""
    return {
        key: key if value is True else str(value)
        for key, value in attrs.items()
        if value is not False and value is not None
    }


class CheckboxListRenderer(WidgetRenderer):
    tag = "fieldset"

    def create_root(self, context):
        widget, field = context["widget"], self.bound_field
        base_id = widget["attrs"].get("id") or field.auto_id
        described = []
        root = ElementTree.SubElement(self.root, "fieldset", {"class": "tc-checkboxes"})
        legend = ElementTree.SubElement(root, "legend", {"class": "tc-checkboxes__legend"})
        legend.text = str(field.label)
        for _group, options, _index in widget["optgroups"]:
            for option in options:
                item = ElementTree.SubElement(root, "label", {"class": "tc-checkboxes__item"})
                attrs = {"type": "checkbox", "name": option["name"], "value": str(option["value"])}
                attrs.update(_html_attrs(option["attrs"]))
                ElementTree.SubElement(item, "input", attrs).tail = " " + str(option["label"])
        if field.errors:
            described.append(self._note(root, f"{base_id}_error", field.errors[0], "error"))
        if field.help_text:
            described.append(self._note(root, f"{base_id}_helptext", field.help_text, "help"))
        if described:
            root.attrib["aria-describedby"] = " ".join(described)
        if field.errors:
            root.attrib["aria-invalid"] = "true"
        return root

    @staticmethod
    def _note(root, note_id: str, text, kind: str) -> str:
        note = ElementTree.SubElement(root, "p", {"id": note_id, "class": f"tc-checkboxes__{kind}"})
        note.text = str(text)
        return note_id
