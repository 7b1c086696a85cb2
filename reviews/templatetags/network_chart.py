"""The network page's peer flows, up to a thousand, written out in Python: the matrix's circles and the table's rows."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

CIRCLE = '<circle cx="{}" cy="{}" r="{}" fill="#0065bd"><title>{} to {}: {} visit{}, people {}</title></circle>'

ROW = (
    '\n              <tr>\n                <th scope="row">{}</th>\n                <td>{}</td>'
    "\n                <td>{}</td>\n                <td>{}</td>\n              </tr>\n            "
)


@register.simple_tag
def flow_circles(cells) -> str:
    """The circles of reviews.network.flow_matrix, as the template's loop wrote them (one a line, indented), with
    the figures as they are: a loop of eight lookups a circle was most of the page's rebuild."""
    return mark_safe(
        "".join(
            "\n        "
            + format_html(
                CIRCLE,
                str(cell["x"]),
                str(cell["y"]),
                str(cell["r"]),
                cell["flow"].sender,
                cell["flow"].host,
                str(cell["flow"].visits),
                "" if cell["flow"].visits == 1 else "s",
                cell["flow"].people_shown,
            )
            + "\n      "
            for cell in cells
        )
    )


@register.simple_tag
def flow_rows(flows) -> str:
    """The table's rows of reviews.network.peer_flows, as the template's loop wrote them (indented, a line a cell)."""
    return mark_safe(
        "".join(format_html(ROW, flow.sender, flow.host, str(flow.visits), flow.people_shown) for flow in flows)
    )
