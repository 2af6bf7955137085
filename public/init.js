// GOV.UK Frontend's own enhancements (conditional reveal, character count, error summary focus).
// Remix re-renders pages on navigation, so components are initialised again for each new page.
import { createAll, initAll } from "/assets/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
window.LocalTrustInitGovuk = (scope) => initAll({ scope });
void createAll;
