/* watch.c: `notat watch`: inotify on the inputs' directories, a build session per change, clean stop on signals. */
#define _GNU_SOURCE /* inotify_init1, signalfd flags */
#include "watch.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

#define WATCH_SETTLE_MS 5 /* quiet time after an incomplete change (a file created or removed) */
#define WATCH_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB)

/* One watched input: the watch on its directory and its name there. */
struct wfile {
	int wd;
	char *base;
};

struct watch {
	struct build_session *s;
	const struct build_opts *o;
	int ifd, sfd;            /* inotify, signalfd */
	struct wfile *f;
	size_t nf;
	int *wd;                 /* every directory watch, to remove */
	size_t nwd;
};

static double
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
setup_fail(const char *what)
{
	diag(M_WATCH_SETUP, NULL, what, strerror(errno));
	return 3;
}

/* Blocks the stop signals (the build runs undisturbed) and reads them from a signalfd. */
static int
open_fds(struct watch *w)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		return setup_fail("sigprocmask");
	w->sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (w->sfd < 0)
		return setup_fail("signalfd");
	w->ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (w->ifd < 0)
		return setup_fail("inotify");
	return 0;
}

/* Forgets the watched names; with rm, also removes the directory watches
 * (else they stay, and so do the events queued for them). */
static void
unwatch(struct watch *w, int rm)
{
	for (size_t i = 0; rm && i < w->nwd; i++)
		inotify_rm_watch(w->ifd, w->wd[i]);
	for (size_t i = 0; i < w->nf; i++)
		free(w->f[i].base);
	free(w->f);
	free(w->wd);
	w->f = NULL;
	w->wd = NULL;
	w->nf = w->nwd = 0;
}

static int
has_wd(const int *wd, size_t n, int x)
{
	for (size_t i = 0; i < n; i++)
		if (wd[i] == x)
			return 1;
	return 0;
}

/* Watches the directory of path for changes to its name (editors save by
 * rename, so the file itself is not watched). Returns 0 or 3. */
static int
watch_file(struct watch *w, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xasprintf("%.*s", (int)(slash - path), path);
	int wd = inotify_add_watch(w->ifd, dir, WATCH_EVENTS);
	int st = wd < 0 ? setup_fail(dir) : 0;
	free(dir);
	if (st)
		return st;
	w->f = xrealloc(w->f, (w->nf + 1) * sizeof *w->f);
	w->f[w->nf++] = (struct wfile){wd, xstrdup(slash ? slash + 1 : path)};
	size_t i = 0;
	while (i < w->nwd && w->wd[i] != wd)
		i++;
	if (i == w->nwd) {
		w->wd = xrealloc(w->wd, (w->nwd + 1) * sizeof *w->wd);
		w->wd[w->nwd++] = wd;
	}
	return 0;
}

/* Watches every input the session's last parse named. A directory still
 * needed keeps its watch (inotify_add_watch returns the same descriptor),
 * so a save during the build, queued under it, still counts; only the
 * directories no longer needed lose theirs. */
static int
rewatch(struct watch *w)
{
	int *old = w->wd;
	size_t nold = w->nwd;
	w->wd = NULL; /* unwatch(w, 0) below must not free old */
	w->nwd = 0;
	unwatch(w, 0);
	int st = 0;
	for (size_t i = 0; i < build_session_ninputs(w->s) && st == 0; i++)
		st = watch_file(w, build_session_input(w->s, i));
	for (size_t i = 0; i < nold; i++)
		if (!has_wd(w->wd, w->nwd, old[i]))
			inotify_rm_watch(w->ifd, old[i]);
	free(old);
	return st;
}

/* What the events read so far say about the watched inputs. */
enum change {
	CH_NONE,      /* nothing of ours */
	CH_COMPLETE,  /* the last event left a whole file: renamed into place,
	               * closed after writing, or its attributes changed */
	CH_PARTIAL    /* the last event may be a step of a save: a file created
	               * (its writing follows) or removed (its new one follows) */
};

/* The change the buffered events make to ch. */
static enum change
events_match(const struct watch *w, const char *buf, ssize_t n, enum change ch)
{
	for (ssize_t off = 0; off < n;) {
		const struct inotify_event *ev = (const struct inotify_event *)(buf + off);
		int hit = (ev->mask & IN_Q_OVERFLOW) != 0;
		for (size_t i = 0; i < w->nf && !hit; i++)
			hit = ev->wd == w->f[i].wd && ev->len > 0 && strcmp(ev->name, w->f[i].base) == 0;
		if (hit)
			ch = ev->mask & (IN_CREATE | IN_DELETE | IN_Q_OVERFLOW) ? CH_PARTIAL : CH_COMPLETE;
		off += (ssize_t)sizeof *ev + ev->len;
	}
	return ch;
}

/* Drains the inotify queue into ch. */
static enum change
drain(struct watch *w, enum change ch)
{
	_Alignas(struct inotify_event) char buf[16384];
	ssize_t n;
	while ((n = read(w->ifd, buf, sizeof buf)) > 0)
		ch = events_match(w, buf, n, ch);
	return ch;
}

/* Waits for a change (1) or a stop signal (0); -1 on a poll error. A change
 * whose last event left a whole file (an editor's rename into place, a
 * write closed) is built at once; after a file was created or removed, it
 * waits until WATCH_SETTLE_MS pass without an event, so that a save in
 * several steps gives one build. Events during a build are kept in the
 * queue and start the next. */
static int
wait_change(struct watch *w)
{
	enum change ch = CH_NONE;
	for (;;) {
		struct pollfd p[2] = {{w->sfd, POLLIN, 0}, {w->ifd, POLLIN, 0}};
		int k = poll(p, 2, ch == CH_COMPLETE ? 0 : ch == CH_PARTIAL ? WATCH_SETTLE_MS : -1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (p[0].revents & POLLIN)
			return 0;
		if (k == 0)
			return 1; /* settled, or complete and nothing more queued */
		if (p[1].revents & POLLIN)
			ch = drain(w, ch);
	}
}

/* One build with its status line. */
static void
build_once(struct watch *w)
{
	diag_reset();
	double t0 = now_ms();
	int st = build_session_run(w->s);
	double ms = now_ms() - t0;
	struct build_session_stats bs;
	build_session_stats(w->s, &bs);
	if (st == 0)
		printf("notat watch: built %s/notat.pdf in %.0f ms; responses %s; bilag1.pdf %s\n", w->o->out_dir,
		    ms, bs.rows_reused ? "from memory" : "read", bs.bilag_kept ? "unchanged" : "written");
	else
		printf("notat watch: the build failed (status %d); the previous outputs in %s are kept\n", st,
		    w->o->out_dir);
	fflush(stdout);
}

int
watch_run(const struct build_opts *o)
{
	struct watch w = {.o = o, .ifd = -1, .sfd = -1};
	int st = open_fds(&w);
	if (st == 0)
		w.s = build_session_new(o);
	while (st == 0) {
		build_once(&w);
		st = rewatch(&w);
		if (st)
			break;
		printf("notat watch: waiting for changes to %s and its inputs (Ctrl-C stops)\n", o->layout_path);
		fflush(stdout);
		int k = wait_change(&w);
		if (k < 0)
			st = setup_fail("poll");
		if (k <= 0)
			break;
	}
	if (st == 0) {
		printf("notat watch: stopped\n");
		fflush(stdout);
	}
	unwatch(&w, 1);
	build_session_free(w.s);
	if (w.ifd >= 0)
		close(w.ifd);
	if (w.sfd >= 0)
		close(w.sfd);
	return st;
}
