// GOV.UK's conditional reveal for radios (the boxes a radio answers are shown only while it is
// chosen), without marking the radios aria-expanded as GOV.UK's own script does: ARIA does not
// allow aria-expanded on a radio (axe: aria-allowed-attr). A radio names what it reveals in
// data-eqia-reveals; with JavaScript off nothing is hidden (GOV.UK hides a conditional only
// under .govuk-frontend-supported).
const radios = document.querySelectorAll('input[type="radio"][data-eqia-reveals]');
const groups = new Set(Array.from(radios, (radio) => radio.name));

function sync(name) {
  for (const radio of document.querySelectorAll(`input[type="radio"][name="${CSS.escape(name)}"]`)) {
    const target = radio.dataset.eqiaReveals && document.getElementById(radio.dataset.eqiaReveals);
    if (target) {
      target.classList.toggle("govuk-radios__conditional--hidden", !radio.checked);
    }
  }
}

groups.forEach(sync);
document.addEventListener("change", (event) => {
  const input = event.target;
  if (input instanceof HTMLInputElement && input.type === "radio" && groups.has(input.name)) {
    sync(input.name);
  }
});
// Back to the page from the browser's history: the radios may be restored as they were left.
window.addEventListener("pageshow", () => groups.forEach(sync));
