import pytest

from authorities.selectors import authorities_by_name, normalise_name


@pytest.mark.parametrize(
    ("written", "authority"),
    [
        ("Western Isles", "Na h-Eileanan Siar"),
        ("Comhairle nan Eilean Siar", "Na h-Eileanan Siar"),
        ("Edinburgh", "City of Edinburgh"),
        ("Perth & Kinross", "Perth and Kinross"),
        ("perth  and kinross council", "Perth and Kinross"),
        ("Glasgow", "Glasgow City"),
        ("Dundee", "Dundee City"),
        ("Aberdeen", "Aberdeen City"),
        ("Aberdeenshire", "Aberdeenshire"),
        ("Orkney", "Orkney Islands"),
        ("Shetland", "Shetland Islands"),
        ("The Highland Council", "Highland"),
        ("Argyll & Bute", "Argyll and Bute"),
    ],
)
def test_names_people_write_match_the_authority(reference, written, authority):
    assert authorities_by_name()[normalise_name(written)].name == authority


@pytest.mark.parametrize("written", ["Atlantis", "Borders", "Lanarkshire", "Ayrshire"])
def test_names_that_are_not_one_authority_do_not_match(reference, written):
    assert normalise_name(written) not in authorities_by_name()
