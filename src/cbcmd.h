/* cbcmd.h: `notat codebook FILE`: a starter codebook from an SPSS, Stata or SAS file.
 *
 * Contract: cbcmd_run describes the data file (rsread_describe) and writes
 * the codebook cbgen_write makes of it to out_path, or to stdout when
 * out_path is NULL. The file is written whole or not at all (a temporary
 * file renamed into place). Returns the exit status: 0, 1 for bad input
 * (not a statistics file, unreadable), 3 for I/O errors.
 */
#ifndef NOTAT_CBCMD_H
#define NOTAT_CBCMD_H

int cbcmd_run(const char *data_path, const char *out_path);

#endif
