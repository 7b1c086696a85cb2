"""The emails authorities sends: each kind's key and label (registered from hooks.py). Their wording is Django's
password-reset templates in templates/registration/, not editable in the portal."""

# A link to set a password: asked for on the sign-in page, or sent by an ADES officer from a person's record.
PASSWORD_LINK = "password_link"
PASSWORD_LINK_LABEL = "Link to set a password"
