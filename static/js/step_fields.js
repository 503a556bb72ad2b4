/* Forms whose fields depend on a chosen step: the back office's handling form shows the fields of
 * the chosen action only (issue #15.3: the fields of five actions at once, and an extension went
 * out with an empty reason). Progressive enhancement: without this script every field shows,
 * each saying which step it is for, and the server ignores the other steps' fields anyway.
 *
 * Markup: a wrapper with data-step-choice="<radio name>" and
 * data-step-fields='{"<step>": ["<field name>", ...], ...}'. A field named in some step but not
 * in the chosen one is hidden (its grid cell); fields named in no step always show. */
(function () {
  "use strict";
  if (window.tiepcanStepFields) return; // loaded once, even if a page includes it again
  window.tiepcanStepFields = true;

  function cellOf(wrapper, name) {
    // viewflow renders <vf-field-* name="..."> in a grid cell; plain forms use div.field.
    var el = wrapper.querySelector('[name="' + name + '"]');
    if (!el) return null;
    return el.closest(".mdc-layout-grid__cell") || el.closest(".field") || el;
  }

  function chosenStep(wrapper, choice) {
    var checked = wrapper.querySelector('input[name="' + choice + '"]:checked');
    if (checked) return checked.value;
    // Before viewflow's element has drawn its radios: the value it was given.
    var field = wrapper.querySelector('[name="' + choice + '"][value]');
    return field ? field.getAttribute("value") : "";
  }

  function apply(wrapper) {
    var steps;
    try {
      steps = JSON.parse(wrapper.getAttribute("data-step-fields"));
    } catch (e) {
      return;
    }
    var shown = steps[chosenStep(wrapper, wrapper.getAttribute("data-step-choice"))] || [];
    Object.keys(steps).forEach(function (step) {
      steps[step].forEach(function (name) {
        var cell = cellOf(wrapper, name);
        if (cell) cell.hidden = shown.indexOf(name) === -1;
      });
    });
  }

  function applyAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-step-fields]"), apply);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    var wrapper = target.closest ? target.closest("[data-step-fields]") : null;
    if (wrapper && target.name === wrapper.getAttribute("data-step-choice")) apply(wrapper);
  });
  // Full page loads, and the back office's Turbo navigations (the script stays loaded).
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", applyAll);
  } else {
    applyAll();
  }
  document.addEventListener("turbo:load", applyAll);
})();
