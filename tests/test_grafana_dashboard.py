"""deploy/grafana/screening-service.json: the sample Grafana dashboard is importable (a DS_PROMETHEUS input,
every panel on it), its panels are laid out without overlaps, and every metric its queries use is one the
service really exports on GET /metrics (a misspelt name would draw an empty panel without any error)."""

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

DASHBOARD = Path(__file__).resolve().parents[1] / "deploy" / "grafana" / "screening-service.json"
DATASOURCE = "${DS_PROMETHEUS}"
GRID_WIDTH = 24

# Words of PromQL that look like identifiers: functions, aggregations, operators and modifiers.
_PROMQL_WORDS = """
    abs absent absent_over_time acos acosh asin asinh atan atanh avg_over_time ceil changes clamp clamp_max
    clamp_min cos cosh count_over_time day_of_month day_of_week day_of_year days_in_month deg delta deriv exp
    floor histogram_avg histogram_count histogram_fraction histogram_quantile histogram_stddev
    histogram_stdvar histogram_sum holt_winters double_exponential_smoothing hour idelta increase irate
    label_join label_replace last_over_time ln log10 log2 mad_over_time max_over_time min_over_time minute
    month pi predict_linear present_over_time quantile_over_time rad rate resets round scalar sgn sin sinh
    sort sort_desc sort_by_label sort_by_label_desc sqrt stddev_over_time stdvar_over_time sum_over_time tan
    tanh time timestamp vector year
    sum min max avg group stddev stdvar count count_values bottomk topk quantile limitk limit_ratio
    by without on ignoring group_left group_right bool and or unless offset start end atan2
    inf nan
"""
PROMQL_WORDS = frozenset(_PROMQL_WORDS.split())
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_MATCHERS = re.compile(r"\{[^}]*\}")
_RANGES = re.compile(r"\[[^\]]*\]")
_LABEL_LISTS = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", re.IGNORECASE)
_IDENTIFIER = re.compile(r"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*")


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects: its identifiers, once strings, label matchers, range
    and subquery brackets and `by (...)`-style label lists are taken out, less PromQL's own words."""
    for pattern in (_STRING, _MATCHERS, _RANGES, _LABEL_LISTS):
        expr = pattern.sub(" ", expr)
    return {name for name in _IDENTIFIER.findall(expr) if name.lower() not in PROMQL_WORDS}


def exposed_names(exposition: str) -> set[str]:
    """Every series name a Prometheus scrape of this text can hold. A labelled metric no request has touched
    yet has a family and no samples: its names follow from its type."""
    suffixes = {
        "counter": ("_total",),
        "histogram": ("_bucket", "_sum", "_count"),
        "gaugehistogram": ("_bucket", "_gsum", "_gcount"),
        "summary": ("", "_sum", "_count"),
        "info": ("_info",),
    }
    names: set[str] = set()
    for family in text_string_to_metric_families(exposition):
        names.update(family.name + suffix for suffix in suffixes.get(family.type, ("",)))
        names.update(sample.name for sample in family.samples)
    return names


def load_dashboard() -> dict[str, Any]:
    dashboard: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return dashboard


def panels(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every panel, including those nested in collapsed rows; rows themselves hold no queries."""
    for panel in items:
        if panel.get("type") == "row":
            yield from panels(panel.get("panels", []))
        else:
            yield panel


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    return load_dashboard()


def test_dashboard_is_importable(dashboard: dict[str, Any]) -> None:
    assert dashboard["schemaVersion"] == 39
    assert dashboard["uid"] == "precursor-screening"
    assert dashboard["title"] == "Precursor screening service"
    assert dashboard["tags"]
    assert dashboard["refresh"] == "30s"
    assert dashboard["time"] == {"from": "now-24h", "to": "now"}
    inputs = {i["name"]: i for i in dashboard["__inputs"]}
    assert inputs["DS_PROMETHEUS"]["type"] == "datasource"
    assert inputs["DS_PROMETHEUS"]["pluginId"] == "prometheus"
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    route = variables["route"]
    assert route["datasource"]["uid"] == DATASOURCE
    assert route["query"]["query"] == "label_values(http_request_duration_seconds_bucket, route)"


def test_every_panel_is_complete(dashboard: dict[str, Any]) -> None:
    found = list(panels(dashboard["panels"]))
    assert found
    for panel in found:
        assert panel.get("title"), panel
        assert panel.get("description"), panel["title"]
        assert panel["type"] in {"timeseries", "stat", "table"}, panel["title"]
        assert panel["datasource"] == {"type": "prometheus", "uid": DATASOURCE}, panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target.get("expr", "").strip(), panel["title"]
            assert target.get("datasource", panel["datasource"])["uid"] == DATASOURCE, panel["title"]
        assert len({t["refId"] for t in panel["targets"]}) == len(panel["targets"]), panel["title"]


def test_panel_ids_are_unique(dashboard: dict[str, Any]) -> None:
    ids = [panel["id"] for panel in dashboard["panels"]]
    ids += [inner["id"] for panel in dashboard["panels"] for inner in panel.get("panels", [])]
    assert all(isinstance(i, int) for i in ids)
    assert len(ids) == len(set(ids)), sorted(ids)


def test_panels_do_not_overlap(dashboard: dict[str, Any]) -> None:
    boxes: list[tuple[str, int, int, int, int]] = []
    for panel in panels(dashboard["panels"]):
        grid = panel["gridPos"]
        x, y, w, h = grid["x"], grid["y"], grid["w"], grid["h"]
        assert w > 0 and h > 0 and x >= 0 and y >= 0, panel["title"]
        assert x + w <= GRID_WIDTH, f"{panel['title']} is wider than the grid"
        boxes.append((panel["title"], x, y, w, h))
    for i, (first, x1, y1, w1, h1) in enumerate(boxes):
        for second, x2, y2, w2, h2 in boxes[i + 1 :]:
            apart = x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1
            assert apart, f"{first!r} overlaps {second!r}"


@pytest.mark.parametrize(
    ("expr", "names"),
    [
        ("sum by (risk_level) (rate(screening_total[5m])) * 60", {"screening_total"}),
        (
            'histogram_quantile(0.99, sum by (le, route) (rate(a_bucket{route=~"$route"}[5m])))',
            {"a_bucket"},
        ),
        ('sum(rate(x_total{status=~"5.."}[$__range])) / sum(rate(x_total[5m])) or vector(0)', {"x_total"}),
        ("sum(rate(b_total[5m])) by (code) + on (job) group_left (version) c_info", {"b_total", "c_info"}),
        ("db_pool_size", {"db_pool_size"}),
        ("max_over_time(up[1h:5m]) > bool 1e3", {"up"}),
    ],
)
def test_metric_names_are_extracted(expr: str, names: set[str]) -> None:
    assert metric_names(expr) == names


def test_every_metric_used_is_exported(
    client: TestClient, auth: Callable[[str], dict[str, str]], dashboard: dict[str, Any]
) -> None:
    screening = client.post(
        "/v1/screenings",
        json={"reference": "GRAFANA-1", "items": [{"description": "醋酸酐 200升"}]},
        headers=auth("system"),
    )
    assert screening.status_code == 200, screening.text
    response = client.get("/metrics")
    assert response.status_code == 200, response.text
    exposed = exposed_names(response.text)
    # The screening was counted, so the names below come from samples and not only from family types.
    assert {"screening_declarations_total", "screening_reasons_total", "screening_data_info"} <= exposed

    used: dict[str, set[str]] = {}
    for panel in panels(dashboard["panels"]):
        for target in panel["targets"]:
            for name in metric_names(target["expr"]):
                used.setdefault(name, set()).add(panel["title"])
    for variable in dashboard["templating"]["list"]:
        query = variable["query"]["query"] if isinstance(variable["query"], dict) else variable["query"]
        for name in re.findall(r"label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,", query):
            used.setdefault(name, set()).add(f"variable {variable['name']}")
    assert used
    unknown = {name: sorted(where) for name, where in used.items() if name not in exposed}
    assert not unknown, f"not exported by the service: {unknown}; exported: {sorted(exposed)}"
