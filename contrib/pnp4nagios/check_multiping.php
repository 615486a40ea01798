<?php
/*
 * check_multiping.php - PNP4Nagios template for check_multiping.
 *
 * PNP picks a template by the check command's name: install this file as
 * templates/check_multiping.php for Nagios/Naemon (command check_multiping)
 * and as templates/multiping.php for Icinga 2 (CheckCommand "multiping",
 * the name the PerfdataWriter writes as SERVICECHECKCOMMAND).
 *
 * Graphs, each drawn only when its data sources are present:
 *   1. hosts by class: alive, partial, dead, unreachable, unresolved
 *      stacked (they add up to "hosts"), with the thresholds on "down";
 *   2. round trip: rta_min, rta_avg, rta_max (milliseconds);
 *   3. loss in percent;
 *   4. one graph per host with --perfdata-hosts (NAME_rta, NAME_pl).
 *
 * Data sources are found by their perfdata label ($LABEL), never by their
 * position, so options that add or drop metrics do not shift the graphs.
 * A host that never answered has rta "U" (unknown): RRD stores it as
 * unknown and the line has a gap.
 */

$cmp_colors = array(
    'alive' => '#2E9F44',
    'partial' => '#E6B800',
    'dead' => '#D62728',
    'unreachable' => '#8C1D8C',
    'unresolved' => '#7F7F7F',
);

/* label => data source index, and the per-host labels by host name */
$cmp_ds = array();
$cmp_hosts = array();
foreach ($LABEL as $i => $label) {
    $cmp_ds[$label] = $i;
    if (preg_match('/^(.+)_(rta|pl)$/', $label, $m)) {
        $cmp_hosts[$m[1]][$m[2]] = $i;
    }
}

/*
 * RRD graph statements are written out here rather than with PNP's rrd::
 * helpers, whose arguments changed between PNP releases (the fourth
 * argument of rrd::area was a consolidation function, later "stack").
 */

/* PNP may include a template several times in one request (a page of graphs). */
if (!function_exists('cmp_def')) {
    /* cmp_def: the DEF of one data source under a given variable name. */
    function cmp_def($var, $i)
    {
        global $RRDFILE, $DS;
        return "DEF:$var=\"$RRDFILE[$i]\":$DS[$i]:AVERAGE ";
    }

    /* cmp_draw: LINE1, LINE2 or AREA of a variable, optionally stacked. */
    function cmp_draw($type, $var, $color, $text, $stack = false)
    {
        return "$type:$var$color:\"$text\"" . ($stack ? ':STACK' : '') . ' ';
    }

    /* cmp_legend: last, average and maximum of a variable, ending the line. */
    function cmp_legend($var, $format)
    {
        $out = '';
        foreach (array('LAST' => 'Last', 'AVERAGE' => 'Average', 'MAXIMUM' => 'Max') as $cf => $word) {
            $out .= "VDEF:{$var}_$cf=$var,$cf GPRINT:{$var}_$cf:\"$format $word\" ";
        }
        return $out . 'COMMENT:"\\n" ';
    }

    /* cmp_hrule: a horizontal threshold line. */
    function cmp_hrule($value, $color, $text)
    {
        return "HRULE:$value$color:\"$text\\n\" ";
    }
}

$g = 0;

/* 1. Hosts by class */
$cmp_classes = array_intersect(array_keys($cmp_colors), array_keys($cmp_ds));
if (count($cmp_classes) > 0) {
    $g++;
    $ds_name[$g] = 'Hosts by class';
    $opt[$g] = "--vertical-label hosts --lower-limit 0 --title \"$hostname / $servicedesc: hosts\"";
    $def[$g] = '';
    $first = true;
    foreach ($cmp_classes as $class) {
        $def[$g] .= cmp_def($class, $cmp_ds[$class]);
        $def[$g] .= cmp_draw('AREA', $class, $cmp_colors[$class], sprintf('%-12s', $class), !$first);
        $def[$g] .= cmp_legend($class, '%6.0lf');
        $first = false;
    }
    if (isset($cmp_ds['hosts'])) {
        $def[$g] .= cmp_def('hosts', $cmp_ds['hosts']);
        $def[$g] .= cmp_draw('LINE1', 'hosts', '#000000', sprintf('%-12s', 'hosts'));
        $def[$g] .= cmp_legend('hosts', '%6.0lf');
    }
    if (isset($cmp_ds['down'])) {
        $i = $cmp_ds['down'];
        $def[$g] .= cmp_def('down', $i);
        $def[$g] .= cmp_draw('LINE2', 'down', '#000080', sprintf('%-12s', 'down'));
        $def[$g] .= cmp_legend('down', '%6.0lf');
        if ($WARN[$i] !== '') {
            $def[$g] .= cmp_hrule($WARN[$i], '#FFA500', "down warning at $WARN[$i]");
        }
        if ($CRIT[$i] !== '') {
            $def[$g] .= cmp_hrule($CRIT[$i], '#FF0000', "down critical at $CRIT[$i]");
        }
    }
}

/* 2. Round trip */
$cmp_rta = array(
    'rta_min' => '#1F77B4',
    'rta_avg' => '#000000',
    'rta_max' => '#FF7F0E',
);
$cmp_rta = array_intersect_key($cmp_rta, $cmp_ds);
if (count($cmp_rta) > 0) {
    $g++;
    $ds_name[$g] = 'Round trip';
    $opt[$g] = "--vertical-label ms --lower-limit 0 --title \"$hostname / $servicedesc: round trip\"";
    $def[$g] = '';
    foreach ($cmp_rta as $label => $color) {
        $def[$g] .= cmp_def($label, $cmp_ds[$label]);
        $def[$g] .= cmp_draw('LINE1', $label, $color, sprintf('%-8s', $label));
        $def[$g] .= cmp_legend($label, '%8.3lf ms');
    }
}

/* 3. Loss */
if (isset($cmp_ds['loss'])) {
    $g++;
    $ds_name[$g] = 'Loss';
    $opt[$g] = "--vertical-label % --lower-limit 0 --upper-limit 100 --title \"$hostname / $servicedesc: loss\"";
    $def[$g] = cmp_def('loss', $cmp_ds['loss']);
    $def[$g] .= cmp_draw('AREA', 'loss', '#D62728', 'loss    ');
    $def[$g] .= cmp_legend('loss', '%6.2lf %%');
}

/* 4. Per host, with --perfdata-hosts */
foreach ($cmp_hosts as $host => $ds) {
    $g++;
    $ds_name[$g] = "Host $host";
    $opt[$g] = "--vertical-label ms --lower-limit 0 --title \"$hostname / $servicedesc: $host\"";
    $def[$g] = '';
    if (isset($ds['rta'])) {
        $def[$g] .= cmp_def('rta', $ds['rta']);
        $def[$g] .= cmp_draw('LINE1', 'rta', '#1F77B4', 'rta     ');
        $def[$g] .= cmp_legend('rta', '%8.3lf ms');
    }
    if (isset($ds['pl'])) {
        $def[$g] .= cmp_def('pl', $ds['pl']);
        $def[$g] .= 'COMMENT:"loss    " ';
        $def[$g] .= cmp_legend('pl', '%8.2lf %%');
    }
}
?>
