/*
 * excerpt.h - user input quoted in an error message, safely.
 *
 * Every parser here names the offending input in its message ("'10:5':
 * start 10 is greater than end 5"), and that message ends up on the
 * plugin's one status line, in a monitoring core and in JSON.  So the
 * quote must stay on one line and stay short whatever the input was: a
 * 10 MB host-file line, NUL or control bytes, invalid UTF-8.  Bytes
 * outside printable ASCII become \xNN and anything past EXCERPT_BYTES
 * input bytes is cut with "...".
 */
#ifndef MULTIPING_EXCERPT_H
#define MULTIPING_EXCERPT_H

#include <stddef.h>

#define EXCERPT_BYTES 64
/* A buffer that always holds a whole excerpt: every byte as \xNN, "...". */
#define EXCERPT_LEN (EXCERPT_BYTES * 4 + 4)

/* The excerpt of text in buf (len > 0); returns buf. */
const char *excerpt_quote(const char *text, char *buf, size_t len);

/*
 * Write "'<excerpt of text>'<separator><formatted message>" into err
 * (nothing if err is NULL or errlen 0) and return -1, so that a parser can
 * `return excerpt_error(...)`.
 */
__attribute__((format(printf, 5, 6))) int excerpt_error(char *err, size_t errlen, const char *text,
                                                        const char *separator, const char *fmt,
                                                        ...);

/* The same for a message that quotes no input: the formatted message into
 * err (nothing if errlen is 0), then -1. */
__attribute__((format(printf, 3, 4))) int excerpt_fail(char *err, size_t errlen, const char *fmt,
                                                       ...);

#endif
