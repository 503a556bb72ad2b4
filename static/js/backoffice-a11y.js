/* Accessibility repairs to the markup viewflow's Material components draw in the browser
   (issue #15; axe-core checks every back-office page in the browser tests). Only attributes
   change; the components keep working as they do.

   - A select's anchor is role="button" with aria-required, which a button may not carry: it
     becomes role="combobox" (ARIA 1.2's select-only combobox, the role Material's later
     versions give it), which allows aria-required, aria-haspopup and aria-expanded.
   - A file field's native input has no label (the visible Material field is drawn beside it):
     it is named by the field's label, which the component keeps in its label attribute.
   - The snackbar (the message after an action) is aria-hidden even while it shows, with a link
     in it: hidden from screen readers, its aria-live announcement never made. While closed it
     is not displayed at all, so nothing needs hiding.
   - The sidebar's links get aria-selected from Material's list (a listbox's attribute, not a
     link's): the current one is marked aria-current="page" instead. The flow menu is redrawn by
     live.js on a push (its counts), so this repair also runs when the attribute comes back. */
(function () {
  "use strict";

  function repairMenu(root) {
    root.querySelectorAll("a.vf-page__menu-list-item[aria-selected]").forEach((link) => {
      if (link.getAttribute("aria-selected") === "true") link.setAttribute("aria-current", "page");
      link.removeAttribute("aria-selected");
    });
  }

  function repair(root) {
    repairMenu(root);
    root.querySelectorAll("vf-snackbar[aria-hidden]").forEach((bar) => {
      bar.removeAttribute("aria-hidden");
    });
    root.querySelectorAll(".mdc-select__anchor[role=button][aria-required]").forEach((anchor) => {
      anchor.setAttribute("role", "combobox");
    });
    root.querySelectorAll("input[type=file][label]:not([aria-label])").forEach((input) => {
      input.setAttribute("aria-label", input.getAttribute("label"));
    });
  }

  // The components draw themselves when they are connected: on a full load and after each of
  // Turbo's renders; a live refresh (live.js) replaces list rows, which hold neither.
  document.addEventListener("DOMContentLoaded", () => repair(document));
  document.addEventListener("turbo:load", () => repair(document));
  new MutationObserver(() => repairMenu(document)).observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["aria-selected"],
  });
})();
