// Start the GOV.UK Frontend components on the page (a module, so it runs after the page).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
