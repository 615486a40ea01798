# perfdata.jq - performance data as a graphing tool reads it, for
# tests/icinga/run: "label=value;warn;crit;min;max" items separated by
# spaces, a label with spaces in single quotes ('' stands for a quote).
# rta, jitter, MOS and score values are masked as "N" because they differ
# from run to run; their
# unit, thresholds, min and max must not.

def unquote: if startswith("'") then .[1:-1] | gsub("''"; "'") else . end;

# text -> [{label, value}]
def metrics:
    [ scan("('(?:[^']|'')*'|[^ '=\n]+)=([^ \n]*)")
      | { label: (.[0] | unquote), value: .[1] } ];

def masked:
    map(if (.label | test("^rta_|_rta$|_jitter$|_mos$|_score$")) then .value |= sub("^[0-9.]+"; "N") else . end);

def lines: map("\(.label)=\(.value)") | join("\n");
