/* tag.c: tagged PDF over libharu internals: marked content, structure tree, ToUnicode, XMP, PDF/A parts. */
#include "tag.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "diag.h"
#include "util.h"

#define TAG_MAXFONTS 8      /* faces per document (at most FONT_NFACES, 5, are used) */
#define TAG_BFCHAR_BLOCK 100 /* entries per beginbfchar block (the CMap limit) */

enum kid_kind { KID_MCID, KID_OBJR };

/* A piece of an element's own content, in drawing order. */
struct kid {
	enum kid_kind kind;
	int page;              /* 0-based page index */
	int mcid;              /* KID_MCID */
	HPDF_Annotation annot; /* KID_OBJR */
	long seq;              /* position in the drawing order */
};

struct elemrec {
	struct kid *kid;       /* own content */
	size_t n, cap;
	int child, next;       /* first child, next sibling (element indices, -1 none) */
	long first;            /* smallest seq in the subtree, LONG_MAX if none */
	HPDF_Dict dict;        /* the StructElem, made in tag_finish */
};

struct pagerec {
	HPDF_Page page;
	int *owner;            /* MCID -> element */
	size_t n, cap;
};

struct fontrec {
	HPDF_Font font;
	unsigned char used[65536 / 8]; /* one bit per BMP code point shown */
};

struct linkrec {
	HPDF_Annotation annot;
	int elem;
};

struct tag {
	HPDF_Doc pdf;
	const struct box_doc *bd;
	struct pagerec *pg;    /* [bd->npages] */
	struct elemrec *el;    /* [bd->nelems] */
	struct fontrec *font[TAG_MAXFONTS];
	size_t nfonts;
	struct linkrec *link;
	size_t nlinks, caplinks;
	long seq;              /* drawing-order counter */
	HPDF_Page open_page;   /* page with open marked content, or NULL */
	HPDF_UINT16 open_mode; /* graphics mode when it was opened */
	HPDF_STATUS err;       /* first libharu failure of the object layer */
};

/* ---- errors and raw writes ---- */

static int
tag_bad(const char *what)
{
	diag(M_PDF_TAG, NULL, what);
	return 3;
}

/* Remembers the first failing status of an object-layer call. */
static void
chk(struct tag *t, HPDF_STATUS st)
{
	if (st != HPDF_OK && t->err == HPDF_OK)
		t->err = st;
}

static int
tag_status(struct tag *t)
{
	if (t->err == HPDF_OK)
		return 0;
	diag(M_PDF_LIBHARU, NULL, (unsigned long)t->err, 0UL);
	return 3;
}

/* Writes s into the page's content stream, where libharu's operators go. */
static void
raw(struct tag *t, HPDF_Page page, const char *s)
{
	chk(t, HPDF_Stream_WriteStr(((HPDF_PageAttr)page->attr)->stream, s));
}

/* An indirect dictionary: added to the xref before anything refers to it. */
static HPDF_Dict
indirect_dict(struct tag *t)
{
	HPDF_Dict d = HPDF_Dict_New(t->pdf->mmgr);
	if (d == NULL) {
		chk(t, HPDF_FAILD_TO_ALLOC_MEM);
		return NULL;
	}
	chk(t, HPDF_Xref_Add(t->pdf->xref, d));
	return d;
}

/* ---- setup ---- */

static int
name_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

static int
elems_ok(const struct box_doc *bd)
{
	if (bd->nelems == 0 || bd->elems[0].parent != -1)
		return 0;
	for (size_t i = 0; i < bd->nelems; i++) {
		int p = bd->elems[i].parent;
		if ((i > 0 && (p < 0 || (size_t)p >= i)) || !name_ok(bd->elems[i].type))
			return 0;
		if (bd->elems[i].scope && !name_ok(bd->elems[i].scope))
			return 0;
	}
	return 1;
}

/* Child and sibling links, children in element (logical) order. */
static void
link_children(struct tag *t)
{
	const struct box_doc *bd = t->bd;
	for (size_t i = 0; i < bd->nelems; i++)
		t->el[i].child = t->el[i].next = -1;
	for (size_t i = bd->nelems; i-- > 1;) {
		struct elemrec *p = &t->el[bd->elems[i].parent];
		t->el[i].next = p->child;
		p->child = (int)i;
	}
}

struct tag *
tag_new(HPDF_Doc pdf, const struct box_doc *bd)
{
	if (!elems_ok(bd)) {
		tag_bad("malformed structure elements (root, parent order or type names)");
		return NULL;
	}
	struct tag *t = xcalloc(1, sizeof *t);
	t->pdf = pdf;
	t->bd = bd;
	t->pg = xcalloc(bd->npages ? bd->npages : 1, sizeof *t->pg);
	t->el = xcalloc(bd->nelems, sizeof *t->el);
	link_children(t);
	return t;
}

void
tag_free(struct tag *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->bd->npages; i++)
		free(t->pg[i].owner);
	for (size_t i = 0; i < t->bd->nelems; i++)
		free(t->el[i].kid);
	for (size_t i = 0; i < t->nfonts; i++)
		free(t->font[i]);
	free(t->pg);
	free(t->el);
	free(t->link);
	free(t);
}

int
tag_page(struct tag *t, int pg, HPDF_Page page)
{
	if (pg < 0 || (size_t)pg >= t->bd->npages)
		return tag_bad("page index out of range");
	t->pg[pg].page = page;
	chk(t, HPDF_Dict_AddNumber(page, "StructParents", pg));
	chk(t, HPDF_Dict_AddName(page, "Tabs", "S"));
	return tag_status(t);
}

/* ---- marked content ---- */

static struct kid *
add_kid(struct tag *t, int elem, enum kid_kind kind, int pg)
{
	struct elemrec *e = &t->el[elem];
	xgrow(&e->kid, &e->cap, e->n + 1, sizeof *e->kid);
	struct kid *k = &e->kid[e->n++];
	memset(k, 0, sizeof *k);
	k->kind = kind;
	k->page = pg;
	k->seq = t->seq++;
	return k;
}

/* Opens a BDC for elem with the page's next MCID (and /ActualText, if any). */
static void
begin_elem(struct tag *t, int pg, int elem, const char *actual)
{
	struct pagerec *p = &t->pg[pg];
	char buf[160];
	xgrow(&p->owner, &p->cap, p->n + 1, sizeof *p->owner);
	p->owner[p->n] = elem;
	add_kid(t, elem, KID_MCID, pg)->mcid = (int)p->n;
	if (actual != NULL)
		snprintf(buf, sizeof buf, "/Span <</MCID %zu /ActualText %s>> BDC\n", p->n, actual);
	else
		snprintf(buf, sizeof buf, "/%s <</MCID %zu>> BDC\n", t->bd->elems[elem].type, p->n);
	p->n++;
	raw(t, p->page, buf);
}

static int
begin_checked(struct tag *t, int pg, int elem, enum tag_art art, const char *actual)
{
	static const char *const art_op[] = {
		[TAG_ART_PLAIN] = "/Artifact BMC\n",
		[TAG_ART_HEADER] = "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n",
		[TAG_ART_FOOTER] = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n",
	};
	if (pg < 0 || (size_t)pg >= t->bd->npages || t->pg[pg].page == NULL)
		return tag_bad("marked content on an unregistered page");
	if (elem < -1 || elem >= (int)t->bd->nelems)
		return tag_bad("a box names an element that does not exist");
	HPDF_Page page = t->pg[pg].page;
	if (t->open_page != NULL)
		return tag_bad("marked content opened inside marked content");
	if (HPDF_Page_GetGMode(page) != HPDF_GMODE_PAGE_DESCRIPTION)
		return tag_bad("marked content opened inside a text or path object");
	if (elem >= 0)
		begin_elem(t, pg, elem, actual);
	else
		raw(t, page, art_op[art]);
	t->open_page = page;
	t->open_mode = HPDF_Page_GetGMode(page);
	return tag_status(t);
}

int
tag_begin(struct tag *t, int pg, int elem, enum tag_art art)
{
	return begin_checked(t, pg, elem, art, NULL);
}

int
tag_begin_actual(struct tag *t, int pg, int elem, const char *actual)
{
	if (elem < 0)
		return tag_bad("ActualText needs a structure element");
	return begin_checked(t, pg, elem, TAG_ART_PLAIN, actual);
}

int
tag_end(struct tag *t)
{
	if (t->open_page == NULL)
		return 0;
	if (HPDF_Page_GetGMode(t->open_page) != t->open_mode)
		return tag_bad("marked content would cross BT/ET or a path");
	raw(t, t->open_page, "EMC\n");
	t->open_page = NULL;
	return tag_status(t);
}

/* ---- text ---- */

int
tag_has_glyph(HPDF_Font font, uint32_t cp)
{
	if (cp == 0 || cp > 0xFFFF)
		return 0;
	HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
	return HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp) != 0;
}

static struct fontrec *
font_rec(struct tag *t, HPDF_Font font)
{
	for (size_t i = 0; i < t->nfonts; i++)
		if (t->font[i]->font == font)
			return t->font[i];
	if (t->nfonts == TAG_MAXFONTS)
		return NULL;
	struct fontrec *f = xcalloc(1, sizeof *f);
	f->font = font;
	t->font[t->nfonts++] = f;
	return f;
}

/* A TJ adjustment in 1/1000 text-space units, to 0.001, locale-free. */
static void
put_adjust(struct buf *b, double v)
{
	long m = lround(v * 1000.0);
	if (m < 0) {
		buf_putc(b, '-');
		m = -m;
	}
	buf_printf(b, "%ld", m / 1000);
	if (m % 1000 != 0) {
		char d[8];
		snprintf(d, sizeof d, "%03ld", m % 1000);
		for (size_t n = strlen(d); n > 0 && d[n - 1] == '0'; n--)
			d[n - 1] = '\0';
		buf_printf(b, ".%s", d);
	}
}

static int
check_glyphs(HPDF_Font font, const uint32_t *cp, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!tag_has_glyph(font, cp[i])) {
			diag(M_TS_NO_GLYPH, NULL, (unsigned)cp[i]);
			return 1;
		}
	}
	return 0;
}

/* Appends "<XXXX>", the 2-byte code of cp (its BMP code point) in hex; runs
 * for every glyph drawn, so no printf. */
static void
put_cid(struct buf *b, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";
	char s[6] = {'<', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15], hex[cp & 15], '>'};
	buf_add(b, s, sizeof s);
}

/* Appends a TJ showing cp[from, to) with the kerning before each, and
 * marks the glyphs as used. */
static void
put_tj(struct buf *b, struct fontrec *fr, HPDF_Font font, const uint32_t *cp, const double *kern,
    size_t from, size_t to)
{
	buf_puts(b, "[");
	for (size_t i = from; i < to; i++) {
		if (i > 0 && lround(kern[i] * 1000.0) != 0) {
			put_adjust(b, -kern[i]);
			buf_puts(b, " ");
		}
		put_cid(b, cp[i]);
		fr->used[cp[i] >> 3] |= (unsigned char)(0x80u >> (cp[i] & 7));
		HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)cp[i]); /* marks the glyph for the subset */
	}
	buf_puts(b, "] TJ\n");
}

int
tag_show(struct tag *t, HPDF_Page page, HPDF_Font font, const uint32_t *cp,
    const double *kern, size_t n)
{
	struct fontrec *fr = font_rec(t, font);
	if (fr == NULL)
		return tag_bad("too many fonts");
	if (n == 0)
		return 0;
	if (check_glyphs(font, cp, n))
		return 1;
	struct buf b = {0};
	put_tj(&b, fr, font, cp, kern, 0, n);
	raw(t, page, b.s);
	buf_free(&b);
	return tag_status(t);
}

/* ---- links ---- */

int
tag_link(struct tag *t, int pg, int elem, HPDF_Annotation a, const char *contents)
{
	if (elem < 0 || elem >= (int)t->bd->nelems)
		return tag_bad("a link box without a structure element");
	HPDF_Encoder enc = HPDF_GetEncoder(t->pdf, "UTF-8");
	add_kid(t, elem, KID_OBJR, pg)->annot = a;
	xgrow(&t->link, &t->caplinks, t->nlinks + 1, sizeof *t->link);
	t->link[t->nlinks].annot = a;
	t->link[t->nlinks].elem = elem;
	chk(t, HPDF_Dict_AddNumber(a, "StructParent", (HPDF_INT32)(t->bd->npages + t->nlinks)));
	t->nlinks++;
	chk(t, HPDF_Dict_AddNumber(a, "F", 4)); /* Print */
	chk(t, HPDF_Dict_Add(a, "Contents", HPDF_String_New(t->pdf->mmgr, contents, enc)));
	return tag_status(t);
}

/* ---- structure tree ---- */

static void
subtree_first(struct tag *t)
{
	size_t n = t->bd->nelems;
	for (size_t i = 0; i < n; i++)
		t->el[i].first = t->el[i].n ? t->el[i].kid[0].seq : LONG_MAX;
	for (size_t i = n; i-- > 1;) {
		struct elemrec *p = &t->el[t->bd->elems[i].parent];
		if (t->el[i].first < p->first)
			p->first = t->el[i].first;
	}
}

/* Appends one own kid to K: an MCID on the element's page, else an MCR or OBJR dict. */
static void
put_kid(struct tag *t, HPDF_Array k, const struct kid *kd, int pg0)
{
	HPDF_MMgr mm = t->pdf->mmgr;
	if (kd->kind == KID_MCID && kd->page == pg0) {
		chk(t, HPDF_Array_AddNumber(k, kd->mcid));
		return;
	}
	HPDF_Dict d = HPDF_Dict_New(mm);
	chk(t, HPDF_Array_Add(k, d));
	chk(t, HPDF_Dict_AddName(d, "Type", kd->kind == KID_MCID ? "MCR" : "OBJR"));
	chk(t, HPDF_Dict_Add(d, "Pg", t->pg[kd->page].page));
	if (kd->kind == KID_MCID)
		chk(t, HPDF_Dict_AddNumber(d, "MCID", kd->mcid));
	else
		chk(t, HPDF_Dict_Add(d, "Obj", kd->annot));
}

/* /K: own content (drawing order) merged with the children (logical order);
 * a child goes before the first own piece drawn after its own first piece. */
static void
put_kids(struct tag *t, size_t i, int pg0)
{
	struct elemrec *e = &t->el[i];
	HPDF_Array k = HPDF_Array_New(t->pdf->mmgr);
	chk(t, HPDF_Dict_Add(e->dict, "K", k));
	size_t a = 0;
	int c = e->child;
	long last = -1;
	while (a < e->n || c >= 0) {
		long key = c >= 0 && t->el[c].first != LONG_MAX ? t->el[c].first : last;
		if (c < 0 || (a < e->n && e->kid[a].seq < key)) {
			put_kid(t, k, &e->kid[a++], pg0);
		} else {
			chk(t, HPDF_Array_Add(k, t->el[c].dict));
			last = key;
			c = t->el[c].next;
		}
	}
}

static void
put_attrs(struct tag *t, size_t i)
{
	const struct box_elem *be = &t->bd->elems[i];
	HPDF_Dict d = t->el[i].dict;
	HPDF_MMgr mm = t->pdf->mmgr;
	if (be->alt)
		chk(t, HPDF_Dict_Add(d, "Alt", HPDF_String_New(mm, be->alt, HPDF_GetEncoder(t->pdf, "UTF-8"))));
	if (be->id)
		chk(t, HPDF_Dict_Add(d, "ID", HPDF_String_New(mm, be->id, NULL)));
	if (be->scope) {
		HPDF_Dict a = HPDF_Dict_New(mm);
		chk(t, HPDF_Dict_Add(d, "A", a));
		chk(t, HPDF_Dict_AddName(a, "O", "Table"));
		chk(t, HPDF_Dict_AddName(a, "Scope", be->scope));
		if (be->colspan > 1)
			chk(t, HPDF_Dict_AddNumber(a, "ColSpan", be->colspan));
		if (be->rowspan > 1)
			chk(t, HPDF_Dict_AddNumber(a, "RowSpan", be->rowspan));
	}
}

static void
fill_elem(struct tag *t, size_t i, HPDF_Dict root)
{
	const struct box_elem *be = &t->bd->elems[i];
	struct elemrec *e = &t->el[i];
	int pg0 = e->n ? e->kid[0].page : -1;
	/* no /Type /StructElem: optional (ISO 32000-1, table 323), 18 bytes per element */
	chk(t, HPDF_Dict_AddName(e->dict, "S", be->type));
	chk(t, HPDF_Dict_Add(e->dict, "P", i == 0 ? root : t->el[be->parent].dict));
	if (pg0 >= 0)
		chk(t, HPDF_Dict_Add(e->dict, "Pg", t->pg[pg0].page));
	put_attrs(t, i);
	put_kids(t, i, pg0);
}

/* /ParentTree: page p -> [owner of MCID 0, 1, ...]; link k -> its element. */
static HPDF_Dict
parent_tree(struct tag *t)
{
	HPDF_Dict pt = indirect_dict(t);
	HPDF_Array nums = HPDF_Array_New(t->pdf->mmgr);
	chk(t, HPDF_Dict_Add(pt, "Nums", nums));
	for (size_t p = 0; p < t->bd->npages; p++) {
		HPDF_Array a = HPDF_Array_New(t->pdf->mmgr);
		chk(t, HPDF_Array_AddNumber(nums, (HPDF_INT32)p));
		chk(t, HPDF_Array_Add(nums, a));
		for (size_t m = 0; m < t->pg[p].n; m++)
			chk(t, HPDF_Array_Add(a, t->el[t->pg[p].owner[m]].dict));
	}
	for (size_t k = 0; k < t->nlinks; k++) {
		chk(t, HPDF_Array_AddNumber(nums, (HPDF_INT32)(t->bd->npages + k)));
		chk(t, HPDF_Array_Add(nums, t->el[t->link[k].elem].dict));
	}
	return pt;
}

struct idref {
	const char *id;
	size_t elem;
};

static int
idref_cmp(const void *a, const void *b)
{
	return strcmp(((const struct idref *)a)->id, ((const struct idref *)b)->id);
}

/* /IDTree (a flat name tree, sorted) for the elements' /ID; IDs must be unique. */
static int
id_tree(struct tag *t, HPDF_Dict root)
{
	struct idref *v = xcalloc(t->bd->nelems, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < t->bd->nelems; i++)
		if (t->bd->elems[i].id)
			v[n].id = t->bd->elems[i].id, v[n++].elem = i;
	qsort(v, n, sizeof *v, idref_cmp);
	int st = 0;
	for (size_t i = 1; i < n && !st; i++)
		if (strcmp(v[i - 1].id, v[i].id) == 0)
			st = tag_bad("two structure elements share an /ID");
	if (n > 0 && !st) {
		HPDF_Dict tree = HPDF_Dict_New(t->pdf->mmgr);
		HPDF_Array names = HPDF_Array_New(t->pdf->mmgr);
		chk(t, HPDF_Dict_Add(root, "IDTree", tree));
		chk(t, HPDF_Dict_Add(tree, "Names", names));
		for (size_t i = 0; i < n; i++) {
			chk(t, HPDF_Array_Add(names, HPDF_String_New(t->pdf->mmgr, v[i].id, NULL)));
			chk(t, HPDF_Array_Add(names, t->el[v[i].elem].dict));
		}
	}
	free(v);
	return st;
}

static int
struct_tree(struct tag *t)
{
	size_t n = t->bd->nelems;
	HPDF_Dict root = indirect_dict(t);
	for (size_t i = 0; i < n; i++)
		t->el[i].dict = indirect_dict(t);
	if (tag_status(t))
		return 3;
	subtree_first(t);
	for (size_t i = 0; i < n; i++)
		fill_elem(t, i, root);
	HPDF_Array k = HPDF_Array_New(t->pdf->mmgr);
	chk(t, HPDF_Dict_AddName(root, "Type", "StructTreeRoot"));
	chk(t, HPDF_Dict_Add(root, "K", k));
	chk(t, HPDF_Array_Add(k, t->el[0].dict));
	chk(t, HPDF_Dict_Add(root, "ParentTree", parent_tree(t)));
	chk(t, HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)(t->bd->npages + t->nlinks)));
	chk(t, HPDF_Dict_Add(t->pdf->catalog, "StructTreeRoot", root));
	return id_tree(t, root) ? 3 : tag_status(t);
}

/* ---- ToUnicode ---- */

static const char cmap_head[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n"
    "1 begincodespacerange\n"
    "<0000> <FFFF>\n"
    "endcodespacerange\n";

static const char cmap_tail[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\n"
    "end\n";

/* The bfchar lines for the code points shown, in blocks of 100. */
static void
bfchars(const struct fontrec *f, struct buf *b)
{
	uint32_t cps[TAG_BFCHAR_BLOCK];
	size_t n = 0;
	for (uint32_t cp = 0; cp <= 0x10000; cp++) {
		int used = cp < 0x10000 && (f->used[cp >> 3] & (0x80u >> (cp & 7)));
		if (used)
			cps[n++] = cp;
		if (n == TAG_BFCHAR_BLOCK || (cp == 0x10000 && n > 0)) {
			buf_printf(b, "%zu beginbfchar\n", n);
			for (size_t i = 0; i < n; i++)
				buf_printf(b, "<%04X> <%04X>\n", (unsigned)cps[i], (unsigned)cps[i]);
			buf_puts(b, "endbfchar\n");
			n = 0;
		}
	}
}

/* Replaces libharu's CID CMap (begincidrange) in the font's ToUnicode stream. */
static void
to_unicode(struct tag *t, const struct fontrec *f)
{
	static const char *const stale[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
	HPDF_FontAttr fa = (HPDF_FontAttr)f->font->attr;
	HPDF_Dict s = fa->cmap_stream;
	struct buf b = {0};
	HPDF_MemStream_FreeData(s->stream);
	for (size_t i = 0; i < sizeof stale / sizeof *stale; i++)
		(void)HPDF_Dict_RemoveElement(s, stale[i]); /* only fails if absent */
	buf_puts(&b, cmap_head);
	bfchars(f, &b);
	buf_puts(&b, cmap_tail);
	chk(t, HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)b.s, (HPDF_UINT)b.len));
	buf_free(&b);
}

/* CIDSystemInfo /Ordering (Identity-H) -> (Identity), as Identity-H expects. */
static void
fix_ordering(struct tag *t, const struct fontrec *f)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)f->font->attr;
	HPDF_Dict si = HPDF_Dict_GetItem(fa->descendant_font, "CIDSystemInfo", HPDF_OCLASS_DICT);
	if (si != NULL)
		chk(t, HPDF_Dict_Add(si, "Ordering", HPDF_String_New(t->pdf->mmgr, "Identity", NULL)));
}

/* ---- XMP ---- */

static void
xml_put(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			buf_puts(b, "&amp;");
		else if (c == '<')
			buf_puts(b, "&lt;");
		else if (c == '>')
			buf_puts(b, "&gt;");
		else if (c == '"')
			buf_puts(b, "&quot;");
		else if (c >= 0x20 || c == '\t' || c == '\n')
			buf_putc(b, c);
	}
}

/* <tag>escaped text</tag>, or <tag><rdf:KIND><rdf:li ...>text</rdf:li></rdf:KIND></tag>. */
static void
xmp_prop(struct buf *b, const char *tag, const char *kind, const char *text)
{
	if (text == NULL)
		return;
	buf_printf(b, "   <%s>", tag);
	if (kind)
		buf_printf(b, "<rdf:%s><rdf:li%s>", kind,
		    strcmp(kind, "Alt") == 0 ? " xml:lang=\"x-default\"" : "");
	xml_put(b, text);
	if (kind)
		buf_printf(b, "</rdf:li></rdf:%s>", kind);
	buf_printf(b, "</%s>\n", tag);
}

static void
xmp_desc(struct buf *b, const char *ns, const char *uri)
{
	buf_printf(b, "  <rdf:Description rdf:about=\"\" xmlns:%s=\"%s\">\n", ns, uri);
}

static const char xmp_ua_extension[] =
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
    "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
    "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    "   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
    "    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    "    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
    "     <pdfaProperty:name>part</pdfaProperty:name>\n"
    "     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "     <pdfaProperty:category>internal</pdfaProperty:category>\n"
    "     <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
    "    </rdf:li></rdf:Seq></pdfaSchema:property>\n"
    "   </rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
    "  </rdf:Description>\n";

static void
xmp_dates(struct buf *b, const struct pdf_meta *m)
{
	char d[40];
	xmp_desc(b, "xmp", "http://ns.adobe.com/xap/1.0/");
	xmp_prop(b, "xmp:CreatorTool", NULL, "notat");
	if (m->year > 0) {
		snprintf(d, sizeof d, "%04d-%02d-%02dT%02d:%02d:%02dZ", m->year, m->month, m->day,
		    m->hour, m->minute, m->second);
		xmp_prop(b, "xmp:CreateDate", NULL, d);
		xmp_prop(b, "xmp:ModifyDate", NULL, d);
		xmp_prop(b, "xmp:MetadataDate", NULL, d);
	}
	buf_puts(b, "  </rdf:Description>\n");
}

static char *
xmp_packet(struct tag *t, const struct pdf_meta *m)
{
	struct buf b = {0};
	buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
	xmp_desc(&b, "dc", "http://purl.org/dc/elements/1.1/");
	xmp_prop(&b, "dc:format", NULL, "application/pdf");
	xmp_prop(&b, "dc:title", "Alt", m->title);
	xmp_prop(&b, "dc:creator", "Seq", m->author);
	xmp_prop(&b, "dc:description", "Alt", m->subject);
	buf_puts(&b, "  </rdf:Description>\n");
	xmp_desc(&b, "pdf", "http://ns.adobe.com/pdf/1.3/");
	xmp_prop(&b, "pdf:Producer", NULL, HPDF_GetInfoAttr(t->pdf, HPDF_INFO_PRODUCER));
	xmp_prop(&b, "pdf:Keywords", NULL, m->keywords);
	buf_puts(&b, "  </rdf:Description>\n");
	xmp_dates(&b, m);
	xmp_desc(&b, "pdfuaid", "http://www.aiim.org/pdfua/ns/id/");
	xmp_prop(&b, "pdfuaid:part", NULL, "1");
	buf_puts(&b, "  </rdf:Description>\n");
	if (m->pdfa) {
		xmp_desc(&b, "pdfaid", "http://www.aiim.org/pdfa/ns/id/");
		xmp_prop(&b, "pdfaid:part", NULL, "1");
		xmp_prop(&b, "pdfaid:conformance", NULL, "B");
		buf_puts(&b, "  </rdf:Description>\n");
		buf_puts(&b, xmp_ua_extension);
	}
	buf_puts(&b, " </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
	return buf_take(&b);
}

/* The uncompressed /Metadata stream of the catalog. */
static void
metadata(struct tag *t, const struct pdf_meta *m)
{
	char *x = xmp_packet(t, m);
	HPDF_Dict s = HPDF_DictStream_New(t->pdf->mmgr, t->pdf->xref);
	if (s == NULL) {
		chk(t, HPDF_FAILD_TO_ALLOC_MEM);
		free(x);
		return;
	}
	s->filter = HPDF_STREAM_FILTER_NONE;
	chk(t, HPDF_Dict_AddName(s, "Type", "Metadata"));
	chk(t, HPDF_Dict_AddName(s, "Subtype", "XML"));
	chk(t, HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)x, (HPDF_UINT)strlen(x)));
	chk(t, HPDF_Dict_Add(t->pdf->catalog, "Metadata", s));
	free(x);
}

/* ---- catalog, trailer ---- */

static void
catalog(struct tag *t, const struct pdf_meta *m)
{
	HPDF_MMgr mm = t->pdf->mmgr;
	HPDF_Dict mark = HPDF_Dict_New(mm);
	HPDF_Dict vp = HPDF_Dict_New(mm);
	chk(t, HPDF_Dict_Add(t->pdf->catalog, "MarkInfo", mark));
	chk(t, HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(mm, HPDF_TRUE)));
	chk(t, HPDF_Dict_Add(t->pdf->catalog, "ViewerPreferences", vp));
	chk(t, HPDF_Dict_Add(vp, "DisplayDocTitle", HPDF_Boolean_New(mm, HPDF_TRUE)));
	chk(t, HPDF_Dict_Add(t->pdf->catalog, "Lang",
	    HPDF_String_New(mm, m->lang ? m->lang : "da-DK", NULL)));
	metadata(t, m);
}

static void
trailer_id(struct tag *t, const struct pdf_meta *m)
{
	HPDF_MMgr mm = t->pdf->mmgr;
	HPDF_Array id = HPDF_Array_New(mm);
	chk(t, HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)m->id, 16)));
	chk(t, HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)m->id, 16)));
	chk(t, HPDF_Dict_Add(t->pdf->trailer, "ID", id));
	t->pdf->pdf_version = HPDF_VER_17;
}

/* ---- font descriptors (made by libharu at save) ---- */

static HPDF_Dict_BeforeWriteFunc harus_before_write; /* libharu's CIDFontType2 hook */

/* /CIDSet: one bit per CID whose glyph is in the subset (CID = code point,
 * composite components included; CID 0 is .notdef). */
static HPDF_STATUS
add_cidset(HPDF_Dict font, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)def->attr;
	HPDF_BYTE bits[65536 / 8] = {0x80};
	size_t len = 1;
	for (uint32_t cp = 1; cp < 0x10000; cp++) {
		HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
		if (gid != 0 && gid < da->num_glyphs && da->glyph_tbl.flgs[gid]) {
			bits[cp >> 3] |= (HPDF_BYTE)(0x80u >> (cp & 7));
			len = (cp >> 3) + 1;
		}
	}
	HPDF_Dict s = HPDF_DictStream_New(font->mmgr, ((HPDF_FontAttr)font->attr)->xref);
	if (s == NULL)
		return HPDF_FAILD_TO_ALLOC_MEM;
	s->filter = font->filter;
	HPDF_STATUS st = HPDF_Stream_Write(s->stream, bits, (HPDF_UINT)len);
	return st != HPDF_OK ? st : HPDF_Dict_Add(def->descriptor, "CIDSet", s);
}

/* Runs libharu's hook (which makes the FontDescriptor), then adds /CapHeight. */
static HPDF_STATUS
desc_before_write(HPDF_Dict font)
{
	HPDF_STATUS st = harus_before_write(font);
	HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
	if (st != HPDF_OK || def->descriptor == NULL)
		return st;
	if (HPDF_Dict_GetItem(def->descriptor, "CapHeight", HPDF_OCLASS_NUMBER) != NULL)
		return HPDF_OK;
	return HPDF_Dict_AddNumber(def->descriptor, "CapHeight", def->cap_height);
}

/* The same, plus /CIDSet (PDF/A-1 wants one in every subset CID font). */
static HPDF_STATUS
desc_cidset_before_write(HPDF_Dict font)
{
	HPDF_STATUS st = desc_before_write(font);
	HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
	if (st != HPDF_OK || def->descriptor == NULL
	    || HPDF_Dict_GetItem(def->descriptor, "CIDSet", HPDF_OCLASS_DICT) != NULL)
		return st;
	return add_cidset(font, def);
}

static void
hook_descriptors(struct tag *t, int cidset)
{
	for (size_t i = 0; i < t->nfonts; i++) {
		HPDF_Font f = t->font[i]->font;
		if (harus_before_write == NULL)
			harus_before_write = f->before_write_fn;
		if (f->before_write_fn == harus_before_write)
			f->before_write_fn = cidset ? desc_cidset_before_write : desc_before_write;
	}
}

/* ---- PDF/A-1 ---- */

static int
output_intent(struct tag *t, const char *icc)
{
	FILE *f = fopen(icc, "rb");
	if (f == NULL) {
		diag(M_IO_OPEN, NULL, icc);
		return 3;
	}
	fclose(f);
	HPDF_MMgr mm = t->pdf->mmgr;
	HPDF_OutputIntent prof = HPDF_LoadIccProfileFromFile(t->pdf, icc, 3);
	if (prof == NULL)
		return tag_status(t) ? 3 : tag_bad("cannot load the ICC profile");
	HPDF_Array a = HPDF_Array_New(mm);
	HPDF_Dict oi = HPDF_Dict_New(mm);
	chk(t, HPDF_Dict_Add(t->pdf->catalog, "OutputIntents", a));
	chk(t, HPDF_Array_Add(a, oi));
	chk(t, HPDF_Dict_AddName(oi, "Type", "OutputIntent"));
	chk(t, HPDF_Dict_AddName(oi, "S", "GTS_PDFA1"));
	chk(t, HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL)));
	chk(t, HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL)));
	chk(t, HPDF_Dict_Add(oi, "RegistryName", HPDF_String_New(mm, "http://www.color.org", NULL)));
	chk(t, HPDF_Dict_Add(oi, "DestOutputProfile", prof));
	return tag_status(t);
}

static int
pdfa(struct tag *t, const struct pdf_meta *m)
{
	char *icc = m->icc_path ? xstrdup(m->icc_path)
	                        : xasprintf("%s/sRGB.icc", m->font_dir ? m->font_dir : "fonts");
	int st = output_intent(t, icc);
	free(icc);
	return st;
}

int
tag_finish(struct tag *t, const struct pdf_meta *m)
{
	if (t->open_page != NULL)
		return tag_bad("marked content left open");
	int st = struct_tree(t);
	if (st)
		return st;
	for (size_t i = 0; i < t->nfonts; i++) {
		to_unicode(t, t->font[i]);
		fix_ordering(t, t->font[i]);
	}
	catalog(t, m);
	trailer_id(t, m);
	hook_descriptors(t, m->pdfa);
	if (m->pdfa && (st = pdfa(t, m)) != 0)
		return st;
	return tag_status(t);
}
