/* pub.h: publishing one build's outputs into the output directory atomically,
 * and ending a build cleanly on a signal.
 *
 * The output directory OUT holds (README "Limits and guarantees"):
 *   OUT/.notat/set-XXXXXX/       one complete output set per build (mkdtemp);
 *                                a build writes its set here, unseen
 *   OUT/.notat/current -> set-…  the published set, switched by one rename()
 *   OUT/.notat/previous -> set-… the set before it, kept until the next build
 *   OUT/.notat/memo.set-…        what the build of that set remembers for the
 *                                next one (pub_memo), kept with its set
 *   OUT/notat.pdf, bilag1.pdf, audit.tsv, manifest, bilag1
 *                                symlinks to .notat/current/NAME
 * so every name of OUT/ resolves into one complete set at every instant, and
 * the set changes only at the rename of `current`. The top-level links are
 * re-made (rename of an identical link) after the switch, so viewers that
 * watch the file name see a change; a name whose file the new set shares
 * (a hard link) with the old one keeps its link. A flock on OUT/.notat makes a second
 * build into the same OUT fail at once. Old sets and the staging of killed
 * builds are removed under the lock, never following a symlink.
 */
#ifndef NOTAT_PUB_H
#define NOTAT_PUB_H

#include <sys/types.h>

struct pub;

/* Creates OUT and OUT/.notat when needed, takes the lock, removes sets that
 * are neither current nor previous (leftovers of killed builds) and creates
 * a fresh staging directory. Returns NULL after a diagnostic (another build
 * holds the lock, OUT/.notat is not notat's, I/O). Free with pub_free. */
struct pub *pub_open(const char *out_dir);
/* The staging directory's path (owned by p): write the whole set there. */
const char *pub_stage(const struct pub *p);
/* Publishes the staged set: checks that nothing else is in the way of the
 * top-level names, switches `current` (the one atomic step), re-makes the
 * top-level links and removes sets older than `previous`. Returns 0, or 3
 * after a diagnostic with nothing published. */
int pub_commit(struct pub *p);
/* The published set's directory (OUT/.notat/set-…), or NULL when OUT has
 * none yet; owned by p, stable while p holds the lock. A build may hard-link
 * files of it into its stage (pub_stage): sets are never written in place,
 * only created whole and removed whole. */
const char *pub_current(const struct pub *p);
/* The memo stored with the published set (pub_memo), or NULL if it has none
 * or it cannot be read. Caller frees. */
char *pub_memo_read(const struct pub *p);
/* Stores text as the staged set's memo: published, kept and removed with the
 * set. Best effort (a memo only saves work): returns 0, or -1 with nothing
 * stored. */
int pub_memo(struct pub *p, const char *text);
/* Removes the staging directory unless it was published, releases the
 * lock and frees p. Accepts NULL. */
void pub_free(struct pub *p);

/* Signals. pub_guard_start (main, once, before any thread): blocks SIGINT,
 * SIGTERM and SIGHUP in every thread and hands them to a thread that kills
 * the writer child, removes every registered directory (never following a
 * symlink), says so on stderr and exits 3; SIGXFSZ is ignored, so a write
 * over the file-size limit fails with EFBIG and the build reports it. Without
 * pub_guard_start (unit tests) the registry is kept but nothing is caught. */
void pub_guard_start(void);
/* Registers a directory to remove on a signal (copied); pub_guard_drop
 * forgets it again. */
void pub_guard_add(const char *dir);
void pub_guard_drop(const char *dir);
/* The writer child to kill on a signal, or 0 when none runs. */
void pub_guard_child(pid_t pid);
/* In a forked writer child: dies with its parent (PR_SET_PDEATHSIG), and
 * takes the default signal dispositions. Returns 0, or -1 if the parent
 * parent_pid is gone already. */
int pub_guard_in_child(pid_t parent_pid);

#endif
