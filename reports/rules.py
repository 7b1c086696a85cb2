"""Who may see and change visit reports."""

import rules

from authorities.rules import is_ades_officer

for _model in ("report", "reportversion", "reportevent", "impactmeasure"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"reports.{_action}_{_model}", is_ades_officer)
rules.add_perm("reports", is_ades_officer)
