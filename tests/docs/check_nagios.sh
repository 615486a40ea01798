#!/usr/bin/env bash
# tests/docs/check_nagios.sh - contrib/nagios/check_multiping.cfg, with its
# example services uncommented, must pass `nagios4 -v` on a minimal
# configuration (no daemon is started).  Installs nagios4-core if missing,
# without letting the package start its service.  Prints "N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
CONTRIB=contrib/nagios/check_multiping.cfg
TMP=$(mktemp -d /tmp/cmpnagios.XXXXXX)
chmod 755 "$TMP" # nagios4 reads it as its own user
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

if ! command -v nagios4 >/dev/null; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nagios4-core \
        >"$TMP/apt.log" 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends nagios4-core >"$TMP/apt.log" 2>&1; }
    rm -f /usr/sbin/policy-rc.d
fi
command -v nagios4 >/dev/null || { echo "not ok - nagios4 could not be installed"; echo "0 passed, 1 failed"; exit 1; }

# The contrib file with every commented-out definition turned on.
sed -E 's/^#(define service \{|    [a-z_]+ |\})/\1/' "$CONTRIB" >"$TMP/multiping.cfg"
cat >"$TMP/objects.cfg" <<'CFG'
define timeperiod {
    timeperiod_name 24x7
    alias           always
    monday 00:00-24:00
    tuesday 00:00-24:00
    wednesday 00:00-24:00
    thursday 00:00-24:00
    friday 00:00-24:00
    saturday 00:00-24:00
    sunday 00:00-24:00
}
define contact {
    contact_name                  admin
    service_notification_period   24x7
    host_notification_period      24x7
    service_notification_options  n
    host_notification_options     n
    service_notification_commands notify-none
    host_notification_commands    notify-none
}
define command {
    command_name notify-none
    command_line /bin/true
}
define command {
    command_name check-host-alive
    command_line /bin/true
}
define host {
    host_name             monitoring-1
    address               192.0.2.10
    check_command         check-host-alive
    max_check_attempts    3
    check_period          24x7
    contacts              admin
    notification_interval 0
    notification_period   24x7
}
define service {
    name                  generic-service
    register              0
    max_check_attempts    3
    check_interval        5
    retry_interval        1
    check_period          24x7
    notification_interval 0
    notification_period   24x7
    contacts              admin
}
CFG
cat >"$TMP/nagios.cfg" <<CFG
log_file=$TMP/nagios.log
cfg_file=$TMP/objects.cfg
cfg_file=$TMP/multiping.cfg
resource_file=$TMP/resource.cfg
status_file=$TMP/status.dat
temp_file=$TMP/nagios.tmp
lock_file=$TMP/nagios.lock
command_file=$TMP/nagios.cmd
check_result_path=$TMP/results
CFG
echo 'illegal_macro_output_chars=`~$&|"<>' >>"$TMP/nagios.cfg"
mkdir -m 1777 "$TMP/results"
echo "\$USER1\$=/usr/lib/nagios/plugins" >"$TMP/resource.cfg"

nagios4 -v "$TMP/nagios.cfg" >"$TMP/verify.out" 2>&1
rc=$?
services=$(grep -c '^define service' "$TMP/multiping.cfg")
if [ "$rc" = 0 ] && grep -q "Total Warnings: 0" "$TMP/verify.out" &&
    grep -q "Total Errors:   0" "$TMP/verify.out"; then
    echo "ok - nagios4 -v accepts $CONTRIB ($services example services enabled)"
    passed=$((passed + 1))
else
    echo "not ok - nagios4 -v on $CONTRIB (rc=$rc):"
    grep -E "Error|Warning" "$TMP/verify.out" | sed 's/^/#   /'
    failed=$((failed + 1))
fi
if [ "$services" -ge 2 ]; then
    echo "ok - the example services were enabled for the check"
    passed=$((passed + 1))
else
    echo "not ok - expected the commented example services to be enabled, found $services"
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
