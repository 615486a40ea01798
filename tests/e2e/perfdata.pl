#!/usr/bin/perl
# perfdata.pl - the independent oracle for the plugin's perfdata: parse it
# with Monitoring::Plugin::Performance (the Perl library many monitoring
# tools use) rather than with our own code, and print what it understood.
#
# Usage: perfdata.pl 'PERFDATA'
# Prints "items N undetermined U parsed P", then one tab-separated line per
# parsed item: label value uom warning critical min max ("" when absent).
# N counts the items in the text ('=' signs; labels never contain one), U
# those whose value is "U" (which the library skips), so N == U + P means
# that nothing else was dropped as unparseable.
use strict;
use warnings;
use Monitoring::Plugin::Performance;

my $text = shift @ARGV;
die "usage: perfdata.pl PERFDATA\n" unless defined $text;
my @perf = Monitoring::Plugin::Performance->parse_perfstring($text);
my $items = () = $text =~ /=/g;
my $undetermined = () = $text =~ /=U(?=[;\s]|$)/g;
printf "items %d undetermined %d parsed %d\n", $items, $undetermined, scalar @perf;
for my $p (@perf) {
    print join("\t", map { defined $_ ? $_ : '' }
        $p->label, $p->value, $p->uom, $p->warning, $p->critical, $p->min, $p->max), "\n";
}
