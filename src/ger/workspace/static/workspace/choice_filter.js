// Filters long lists of checkboxes (capabilities, objectives) as one types.
// Without JavaScript every choice stays listed: the filter box simply does nothing.
"use strict";
document.querySelectorAll("input.choice-filter").forEach(function (box) {
  var section = document.getElementById(box.dataset.filters);
  if (!section) { return; }
  box.addEventListener("input", function () {
    var wanted = box.value.trim().toLowerCase();
    section.querySelectorAll("label.choice").forEach(function (label) {
      var checked = label.querySelector("input").checked;
      var shown = !wanted || checked || label.textContent.toLowerCase().indexOf(wanted) !== -1;
      label.hidden = !shown;
    });
  });
});
// A link to a folded section of the form (#section-…) opens it.
function openTargetSection() {
  var target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && target.tagName === "DETAILS") { target.open = true; }
}
window.addEventListener("hashchange", openTargetSection);
openTargetSection();
