/* SPDX-License-Identifier: MIT */
/* veerkracht: dispatch to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command *const COMMANDS[] = {
    &cmd_check, &cmd_classify, &cmd_render, &cmd_layers, &cmd_style_export,
    &cmd_atlas,
    &cmd_tiles};

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

int
main(int argc, char **argv)
{
    cli_args a = {0};
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
        printf("veerkracht 0.1.0\n");
        return EXIT_OK_;
    }
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
        return cmd->run(&a);
    }
    fprintf(stderr, "veerkracht: unknown command \"%s\"\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
