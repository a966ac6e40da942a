/* SPDX-License-Identifier: MIT */
/* veerkracht: dispatch to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command *const COMMANDS[] = {
    &cmd_check, &cmd_classify, &cmd_render, &cmd_layers, &cmd_style_export,
    &cmd_atlas,
    &cmd_tiles, &cmd_reallocate};

static void
usage(FILE *fp)
{
    fprintf(fp, "usage: veerkracht <command> [options]\n\n"
                "Veerkrachtkaarten: maps of Dutch buurten from CBS "
                "boundaries and indicator tables.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(fp, "  %-13s %s\n", COMMANDS[i]->name, COMMANDS[i]->summary);
    fprintf(fp, "\nveerkracht <command> --help shows the options of one "
                "command.\n");
}

#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

/* veerkracht(1): the commands and where their pages are. */
static void
man_index(FILE *fp)
{
    cli_man_header(NULL, "maps of Dutch buurten from CBS boundaries and "
                   "indicator tables", fp);
    fprintf(fp, ".SH SYNOPSIS\n.B veerkracht\n\\fIcommand\\fR "
            "[\\fIoptions\\fR]\n.SH COMMANDS\n");
    for (size_t i = 0; i < NCOMMANDS; i++) {
        fprintf(fp, ".TP\n.B %s\n%s; see\n.BR ", COMMANDS[i]->name,
                COMMANDS[i]->summary);
        cli_man_name(COMMANDS[i]->name, fp);
        fprintf(fp, " (1).\n");
    }
    fprintf(fp, ".SH FILES\n.TP\n.I share/veerkracht/styles\nbeside the "
            "binary's\n.I bin/\n(built for %s): the default styles when "
            "the current folder has no\n.IR styles/ .\n",
            VK_STYLES_INSTALL_DIR);
}

/* veerkracht --man [command...]: the manual page, roff on stdout;
 * veerkracht --man DIR/: every page into the folder DIR (the build writes
 * the installed pages so, and needs no list of them). */
static int
man(int argc, char **argv)
{
    size_t len = argc > 0 ? strlen(argv[0]) : 0;

    if (argc == 0) {
        man_index(stdout);
        return EXIT_OK_;
    }
    if (len > 0 && argv[0][len - 1] == '/') {
        for (size_t i = 0; i <= NCOMMANDS; i++) {
            char path[4096];
            FILE *fp;
            int n = snprintf(path, sizeof path, "%sveerkracht%s%s.1",
                             argv[0], i < NCOMMANDS ? "-" : "",
                             i < NCOMMANDS ? COMMANDS[i]->name : "");

            for (char *c = path + len; n > 0 && *c != '\0'; c++)
                if (*c == ' ')
                    *c = '-';
            if (n < 0 || (size_t)n >= sizeof path ||
                (fp = fopen(path, "w")) == NULL) {
                fprintf(stderr, "veerkracht --man: cannot write %s\n", path);
                return EXIT_DATA;
            }
            if (i < NCOMMANDS)
                cli_man(COMMANDS[i], fp);
            else
                man_index(fp);
            if (fclose(fp) != 0) {
                fprintf(stderr, "veerkracht --man: cannot write %s\n", path);
                return EXIT_DATA;
            }
        }
        return EXIT_OK_;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const char *name = COMMANDS[i]->name;

        if (strcmp(name, argv[0]) == 0 ||
            (argc > 1 && strncmp(name, argv[0], len) == 0 &&
             name[len] == ' ' && strcmp(name + len + 1, argv[1]) == 0)) {
            cli_man(COMMANDS[i], stdout);
            return EXIT_OK_;
        }
    }
    fprintf(stderr, "veerkracht --man: unknown command \"%s\"\n", argv[0]);
    return EXIT_USAGE;
}

/* When word is the first word of two-word commands ("style"): lists them
 * and returns 1, else 0. On stdout when next is --help or -h; else on
 * stderr, after "unknown command" when next is not NULL. */
static int
group_help(const char *word, const char *next)
{
    size_t len = strlen(word);
    int help = next != NULL &&
               (strcmp(next, "--help") == 0 || strcmp(next, "-h") == 0);
    FILE *fp = help ? stdout : stderr;
    int found = 0;

    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++) {
        const char *name = COMMANDS[i]->name;

        if (strncmp(name, word, len) != 0 || name[len] != ' ')
            continue;
        if (!found++ && next != NULL && !help)
            fprintf(fp, "veerkracht: unknown command \"%s %s\"\n\n", word,
                    next);
        if (found == 1)
            fprintf(fp,
                    "usage: veerkracht %s <command> [options]\n\n"
                    "commands:\n",
                    word);
        fprintf(fp, "  %-13s %s\n", name, COMMANDS[i]->summary);
    }
    if (found)
        fprintf(fp,
                "\nveerkracht %s <command> --help shows the options of "
                "one command.\n",
                word);
    return found > 0;
}

int
main(int argc, char **argv)
{
    cli_args a = {0};
    char styles[4096];
    int rc;

    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK_;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("veerkracht " VK_VERSION "\n");
        return EXIT_OK_;
    }
    if (strcmp(argv[1], "--man") == 0)
        return man(argc - 2, argv + 2);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++) {
        const cli_command *cmd = COMMANDS[i];
        size_t len = strlen(argv[1]);
        int words = 1;

        /* Two-word commands: "style export". */
        if (strchr(cmd->name, ' ') != NULL) {
            if (argc < 3 || strncmp(cmd->name, argv[1], len) != 0 ||
                cmd->name[len] != ' ' ||
                strcmp(cmd->name + len + 1, argv[2]) != 0)
                continue;
            words = 2;
        } else if (strcmp(argv[1], cmd->name) != 0) {
            continue;
        }
        rc = cli_parse(cmd, argc - 1 - words, argv + 1 + words, &a);
        if (rc >= 0)
            return rc;
        if (a.help) {
            cli_help(cmd, stdout);
            return EXIT_OK_;
        }
        if (a.styles_dir == NULL && a.styles_given.n == 0)
            a.styles_dir = cli_default_styles(styles, sizeof styles);
        return cmd->run(&a);
    }
    /* The first word of two-word commands alone ("style", "style
     * --help"): their list. */
    if (group_help(argv[1], argc > 2 ? argv[2] : NULL))
        return argc > 2 && (strcmp(argv[2], "--help") == 0 ||
                            strcmp(argv[2], "-h") == 0)
                   ? EXIT_OK_
                   : EXIT_USAGE;
    fprintf(stderr, "veerkracht: unknown command \"%s\"\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
