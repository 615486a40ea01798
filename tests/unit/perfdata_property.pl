#!/usr/bin/perl
# perfdata_property.pl - the perfdata property test (issue 21): every
# threshold the plugin prints must give, read by Monitoring::Plugin (the
# Perl library many monitoring tools use), the state the plugin gave.
#
#   build/tests/unit/perfdata_cases >cases.txt && perl tests/unit/perfdata_property.pl <cases.txt
#
# Reads "STATE<TAB>ITEM<TAB>WHAT" lines (perfdata_cases.c), splits ITEM
# (label=value;warn;crit;min;max), reads warn and crit with
# Monitoring::Plugin::Threshold (its Range parser) and compares
# get_status(value) with STATE.  Monitoring::Plugin::Performance's own
# perfstring parser is not used here: its pattern drops a threshold that
# starts with '@', which the plugin guidelines allow and we print.  Prints "perfdata property: N cases, M
# disagree" and the first disagreements; exits 1 if any, or if no case
# was read.
use strict;
use warnings;
use Monitoring::Plugin::Threshold;

my ($cases, $bad) = (0, 0);
while (my $line = <STDIN>) {
    chomp $line;
    my ($state, $item, $what) = split /\t/, $line, 3;
    my ($value, $warn, $crit) = $item =~ /^[a-z]+=(\d+);([^;]*);([^;]*);/;
    my $got = 'unparsed';
    if (defined $value) {
        my %t = (warning => $warn, critical => $crit);
        delete $t{$_} for grep { $t{$_} eq '' } keys %t;
        my $th = eval { Monitoring::Plugin::Threshold->set_thresholds(%t) };
        $got = $th->get_status($value) if $th;
    }
    $cases++;
    next if $got eq $state;
    $bad++;
    print "disagree: $what: plugin state $state, Monitoring::Plugin reads '$item' as $got\n"
        if $bad <= 10;
}
print "perfdata property: $cases cases, $bad disagree\n";
exit($bad == 0 && $cases > 0 ? 0 : 1);
