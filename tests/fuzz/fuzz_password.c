/*
 * fuzz_password.c - libFuzzer target for icinga_conn_read_password: the
 * input is the password file (read through a memfd).  Checked: a password
 * taken is the file's first line without its line end, shorter than
 * ICINGA_PASSWORD_MAX; a refusal has a message and a reason.  ASan sees any read past
 * the function's buffer (0.2.0 ran strcspn over it unterminated).  A NUL
 * byte in the line is refused: libcurl would send the password cut there.
 */
#include "icinga/icinga_conn.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the password must be: the first line, line end and trailing CRs cut. */
static size_t expected_len(const uint8_t *data, size_t size)
{
    const uint8_t *newline = memchr(data, '\n', size);
    size_t n = newline ? (size_t)(newline - data) : size;
    while (n > 0 && data[n - 1] == '\r')
        n--;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("password", MFD_CLOEXEC);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        abort();
    char path[64], err[256];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    struct icinga_conn c;
    memset(&c, 0, sizeof(c));
    int rc = icinga_conn_read_password(&c, path, err, sizeof(err));
    close(fd);
    size_t want = expected_len(data, size);
    const uint8_t *newline = memchr(data, '\n', size);
    size_t raw = newline ? (size_t)(newline - data) : size;
    /* refused exactly when the line is too long (without its line end and
     * trailing CRs, or with them past the reading buffer of
     * ICINGA_PASSWORD_MAX + 2 bytes) or holds a NUL byte */
    int bad = want >= ICINGA_PASSWORD_MAX || raw >= ICINGA_PASSWORD_MAX + 2 ||
              memchr(data, '\0', want) != NULL;
    if (rc == 0 && (bad || strlen(c.password) != want || memcmp(c.password, data, want) != 0))
        abort();
    if (rc < 0 && (!bad || err[0] == '\0'))
        abort();
    icinga_conn_wipe(&c);
    return 0;
}
