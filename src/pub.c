/* pub.c: atomic publishing of an output set into OUT, the lock on OUT, and
 * the signal guard that removes staging on SIGINT/SIGTERM/SIGHUP (see pub.h). */
#include "pub.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

#define NOTAT_DIR ".notat"      /* notat's own directory inside OUT */
#define SET_PREFIX "set-"       /* one output set: set-XXXXXX */
#define LINK_PREFIX ".notat/current/"
#define MEMO_PREFIX "memo."     /* memo.set-XXXXXX: the memo of that set */

struct pub {
	char *out;          /* OUT as given */
	char *stage;        /* OUT/.notat/set-XXXXXX, the staging directory */
	const char *stage_name; /* points into stage: set-XXXXXX */
	char *current;      /* OUT/.notat/set-…, the published set at pub_open, or NULL */
	int out_fd;         /* OUT, open */
	int notat_fd;       /* OUT/.notat, open, holds the flock */
	int committed;      /* the stage is the published set */
};

/* ---- the signal guard ---- */

static struct {
	pthread_mutex_t mu;  /* guards everything below, and pub_commit's switch */
	char **dir;          /* directories to remove on a signal */
	size_t n, cap;
	pid_t child;         /* the writer child, or 0 */
	pthread_cond_t cv;   /* the commit handshake */
	int parked;          /* the guard thread waits for a commit to end */
	int started;         /* the guard thread runs */
	pthread_t thread;
} guard = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

/*
 * The commit handshake: pub_commit sends the guard thread SIG_COMMIT and
 * waits until the thread has parked; the switch then runs, and the thread
 * goes back to sigwait. A stop signal sent before SIG_COMMIT is dequeued
 * first (Linux hands out the process's pending standard signals before
 * real-time ones; SIG_COMMIT goes to the process, not the thread, whose
 * own queue would be served first), so the
 * thread either stops the build before the switch or only after it: never
 * a switch of a build that a signal already ended.
 */
#define SIG_COMMIT (SIGRTMIN + 1)

/* The signals the guard takes: SIGINT, SIGTERM, SIGHUP, except one ignored
 * when the program started (nohup, a background job keep ignoring it). */
static sigset_t guard_set;

static void
guard_signals(sigset_t *set)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	sigemptyset(set);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction sa;
		if (sigaction(sigs[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
			sigaddset(set, sigs[i]);
	}
}

/* Renames dir aside first (so no later path-based write lands in it), then
 * removes it without following links. */
static void
guard_remove(const char *dir)
{
	char *dead = xasprintf("%s.dead", dir);
	if (rename(dir, dead) == 0)
		util_rm_rf(dead);
	else
		util_rm_rf(dir);
	free(dead);
}

static void
say(int fd, const char *s)
{
	ssize_t w = write(fd, s, strlen(s));
	(void)w;
}

/* The guard thread: waits for a signal, cleans up and ends the process. */
static void *
guard_main(void *arg)
{
	(void)arg;
	sigset_t set = guard_set;
	int sig = 0;
	sigaddset(&set, SIG_COMMIT);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig != SIG_COMMIT)
			break;
		pthread_mutex_lock(&guard.mu);
		guard.parked = 1;
		pthread_cond_broadcast(&guard.cv);
		while (guard.parked)
			pthread_cond_wait(&guard.cv, &guard.mu);
		pthread_mutex_unlock(&guard.mu);
	}
	/* The build's own messages from here on (files vanishing under it)
	 * are noise: they go to /dev/null, this thread's to the real stderr. */
	int err = dup(2), nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (err >= 0 && nul >= 0)
		dup2(nul, 2);
	else
		err = 2;
	pthread_mutex_lock(&guard.mu); /* never inside pub_commit's switch; held until _exit */
	if (guard.child > 0) {
		siginfo_t info;
		kill(guard.child, SIGKILL);
		waitid(P_PID, (id_t)guard.child, &info, WEXITED | WNOWAIT);
	}
	for (size_t i = guard.n; i-- > 0;)
		guard_remove(guard.dir[i]);
	say(err, sig == SIGINT ? "notat: interrupted (SIGINT)" : sig == SIGTERM ? "notat: terminated (SIGTERM)"
	    : "notat: hung up (SIGHUP)");
	say(err, "; the build stopped, its staging is removed; the output directory keeps its last complete set\n");
	_exit(3);
}

void
pub_guard_start(void)
{
	sigset_t all;
	signal(SIGXFSZ, SIG_IGN);
	guard_signals(&guard_set);
	all = guard_set;
	sigaddset(&all, SIG_COMMIT);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	if (pthread_create(&guard.thread, NULL, guard_main, NULL) == 0) {
		pthread_detach(guard.thread);
		guard.started = 1;
	} else {
		pthread_sigmask(SIG_UNBLOCK, &all, NULL); /* no guard: default dispositions */
	}
}

void
pub_guard_add(const char *dir)
{
	pthread_mutex_lock(&guard.mu);
	xgrow(&guard.dir, &guard.cap, guard.n + 1, sizeof *guard.dir);
	guard.dir[guard.n++] = xstrdup(dir);
	pthread_mutex_unlock(&guard.mu);
}

void
pub_guard_drop(const char *dir)
{
	pthread_mutex_lock(&guard.mu);
	for (size_t i = guard.n; i-- > 0;)
		if (strcmp(guard.dir[i], dir) == 0) {
			free(guard.dir[i]);
			memmove(&guard.dir[i], &guard.dir[i + 1], (guard.n - i - 1) * sizeof *guard.dir);
			guard.n--;
			break;
		}
	if (guard.n == 0) {
		free(guard.dir);
		guard.dir = NULL;
		guard.cap = 0;
	}
	pthread_mutex_unlock(&guard.mu);
}

void
pub_guard_child(pid_t pid)
{
	pthread_mutex_lock(&guard.mu);
	guard.child = pid;
	pthread_mutex_unlock(&guard.mu);
}

int
pub_guard_in_child(pid_t parent_pid)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	pthread_sigmask(SIG_UNBLOCK, &guard_set, NULL);
	return getppid() == parent_pid ? 0 : -1;
}

/* ---- the output directory ---- */

static int
mkdir_p(const char *dir)
{
	char *d = xstrdup(dir);
	for (char *p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(d, 0777);
		*p = '/';
	}
	int st = mkdir(d, 0777) == 0 || errno == EEXIST ? 0 : 3;
	if (st)
		diag(M_IO_WRITE, NULL, dir, strerror(errno));
	free(d);
	return st;
}

/* The target of the symlink dir/name if it names an entry of dir, else NULL. */
static char *
link_name(int dir, const char *name)
{
	char buf[NAME_MAX + 1];
	ssize_t n = readlinkat(dir, name, buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return strchr(buf, '/') || strcmp(buf, ".") == 0 || strcmp(buf, "..") == 0 ? NULL : xstrdup(buf);
}

/* Removes every entry of OUT/.notat except current, previous, the sets they
 * name and keep (the own staging); never following a symlink. */
/* 1 if s is MEMO_PREFIX followed by set (not NULL). */
static int
is_memo_of(const char *s, const char *set)
{
	size_t k = strlen(MEMO_PREFIX);
	return set != NULL && strncmp(s, MEMO_PREFIX, k) == 0 && strcmp(s + k, set) == 0;
}

static void
sweep(struct pub *p, const char *keep)
{
	char *cur = link_name(p->notat_fd, "current"), *prev = link_name(p->notat_fd, "previous");
	int fd = openat(p->notat_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	char **gone = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL) {
		const char *s = e->d_name;
		if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || strcmp(s, "current") == 0
		    || strcmp(s, "previous") == 0 || (cur && strcmp(s, cur) == 0)
		    || (prev && strcmp(s, prev) == 0) || (keep && strcmp(s, keep) == 0)
		    || is_memo_of(s, cur) || is_memo_of(s, prev) || is_memo_of(s, keep))
			continue;
		xgrow(&gone, &cap, n + 1, sizeof *gone);
		gone[n++] = xstrdup(s);
	}
	if (d != NULL)
		closedir(d);
	else if (fd >= 0)
		close(fd);
	for (size_t i = 0; i < n; i++) {
		util_rm_rf_at(p->notat_fd, gone[i]);
		free(gone[i]);
	}
	free(gone);
	free(cur);
	free(prev);
}

/* Opens OUT/.notat (creating it), refusing a symlink or non-directory. */
static int
open_notat_dir(struct pub *p)
{
	if (mkdirat(p->out_fd, NOTAT_DIR, 0777) != 0 && errno != EEXIST) {
		diag(M_IO_WRITE, NULL, p->out, strerror(errno));
		return 3;
	}
	p->notat_fd = openat(p->out_fd, NOTAT_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (p->notat_fd < 0) {
		char *path = xasprintf("%s/" NOTAT_DIR, p->out);
		struct pos ps = {util_intern(path), 0, 0};
		diag(M_PUB_NOT_DIR, &ps);
		free(path);
		return 3;
	}
	return 0;
}

static int
lock_out(struct pub *p)
{
	if (flock(p->notat_fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	struct pos ps = {util_intern(p->out), 0, 0};
	if (errno == EWOULDBLOCK)
		diag(M_PUB_LOCKED, &ps);
	else
		diag(M_IO_WRITE, NULL, p->out, strerror(errno));
	return 3;
}

static int
make_stage(struct pub *p)
{
	p->stage = xasprintf("%s/" NOTAT_DIR "/" SET_PREFIX "XXXXXX", p->out);
	if (mkdtemp(p->stage) == NULL) {
		diag(M_IO_WRITE, NULL, p->stage, strerror(errno));
		free(p->stage);
		p->stage = NULL;
		return 3;
	}
	mode_t mask = umask(022);
	umask(mask);
	chmod(p->stage, 0777 & ~mask); /* mkdtemp made it 0700 */
	p->stage_name = strrchr(p->stage, '/') + 1;
	pub_guard_add(p->stage);
	return 0;
}

struct pub *
pub_open(const char *out_dir)
{
	struct pub *p = xcalloc(1, sizeof *p);
	p->out = xstrdup(out_dir);
	p->out_fd = p->notat_fd = -1;
	if (mkdir_p(out_dir) != 0)
		goto fail;
	p->out_fd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p->out_fd < 0) {
		diag(M_IO_WRITE, NULL, out_dir, strerror(errno));
		goto fail;
	}
	if (open_notat_dir(p) || lock_out(p))
		goto fail;
	sweep(p, NULL);
	char *cur = link_name(p->notat_fd, "current");
	if (cur != NULL)
		p->current = xasprintf("%s/" NOTAT_DIR "/%s", p->out, cur);
	free(cur);
	if (make_stage(p))
		goto fail;
	return p;
fail:
	pub_free(p);
	return NULL;
}

const char *
pub_stage(const struct pub *p)
{
	return p->stage;
}

const char *
pub_current(const struct pub *p)
{
	return p->current;
}

char *
pub_memo_read(const struct pub *p)
{
	if (p->current == NULL)
		return NULL;
	char *path = xasprintf("%s/" NOTAT_DIR "/" MEMO_PREFIX "%s", p->out, strrchr(p->current, '/') + 1);
	size_t len;
	char *s = util_slurp(path, &len);
	free(path);
	if (s != NULL && strlen(s) != len) { /* a NUL inside: not a memo of ours */
		free(s);
		s = NULL;
	}
	return s;
}

int
pub_memo(struct pub *p, const char *text)
{
	char *name = xasprintf(MEMO_PREFIX "%s", p->stage_name);
	int fd = openat(p->notat_fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
	size_t n = strlen(text);
	int ok = fd >= 0 && write(fd, text, n) == (ssize_t)n;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (!ok)
		unlinkat(p->notat_fd, name, 0);
	free(name);
	return ok ? 0 : -1;
}

/* Names of the staged set's entries (dotfiles aside); *n receives the count. */
static char **
stage_names(const struct pub *p, size_t *n)
{
	DIR *d = opendir(p->stage);
	char **v = NULL;
	size_t cap = 0;
	struct dirent *e;
	*n = 0;
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		xgrow(&v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = xstrdup(e->d_name);
	}
	if (d != NULL)
		closedir(d);
	return v;
}

static const char *
kind_of(mode_t m)
{
	return S_ISDIR(m) ? "directory" : S_ISFIFO(m) ? "FIFO" : S_ISSOCK(m) ? "socket"
	    : S_ISCHR(m) || S_ISBLK(m) ? "device" : "special file";
}

/* Each top-level name may be absent, a symlink or a regular file (replaced
 * by a link), or a directory where the set has a directory (moved aside);
 * anything else is in the way and nothing is published. */
static int
check_in_way(const struct pub *p, char **names, size_t n)
{
	int st = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat o, s;
		if (fstatat(p->out_fd, names[i], &o, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISLNK(o.st_mode) || S_ISREG(o.st_mode))
			continue;
		char *staged = xasprintf("%s/%s", p->stage, names[i]);
		int ok = S_ISDIR(o.st_mode) && lstat(staged, &s) == 0 && S_ISDIR(s.st_mode);
		free(staged);
		if (ok)
			continue;
		char *path = xasprintf("%s/%s", p->out, names[i]);
		struct pos ps = {util_intern(path), 0, 0};
		diag(M_PUB_IN_WAY, &ps, kind_of(o.st_mode));
		free(path);
		st = 3;
	}
	return st;
}

/* Makes the symlink dir/name -> target by renaming a fresh link (made in
 * OUT/.notat) over it: one atomic step, and a change event for watchers. */
static int
swap_link(const struct pub *p, int dir, const char *name, const char *target)
{
	unlinkat(p->notat_fd, "link.new", 0);
	if (symlinkat(target, p->notat_fd, "link.new") != 0
	    || renameat(p->notat_fd, "link.new", dir, name) != 0) {
		int err = errno;
		char *path = dir == p->out_fd ? xasprintf("%s/%s", p->out, name)
		    : xasprintf("%s/" NOTAT_DIR "/%s", p->out, name);
		diag(M_IO_WRITE, NULL, path, strerror(err));
		free(path);
		unlinkat(p->notat_fd, "link.new", 0);
		return 3;
	}
	return 0;
}

/* Re-makes OUT/NAME -> .notat/current/NAME; a directory there (an output
 * directory of an older notat) is first moved into .notat/ for the sweep. */
static int
relink_top(const struct pub *p, const char *name)
{
	struct stat o;
	if (fstatat(p->out_fd, name, &o, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(o.st_mode)) {
		char *aside = xasprintf("old.%s", name);
		util_rm_rf_at(p->notat_fd, aside);
		renameat(p->out_fd, name, p->notat_fd, aside);
		free(aside);
	}
	char *target = xasprintf(LINK_PREFIX "%s", name);
	int st = swap_link(p, p->out_fd, name, target);
	free(target);
	return st;
}

/* Removes top-level links into current that the new set no longer has. */
static void
drop_stale_links(const struct pub *p, char **names, size_t n)
{
	int fd = openat(p->out_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	char buf[PATH_MAX];
	while (d != NULL && (e = readdir(d)) != NULL) {
		ssize_t k = readlinkat(p->out_fd, e->d_name, buf, sizeof buf - 1);
		if (k <= 0)
			continue;
		buf[k] = '\0';
		if (strncmp(buf, LINK_PREFIX, strlen(LINK_PREFIX)) != 0 || strcmp(buf + strlen(LINK_PREFIX), e->d_name) != 0)
			continue;
		size_t i = 0;
		while (i < n && strcmp(names[i], e->d_name) != 0)
			i++;
		if (i == n)
			unlinkat(p->out_fd, e->d_name, 0);
	}
	if (d != NULL)
		closedir(d);
	else if (fd >= 0)
		close(fd);
}

/* 1 if the staged file name is the very file (a hard link) that set old
 * had, and OUT/name links to it already: re-making the link would only tell
 * a viewer of an unchanged file that it changed. */
static int
same_file(const struct pub *p, const char *old, const char *name)
{
	struct stat a, b;
	char target[PATH_MAX];
	char *was = old ? xasprintf("%s/%s", old, name) : NULL;
	int same = was != NULL && fstatat(p->notat_fd, was, &a, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(a.st_mode);
	free(was);
	if (!same)
		return 0;
	char *now = xasprintf("%s/%s", p->stage_name, name);
	same = fstatat(p->notat_fd, now, &b, AT_SYMLINK_NOFOLLOW) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	free(now);
	ssize_t k = same ? readlinkat(p->out_fd, name, target, sizeof target - 1) : -1;
	if (k <= 0)
		return 0;
	target[k] = '\0';
	return strncmp(target, LINK_PREFIX, strlen(LINK_PREFIX)) == 0 && strcmp(target + strlen(LINK_PREFIX), name) == 0;
}

/* The one atomic step: current -> the stage; previous -> the old current. */
static int
switch_current(struct pub *p)
{
	char *old = link_name(p->notat_fd, "current");
	int st = swap_link(p, p->notat_fd, "current", p->stage_name);
	if (st == 0) {
		p->committed = 1;
		if (old != NULL)
			swap_link(p, p->notat_fd, "previous", old);
	}
	free(old);
	return st;
}

int
pub_commit(struct pub *p)
{
	size_t n;
	char **names = stage_names(p, &n);
	int st = check_in_way(p, names, n);
	pthread_mutex_lock(&guard.mu);
	if (guard.started) { /* park the guard thread (or it stops the build: then this never returns) */
		guard.parked = 0;
		kill(getpid(), SIG_COMMIT); /* process-directed: queued with the stop signals */
		while (!guard.parked)
			pthread_cond_wait(&guard.cv, &guard.mu);
	}
	char *old = link_name(p->notat_fd, "current");
	if (st == 0)
		st = switch_current(p);
	if (st == 0) {
		for (size_t i = 0; i < n; i++)
			if (!same_file(p, old, names[i]))
				st |= relink_top(p, names[i]);
		drop_stale_links(p, names, n);
	}
	guard.parked = 0;
	pthread_cond_broadcast(&guard.cv);
	pthread_mutex_unlock(&guard.mu);
	free(old);
	if (p->committed) {
		pub_guard_drop(p->stage);
		sweep(p, NULL);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return st ? 3 : 0;
}

void
pub_free(struct pub *p)
{
	if (p == NULL)
		return;
	if (p->stage != NULL && !p->committed) {
		pub_guard_drop(p->stage);
		util_rm_rf_at(p->notat_fd, p->stage_name);
		char *memo = xasprintf(MEMO_PREFIX "%s", p->stage_name);
		unlinkat(p->notat_fd, memo, 0);
		free(memo);
	}
	if (p->notat_fd >= 0)
		close(p->notat_fd); /* releases the lock */
	if (p->out_fd >= 0)
		close(p->out_fd);
	free(p->stage);
	free(p->current);
	free(p->out);
	free(p);
}
