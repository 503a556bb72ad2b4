/* viewflow's file field (<vf-field-file label="...">) draws a visible text box with the label and
 * an unlabelled <input type=file> over it: a screen reader announces "file, button" with no name
 * and axe-core fails the page (WCAG 4.1.2). Give each such input its field's label as its name.
 * Runs on full loads and on the back office's Turbo navigations, which replace <body>: the
 * observer watches <html>, which stays. */
(function () {
  "use strict";
  if (window.tiepcanFileLabels) return;
  window.tiepcanFileLabels = true;

  function label() {
    var inputs = document.querySelectorAll("vf-field-file input[type=file]:not([aria-label])");
    Array.prototype.forEach.call(inputs, function (input) {
      var field = input.closest("vf-field-file");
      var text = field && field.getAttribute("label");
      if (text) input.setAttribute("aria-label", text);
    });
  }

  // The component draws its input when viewflow's script upgrades it, which may come after
  // DOMContentLoaded or turbo:load (a browser test once found the input unnamed): label every
  // input as it appears. Only added nodes are watched, so the label set here wakes nothing.
  label();
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
})();
