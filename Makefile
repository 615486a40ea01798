# check_multiping - build, test, install.
#
#   make                 build build/check_multiping (CC, CFLAGS, LDFLAGS honoured)
#   make check           unit tests, end-to-end tests (root: network namespaces),
#                        then the same under ASan+UBSan, TSan and valgrind
#   make unit            unit tests only (no privileges needed)
#   make e2e             end-to-end tests only
#   make check-bulk      bulk host checks against a real Icinga 2 and Nagios 4 (root)
#   make check-watch     continuous mode (--watch) against a real Icinga 2 and Nagios 4 (root)
#   make install         into $(DESTDIR)$(PLUGINDIR), sets cap_net_raw when it can,
#                        links $(ICMPDIR)/check_icmp to it (check_icmp personality),
#                        and copies contrib/ with this install's paths to $(EXAMPLESDIR)
#   make install-graphite-templates
#                        Icinga Web 2 graphite templates into $(GRAPHITE_TEMPLATEDIR)
#                        (only where Icinga Web 2 is; the Debian package does it)
#   make check-graphs    the graph chain (Icinga 2, Graphite, InfluxDB, Icinga Web 2,
#                        Icinga DB, headless Chromium) against the contrib templates (root)
#   make doc-graphs      the same chain, run longer, writes doc/graphs-*.png
#   make check-director  the Director basket against Debian's Icinga Director,
#                        MariaDB and Icinga 2 (root)
#   make director-basket regenerate contrib/icinga-director/ from contrib/icinga2
#                        and the option table (make check-docs compares)
#   make dist            check_multiping-VERSION.tar.gz from git (HEAD), what a
#                        packager downloads; make check-dist builds it and runs
#                        the unit suite from the unpacked tarball
#   make clean
#
# B selects the build directory so that sanitizer builds live beside the
# normal one: make B=build-asan CFLAGS='-O1 -g -fsanitize=address,undefined'.

VERSION    = 0.3.1
PREFIX    ?= /usr/local
PLUGINDIR ?= $(PREFIX)/lib/nagios/plugins
# The check_icmp personality: a link named check_icmp in a directory of its
# own, never over the Monitoring Plugins' check_icmp in PLUGINDIR.
ICMPDIR   ?= $(PREFIX)/lib/check_multiping
MANDIR    ?= $(PREFIX)/share/man
# contrib/ names the paths of PREFIX=/usr, with the plugin directory at
# /usr/lib/nagios/plugins, which Icinga 2's PluginDir and Nagios' $USER1$ are
# on Debian (and what the Debian package installs).  make install writes
# contrib's definitions to EXAMPLESDIR with the paths of this install instead:
# the check_icmp link at ICMPDIR, and with another PLUGINDIR the plugin's full
# path in place of PluginDir / $USER1$.  Markdown is copied as it is (it
# explains both layouts).
EXAMPLESDIR ?= $(PREFIX)/share/doc/check_multiping/examples
CONTRIB_PLUGINDIR = /usr/lib/nagios/plugins
EXAMPLE_PATHS = -e 's|/usr/lib/check_multiping/check_icmp|$(ICMPDIR)/check_icmp|g' \
    $(if $(filter $(CONTRIB_PLUGINDIR),$(PLUGINDIR)),, \
    -e 's|PluginDir + "/check_multiping"|"$(PLUGINDIR)/check_multiping"|g' \
    -e 's|\$$USER1\$$/check_multiping|$(PLUGINDIR)/check_multiping|g' \
    -e 's,$(CONTRIB_PLUGINDIR)\(/check_multiping\)\?\([^/A-Za-z0-9_]\|$$\),$(PLUGINDIR)\1\2,g')
# Icinga Web 2's graphite module reads user templates from its config
# directory only (never below PREFIX), so this one ignores PREFIX.
GRAPHITE_TEMPLATEDIR ?= /etc/icingaweb2/modules/graphite/templates
GRAPHITE_TEMPLATES = $(sort $(wildcard contrib/icingaweb2/*.ini))
B         ?= build

CFLAGS   ?= -O2 -g
WARNINGS  = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wpointer-arith -Wcast-qual -Wundef
ALL_CFLAGS   = -std=gnu11 $(WARNINGS) $(CFLAGS)
ALL_CPPFLAGS = -D_GNU_SOURCE -DMULTIPING_VERSION='"$(VERSION)"' -Ilib -Iplugins $(CPPFLAGS)
# c-ares (Debian libc-ares-dev): pkg-config when present, else plain -lcares.
CARES_CFLAGS := $(shell pkg-config --cflags libcares 2>/dev/null)
CARES_LIBS   := $(shell pkg-config --libs libcares 2>/dev/null || echo -lcares)
ALL_CPPFLAGS += $(CARES_CFLAGS)
# libcurl is not linked: lib/icinga/curldl.c loads it only for --api (see there).
LDLIBS   += $(CARES_LIBS) -ljansson -ldl -lpthread

LIB_SRCS  = $(sort $(wildcard lib/*.c lib/*/*.c))
LIB_OBJS  = $(LIB_SRCS:%.c=$(B)/%.o)
PLUGIN    = $(B)/check_multiping

# Each unit test links only the modules it exercises, so one module can be
# built and tested while another is being written.
UNIT_TESTS = latency output_icmp icmp_options watchdog range hostspec hostlist hostset icmp verdict output flight readyq ipaddr receiver extraopts sender resolve sock options \
             objects hostresult submit_cmdfile icinga nsswitch hostsfile resolvconf resolve_jobs resolve_lanes \
             result_stream unchanged submit_report clock liveness schedule pending watch_config prober heartbeat watch_result core_view
UNIT_DEPS_latency  = latency
UNIT_DEPS_output_icmp = output_icmp verdict_icmp latency numfmt hostset ipaddr resolve_reason
UNIT_DEPS_icmp_options = extraopts range excerpt latency ipaddr watch_config liveness clock
UNIT_PLUGIN_DEPS_icmp_options = icmp_options options options_layers option_table options_send options_bulk options_watch
UNIT_DEPS_watchdog =
UNIT_PLUGIN_DEPS_watchdog = watchdog
UNIT_DEPS_range    = range excerpt latency
UNIT_DEPS_hostspec = hostspec excerpt ipaddr
UNIT_DEPS_hostlist = hostlist hostspec excerpt hostset ipaddr linefile
UNIT_DEPS_hostset  = hostset ipaddr
UNIT_DEPS_icmp     = icmp ipaddr
UNIT_DEPS_verdict  = verdict latency range excerpt hostset ipaddr
UNIT_DEPS_flight   = flight clock
UNIT_DEPS_sock     = sock sock_config ipaddr
UNIT_DEPS_sender   = sender plan clock flight readyq icmp hostset ipaddr sock sock_config
# test_sender counts the path MTU probes (sock_path_mtu wrapped).
UNIT_LDFLAGS_sender = -Wl,--wrap=sock_path_mtu -Wl,--wrap=sendmmsg
UNIT_LDFLAGS_prober = -Wl,--wrap=malloc
UNIT_DEPS_resolve  = resolve resolve_pool resolve_ares resolve_jobs resolve_lanes resolve_reason resolvconf hostsfile nsswitch sock sock_config readyq hostset ipaddr clock
UNIT_DEPS_resolvconf = resolvconf
UNIT_DEPS_nsswitch = nsswitch
UNIT_DEPS_hostsfile = hostsfile ipaddr
UNIT_DEPS_resolve_jobs = resolve_jobs resolve_reason hostset ipaddr
UNIT_DEPS_resolve_lanes = resolve_lanes sock sock_config ipaddr
UNIT_DEPS_extraopts = extraopts excerpt
UNIT_DEPS_readyq   = readyq hostset ipaddr clock
UNIT_DEPS_ipaddr   = ipaddr
UNIT_DEPS_receiver = receiver fate_flight latency flight readyq icmp hostset ipaddr clock
# options*.c live in plugins/: UNIT_PLUGIN_DEPS_options links them.
UNIT_DEPS_options  = extraopts range excerpt ipaddr latency icmp watch_config liveness clock
UNIT_PLUGIN_DEPS_options = options options_layers option_table options_send options_bulk options_watch
UNIT_DEPS_output   = output output_labels output_table output_json output_text numfmt verdict latency range excerpt hostset ipaddr icmp resolve_reason
UNIT_DEPS_objects  = objects linefile hostspec excerpt hostset ipaddr
UNIT_DEPS_hostresult = output_hostresult output_text numfmt verdict latency range excerpt hostset ipaddr icmp resolve_reason
UNIT_DEPS_submit_cmdfile = submit_cmdfile submit readyq objects linefile output_hostresult output_text numfmt verdict latency range excerpt hostset hostspec ipaddr icmp resolve_reason clock
UNIT_DEPS_icinga   = submit_icinga icinga_query result_stream unchanged icinga_conn icinga_post curldl submit readyq objects linefile output_hostresult output_text numfmt verdict latency range excerpt hostset hostspec ipaddr icmp resolve_reason clock
UNIT_DEPS_result_stream = result_stream
UNIT_DEPS_submit_report = submit_report objects linefile hostspec excerpt hostset ipaddr
UNIT_DEPS_unchanged = unchanged submit objects linefile output_hostresult output_text numfmt verdict latency range excerpt hostset hostspec ipaddr icmp resolve_reason
UNIT_DEPS_clock    = clock
UNIT_DEPS_liveness = liveness clock
UNIT_DEPS_schedule = schedule clock
UNIT_DEPS_pending  = pending schedule liveness clock
UNIT_DEPS_watch_config = watch_config liveness clock
UNIT_DEPS_heartbeat = heartbeat
UNIT_DEPS_watch_result = watch_result liveness icmp ipaddr numfmt clock resolve_reason
UNIT_DEPS_core_view = core_view
UNIT_DEPS_prober   = prober core_view generation registry fate_ring pending schedule liveness clock range excerpt latency objects linefile hostspec hostset ipaddr resolve resolve_pool resolve_ares resolve_jobs resolve_lanes resolve_reason resolvconf hostsfile nsswitch sock sock_config readyq icmp
UNIT_BINS = $(UNIT_TESTS:%=$(B)/tests/unit/test_%)

.SECONDARY:
.PHONY: all build-all check-services unit e2e watch-quick watch-soak check check-asan check-tsan check-valgrind check-docs check-format analyze check-packaging check-icinga check-bulk check-watch check-cluster check-graphs check-director director-basket doc-graphs check-clang fuzz-smoke fuzz-long install install-examples install-graphite-templates clean format dist check-dist

all: $(PLUGIN)

Q = $(if $(V),,@)

$(B)/%.o: %.c $(wildcard lib/*.h lib/*/*.h plugins/*.h)
	@mkdir -p $(@D)
	@$(if $(V),,echo "  CC      $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libmultiping.a: $(LIB_OBJS)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

PLUGIN_SRCS = $(sort $(wildcard plugins/*.c))
PLUGIN_OBJS = $(PLUGIN_SRCS:%.c=$(B)/%.o)
# --version and --help print $(VERSION): a release rebuilds them.
$(PLUGIN_OBJS): Makefile

$(PLUGIN): $(PLUGIN_OBJS) $(B)/libmultiping.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.SECONDEXPANSION:
# A module is named by its file's base name; lib_obj finds its folder.
lib_obj   = $(patsubst %.c,$(B)/%.o,$(firstword $(wildcard lib/$(1).c lib/*/$(1).c)))
unit_deps = $(foreach m,$(UNIT_DEPS_$(1)),$(call lib_obj,$(m))) \
            $(foreach m,$(UNIT_PLUGIN_DEPS_$(1)),$(B)/plugins/$(m).o)
$(B)/tests/unit/test_%: $(B)/tests/unit/test_%.o $$(call unit_deps,$$*)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(UNIT_LDFLAGS_$*) -o $@ $^ -lcmocka $(LDLIBS)

# The perfdata property test (issue 21): the cases are printed by a small
# program on the output module, judged by Monitoring::Plugin in Perl.
$(B)/tests/unit/perfdata_cases: $(B)/tests/unit/perfdata_cases.o $$(call unit_deps,output)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

unit: $(UNIT_BINS) $(B)/tests/unit/perfdata_cases
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done
	@echo "== tests/unit/perfdata_property.pl"
	@$(B)/tests/unit/perfdata_cases >$(B)/tests/unit/perfdata_cases.txt
	@perl tests/unit/perfdata_property.pl <$(B)/tests/unit/perfdata_cases.txt

e2e: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/e2e/run
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/hostile/run
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/scale/run
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/dns/run
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/icmp_compat/run
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/netopts/run

# --watch without a core (a command pipe): silence, recovery, reloads,
# signals, about a minute.  The plain build runs it and so does TSan (the
# daemon's threads); ASan runs the soak instead: a few hundred changing
# hosts and two reloads for WATCH_SOAK_SECONDS under the leak check.
WATCH_SOAK_SECONDS ?= 120
watch-quick: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/watch/quick

watch-soak: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) SOAK_SECONDS=$(WATCH_SOAK_SECONDS) tests/watch/soak

check: check-format build-all unit e2e watch-quick check-docs analyze check-services fuzz-smoke
	$(MAKE) check-clang
	$(MAKE) check-asan
	$(MAKE) check-tsan
	$(MAKE) check-valgrind
	@echo "make check: all suites passed"

# Compiling is what two cores do well side by side; the suites that follow
# run one after the other.
build-all:
	$(MAKE) -j2 $(PLUGIN) $(UNIT_BINS)

# The suites around real daemons (Icinga 2, Nagios, carbon, graphite-web,
# InfluxDB, Icinga DB, Icinga Web 2) and the package builds mostly wait: two
# at a time, each in its own namespaces, each one's output printed whole
# when it ends (-Orecurse), not interleaved.
check-services: $(PLUGIN)
	$(MAKE) -j2 -Orecurse check-graphs check-packaging check-cluster check-icinga check-bulk check-watch check-director check-dist

SAN_FLAGS = -O1 -g -fno-omit-frame-pointer
check-asan:
	ASAN_OPTIONS='detect_leaks=1 abort_on_error=0' UBSAN_OPTIONS='print_stacktrace=1 halt_on_error=1' \
	$(MAKE) B=build-asan CFLAGS='$(SAN_FLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all' \
		LDFLAGS='-fsanitize=address,undefined' build-all unit e2e watch-soak

# TSan sleeps 1 s at exit by default to catch late races; -t tests time the
# whole run, so that sleep is off, and any report fails the run (exit 66).
# Thread-leak reports are off: on -t and on SIGTERM/SIGINT the watchdog ends
# the process with _exit() while engine threads still run, by design (it
# must not wait for them); every normal path joins its threads.
check-tsan:
	TSAN_OPTIONS='atexit_sleep_ms=0 halt_on_error=1 exitcode=66 report_thread_leaks=0' \
	$(MAKE) B=build-tsan CFLAGS='$(SAN_FLAGS) -fsanitize=thread' LDFLAGS='-fsanitize=thread' \
		build-all unit e2e watch-quick

# The same warnings must hold under clang.
check-clang:
	$(MAKE) B=build-clang CC=clang build-all unit

# clang's static analyzer over every source; any finding fails the build.
analyze:
	rm -rf build-scan
	scan-build --status-bugs -o build-scan/report $(MAKE) -j2 B=build-scan CC=clang \
		$(PLUGIN:$(B)/%=build-scan/%) $(patsubst $(B)/%,build-scan/%,$(UNIT_BINS))

# libFuzzer targets (tests/fuzz/): briefly in make check, long on demand.
fuzz-smoke:
	tests/fuzz/run --seconds 20 --jobs 2

fuzz-long:
	tests/fuzz/run --seconds 600

check-packaging:
	tests/packaging/run

# The release tarball comes from git, so it holds exactly what is committed
# (HEAD): a packager's build never sees a stray local file.
DIST      = check_multiping-$(VERSION)
DISTDIR  ?= .
dist:
	@git diff --quiet HEAD -- 2>/dev/null || \
		echo "make dist: note: uncommitted changes are not in the tarball (it is made from HEAD)"
	git archive --format=tar.gz --prefix=$(DIST)/ -o $(DISTDIR)/$(DIST).tar.gz HEAD
	@echo "$(DISTDIR)/$(DIST).tar.gz"

check-dist:
	tests/packaging/dist

check-icinga: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/icinga/run

# Bulk host checks against a real Icinga 2 and Nagios 4 (about 20 s), then
# against a stand-in API for TLS pinning, proxies and empty replies (4 s).
check-bulk: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/bulk/run
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/bulk/standin

# Continuous mode (--watch) against a real Icinga 2 with 1,000 watched hosts
# and a real Nagios 4, every daemon started with the contrib systemd unit's
# command line (about 3 minutes).
check-watch: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/watch/run

# Bulk checks in a master + two satellite zones, one satellite stopped (about 60 s).
check-cluster: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/cluster/run

check-graphs: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/graphs/run

# The basket against Debian's Icinga Director, MariaDB and Icinga 2 (about 25 s).
check-director: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/director/run

# contrib/icinga-director/ is generated: the basket's fields from the
# CheckCommands' arguments, its lists from the option table (--help).
director-basket: $(PLUGIN)
	scripts/director-basket --plugin $(PLUGIN)

# The README's pictures: the same chain, more check cycles, screenshots kept.
doc-graphs: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) GRAPHS_DOC_DIR=$(abspath doc) GRAPHS_CYCLES=24 \
		tests/graphs/run

check-docs: $(PLUGIN)
	tests/docs/check_layout.sh $(B)
	tests/docs/check_options.sh $(PLUGIN)
	tests/docs/check_version.sh $(PLUGIN)
	tests/docs/check_nagios.sh
	tests/docs/check_director.sh $(PLUGIN)
	tests/docs/check_paths.sh
	tests/docs/check_news.sh
	tests/docs/check_examples.sh $(PLUGIN)
	tests/docs/check_man_render.sh

check-valgrind: $(PLUGIN)
	CHECK_MULTIPING=$(abspath $(PLUGIN)) tests/e2e/valgrind

# The Icinga Web 2 graphite templates alone (tests/graphs installs them so).
install-graphite-templates:
	install -d $(DESTDIR)$(GRAPHITE_TEMPLATEDIR)
	install -m 0644 $(GRAPHITE_TEMPLATES) $(DESTDIR)$(GRAPHITE_TEMPLATEDIR)/

install-examples:
	@for f in $(sort $(shell find contrib -type f)); do \
		d="$(DESTDIR)$(EXAMPLESDIR)/$${f#contrib/}"; \
		install -d "$${d%/*}" || exit 1; \
		case "$$f" in \
		*.md) install -m 0644 "$$f" "$$d" ;; \
		*) sed $(EXAMPLE_PATHS) "$$f" >"$$d" && chmod 0644 "$$d" ;; \
		esac || exit 1; \
	done
	@echo "contrib/ with this install's paths in $(DESTDIR)$(EXAMPLESDIR)"

install: $(PLUGIN) install-examples
	install -d $(DESTDIR)$(PLUGINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(PLUGIN) $(DESTDIR)$(PLUGINDIR)/check_multiping
	install -m 0644 doc/check_multiping.1 $(DESTDIR)$(MANDIR)/man1/check_multiping.1
	install -d $(DESTDIR)$(ICMPDIR)
	ln -sf $(PLUGINDIR)/check_multiping $(DESTDIR)$(ICMPDIR)/check_icmp
	@if setcap cap_net_raw+ep $(DESTDIR)$(PLUGINDIR)/check_multiping 2>/dev/null; then \
		echo "set cap_net_raw+ep on $(DESTDIR)$(PLUGINDIR)/check_multiping"; \
	else \
		echo "note: could not set cap_net_raw on $(DESTDIR)$(PLUGINDIR)/check_multiping;" \
		     "run: setcap cap_net_raw+ep $(PLUGINDIR)/check_multiping (as root)," \
		     "or allow its users' group in sysctl net.ipv4.ping_group_range"; \
	fi
	@if [ -d /etc/icingaweb2/modules/graphite ]; then \
		echo "note: for Icinga Web 2's graphite module: make install-graphite-templates"; \
	fi

FORMATTED = lib/*.[ch] lib/*/*.[ch] plugins/*.[ch] tests/unit/*.c tests/fuzz/*.c tests/hostile/*.c

format:
	clang-format -i $(FORMATTED)

check-format:
	clang-format --dry-run -Werror $(FORMATTED)

clean:
	rm -rf build build-asan build-tsan build-clang build-scan build-fuzz check_multiping-*.tar.gz
