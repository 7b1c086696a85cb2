import DS from "../sgds/scripts/design-system.js";

// The design system's menu script copies the menu label's aria-controls onto the button it puts in the label's
// place. HTML does not allow aria-controls on a label, so the page names the menu in data-controls and it is
// copied here, just before the script runs.
document.querySelectorAll(".js-toggle-menu[data-controls]").forEach((label) => {
    label.setAttribute("aria-controls", label.dataset.controls);
});

DS.initAll();

// Selects marked for it become type-ahead boxes; without JavaScript they stay ordinary selects.
if (window.accessibleAutocomplete) {
    document.querySelectorAll("select[data-autocomplete]").forEach((select) => {
        window.accessibleAutocomplete.enhanceSelectElement({
            selectElement: select,
            defaultValue: "",
            showAllValues: true,
            dropdownArrow: () => "",
        });
    });
}

// A second click on a form that is already being sent does nothing (the server also counts a submission once).
document.querySelectorAll('form[method="post"]').forEach((form) => {
    form.addEventListener("submit", (event) => {
        if (form.dataset.submitted) {
            event.preventDefault();
            return;
        }
        form.dataset.submitted = "true";
    });
});
window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-submitted]").forEach((form) => delete form.dataset.submitted);
});

// Move focus to the error summary, so that screen reader and keyboard users hear what went wrong.
const errorSummary = document.querySelector(".ds_error-summary");
if (errorSummary) {
    errorSummary.focus();
}
