import DS from "../sgds/scripts/design-system.js";

DS.initAll();

// Move focus to the error summary, so that screen reader and keyboard users hear what went wrong.
const errorSummary = document.querySelector(".ds_error-summary");
if (errorSummary) {
    errorSummary.focus();
}
