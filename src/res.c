/* res.c: the share directory of notat's resources, and the ICC profile check (see res.h). */
#include "res.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

#ifndef NOTAT_SHAREDIR
#define NOTAT_SHAREDIR "/usr/local/share/notat"
#endif

#define ICC_MAX_BYTES (16L << 20) /* bytes: far above any RGB profile */

static int
is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dir holds resources when it has a fonts/ directory. */
static int
is_share(const char *dir)
{
	char *f = xasprintf("%s/fonts", dir);
	int ok = is_dir(f);
	free(f);
	return ok;
}

/* Directory of the running program, or NULL when /proc/self/exe is unreadable. */
static char *
exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(buf[0] ? buf : "/");
}

/* Appends dir to the list of places looked in, for the message. */
static void
tried(struct buf *b, const char *dir)
{
	if (b->len)
		buf_puts(b, ", ");
	buf_puts(b, dir);
}

/* Candidates 2 to 4 of res.h, in order; NULL with b listing them when none applies. */
static char *
search(struct buf *b)
{
	char *exe = exe_dir();
	char *cand[3] = {
		exe ? xstrdup(exe) : NULL,
		exe ? xasprintf("%s/../share/notat", exe) : NULL,
		xstrdup(NOTAT_SHAREDIR),
	};
	char *found = NULL;
	for (int i = 0; i < 3; i++) {
		if (cand[i] == NULL)
			continue;
		if (found == NULL && is_share(cand[i])) {
			found = cand[i];
			continue;
		}
		if (found == NULL)
			tried(b, cand[i]);
		free(cand[i]);
	}
	free(exe);
	return found;
}

char *
res_share_dir(void)
{
	const char *env = getenv("NOTAT_SHARE");
	if (env != NULL && *env != '\0') {
		if (is_share(env))
			return xstrdup(env);
		diag(M_RES_ENV, NULL, env);
		return NULL;
	}
	struct buf b = {0};
	char *dir = search(&b);
	if (dir == NULL)
		diag(M_RES_NONE, NULL, b.s ? b.s : "");
	free(b.s);
	return dir;
}

char *
res_share_dir_quiet(void)
{
	const char *env = getenv("NOTAT_SHARE");
	if (env != NULL && *env != '\0')
		return is_share(env) ? xstrdup(env) : NULL;
	struct buf b = {0};
	char *dir = search(&b);
	free(b.s);
	return dir;
}

char *
res_path(const char *rel)
{
	char *dir = res_share_dir();
	if (dir == NULL)
		return NULL;
	char *p = xasprintf("%s/%s", dir, rel);
	free(dir);
	return p;
}

/* The defect of a 128-byte ICC header for a file of size bytes, or NULL. */
static const char *
icc_defect(const unsigned char *h, long size)
{
	if (memcmp(h + 36, "acsp", 4) != 0)
		return "no 'acsp' signature at byte 36";
	if ((long)util_be32(h) != size)
		return "the size in its header differs from the file's size";
	if (memcmp(h + 16, "RGB ", 4) != 0)
		return "its colour space is not RGB";
	if (memcmp(h + 12, "mntr", 4) != 0 && memcmp(h + 12, "prtr", 4) != 0)
		return "it is neither a display ('mntr') nor an output ('prtr') profile";
	if (h[8] != 2)
		return "its version is not 2.x (PDF/A-1 allows no later version)";
	return NULL;
}

int
res_check_icc(const char *path)
{
	struct pos p = {util_intern(path), 0, 0};
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		diag(M_IO_OPEN, &p, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 3;
	}
	unsigned char h[128];
	const char *bad = NULL;
	if (!S_ISREG(st.st_mode))
		bad = "not a regular file";
	else if (st.st_size < 128 || st.st_size > ICC_MAX_BYTES)
		bad = "its size is not that of an ICC profile";
	else if (pread(fd, h, sizeof h, 0) != (ssize_t)sizeof h)
		bad = "cannot read its 128-byte header";
	else
		bad = icc_defect(h, (long)st.st_size);
	close(fd);
	if (bad == NULL)
		return 0;
	diag(M_RES_ICC, &p, bad);
	return 1;
}
