"""Facts from the reference data that several tests check against."""

FAMILY_GROUP_4 = [
    "Dundee City",
    "East Ayrshire",
    "Glasgow City",
    "Inverclyde",
    "Na h-Eileanan Siar",
    "North Ayrshire",
    "North Lanarkshire",
    "West Dunbartonshire",
]
