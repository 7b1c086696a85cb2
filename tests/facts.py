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

# The eight agreement statements of the CI participant survey, by code.
CI_SURVEY_STATEMENTS = (
    "enjoyed",
    "organisation_benefit",
    "process_value",
    "practical_organisation",
    "openness",
    "outcomes_participants",
    "outcomes_learners",
    "outcomes_organisations",
)
