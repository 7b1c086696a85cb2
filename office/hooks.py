"""Where the programme office plugs into core: its lines on the home page, and its pages that lower apps link to
(core.destinations). Imported by OfficeConfig.ready."""

from authorities.second_factor import guard_namespace
from core import destinations, todo
from core.context_processors import register_menu_section
from core.destinations import Destination

from .todo import for_administrators

todo.register(for_administrators, first=True)  # the portal failing comes before any programme line

destinations.register(Destination.PERSON, "office:person")
destinations.register(Destination.PEOPLE, "office:people")
destinations.register(Destination.AUDIT_LOG, "office:audit-log")
destinations.register(Destination.MESSAGE_EDIT, "office:message-edit")
destinations.register(Destination.OUTBOX, "office:outbox")
destinations.register(Destination.RUNNING, "office:running")

# Running the portal and the pages it leads to mark "Running the portal" in the main menu.
register_menu_section("running", "", namespace="office")  # every office page, the audit log too

# Every office page (people, their records, exports and erasure, emails, the audit log) answers no one without a
# second factor, whatever their role.
guard_namespace("office")
