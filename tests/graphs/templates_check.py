#!/usr/bin/python3
"""templates_check.py - every curve of every Icinga Web 2 graphite template
draws data.

Usage: templates_check.py GRAPHITE_URL TEMPLATE_DIR OBJECT...
  OBJECT: CHECK_COMMAND=HOST (a host checked by that command) or
          CHECK_COMMAND=HOST!SERVICE (a service)

For each template in TEMPLATE_DIR/*.ini (the INI the graphite module of
icingaweb2-module-graphite 1.2 reads), and each of its curves, this does
what the module does: the curve's metrics filter is resolved against
Icinga 2's default GraphiteWriter name templates
(icinga2.HOST.host.CHECK_COMMAND, icinga2.HOST.services.SERVICE.CHECK_COMMAND)
for every given object of the template's check command, its macros become
Graphite globs ('*', or the pattern after ':'), /metrics/expand lists the
series, and each series is rendered (/render?format=json) through the
curve's function with $metric$ and the filter's macros filled in.  A curve
passes when at least one series renders at least one non-null point.
Prints one TAP-style line per curve ("ok - ..."/"not ok - ...") with the
series it matched and their point counts; exits 1 if any curve failed, 2 on
a usage error.
"""
import configparser
import json
import os
import re
import sys
import urllib.parse
import urllib.request

MACRO = re.compile(r"\$([^$]*)\$")


def escape_step(step):
    """The GraphiteWriter's escaping of a host or service name (one level)."""
    return re.sub(r"[ .\\/]", "_", step)


def prefix(command, obj):
    host, _, service = obj.partition("!")
    if service:
        return "icinga2.%s.services.%s.%s" % (escape_step(host), escape_step(service),
                                            escape_step(command))
    return "icinga2.%s.host.%s" % (escape_step(host), escape_step(command))


def load_templates(directory):
    templates = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".ini"):
            continue
        ini = configparser.ConfigParser(interpolation=None, strict=True)
        ini.optionxform = str
        ini.read(os.path.join(directory, name))
        for section in ini.sections():
            tpl, _, topic = section.rpartition(".")
            entry = templates.setdefault(tpl, {"file": name})
            entry[topic] = {k: v.strip('"') for k, v in ini[section].items()}
    return templates


def get_json(base, path, params):
    url = base.rstrip("/") + path + "?" + urllib.parse.urlencode(params, doseq=True)
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.load(answer)


def filter_to_glob_and_regex(flt, pfx):
    """The filter with the name template filled in: a Graphite glob for
    /metrics/expand and a regex that reads the macros back from a series."""
    flt = flt.replace("$service_name_template$", pfx).replace("$host_name_template$", pfx)
    glob, regex, names = [], [], []
    for i, part in enumerate(MACRO.split(flt)):
        if i % 2 == 0:
            glob.append(part)
            regex.append(re.escape(part))
            continue
        name, _, wildcard = part.partition(":")
        glob.append(wildcard or "*")
        if name in names:
            regex.append("(?P=%s)" % name)
        else:
            names.append(name)
            regex.append("(?P<%s>.*)" % name)
    return "".join(glob), re.compile("\\A" + "".join(regex) + "\\Z")


def check_curve(base, tpl, curve, flt, function, objects):
    found = []
    for command, obj in objects:
        glob, regex = filter_to_glob_and_regex(flt, prefix(command, obj))
        series = get_json(base, "/metrics/expand", {"query": glob, "leavesOnly": "1"})
        for metric in series.get("results", []):
            match = regex.match(metric)
            if not match:
                continue
            values = dict(match.groupdict(), metric=metric,
                          service_name_template=prefix(command, obj),
                          host_name_template=prefix(command, obj))
            target = MACRO.sub(lambda m: values.get(m.group(1), m.group(0)), function)
            data = get_json(base, "/render", {"target": target, "format": "json",
                                               "from": "-30min"})
            points = sum(1 for s in data for v, _ in s["datapoints"] if v is not None)
            found.append((metric, points))
    good = [f for f in found if f[1] > 0]
    shown = ", ".join("%s: %d points" % f for f in found) or "no series"
    label = "%s %s: %s" % (tpl, curve, flt)
    if good:
        print("ok - %s -> %s" % (label, shown))
        return True
    print("not ok - %s -> %s" % (label, shown))
    return False


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    base, directory = sys.argv[1], sys.argv[2]
    objects = []
    for arg in sys.argv[3:]:
        command, sep, obj = arg.partition("=")
        if not sep or not obj:
            sys.stderr.write("templates_check.py: bad object %r\n" % arg)
            return 2
        objects.append((command, obj))
    templates = load_templates(directory)
    failed = 0
    for tpl, entry in sorted(templates.items(), key=lambda t: (t[1]["file"], t[0])):
        commands = [c.strip() for c in entry.get("graph", {}).get("check_command", "").split(",")]
        mine = [(c, o) for c, o in objects if c in commands]
        if not mine:
            print("not ok - %s: no object of check command %s given" % (tpl, commands))
            failed += 1
            continue
        for curve, flt in entry.get("metrics_filters", {}).items():
            function = entry.get("functions", {}).get(curve, "$metric$")
            if not check_curve(base, tpl, curve, flt, function, mine):
                failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
