/*
 * args.c - command-line helpers: --help detection, range-checked numbers,
 * message words, one line of input.
 */
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sl_wants_help(int argc, char *argv[])
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return 0;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    }
    return 0;
}

int sl_parse_long(const char *text, long min, long max, long *out)
{
    char *end;
    long value;

    /* Digits only, a minus sign at most: strtol() would also take leading
     * spaces and a plus sign (' 80' is not a port anyone typed on purpose). */
    if (text == NULL || !((text[0] >= '0' && text[0] <= '9') ||
                          (text[0] == '-' && text[1] >= '0' && text[1] <= '9')))
        return -1;
    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || value < min || value > max)
        return -1;
    *out = value;
    return 0;
}

int sl_parse_port(const char *text, int allow_zero, unsigned short *port)
{
    long value;

    if (sl_parse_long(text, allow_zero ? 0 : 1, 65535, &value) < 0)
        return -1;
    *port = (unsigned short)value;
    return 0;
}

char *sl_join_words(int count, char *words[])
{
    size_t length = 1;
    char *joined;

    for (int i = 0; i < count; i++)
        length += strlen(words[i]) + 1;
    joined = malloc(length);
    if (joined == NULL)
        return NULL;
    joined[0] = '\0';
    for (int i = 0; i < count; i++) {
        if (i > 0)
            strcat(joined, " ");
        strcat(joined, words[i]);
    }
    return joined;
}

char *sl_read_line(FILE *stream, size_t *length)
{
    char *line = NULL;
    size_t capacity = 0;
    ssize_t got = getline(&line, &capacity, stream);

    if (got < 0) {
        free(line);
        return NULL;
    }
    if (got > 0 && line[got - 1] == '\n')
        line[--got] = '\0';
    if (got > 0 && line[got - 1] == '\r')
        line[--got] = '\0';
    *length = (size_t)got;
    return line;
}

char *sl_prompt_line(const char *prompt, size_t *length)
{
    char *line;

    fputs(prompt, stdout);
    fflush(stdout);
    line = sl_read_line(stdin, length);
    if (line == NULL) {
        putchar('\n');
        return NULL;
    }
    if (!isatty(STDIN_FILENO))
        printf("%s\n", line);
    return line;
}
