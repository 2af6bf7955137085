// GOV.UK Frontend's own enhancements (conditional reveal, character count, error summary focus).
// Remix re-renders pages on navigation, so components are initialised again for each new page;
// elements already initialised are skipped quietly (GOV.UK Frontend reports them as InitError).
import { createAll, initAll } from "/assets/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
const skipInitialised = (error) => {
  if (!error || error.name !== "InitError") console.log(error);
};
window.LocalTrustInitGovuk = (scope) => {
  if (scope) initAll({ scope, onError: skipInitialised });
};
void createAll;

// Conditional questions (TECH9 under TECH8 "Lapsed"): show the question while its radio is checked.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "radio") return;
  for (const radio of document.querySelectorAll(`input[type="radio"][name="${CSS.escape(input.name)}"][data-lt-reveals]`)) {
    document.getElementById(radio.dataset.ltReveals)?.classList.toggle("govuk-radios__conditional--hidden", !radio.checked);
  }
});

// "Print or save as PDF" (benchmark reports): the button is hidden until JavaScript can print;
// without it the page says how to print from the browser.
for (const button of document.querySelectorAll("button[data-lt-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
  document.getElementById(button.dataset.ltPrint)?.setAttribute("hidden", "");
}
