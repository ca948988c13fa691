/* xlsx.h: the tables of a document (Bilag 1) as an Excel workbook, through libxlsxwriter.
 *
 * The workbook opens with a contents sheet (lang `contents`: "Indhold") that
 * links to one sheet per table, named like the table ("Tabel 5"). A table's
 * sheet holds its title, the column heads (frozen with the row labels), the
 * rows with counts as numbers, shares as numbers with a percentage format
 * and indexes as numbers, each shown with the decimals the table prints; the
 * `n` row below a rule; then the table's notes and source. Cells the table
 * prints as text ("<5", "–") stay text: a suppressed count is never written.
 * Column widths and head heights fit their text; printed, a table is one
 * A4 page wide with its heads repeated on every page.
 *
 * Reproducible: the only time in the file is the creation time given (the
 * build's date, as in the PDFs); libxlsxwriter stamps every zip entry with
 * a fixed 1980-01-01 time, so equal inputs give equal bytes (tested).
 */
#ifndef NOTAT_XLSX_H
#define NOTAT_XLSX_H

struct doc;
struct pdf_meta;

/* Writes the tables of d into dir/bilag1.xlsx; m gives the title, author and
 * the date (UTC fields of the PDFs). libxlsxwriter's temporary files go
 * to the system's temporary directory (unlinked at once).
 * Returns 0, or 3 after a diagnostic (M_IO_WRITE). */
int xlsx_write_bilag(const struct doc *d, const struct pdf_meta *m, const char *dir);

/* libxlsxwriter's version string, for the manifest. */
const char *xlsx_lib_version(void);

#endif
