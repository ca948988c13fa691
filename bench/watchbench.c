/* watchbench.c: save-to-new-PDF latency of `notat watch` for a one-word prose edit.
 *
 * Build: `make bench`. Run from the repository root:
 *   build/bench/watchbench [-n RUNS] [-x PROGRAM] LAYOUT OLD NEW
 *
 * The layout's directory is copied to a temporary directory. Each run
 * rewrites the copy with the first OLD replaced by NEW (and back on the next
 * run), as an editor saves: a new file renamed over the old one.
 *
 * In-process (always): a build session (build.h) builds once, then each run
 * times the save plus build_session_run, i.e. what `notat watch` does after
 * inotify wakes it (parse, aggregation from the kept rows, typesetting,
 * notat.pdf, the kept bilag1.pdf, texts, manifest, publishing). Median of
 * RUNS (default 20), wall and CPU.
 *
 * -x PROGRAM: the real thing. `PROGRAM watch -o DIR COPY` runs as a child;
 * each run saves the edit and waits (inotify on DIR, at most 10 s) until
 * notat.pdf is replaced there. The time from the rename of the layout to
 * that event includes inotify's wake-up and watch's settle time. Median of
 * RUNS, and the CPU time the watch process used per save (user + system of
 * all its threads from /proc/PID/stat over all runs, divided by RUNS; the
 * clock tick is 10 ms, so take RUNS >= 20). The child is stopped with
 * SIGTERM and must exit 0.
 *
 * With -x, also `PROGRAM build -o DIR2 COPY` after each save into one
 * output directory (a plain rebuild after a prose edit: Bilag 1's files are
 * linked from the set before), fork + exec: median wall and CPU (wait4).
 *
 * Prints "RESULT watch inproc=S inproc_cpu=S program=S program_cpu=S
 * rebuild=S rebuild_cpu=S" (seconds).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "diag.h"
#include "util.h"

#define MAXRUNS 1000

static double
clock_s(clockid_t id)
{
	struct timespec t;
	clock_gettime(id, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct buf b = {0};
	int c;
	while ((c = getc(f)) != EOF)
		buf_putc(&b, (char)c);
	fclose(f);
	*len = b.len;
	return buf_take(&b);
}

/* The two versions of the layout: text with OLD, and with the first OLD as NEW. */
struct versions {
	char *path;              /* the copy's layout */
	char *text[2];
	size_t len[2];
};

static int
save(const struct versions *v, int which)
{
	char *tmp = xasprintf("%s.save", v->path);
	FILE *f = fopen(tmp, "wb");
	int ok = f && fwrite(v->text[which], 1, v->len[which], f) == v->len[which];
	ok = f && fclose(f) == 0 && ok;
	ok = ok && rename(tmp, v->path) == 0;
	free(tmp);
	return ok ? 0 : -1;
}

static int
make_versions(struct versions *v, const char *copy, const char *old, const char *new)
{
	v->path = xstrdup(copy);
	v->text[0] = slurp(copy, &v->len[0]);
	char *at = v->text[0] ? strstr(v->text[0], old) : NULL;
	if (at == NULL) {
		fprintf(stderr, "watchbench: '%s' is not in %s\n", old, copy);
		return -1;
	}
	size_t pre = (size_t)(at - v->text[0]);
	v->text[1] = xasprintf("%.*s%s%s", (int)pre, v->text[0], new, at + strlen(old));
	v->len[1] = strlen(v->text[1]);
	return 0;
}

static double
inproc(const char *out, const struct versions *v, int runs, double *cpu)
{
	struct build_opts o;
	build_opts_init(&o);
	o.layout_path = v->path;
	o.out_dir = out;
	struct build_session *s = build_session_new(&o);
	double wall[MAXRUNS], c[MAXRUNS];
	diag_reset();
	if (build_session_run(s) != 0) {
		fprintf(stderr, "watchbench: the first build failed\n");
		build_session_free(s);
		return -1;
	}
	for (int i = 0; i < runs; i++) {
		diag_reset();
		double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		if (save(v, (i + 1) % 2) != 0 || build_session_run(s) != 0) {
			fprintf(stderr, "watchbench: build %d failed\n", i);
			build_session_free(s);
			return -1;
		}
		wall[i] = clock_s(CLOCK_MONOTONIC) - t0;
		c[i] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	}
	struct build_session_stats st;
	build_session_stats(s, &st);
	printf("in-process rebuild: responses %s, bilag1.pdf %s\n", st.rows_reused ? "from memory" : "read",
	    st.bilag_kept ? "kept" : "written");
	build_session_free(s);
	*cpu = median(c, runs);
	return median(wall, runs);
}

/* `PROGRAM build -o OUT COPY` after each save, into the same OUT (Bilag 1's
 * files are linked from the set before): median wall and CPU (wait4). */
static double
rebuild(const char *prog, const char *out, const struct versions *v, int runs, double *cpu)
{
	double wall[MAXRUNS], c[MAXRUNS];
	for (int i = -1; i < runs; i++) { /* run -1: the first build of OUT, not timed */
		if (i >= 0 && save(v, (i + 1) % 2) != 0)
			return -1;
		double t0 = clock_s(CLOCK_MONOTONIC);
		pid_t pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, 1);
			execl(prog, prog, "build", "-o", out, v->path, (char *)NULL);
			_exit(127);
		}
		int ws = 0;
		struct rusage ru;
		if (pid < 0 || wait4(pid, &ws, 0, &ru) != pid || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
			fprintf(stderr, "watchbench: %s build failed (status 0x%x)\n", prog, ws);
			return -1;
		}
		if (i < 0)
			continue;
		wall[i] = clock_s(CLOCK_MONOTONIC) - t0;
		c[i] = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
		    (double)ru.ru_stime.tv_usec / 1e6;
	}
	*cpu = median(c, runs);
	return median(wall, runs);
}

/* CPU seconds (user + system, every thread) process pid has used, from
 * /proc/PID/stat in clock ticks; -1 if unreadable. */
static double
proc_cpu(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')'); /* the name may hold spaces */
	unsigned long long ut, st;
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* Waits up to 10 s for notat.pdf to be replaced in the watched directory. */
static int
wait_pdf(int ifd)
{
	_Alignas(struct inotify_event) char buf[8192];
	double end = clock_s(CLOCK_MONOTONIC) + 10;
	for (;;) {
		int left = (int)((end - clock_s(CLOCK_MONOTONIC)) * 1000);
		struct pollfd p = {ifd, POLLIN, 0};
		if (left <= 0 || poll(&p, 1, left) <= 0)
			return -1;
		ssize_t n = read(ifd, buf, sizeof buf);
		for (ssize_t off = 0; off < n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(buf + off);
			if (ev->len > 0 && strcmp(ev->name, "notat.pdf") == 0)
				return 0;
			off += (ssize_t)sizeof *ev + ev->len;
		}
	}
}

static double
program(const char *prog, const char *out, const struct versions *v, int runs, double *cpu)
{
	double wall[MAXRUNS];
	mkdir(out, 0777);
	int ifd = inotify_init1(IN_CLOEXEC);
	if (ifd < 0 || inotify_add_watch(ifd, out, IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		execl(prog, prog, "watch", "-o", out, v->path, (char *)NULL);
		_exit(127);
	}
	double res = -1;
	int i = 0;
	if (pid > 0 && wait_pdf(ifd) == 0) {
		usleep(200000); /* the first build's remaining files, and watch waiting again */
		double c0 = proc_cpu(pid);
		for (; i < runs; i++) {
			char drain[4096];
			struct pollfd p = {ifd, POLLIN, 0};
			while (poll(&p, 1, 0) > 0 && read(ifd, drain, sizeof drain) > 0)
				;
			double t0 = clock_s(CLOCK_MONOTONIC);
			if (save(v, (i + 1) % 2) != 0 || wait_pdf(ifd) != 0)
				break;
			wall[i] = clock_s(CLOCK_MONOTONIC) - t0;
			usleep(100000); /* let the build finish its remaining files */
		}
		double c1 = proc_cpu(pid);
		*cpu = c0 >= 0 && c1 >= 0 && i > 0 ? (c1 - c0) / i : -1;
	}
	if (i == runs)
		res = median(wall, runs);
	else
		fprintf(stderr, "watchbench: no new notat.pdf within 10 s (run %d)\n", i);
	if (pid > 0) {
		int ws = 0;
		kill(pid, SIGTERM);
		waitpid(pid, &ws, 0);
		if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
			fprintf(stderr, "watchbench: watch did not stop cleanly (status 0x%x)\n", ws);
			res = -1;
		}
	}
	close(ifd);
	return res;
}

int
main(int argc, char **argv)
{
	int runs = 20, c;
	const char *prog = NULL;
	while ((c = getopt(argc, argv, "n:x:")) != -1) {
		if (c == 'n')
			runs = atoi(optarg);
		else if (c == 'x')
			prog = optarg;
		else
			return 2;
	}
	if (argc - optind != 3 || runs < 1 || runs > MAXRUNS) {
		fprintf(stderr, "usage: watchbench [-n RUNS] [-x PROGRAM] LAYOUT OLD NEW\n");
		return 2;
	}
	const char *layout = argv[optind];
	char tmpl[] = "/tmp/notat-watchbench.XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (dir == NULL)
		return 3;
	const char *slash = strrchr(layout, '/');
	char *src = slash ? xasprintf("%.*s", (int)(slash - layout), layout) : xstrdup(".");
	char *cmd = xasprintf("cp -r '%s' '%s/in'", src, dir);
	char *copy = xasprintf("%s/in/%s", dir, slash ? slash + 1 : layout);
	char *out = xasprintf("%s/out", dir), *out2 = xasprintf("%s/out-x", dir);
	struct versions v = {0};
	int st = system(cmd) == 0 ? make_versions(&v, copy, argv[optind + 1], argv[optind + 2]) : -1;
	double cpu = 0, in = st ? -1 : inproc(out, &v, runs, &cpu), x = -1, xcpu = -1, b = -1, bcpu = -1;
	char *out3 = xasprintf("%s/out-b", dir);
	if (st == 0 && prog != NULL && access(prog, X_OK) == 0) {
		x = program(prog, out2, &v, runs, &xcpu);
		b = rebuild(prog, out3, &v, runs, &bcpu);
	}
	if (in >= 0)
		printf("in-process: save + rebuild %.1f ms wall, %.1f ms CPU (median of %d)\n", in * 1e3, cpu * 1e3,
		    runs);
	if (x >= 0)
		printf("notat watch: save to new notat.pdf %.1f ms (median of %d); the watch process used %.1f ms CPU "
		    "per save (mean, /proc ticks)\n", x * 1e3, runs, xcpu * 1e3);
	if (b >= 0)
		printf("notat build after the edit, into the same output directory: %.1f ms wall, %.1f ms CPU "
		    "(median of %d)\n", b * 1e3, bcpu * 1e3, runs);
	printf("RESULT watch inproc=%.5f inproc_cpu=%.5f program=%.5f program_cpu=%.5f rebuild=%.5f rebuild_cpu=%.5f\n",
	    in, cpu, x, xcpu, b, bcpu);
	char *rm = xasprintf("rm -rf '%s'", dir);
	if (system(rm) != 0)
		fprintf(stderr, "watchbench: cannot remove %s\n", dir);
	free(rm), free(cmd), free(copy), free(src), free(out), free(out2), free(out3);
	free(v.path), free(v.text[0]), free(v.text[1]);
	return in >= 0 ? 0 : 1;
}
