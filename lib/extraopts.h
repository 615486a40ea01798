/*
 * extraopts.h - --extra-opts[=section][@file], as the Monitoring Plugins
 * implement it: options kept in an ini file instead of on the command line,
 * so thresholds and host lists need not be repeated in every command
 * definition (and secrets never show in `ps`).
 *
 *   [check_multiping]          a section; the default one is the plugin's name
 *   warning = 0                becomes --warning=0
 *   critical=10%               becomes --critical=10%
 *   perfdata-hosts             a bare key becomes --perfdata-hosts
 *   ; comment, # comment       ignored, as are blank lines
 *
 * Keys and values are trimmed of white space; a value may be enclosed in
 * double quotes (kept verbatim inside).  A section may appear more than
 * once; its lines are taken in file order.  A requested section that does
 * not exist is an error, as is a file that cannot be read.
 *
 * With no @file, the first existing file of the Monitoring Plugins' search
 * list is used: $MP_CONFIG_PATH or $NAGIOS_CONFIG_PATH (colon-separated
 * directories, looked up for plugins.ini, nagios-plugins.ini and
 * monitoring-plugins.ini), then /etc/nagios/plugins.ini,
 * /usr/local/nagios/etc/plugins.ini, /usr/local/etc/nagios/plugins.ini,
 * /etc/opt/nagios/plugins.ini, /etc/nagios-plugins.ini,
 * /usr/local/etc/nagios-plugins.ini, /etc/opt/nagios-plugins.ini,
 * /etc/monitoring-plugins/monitoring-plugins.ini,
 * /usr/local/etc/monitoring-plugins/monitoring-plugins.ini.
 */
#ifndef MULTIPING_EXTRAOPTS_H
#define MULTIPING_EXTRAOPTS_H

#include <stddef.h>
#include <stdio.h>

struct extraopts {
    char **args; /* "--key" or "--key=value", each malloc'd */
    size_t count;
    size_t capacity;
};

void extraopts_init(struct extraopts *x);
void extraopts_free(struct extraopts *x);

/*
 * Append the options of `section` found in the ini text read from in
 * (label names it in messages: "plugins.ini:12: ...").  Returns 0, or -1
 * with a message (malformed line, section not found, out of memory).
 */
int extraopts_read(struct extraopts *x, FILE *in, const char *label, const char *section, char *err,
                   size_t errlen);

/*
 * Resolve one --extra-opts argument ("", "section", "@file",
 * "section@file"; NULL is ""), with default_section for an empty section,
 * find and read the file, and append its options.
 */
int extraopts_load(struct extraopts *x, const char *spec, const char *default_section, char *err,
                   size_t errlen);

#endif
