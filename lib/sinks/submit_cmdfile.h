/*
 * submit_cmdfile.h - the sink for Nagios, Naemon and Icinga's external
 * command pipe: one PROCESS_HOST_CHECK_RESULT (or, with a service name,
 * PROCESS_SERVICE_CHECK_RESULT) line per object.
 *
 *   [1700000000] PROCESS_HOST_CHECK_RESULT;web1;0;PING OK - ...|rta=...ms;;;0; pl=0%;;;0;100
 *
 * Each line is written whole: the core reads the pipe line by line and a
 * torn line would be a garbled command.  A write of at most PIPE_BUF bytes
 * to a FIFO is atomic, so every line is kept below PIPE_BUF (the output is
 * cut first) and written with one write(2) on a non-blocking descriptor:
 * when the pipe is full the sink waits in poll() until the deadline, and
 * a line not written by then is not written at all.  A host not finished
 * when -t ran out gets no line (held back, as the API sink sends nothing
 * for it): a line would call it DOWN without knowing.
 */
#ifndef MULTIPING_SUBMIT_CMDFILE_H
#define MULTIPING_SUBMIT_CMDFILE_H

#include "submit.h"

#include <stddef.h>
#include <time.h>

/* The line for one item: returns its length (< len), or 0 if len is too
 * small for the smallest form.  service may be NULL (host result). */
size_t cmdfile_format_line(const struct submit_item *item, const char *service, time_t now,
                           char *buf, size_t len);

/* Open path (a FIFO or a regular file, for append) for writing; NULL with a
 * message when it cannot be opened (a FIFO without a reader: the core is
 * not running). */
struct submit_sink *submit_cmdfile_open(const char *path, char *err, size_t errlen);

#endif
