#!/usr/bin/env python3
"""grafana_check.py - run every query of a Grafana dashboard against InfluxDB.

Grafana is not in Debian, so the graph tests cannot open the dashboard in a
browser.  What decides whether a Grafana panel draws anything is the InfluxQL
it sends; this script builds that InfluxQL the way Grafana's InfluxDB data
source does (InfluxQL mode, Grafana 7-10), runs it against the real InfluxDB
HTTP API, and counts the points that came back.

How Grafana builds a query, and what is done here the same way:
  - query-builder targets (measurement, policy, tags, select, groupBy, fill,
    orderByTime, limit, slimit, tz) are rendered as in influx_query_model.ts:
    'SELECT <parts> FROM <policy.measurement> WHERE (<tag conditions>) AND
    $timeFilter GROUP BY ...'; a tag value in =~ / !~ conditions is
    interpolated with the 'regex' format, any other quoted;
    raw targets (rawQuery: true) use their query text, interpolated with
    the 'regex' format;
    (a raw query's single-valued variables go in unescaped, multi-valued
    ones as (a|b), as interpolateQueryStr does);
  - then every $var, ${var}, ${var:fmt} and [[var]] of the whole text is
    replaced once more with the default format, with the query's scoped
    variables: $timeFilter ('time >= now() - 15m and time <= now()' for
    now-<N><d|h|m|s>, 'time >= <ms>ms and time <= <ms>ms' otherwise),
    $__interval and $interval, $__interval_ms, $__from, $__to;
  - $__interval: the time range divided by the panel's maxDataPoints
    (Grafana uses the panel's width in pixels: --max-data-points), rounded
    to Grafana's steps (1s, 2s, 5s, 10s, 15s, 20s, 30s, 1m ...), raised to
    the panel's "interval" (or --min-interval, the data source's "Min time
    interval") if that is longer;
  - variables are resolved in dashboard order: a value given with
    --var NAME=VALUE (comma-separated for several) wins; otherwise a "query"
    variable runs its own query (interpolated with the variables before it,
    as Grafana does) and takes its current value if that is among the
    results, else the first result ("All" first when includeAll is set;
    "All" means allValue when set, else every value); custom, constant and
    textbox variables take their listed or current values; datasource
    variables are skipped (this script talks to one InfluxDB).
  Aliases ($tag_*, $col) only name series in the legend: not rendered here.
  Grafana 9+ may render builder queries on its server side (Go) instead: for
  the targets of check_multiping.json the text is the same but for the time
  filter, there always absolute ('time >= <ms>ms and time <= <ms>ms'; some
  versions '>' and '<'), which selects the same points.

Output: one line per target of every panel (rows' collapsed panels too):
    ok   panel 3 "Loss" A: 7 points in 1 series | SELECT mean("value") FROM ...
    FAIL panel 4 "..." A: no points | SELECT ...
and a last line with the counts.  Exit status: 0 when every query answered
without error and returned at least one non-null point, 1 otherwise, 2 on
bad usage or an unreadable dashboard.

Usage:
    grafana_check.py [--url http://127.0.0.1:8086] [--db icinga2]
                     [--from now-15m] [--to now] [--var host=web1]...
                     [--max-data-points 1000] [--min-interval 1s]
                     [--panel ID]... (only these panels; default: all)
                     [--user NAME]   (password from $INFLUX_PASSWORD)
                     [--verbose]     (also the variables' values)
                     DASHBOARD.json
    grafana_check.py --self-test     (the renderer against known Grafana
                                      output; no InfluxDB needed)

Standard library only (python3 of Debian 12).
"""

import argparse
import base64
import json
import math
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ALL = "$__all"

# Grafana's variable syntax: $var, [[var]] / [[var:fmt]], ${var} / ${var:fmt}
VARIABLE_RE = re.compile(
    r"\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?\}"
)
# Grafana's escapeRegex (characters special in a JavaScript / Go regex)
REGEX_SPECIAL_RE = re.compile(r"[\\^$*+?.()|\[\]{}/]")


class CheckError(Exception):
    """A query or variable that cannot be run; the message says which."""


# ---------------------------------------------------------------- InfluxDB


class Influx:
    """GET /query against one database; answers parsed from JSON."""

    def __init__(self, url, db, user, password, timeout):
        self.url = url.rstrip("/")
        self.db = db
        self.timeout = timeout
        self.auth = None
        if user:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self.auth = "Basic " + token

    def query(self, q):
        params = urllib.parse.urlencode({"db": self.db, "q": q, "epoch": "ms"})
        req = urllib.request.Request(f"{self.url}/query?{params}")
        if self.auth:
            req.add_header("Authorization", self.auth)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                body = resp.read()
        except urllib.error.HTTPError as e:
            raise CheckError(f"HTTP {e.code}: {e.read().decode(errors='replace').strip()}")
        except (urllib.error.URLError, OSError) as e:
            raise CheckError(f"{self.url}: {e}")
        answer = json.loads(body)
        if "error" in answer:
            raise CheckError(answer["error"])
        series = []
        for result in answer.get("results", []):
            if "error" in result:
                raise CheckError(result["error"])
            series.extend(result.get("series", []))
        return series


# ---------------------------------------------------------------- time


def parse_duration_ms(text):
    """'10s', '1m', '500ms', '>10s' -> milliseconds."""
    m = re.fullmatch(r">?\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)", text.strip())
    if not m:
        raise CheckError(f"'{text}' is not an interval")
    unit = {"ms": 1, "s": 1000, "m": 60000, "h": 3600000, "d": 86400000,
            "w": 604800000, "y": 31536000000}[m.group(2)]
    return float(m.group(1)) * unit


def parse_time_ms(text, now_ms):
    """Grafana's time range ends: 'now', 'now-15m', or epoch milliseconds."""
    if text == "now":
        return now_ms
    m = re.fullmatch(r"now-(\d+)([smhdwy])", text)
    if m:
        return int(now_ms - parse_duration_ms(m.group(1) + m.group(2)))
    if re.fullmatch(r"\d+", text):
        return int(text)
    raise CheckError(f"time '{text}': give now, now-<N><s|m|h|d|w|y> or epoch ms")


def influx_time(text, now_ms):
    """What Grafana's getInfluxTime makes of a range end: now(), now() - 15m
    for now-<N><d|h|m|s>, epoch milliseconds for anything else."""
    if text == "now":
        return "now()"
    m = re.fullmatch(r"now-(\d+)([dhms])", text)
    if m:
        return f"now() - {m.group(1)}{m.group(2)}"
    return f"{int(parse_time_ms(text, now_ms))}ms"


# kbn.roundInterval: (upper bound exclusive, rounded value), milliseconds
ROUND_STEPS = [
    (10, 1), (15, 10), (35, 20), (75, 50), (150, 100), (350, 200), (750, 500),
    (1500, 1000), (3500, 2000), (7500, 5000), (12500, 10000), (17500, 15000),
    (25000, 20000), (45000, 30000), (90000, 60000), (210000, 120000),
    (450000, 300000), (750000, 600000), (1050000, 900000), (1500000, 1200000),
    (2700000, 1800000), (5400000, 3600000), (9000000, 7200000),
    (16200000, 10800000), (32400000, 21600000), (86400000, 43200000),
    (604800000, 86400000), (1814400000, 604800000), (3628800000, 2592000000),
]


def round_interval(ms):
    for bound, value in ROUND_STEPS:
        if ms < bound:
            return value
    return 31536000000


def interval_text(ms):
    """rangeutil.secondsToHms: the first non-zero of years, days (of the
    year's rest), hours, minutes, seconds, else milliseconds."""
    seconds = ms / 1000
    for unit, size, rest in (("y", 31536000, None), ("d", 86400, 31536000),
                             ("h", 3600, 86400), ("m", 60, 3600), ("s", 1, 60)):
        n = int((seconds % rest if rest else seconds) // size)
        if n:
            return f"{n}{unit}"
    return f"{int(ms)}ms"


def panel_interval(range_ms, max_points, low_limit_ms):
    """rangeutil.calculateInterval: the rounded range / points, raised to
    the lower limit (which is not rounded)."""
    ms = round_interval(range_ms / max_points)
    if low_limit_ms and low_limit_ms > ms:
        ms = int(low_limit_ms)
    return interval_text(ms), int(ms)


# ---------------------------------------------------------------- variables


def regex_escape(value):
    return REGEX_SPECIAL_RE.sub(lambda m: "\\" + m.group(0), value)


class Variables:
    """Name -> (values, variable definition), and Grafana's replace()."""

    def __init__(self):
        self.values = {}  # name -> list of str, or ALL
        self.defs = {}
        self.builtin = {}  # name -> str, no formatting

    def format(self, name, fmt):
        if name in self.builtin:
            return self.builtin[name]
        var = self.defs[name]
        value = self.values[name]
        if value == ALL:
            if var.get("allValue"):
                return var["allValue"]  # Grafana leaves a custom all value as is
            value = var["_options"]
        if fmt == "influxql_raw":
            # influx_query_model.ts interpolateQueryStr: a single-valued
            # variable goes in as it is, a multi-valued one as a regex
            if not var.get("multi") and not var.get("includeAll"):
                return ",".join(value)
            return "(" + "|".join(regex_escape(v) for v in value) + ")"
        if fmt == "regex":
            escaped = [regex_escape(v) for v in value]
            return escaped[0] if len(escaped) == 1 else "(" + "|".join(escaped) + ")"
        if fmt in (None, "glob"):
            return value[0] if len(value) == 1 else "{" + ",".join(value) + "}"
        if fmt in ("pipe",):
            return "|".join(value)
        if fmt in ("csv", "raw"):
            return ",".join(value)
        if fmt == "doublequote":
            return ",".join('"' + v.replace('"', '\\"') + '"' for v in value)
        if fmt == "singlequote":
            return ",".join("'" + v.replace("'", "\\'") + "'" for v in value)
        raise CheckError(f"variable format '{fmt}' is not supported here")

    def replace(self, text, fmt=None):
        def one(m):
            name = m.group(1) or m.group(2) or m.group(4)
            own_fmt = m.group(3) or m.group(6)
            if name not in self.values and name not in self.builtin:
                return m.group(0)  # Grafana leaves unknown variables alone
            return self.format(name, own_fmt or fmt)

        return VARIABLE_RE.sub(one, text)


def query_values(influx, query):
    """A variable query's values: SHOW TAG VALUES gives (key, value) rows,
    any other query its first non-time column."""
    out = []
    for s in influx.query(query):
        cols = s.get("columns", [])
        idx = cols.index("value") if "value" in cols else (1 if cols and cols[0] == "time" else 0)
        for row in s.get("values", []) or []:
            if len(row) > idx and row[idx] is not None:
                out.append(str(row[idx]))
    return list(dict.fromkeys(out))


def sort_values(values, sort):
    if sort in (1, 2):
        values = sorted(values)
    elif sort in (3, 4):
        def num(v):
            m = re.search(r"-?\d+(\.\d+)?", v)
            return float(m.group(0)) if m else math.inf
        values = sorted(values, key=num)
    elif sort in (5, 6):
        values = sorted(values, key=str.lower)
    if sort in (2, 4, 6):
        values.reverse()
    return values


def current_values(var):
    cur = (var.get("current") or {}).get("value")
    if cur is None or cur == "" or cur == []:
        return None
    return cur if isinstance(cur, list) else [cur]


def resolve_variables(dashboard, influx, given, log):
    vs = Variables()
    for var in (dashboard.get("templating") or {}).get("list", []):
        name, kind = var.get("name"), var.get("type")
        if kind in ("datasource", "adhoc"):
            continue
        if kind == "query":
            q = var.get("query")
            if isinstance(q, dict):
                q = q.get("query", "")
            options = query_values(influx, vs.replace(q, "regex"))
            if var.get("regex"):
                pattern = re.compile(var["regex"].strip("/"))
                options = [v for v in options if pattern.search(v)]
            options = sort_values(options, var.get("sort", 0))
        elif kind == "custom":
            options = [v.strip() for v in re.split(r"(?<!\\),", var.get("query", "")) if v.strip()]
        elif kind in ("constant", "textbox"):
            options = [var.get("query", "")]
        elif kind == "interval":
            options = [v.strip() for v in var.get("query", "").split(",") if v.strip()]
        else:
            raise CheckError(f"variable ${name}: type '{kind}' is not supported here")
        var = dict(var, _options=options)
        vs.defs[name] = var
        if name in given:
            chosen = given[name]
            if chosen == ["All"] or chosen == [ALL]:
                chosen = ALL
        else:
            cur = current_values(var)
            if cur and (cur == ["$__all"] or cur == ["All"]) and var.get("includeAll"):
                chosen = ALL
            elif cur and all(c in options for c in cur):
                chosen = cur
            elif var.get("includeAll"):
                chosen = ALL
            elif options:
                chosen = [options[0]]
            else:
                raise CheckError(f"variable ${name} has no values (its query or list: "
                                 f"{var.get('query')})")
        vs.values[name] = chosen
        log(f"# ${name} = {'All' if chosen == ALL else ','.join(chosen)}"
            f"  (options: {', '.join(options) if options else 'none'})")
    return vs


# ---------------------------------------------------------------- queries


def render_part(part, inner):
    kind, params = part.get("type"), [str(p) for p in part.get("params", [])]
    if kind == "field":
        return "*" if params[0] == "*" else f'"{params[0]}"'
    if kind == "math":
        return f"{inner} {params[0]}"
    if kind == "alias":
        return f'{inner} AS "{params[0]}"'
    if kind == "tag":
        return f'"{params[0]}"'
    if kind == "time":
        params = ["$__interval" if p == "auto" else p for p in params]
    args = ([inner] if inner else []) + params
    return f"{kind}({', '.join(args)})"


def render_tag(tag, index, vs):
    value, op = str(tag.get("value", "")), tag.get("operator")
    if not op:
        op = "=~" if re.fullmatch(r"/.*/", value) else "="
    text = (tag.get("condition") or "AND") + " " if index > 0 else ""
    if op not in ("=~", "!~"):
        value = vs.replace(value)
        if op not in (">", "<"):
            value = "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    else:
        value = vs.replace(value, "regex")
    key = tag["key"]
    for suffix in ("::tag", "::field"):
        if key.endswith(suffix):
            return f'{text}"{key[:-len(suffix)]}"{suffix} {op} {value}'
    return f'{text}"{key}" {op} {value}'


def render_target(t, vs):
    """influx_query_model.ts render(interpolate = true)."""
    if t.get("rawQuery"):
        return vs.replace(t.get("query", ""), "influxql_raw")
    # the model's defaults apply to a missing list only (an empty one stays)
    select = t.get("select")
    if select is None:
        select = [[{"type": "field", "params": ["value"]}, {"type": "mean", "params": []}]]
    group_by = t.get("groupBy")
    if group_by is None:
        group_by = [{"type": "time", "params": ["$__interval"]}, {"type": "fill", "params": ["null"]}]
    selects = []
    for parts in select:
        text = ""
        for part in parts:
            text = render_part(part, text)
        selects.append(text)
    measurement = t.get("measurement") or "measurement"
    if not re.fullmatch(r"/.*/", measurement):
        measurement = f'"{measurement}"'
    else:
        measurement = vs.replace(measurement, "regex")
    policy = t.get("policy") or "default"
    source = measurement if policy == "default" else f'"{policy}".{measurement}'
    q = f"SELECT {', '.join(selects)} FROM {source} WHERE "
    tags = t.get("tags") or []
    if tags:
        q += "(" + " ".join(render_tag(tag, i, vs) for i, tag in enumerate(tags)) + ") AND "
    q += "$timeFilter"
    group = ""
    for i, part in enumerate(group_by):
        if i > 0:
            group += " " if part.get("type") == "fill" else ", "
        group += render_part(part, "")
    if group:
        q += " GROUP BY " + group
    if t.get("fill"):
        q += f" fill({t['fill']})"
    if t.get("orderByTime") == "DESC":
        q += " ORDER BY time DESC"
    if t.get("limit"):
        q += f" LIMIT {t['limit']}"
    if t.get("slimit"):
        q += f" SLIMIT {t['slimit']}"
    if t.get("tz"):
        q += f" tz('{t['tz']}')"
    return q


def count_points(series):
    """Non-null values in the value columns (not the time column)."""
    n = 0
    for s in series:
        cols = s.get("columns", [])
        for row in s.get("values", []) or []:
            n += sum(1 for c, v in zip(cols, row) if c != "time" and v is not None)
    return n


def all_panels(panels):
    for p in panels or []:
        yield p
        yield from all_panels(p.get("panels"))


# ---------------------------------------------------------------- self-test

# (variables {name: (values, definition)}, target, the text Grafana renders
# before the final pass); the cases follow influx_query_model.ts line by line
SELF_TEST = [
    ({}, {"measurement": "cpu"},
     'SELECT mean("value") FROM "cpu" WHERE $timeFilter GROUP BY time($__interval) fill(null)'),
    ({}, {"measurement": "cpu", "select": [], "groupBy": []},
     'SELECT  FROM "cpu" WHERE $timeFilter'),
    ({"host": (["web.1"], {})},
     {"measurement": "/^multiping(-bulk)?$/", "policy": "week",
      "tags": [{"key": "hostname", "operator": "=~", "value": "/^$host$/"},
               {"key": "metric", "value": "it's a\\b", "condition": "OR"},
               {"key": "value::field", "operator": ">", "value": "5"}],
      "select": [[{"type": "field", "params": ["value"]}, {"type": "mean", "params": []},
                  {"type": "math", "params": ["* 1000"]}, {"type": "alias", "params": ["ms"]}],
                 [{"type": "field", "params": ["value"]}, {"type": "percentile", "params": [95]}]],
      "groupBy": [{"type": "time", "params": ["auto"]}, {"type": "tag", "params": ["metric"]},
                  {"type": "fill", "params": ["0"]}],
      "orderByTime": "DESC", "limit": 10, "slimit": 5, "tz": "UTC"},
     'SELECT mean("value") * 1000 AS "ms", percentile("value", 95) FROM "week"./^multiping(-bulk)?$/ '
     'WHERE ("hostname" =~ /^web\\.1$/ OR "metric" = \'it\\\'s a\\\\b\' AND "value"::field > 5) '
     'AND $timeFilter GROUP BY time($__interval), "metric" fill(0) ORDER BY time DESC LIMIT 10 '
     "SLIMIT 5 tz('UTC')"),
    ({"h": (["a.b", "c"], {"multi": True}), "all": (ALL, {"includeAll": True, "allValue": ".*"}),
      "every": (ALL, {"includeAll": True})},
     {"measurement": "m", "tags": [{"key": "h", "operator": "=~", "value": "/^$h$/"},
                                   {"key": "a", "operator": "!~", "value": "/^$all$/"},
                                   {"key": "e", "operator": "=~", "value": "/^${every}$/"},
                                   {"key": "g", "operator": "=", "value": "$h"}]},
     'SELECT mean("value") FROM "m" WHERE ("h" =~ /^(a\\.b|c)$/ AND "a" !~ /^.*$/ AND '
     '"e" =~ /^(x\\/y|z)$/ AND "g" = \'{a.b,c}\') AND $timeFilter GROUP BY time($__interval) fill(null)'),
    ({"one": (["a.b"], {}), "h": (["a.b", "c"], {"multi": True})},
     {"rawQuery": True, "query": 'SELECT last("value") FROM "m" WHERE "x" = \'$one\' AND "y" =~ /^$h$/ '
      'AND $timeFilter GROUP BY time($__interval)'},
     'SELECT last("value") FROM "m" WHERE "x" = \'a.b\' AND "y" =~ /^(a\\.b|c)$/ '
     'AND $timeFilter GROUP BY time($__interval)'),
]


def self_test():
    failed = 0
    for i, (variables, target, want) in enumerate(SELF_TEST, 1):
        vs = Variables()
        for name, (values, definition) in variables.items():
            vs.values[name] = values
            vs.defs[name] = dict(definition, _options=["x/y", "z"])
        got = render_target(target, vs)
        if got != want:
            print(f"FAIL self-test {i}:\n  want {want}\n  got  {got}")
            failed += 1
    vs = Variables()
    vs.builtin = {"__interval": "10s", "interval": "10s", "timeFilter": "time >= now() - 1h"}
    got = vs.replace("WHERE $timeFilter GROUP BY time($__interval), time($interval), $unknown")
    if got != "WHERE time >= now() - 1h GROUP BY time(10s), time(10s), $unknown":
        print(f"FAIL self-test scoped variables: {got}")
        failed += 1
    # now-<N>w is no relative InfluxQL time for Grafana: absolute ms
    for text, want in (("now-15m", "now() - 15m"), ("now-2w", "998790400000ms"), ("now", "now()")):
        got = influx_time(text, 1000000000000)
        if got != want:
            print(f"FAIL self-test time {text}: {got}, want {want}")
            failed += 1
    for range_ms, points, low, want in ((900000, 1000, None, "1s"), (21600000, 1000, None, "20s"),
                                        (300000, 1000, 10000, "10s"), (604800000000, 1000, None, "7d"),
                                        (50000, 1000, None, "50ms")):
        got = panel_interval(range_ms, points, low)[0]
        if got != want:
            print(f"FAIL self-test interval {range_ms}/{points} >{low}: {got}, want {want}")
            failed += 1
    print(f"self-test: {len(SELF_TEST) + 9 - failed} passed, {failed} failed")
    return 1 if failed else 0


# ---------------------------------------------------------------- main


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Run a Grafana dashboard's InfluxQL queries against InfluxDB and "
        "count the points (see the file's header).")
    ap.add_argument("dashboard", nargs="?")
    ap.add_argument("--self-test", action="store_true",
                    help="check the query rendering against known Grafana output, then exit")
    ap.add_argument("--url", default="http://127.0.0.1:8086")
    ap.add_argument("--db", default="icinga2")
    ap.add_argument("--user", help="user name; the password is read from $INFLUX_PASSWORD")
    ap.add_argument("--from", dest="time_from", default=None,
                    help="range start: now-15m, or epoch ms (default: the dashboard's)")
    ap.add_argument("--to", dest="time_to", default=None, help="range end (default: the dashboard's)")
    ap.add_argument("--var", action="append", default=[], metavar="NAME=VALUE[,VALUE...]")
    ap.add_argument("--max-data-points", type=int, default=1000,
                    help="Grafana: the panel's width in pixels, unless the panel sets maxDataPoints")
    ap.add_argument("--min-interval", default=None,
                    help="the data source's 'Min time interval' (a panel's own interval wins)")
    ap.add_argument("--panel", action="append", type=int, default=[], metavar="ID",
                    help="check only this panel (repeatable; default: every panel)")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--verbose", action="store_true")
    return ap.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    if args.self_test:
        return self_test()
    if not args.dashboard:
        print("grafana_check: no dashboard given", file=sys.stderr)
        return 2
    try:
        with open(args.dashboard, encoding="utf-8") as f:
            dashboard = json.load(f)
    except (OSError, ValueError) as e:
        print(f"grafana_check: {args.dashboard}: {e}", file=sys.stderr)
        return 2
    dashboard = dashboard.get("dashboard", dashboard)  # an API export wraps it
    given = {}
    for v in args.var:
        if "=" not in v:
            print(f"grafana_check: --var '{v}': give NAME=VALUE", file=sys.stderr)
            return 2
        name, value = v.split("=", 1)
        given[name] = value.split(",")

    now_ms = int(time.time() * 1000)
    time_from = args.time_from or (dashboard.get("time") or {}).get("from", "now-6h")
    time_to = args.time_to or (dashboard.get("time") or {}).get("to", "now")
    influx = Influx(args.url, args.db, args.user, os.environ.get("INFLUX_PASSWORD"), args.timeout)
    log = print if args.verbose else (lambda *_: None)
    try:
        range_ms = parse_time_ms(time_to, now_ms) - parse_time_ms(time_from, now_ms)
        time_filter = f"time >= {influx_time(time_from, now_ms)} and time <= {influx_time(time_to, now_ms)}"
        vs = resolve_variables(dashboard, influx, given, log)
        default_low = parse_duration_ms(args.min_interval) if args.min_interval else None
    except CheckError as e:
        print(f"FAIL variables: {e}")
        return 1

    passed = failed = 0
    for panel in all_panels(dashboard.get("panels")):
        targets = [t for t in panel.get("targets") or [] if not t.get("hide")]
        if panel.get("type") == "row" or not targets:
            continue
        if args.panel and panel.get("id") not in args.panel:
            continue
        title = panel.get("title", "")
        try:
            low = parse_duration_ms(panel["interval"]) if panel.get("interval") else default_low
            interval, interval_ms = panel_interval(range_ms, panel.get("maxDataPoints") or args.max_data_points, low)
        except CheckError as e:
            print(f'FAIL panel {panel.get("id")} "{title}": {e}')
            failed += 1
            continue
        # the scoped variables of the query: $interval is $__interval
        vs.builtin = {"__interval": interval, "__interval_ms": str(interval_ms),
                      "interval": interval, "timeFilter": time_filter,
                      "__from": str(parse_time_ms(time_from, now_ms)),
                      "__to": str(parse_time_ms(time_to, now_ms))}
        for t in targets:
            where = f'panel {panel.get("id")} "{title}" {t.get("refId", "?")}'
            q = ""
            try:
                q = vs.replace(render_target(t, vs))
                series = influx.query(q)
            except CheckError as e:
                print(f"FAIL {where}: error {e} | {q}")
                failed += 1
                continue
            points = count_points(series)
            if points:
                print(f"ok   {where}: {points} points in {len(series)} series | {q}")
                passed += 1
            else:
                print(f"FAIL {where}: no points | {q}")
                failed += 1
    print(f"{passed} queries returned points, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
