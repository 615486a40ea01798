/*
 * excerpt.c - quoting user input in messages (see excerpt.h).
 */
#include "excerpt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *excerpt_quote(const char *text, char *buf, size_t len)
{
    size_t pos = 0, i;
    if (len == 0)
        return buf;
    for (i = 0; text[i] != '\0' && i < EXCERPT_BYTES; i++) {
        unsigned char c = (unsigned char)text[i];
        char piece[5] = {(char)c, '\0'};
        if (c < 0x20 || c >= 0x7f)
            snprintf(piece, sizeof(piece), "\\x%02x", c);
        size_t n = strlen(piece);
        if (pos + n + 4 > len) /* keep room for "..." and the NUL */
            break;
        memcpy(buf + pos, piece, n);
        pos += n;
    }
    if (text[i] != '\0' && pos + 4 <= len) {
        memcpy(buf + pos, "...", 3);
        pos += 3;
    }
    buf[pos < len ? pos : len - 1] = '\0';
    return buf;
}

int excerpt_error(char *err, size_t errlen, const char *text, const char *separator,
                  const char *fmt, ...)
{
    if (err == NULL || errlen == 0)
        return -1;
    char quoted[EXCERPT_LEN];
    int n = snprintf(err, errlen, "'%s'%s", excerpt_quote(text, quoted, sizeof(quoted)), separator);
    if (n >= 0 && (size_t)n < errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int excerpt_fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err == NULL || errlen == 0)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}
