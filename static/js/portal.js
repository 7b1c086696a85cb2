import DS from "../sgds/scripts/design-system.js";

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

// Move focus to the error summary, so that screen reader and keyboard users hear what went wrong.
const errorSummary = document.querySelector(".ds_error-summary");
if (errorSummary) {
    errorSummary.focus();
}
