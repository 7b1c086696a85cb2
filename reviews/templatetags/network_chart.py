"""The network page's peer flows, up to a thousand, written out in Python: the matrix's circles and the table's rows."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()
# Names are escaped as Django escapes them (its `escape` is the standard library's, wrapped for lazy and safe strings,
# which these plain strings are not): a thousand rows' format_html was half of the page's rebuild. Figures are numbers.

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
            + CIRCLE.format(
                cell["x"],
                cell["y"],
                cell["r"],
                escape(cell["flow"].sender),
                escape(cell["flow"].host),
                cell["flow"].visits,
                "" if cell["flow"].visits == 1 else "s",
                escape(cell["flow"].people_shown),
            )
            + "\n      "
            for cell in cells
        )
    )


@register.simple_tag
def flow_rows(flows) -> str:
    """The table's rows of reviews.network.peer_flows, as the template's loop wrote them (indented, a line a cell)."""
    return mark_safe(
        "".join(
            ROW.format(escape(flow.sender), escape(flow.host), flow.visits, escape(flow.people_shown)) for flow in flows
        )
    )
