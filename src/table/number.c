/* SPDX-License-Identifier: MIT */
/* Strict parsing of numeric cells as CBS StatLine and Excel (Dutch or
 * English settings) write them. */
#include "table_priv.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Longest normalised number we convert; longer cells are not numbers (a
 * double has 17 significant digits, anything this long is junk). */
#define NUM_MAX 120

/* CBS codes for "no data" are large negative numbers (-99995 .. -99999). */
#define NODATA_LIMIT (-99990.0)

/*
 * The cells that mean "missing", after trimming spaces:
 *   ""   blank: StatLine "cannot occur", or an empty Excel cell
 *   "."  StatLine "figure unknown, insufficiently reliable or secret"
 *   "-"  StatLine "nil" (hyphen); treated as missing rather than 0, so a
 *        symbol never silently becomes a value on the map
 *   "x"  StatLine "secret" (lower case only, as StatLine writes it)
 *   "?"  hand-made tables
 */
static int
missing_symbol(const char *s, size_t n)
{
    if (n == 0)
        return 1;
    return n == 1 && (s[0] == '.' || s[0] == '-' || s[0] == 'x' ||
                      s[0] == '?');
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Checks that s[0..n) is digits in groups of three separated by group, the
 * first group 1-3 digits ("1.234.567"); copies the digits to out. */
static int
copy_grouped(const char *s, size_t n, char group, char *out, size_t *len)
{
    size_t run = 0, ngroups = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == group) {
            if (run == 0 || run > 3 || (ngroups > 0 && run != 3))
                return -1;
            ngroups++;
            run = 0;
            continue;
        }
        if (!is_digit(s[i]))
            return -1;
        out[(*len)++] = s[i];
        run++;
    }
    return ngroups > 0 && run == 3 ? 0 : -1;
}

/* Copies digits only from s[0..n), failing on anything else. */
static int
copy_digits(const char *s, size_t n, char *out, size_t *len)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        out[(*len)++] = s[i];
    }
    return 0;
}

/*
 * Validates s[0..n) and writes it as "[-]digits[.digits]" into out (at least
 * NUM_MAX + 16 bytes), with the decimal point of the current locale so that
 * strtod reads it whatever LC_NUMERIC says. The syntax:
 *   [+-] digits [mark digits]        mark '.' always, ',' unless sep is ','
 *   [+-] grouped mark digits         both '.' and ',' occur (sep not ','):
 *                                    the last one is the decimal mark, the
 *                                    other groups digits in threes
 * with at least one digit ("5," and ",5" are fine) and no exponent, spaces,
 * NaN, inf or hex. A sep of 0 counts as not ','.
 */
static int
normalise(const char *s, size_t n, char sep, char *out)
{
    size_t len = 0, ndot = 0, ncomma = 0, nint, ndigits;
    const char *mark = NULL;
    char group = 0;

    if (n > NUM_MAX)
        return -1;

    /* An optional sign. */
    if (n > 0 && (s[0] == '+' || s[0] == '-')) {
        if (s[0] == '-')
            out[len++] = '-';
        s++;
        n--;
    }

    /* Find the marks; the last one is the decimal mark. */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == ',') {
            ndot += s[i] == '.';
            ncomma += s[i] == ',';
            mark = s + i;
        } else if (!is_digit(s[i])) {
            return -1;
        }
    }
    if (ndot + ncomma == n || (ncomma > 0 && sep == ','))
        return -1;
    if (ndot > 0 && ncomma > 0)
        group = *mark == '.' ? ',' : '.';
    else if (ndot + ncomma > 1)
        return -1;
    if (group != 0 && (*mark == '.' ? ndot : ncomma) != 1)
        return -1;

    /* The integer part, grouped or plain, then the fraction. */
    nint = mark ? (size_t)(mark - s) : n;
    ndigits = len;
    if (group != 0) {
        if (copy_grouped(s, nint, group, out, &len) != 0)
            return -1;
    } else if (copy_digits(s, nint, out, &len) != 0) {
        return -1;
    }
    if (len == ndigits)
        out[len++] = '0';
    if (mark != NULL && mark + 1 < s + n) {
        const char *dp = localeconv()->decimal_point;
        size_t dplen = strlen(dp);

        memcpy(out + len, dp, dplen);
        len += dplen;
        if (copy_digits(mark + 1, n - nint - 1, out, &len) != 0)
            return -1;
    }
    out[len] = '\0';
    return 0;
}

vk_status
vk_parse_number(const char *s, char sep, double *value, vk_cell *state)
{
    char buf[NUM_MAX + 16], *end;
    const char *b, *e;
    double v;

    /* Trim the blanks Excel and hand editing leave around values. */
    if (s == NULL)
        s = "";
    b = s;
    while (*b == ' ' || *b == '\t')
        b++;
    e = b + strlen(b);
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;

    /* Blanks and StatLine symbols are missing values, not errors. */
    if (missing_symbol(b, (size_t)(e - b))) {
        *value = NAN;
        *state = VK_CELL_MISSING;
        return VK_OK;
    }

    /* Validate the syntax ourselves: strtod alone takes NaN, inf, hex and
     * exponents, and stops silently at trailing junk. */
    if (normalise(b, (size_t)(e - b), sep, buf) != 0)
        return VK_EDATA;
    errno = 0;
    v = strtod(buf, &end);
    if (errno == ERANGE || *end != '\0' || !isfinite(v))
        return VK_EDATA;

    /* CBS writes no-data as codes like -99997: keep them apart from values. */
    if (v <= NODATA_LIMIT) {
        *value = NAN;
        *state = VK_CELL_NODATA;
        return VK_OK;
    }
    *value = v;
    *state = VK_CELL_VALUE;
    return VK_OK;
}
