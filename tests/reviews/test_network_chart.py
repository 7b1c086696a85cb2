"""The matrix's circles, written out in Python, are the markup the template's loop wrote."""

from django.template import Context, Template

from reviews.network import Flow, flow_matrix

LOOP = Template(
    "{% load l10n %}{% localize off %}      {% for cell in matrix.cells %}\n"
    '        <circle cx="{{ cell.x }}" cy="{{ cell.y }}" r="{{ cell.r }}" fill="#0065bd"><title>{{ cell.flow.sender }}'
    " to {{ cell.flow.host }}: {{ cell.flow.visits }} visit{{ cell.flow.visits|pluralize }}, people"
    " {{ cell.flow.people_shown }}</title></circle>\n"
    "      {% endfor %}\n"
    "    </svg>{% endlocalize %}"
)
TAG = Template("""{% load network_chart %}      {% flow_circles matrix.cells %}
    </svg>""")


def test_the_circles_are_the_loops_markup():
    flows = [Flow("Dumfries & Galloway", "Angus", 3, 7), Flow("Fife", "<Moray>", 1, 0), Flow("'O\"", "Angus", 2, 1)]
    context = Context({"matrix": flow_matrix(flows)})

    written = TAG.render(context)

    assert written == LOOP.render(context)
    assert "Dumfries &amp; Galloway to Angus: 3 visits, people 7</title>" in written
    assert "Fife to &lt;Moray&gt;: 1 visit, people not recorded</title>" in written
    assert "&#x27;O&quot; to Angus: 2 visits, people 1</title>" in written
    assert written.count("<circle ") == 3


def test_no_flows_no_circles():
    assert TAG.render(Context({"matrix": flow_matrix([])})) == "      \n    </svg>"


ROWS_LOOP = Template(
    "{% load l10n %}{% localize off %}          <tbody>\n"
    "            {% for flow in flows %}\n"
    "              <tr>\n"
    '                <th scope="row">{{ flow.sender }}</th>\n'
    "                <td>{{ flow.host }}</td>\n"
    "                <td>{{ flow.visits }}</td>\n"
    "                <td>{{ flow.people_shown }}</td>\n"
    "              </tr>\n"
    "            {% endfor %}\n"
    "          </tbody>{% endlocalize %}"
)
ROWS_TAG = Template("""{% load network_chart %}          <tbody>
            {% flow_rows flows %}
          </tbody>""")


def test_the_tables_rows_are_the_loops_markup():
    flows = [Flow("Dumfries & Galloway", "Angus", 1234, 7), Flow("Fife", "<Moray>", 1, 0), Flow("Fife", "'O\"", 2, 3)]
    context = Context({"flows": flows})

    written = ROWS_TAG.render(context)

    assert written == ROWS_LOOP.render(context)
    assert '<th scope="row">Dumfries &amp; Galloway</th>\n                <td>Angus</td>\n' in written
    assert "<td>&lt;Moray&gt;</td>\n                <td>1</td>\n                <td>not recorded</td>" in written
    assert "<td>&#x27;O&quot;</td>" in written
    assert written.count("<tr>") == 3
    assert ROWS_TAG.render(Context({"flows": []})) == ROWS_LOOP.render(Context({"flows": []}))
