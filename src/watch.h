/* watch.h: `notat watch`: rebuilds whenever an input of the layout changes.
 *
 * Contract: watch_run builds once, then waits for a change to any input of
 * the last build (every file its manifest lists: the layout, its includes,
 * codebook, municipality table, data, fonts, hyphenation; see
 * build_session_input) and builds again, through a build session (build.h) that
 * keeps what did not change. Each build publishes exactly as `notat build`
 * does, so a failed build leaves the last good outputs in place and prints
 * its diagnostics in compiler form. A status line per build goes to stdout.
 * SIGINT, SIGTERM and SIGHUP end the watch after the build in progress, with
 * status 0; a watch that cannot be set up returns 3 after M_WATCH_SETUP.
 */
#ifndef NOTAT_WATCH_H
#define NOTAT_WATCH_H

#include "build.h"

/* Runs until a signal; o is borrowed (layout_path set, dump DUMP_NONE). */
int watch_run(const struct build_opts *o);

#endif
