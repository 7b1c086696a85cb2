"""The accessibility check itself must be able to fail."""

import pytest

from tests.browser.conftest import axe_violations, new_context

pytestmark = pytest.mark.browser


def test_axe_reports_an_image_without_alternative_text_and_an_unlabelled_input(browser):
    page = new_context(browser).new_page()
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
        '<body><main><h1>t</h1><img src="data:,"><input type="text"></main></body></html>'
    )

    violations = axe_violations(page)

    assert [line.split(":")[0] for line in violations] == ["image-alt", "label"]
    page.close()


def test_the_nu_html_checker_reports_what_html_does_not_allow(browser):
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
        '<body><label aria-controls="menu" for="x">Menu</label><input id="x"><option></option></body></html>'
    )

    errors = browser.nu.errors([("/example/", page)])

    assert [line.split(": ", 1)[1].split(".")[0] for line in errors] == [
        "Element “option” not allowed as child of element “body” in this context",
        "Element “option” without attribute “label” must not be empty",
        "The “aria-controls” attribute must not be used on any “label” element that is associated with a labelable"
        " element",
    ]
