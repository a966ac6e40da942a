/* SPDX-License-Identifier: MIT */
/* The worker processes of veerkracht atlas: forked from the parent that has
 * read all data, fed one task at a time, answering with one line each. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "atlas_priv.h"
#include "vk/core.h"

/* Milliseconds between ticks while nothing arrives. */
#define TICK_MS 500

typedef struct worker {
    pid_t pid;        /* 0: no worker in this slot */
    int cmd_fd;       /* parent writes task numbers; -1 once closed */
    int res_fd;       /* parent reads result lines; -1 at EOF */
    long task;        /* in flight, or -1 */
    char *buf;        /* unfinished result line */
    size_t len, cap;
} worker;

/* Reads exactly n bytes; 1 on success, 0 at EOF or on error. */
static int
read_full(int fd, void *p, size_t n)
{
    char *c = p;

    while (n > 0) {
        ssize_t r = read(fd, c, n);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        c += r;
        n -= (size_t)r;
    }
    return 1;
}

static int
write_full(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n > 0) {
        ssize_t w = write(fd, c, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return 0;
        c += w;
        n -= (size_t)w;
    }
    return 1;
}

/* The worker: tasks in, lines out, until the parent closes its pipe. It
 * never returns and leaves with _exit, so the parent's stdio buffers and
 * atexit handlers (the leak checker's too) are not run twice. */
static void
worker_main(int cmd_fd, int res_fd, pid_t parent,
            const vk_atlas_pool_ops *ops)
{
    size_t task;

    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
#ifdef __linux__
    /* Go when the parent goes (kill -9 included); it may be gone already. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(1);
#else
    (void)parent;
#endif
    while (read_full(cmd_fd, &task, sizeof task)) {
        char *line = ops->run(ops->ctx, task);
        size_t len = strlen(line);
        int ok;

        line = vk_xreallocarray(line, len + 2, 1);
        line[len] = '\n';
        ok = write_full(res_fd, line, len + 1);
        free(line);
        if (!ok)
            _exit(1);
    }
    _exit(0);
}

/* Starts a worker in slot w. Returns 0, or -1 with errno set. */
static int
spawn(worker *ws, int nw, int w, const vk_atlas_pool_ops *ops)
{
    int cmd[2], res[2];
    pid_t pid, parent = getpid();

    if (pipe(cmd) != 0)
        return -1;
    if (pipe(res) != 0) {
        int e = errno;

        close(cmd[0]);
        close(cmd[1]);
        errno = e;
        return -1;
    }
    if ((pid = fork()) < 0) {
        int e = errno;

        close(cmd[0]);
        close(cmd[1]);
        close(res[0]);
        close(res[1]);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        /* Another worker holding our pipes would keep them from ending. */
        for (int i = 0; i < nw; i++) {
            if (ws[i].cmd_fd >= 0)
                close(ws[i].cmd_fd);
            if (ws[i].res_fd >= 0)
                close(ws[i].res_fd);
        }
        close(cmd[1]);
        close(res[0]);
        worker_main(cmd[0], res[1], parent, ops);
    }
    close(cmd[0]);
    close(res[1]);
    ws[w].pid = pid;
    ws[w].cmd_fd = cmd[1];
    ws[w].res_fd = res[0];
    ws[w].task = -1;
    ws[w].len = 0;
    return 0;
}

/* Hands task to worker w, or tells it to stop when there is none. */
static void
give(worker *w, const size_t *task)
{
    if (task == NULL) {
        close(w->cmd_fd);
        w->cmd_fd = -1;
        return;
    }
    w->task = (long)*task;
    /* A worker that died meanwhile is noticed at its EOF; its task is
     * reported then. SIGPIPE is ignored by the caller. */
    (void)write_full(w->cmd_fd, task, sizeof *task);
}

/* How a worker ended, for the report of its task. */
static void
describe_exit(int status, char *why, size_t size)
{
    if (WIFSIGNALED(status))
        snprintf(why, size, "worker killed by signal %d (%s)",
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (WIFEXITED(status))
        snprintf(why, size, "worker exited with status %d",
                 WEXITSTATUS(status));
    else
        snprintf(why, size, "worker ended");
}

/* Reads what worker w has sent and passes complete lines on; hands out
 * the next task after each. Returns 1 at EOF. */
static int
drain(worker *w, const vk_atlas_pool_ops *ops, const size_t *order, size_t n,
      size_t *next, volatile sig_atomic_t *stop)
{
    char chunk[65536];
    ssize_t r = read(w->res_fd, chunk, sizeof chunk);
    size_t start = 0;

    if (r < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    if (r <= 0)
        return 1;
    if (w->len + (size_t)r + 1 > w->cap) {
        w->cap = (w->len + (size_t)r + 1) * 2;
        w->buf = vk_xreallocarray(w->buf, w->cap, 1);
    }
    memcpy(w->buf + w->len, chunk, (size_t)r);
    w->len += (size_t)r;
    for (size_t i = 0; i < w->len; i++) {
        if (w->buf[i] != '\n')
            continue;
        w->buf[i] = '\0';
        if (w->task >= 0)
            ops->done(ops->ctx, (size_t)w->task, w->buf + start, NULL);
        w->task = -1;
        start = i + 1;
        if (w->cmd_fd >= 0)
            give(w, *next < n && !*stop ? &order[(*next)++] : NULL);
    }
    memmove(w->buf, w->buf + start, w->len - start);
    w->len -= start;
    return 0;
}

/* Reaps worker w after its EOF and reports a task it did not finish. */
static void
reap(worker *w, const vk_atlas_pool_ops *ops, const char *reason)
{
    char why[160];
    int status = 0;

    if (w->cmd_fd >= 0)
        close(w->cmd_fd);
    if (w->res_fd >= 0)
        close(w->res_fd);
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (w->task >= 0) {
        describe_exit(status, why, sizeof why);
        ops->done(ops->ctx, (size_t)w->task, NULL,
                  reason != NULL ? reason : why);
    }
    w->pid = 0;
    w->cmd_fd = w->res_fd = -1;
    w->task = -1;
    w->len = 0;
}

size_t
vk_atlas_pool_run(const size_t *order, size_t n, int jobs,
               const vk_atlas_pool_ops *ops, volatile sig_atomic_t *stop)
{
    worker *ws;
    struct pollfd *pfd;
    int *slot, alive = 0, spawn_errno = 0, halted = 0;
    size_t next = 0, respawns = 0;

    if (n == 0)
        return 0;
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > n)
        jobs = (int)n;
    ws = vk_xcalloc((size_t)jobs, sizeof *ws);
    pfd = vk_xcalloc((size_t)jobs, sizeof *pfd);
    slot = vk_xcalloc((size_t)jobs, sizeof *slot);
    for (int i = 0; i < jobs; i++)
        ws[i].cmd_fd = ws[i].res_fd = -1;

    /* Start the workers, each with a first task. */
    for (int i = 0; i < jobs; i++) {
        if (spawn(ws, jobs, i, ops) != 0) {
            spawn_errno = errno;
            break;
        }
        alive++;
        give(&ws[i], &order[next++]);
    }

    while (alive > 0) {
        int np = 0, r;

        if (*stop) {
            halted = 1;
            break;
        }
        for (int i = 0; i < jobs; i++)
            if (ws[i].pid != 0 && ws[i].res_fd >= 0) {
                pfd[np].fd = ws[i].res_fd;
                pfd[np].events = POLLIN;
                pfd[np].revents = 0;
                slot[np++] = i;
            }
        r = poll(pfd, (nfds_t)np, TICK_MS);
        if (r < 0 && errno != EINTR) {
            halted = 1;
            break;
        }
        for (int k = 0; r > 0 && k < np; k++) {
            worker *w = &ws[slot[k]];

            if (pfd[k].revents == 0 ||
                !drain(w, ops, order, n, &next, stop))
                continue;
            /* EOF: the worker has finished or died. */
            reap(w, ops, *stop ? "interrupted" : NULL);
            alive--;
            /* Replace it while there is work; a worker that dies before
             * taking a task would otherwise loop, hence the bound. */
            if (next < n && !*stop && respawns < n + (size_t)jobs) {
                respawns++;
                if (spawn(ws, jobs, slot[k], ops) == 0) {
                    alive++;
                    give(w, &order[next++]);
                } else {
                    spawn_errno = errno;
                }
            }
        }
        if (ops->tick != NULL)
            ops->tick(ops->ctx);
    }

    /* Interrupted (or poll failed): stop the workers, report their tasks. */
    for (int i = 0; i < jobs; i++) {
        if (ws[i].pid == 0)
            continue;
        kill(ws[i].pid, SIGTERM);
        reap(&ws[i], ops, "interrupted");
    }
    /* No worker could be started: the rest fail with the reason. */
    if (!halted && !*stop && next < n) {
        char why[160];

        snprintf(why, sizeof why, "cannot start a worker process: %s",
                 strerror(spawn_errno ? spawn_errno : EAGAIN));
        while (next < n)
            ops->done(ops->ctx, order[next++], NULL, why);
    }
    for (int i = 0; i < jobs; i++)
        free(ws[i].buf);
    free(ws);
    free(pfd);
    free(slot);
    return n - next;
}
