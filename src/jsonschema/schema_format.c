/*
 * schema_format - format checks; see schema_format.h for what each accepts.
 *
 * Unicode properties for internationalized host names come from PCRE2's
 * tables: a code point's class is decided by matching its UTF-8 encoding
 * against a one-character pattern, so no Unicode data is duplicated here.
 * Only the IDNA2008 rules those properties can decide are applied (the full
 * derived property table and the Bidi rule are not).
 */
#include "schema_format.h"

#include "ecma_regex.h"
#include "text.h"
#include "uri.h"

#include <stdint.h>
#include <string.h>

static const struct {
	const char *name;
	enum fc_format format;
} format_names[] = {
        {"date-time", FC_FORMAT_DATE_TIME},
        {"date", FC_FORMAT_DATE},
        {"time", FC_FORMAT_TIME},
        {"ipv4", FC_FORMAT_IPV4},
        {"ipv6", FC_FORMAT_IPV6},
        {"hostname", FC_FORMAT_HOSTNAME},
        {"uri", FC_FORMAT_URI},
        {"email", FC_FORMAT_EMAIL},
        {"uuid", FC_FORMAT_UUID},
        {"regex", FC_FORMAT_REGEX},
};

enum fc_format fc_format_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strlen(format_names[i].name) == len &&
		    memcmp(format_names[i].name, name, len) == 0)
			return format_names[i].format;
	return FC_FORMAT_UNKNOWN;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads n ASCII digits at s; -1 when any is not a digit. */
static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool check_date(const char *s, size_t len)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1)
		return false;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int max = mdays[m - 1] + (m == 2 && is_leap_year(y));
	return d <= max;
}

/* full-time = partial-time time-offset (RFC 3339 section 5.6). */
static bool check_time(const char *s, size_t len)
{
	if (len < 9 || s[2] != ':' || s[5] != ':')
		return false;
	int h = digits(s, 2), m = digits(s + 3, 2), sec = digits(s + 6, 2);
	if (h < 0 || m < 0 || sec < 0 || h > 23 || m > 59 || sec > 60)
		return false;
	size_t i = 8;
	if (i < len && s[i] == '.') {
		size_t start = ++i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == start)
			return false;
	}
	if (i >= len)
		return false;
	int offset = 0; /* minutes east of UTC */
	if (s[i] == 'Z' || s[i] == 'z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		if (len - i != 6 || s[i + 3] != ':')
			return false;
		int oh = digits(s + i + 1, 2), om = digits(s + i + 4, 2);
		if (oh < 0 || om < 0 || oh > 23 || om > 59)
			return false;
		offset = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
		i += 6;
	} else {
		return false;
	}
	if (i != len)
		return false;
	if (sec == 60) {
		int utc = ((h * 60 + m - offset) % 1440 + 1440) % 1440;
		if (utc != 23 * 60 + 59)
			return false;
	}
	return true;
}

static bool check_date_time(const char *s, size_t len)
{
	if (len < 11 || (s[10] != 'T' && s[10] != 't'))
		return false;
	return check_date(s, 10) && check_time(s + 11, len - 11);
}

static bool check_uuid(const char *s, size_t len)
{
	if (len != 36)
		return false;
	for (size_t i = 0; i < len; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : fc_text_hex_value(s[i]) < 0)
			return false;
	}
	return true;
}

/* --- host names ---------------------------------------------------------- */

#define MAX_LABEL_CPS 64

/* One-character Unicode classes, compiled once per host name check. */
enum cp_class {
	CLASS_MARK,
	CLASS_PVALID,
	CLASS_DISALLOWED,
	CLASS_GREEK,
	CLASS_HEBREW,
	CLASS_KANA_HAN,
	CLASS_VIRAMA,
	CLASS_JOINING,
	CLASS_TRANSPARENT,
	CLASS_COUNT,
};

static const char *const class_patterns[CLASS_COUNT] = {
        [CLASS_MARK] = "\\p{M}",
        [CLASS_PVALID] = "[\\p{Ll}\\p{Lo}\\p{Lm}\\p{Mn}\\p{Mc}\\p{Nd}\\x{DF}\\x{3C2}\\x{6FD}"
                         "\\x{6FE}\\x{F0B}\\x{3007}\\-]",
        [CLASS_DISALLOWED] = "[\\x{640}\\x{7FA}\\x{302E}\\x{302F}\\x{3031}-\\x{3035}\\x{303B}]",
        [CLASS_GREEK] = "\\p{Greek}",
        [CLASS_HEBREW] = "\\p{Hebrew}",
        [CLASS_KANA_HAN] = "[\\p{Hiragana}\\p{Katakana}\\p{Han}]",
        [CLASS_VIRAMA] = "[\\x{94D}\\x{9CD}\\x{A4D}\\x{ACD}\\x{B4D}\\x{BCD}\\x{C4D}\\x{CCD}"
                         "\\x{D3B}\\x{D3C}\\x{D4D}\\x{DCA}\\x{E3A}\\x{EBA}\\x{F84}\\x{1039}"
                         "\\x{103A}\\x{1714}\\x{1715}\\x{1734}\\x{17D2}\\x{1A60}\\x{1B44}"
                         "\\x{1BAA}\\x{1BAB}\\x{1BF2}\\x{1BF3}\\x{2D7F}\\x{A806}\\x{A82C}"
                         "\\x{A8C4}\\x{A953}\\x{A9C0}\\x{AAF6}\\x{ABED}\\x{10A3F}\\x{11046}"
                         "\\x{11070}\\x{1107F}\\x{110B9}\\x{11133}\\x{11134}\\x{111C0}"
                         "\\x{11235}\\x{112EA}\\x{1134D}\\x{11442}\\x{114C2}\\x{115BF}"
                         "\\x{1163F}\\x{116B6}\\x{1172B}\\x{11839}\\x{1193D}\\x{1193E}"
                         "\\x{119E0}\\x{11A34}\\x{11A47}\\x{11A99}\\x{11C3F}\\x{11D44}"
                         "\\x{11D45}\\x{11D97}]",
        [CLASS_JOINING] = "(?=\\p{L})[\\p{Arabic}\\p{Syriac}\\p{Nko}\\p{Mongolian}\\p{Mandaic}"
                          "\\p{Manichaean}\\p{Psalter_Pahlavi}\\p{Adlam}\\p{Phags_Pa}]",
        [CLASS_TRANSPARENT] = "[\\p{Mn}\\p{Me}\\p{Cf}]",
};

struct classifier {
	pcre2_code *re[CLASS_COUNT];
	pcre2_match_data *md;
	bool broken; /* a pattern did not compile: treat A-labels as invalid */
};

static void classifier_init(struct classifier *cl)
{
	memset(cl, 0, sizeof(*cl));
	for (int k = 0; k < CLASS_COUNT; k++) {
		int code;
		PCRE2_SIZE off;
		cl->re[k] = pcre2_compile((PCRE2_SPTR)class_patterns[k], PCRE2_ZERO_TERMINATED,
		                          PCRE2_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED, &code,
		                          &off, NULL);
		if (!cl->re[k])
			cl->broken = true;
	}
	cl->md = pcre2_match_data_create(1, NULL);
	if (!cl->md)
		cl->broken = true;
}

static void classifier_release(struct classifier *cl)
{
	for (int k = 0; k < CLASS_COUNT; k++)
		pcre2_code_free(cl->re[k]);
	pcre2_match_data_free(cl->md);
}

static bool is_class(struct classifier *cl, enum cp_class k, uint32_t cp)
{
	char b[4];
	size_t n = fc_text_utf8_encode(cp, b);
	return pcre2_match(cl->re[k], (PCRE2_SPTR)b, n, 0, 0, cl->md, NULL) >= 0;
}

/* RFC 3492 bias adaptation. */
static uint32_t adapt(uint32_t delta, uint32_t points, bool first)
{
	delta = first ? delta / 700 : delta / 2;
	delta += delta / points;
	uint32_t k = 0;
	while (delta > ((36 - 1) * 26) / 2) {
		delta /= 36 - 1;
		k += 36;
	}
	return k + (36 - 1 + 1) * delta / (delta + 38);
}

/*
 * Decodes the Punycode s (the part after "xn--") into out; returns the number
 * of code points or -1.
 */
static int punycode_decode(const char *s, size_t len, uint32_t *out)
{
	size_t b = 0;
	bool has_delim = false;
	for (size_t j = 0; j < len; j++)
		if (s[j] == '-') {
			b = j;
			has_delim = true;
		}
	size_t n_out = 0;
	if (has_delim) {
		if (b > MAX_LABEL_CPS)
			return -1;
		for (size_t j = 0; j < b; j++) {
			if ((unsigned char)s[j] >= 0x80)
				return -1;
			out[n_out++] = (unsigned char)s[j];
		}
	}
	uint32_t n = 128, i = 0, bias = 72;
	size_t in = has_delim ? b + 1 : 0;
	while (in < len) {
		uint32_t oldi = i, w = 1;
		for (uint32_t k = 36;; k += 36) {
			if (in >= len)
				return -1;
			char c = s[in++];
			uint32_t digit;
			if (c >= 'a' && c <= 'z')
				digit = (uint32_t)(c - 'a');
			else if (c >= 'A' && c <= 'Z')
				digit = (uint32_t)(c - 'A');
			else if (c >= '0' && c <= '9')
				digit = (uint32_t)(c - '0') + 26;
			else
				return -1;
			if (digit > (UINT32_MAX - i) / w)
				return -1;
			i += digit * w;
			uint32_t t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
			if (digit < t)
				break;
			if (w > UINT32_MAX / (36 - t))
				return -1;
			w *= 36 - t;
		}
		uint32_t points = (uint32_t)n_out + 1;
		bias = adapt(i - oldi, points, oldi == 0);
		if (i / points > UINT32_MAX - n)
			return -1;
		n += i / points;
		i %= points;
		if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) || n_out >= MAX_LABEL_CPS)
			return -1;
		memmove(out + i + 1, out + i, (n_out - i) * sizeof(*out));
		out[i] = n;
		n_out++;
		i++;
	}
	return (int)n_out;
}

/* IDNA2008 checks on a decoded U-label (RFC 5891 section 5.4, RFC 5892). */
static bool check_ulabel(struct classifier *cl, const uint32_t *u, size_t n)
{
	if (n == 0 || cl->broken)
		return false;
	bool non_ascii = false;
	for (size_t k = 0; k < n; k++)
		non_ascii |= u[k] >= 0x80;
	if (!non_ascii || u[0] == '-' || u[n - 1] == '-')
		return false;
	if (n >= 4 && u[2] == '-' && u[3] == '-')
		return false;
	if (is_class(cl, CLASS_MARK, u[0]))
		return false;
	bool arabic_indic = false, extended_arabic_indic = false, katakana_dot = false;
	bool kana_han = false;
	for (size_t k = 0; k < n; k++) {
		uint32_t c = u[k];
		bool contextual = c == 0xb7 || c == 0x375 || c == 0x5f3 || c == 0x5f4 ||
		                  c == 0x30fb || c == 0x200c || c == 0x200d;
		if (!contextual) {
			if (c < 0x80) {
				if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
					return false;
			} else if (!is_class(cl, CLASS_PVALID, c) ||
			           is_class(cl, CLASS_DISALLOWED, c)) {
				return false;
			}
		}
		switch (c) {
		case 0xb7: /* MIDDLE DOT: between two 'l' */
			if (k == 0 || k + 1 >= n || u[k - 1] != 'l' || u[k + 1] != 'l')
				return false;
			break;
		case 0x375: /* GREEK KERAIA: followed by Greek */
			if (k + 1 >= n || !is_class(cl, CLASS_GREEK, u[k + 1]))
				return false;
			break;
		case 0x5f3:
		case 0x5f4: /* HEBREW GERESH, GERSHAYIM: preceded by Hebrew */
			if (k == 0 || !is_class(cl, CLASS_HEBREW, u[k - 1]))
				return false;
			break;
		case 0x30fb: katakana_dot = true; break;
		case 0x200d: /* ZERO WIDTH JOINER: after a virama */
			if (k == 0 || !is_class(cl, CLASS_VIRAMA, u[k - 1]))
				return false;
			break;
		case 0x200c: /* ZERO WIDTH NON-JOINER: after a virama or between joiners */
			if (k > 0 && is_class(cl, CLASS_VIRAMA, u[k - 1]))
				break;
			{
				size_t a = k;
				while (a > 0 && is_class(cl, CLASS_TRANSPARENT, u[a - 1]) &&
				       u[a - 1] != 0x200c)
					a--;
				size_t z = k + 1;
				while (z < n && is_class(cl, CLASS_TRANSPARENT, u[z]) &&
				       u[z] != 0x200c)
					z++;
				if (a == 0 || z >= n || !is_class(cl, CLASS_JOINING, u[a - 1]) ||
				    !is_class(cl, CLASS_JOINING, u[z]))
					return false;
			}
			break;
		default: break;
		}
		if (c >= 0x660 && c <= 0x669)
			arabic_indic = true;
		if (c >= 0x6f0 && c <= 0x6f9)
			extended_arabic_indic = true;
		if (c != 0x30fb && is_class(cl, CLASS_KANA_HAN, c))
			kana_han = true;
	}
	if (arabic_indic && extended_arabic_indic)
		return false;
	if (katakana_dot && !kana_han)
		return false;
	return true;
}

/* RFC 1123 host name; labels starting "xn--" must be valid A-labels. */
static bool check_hostname(const char *s, size_t len)
{
	if (len == 0 || len > 253)
		return false;
	struct classifier cl;
	bool have_classifier = false;
	bool ok = true;
	size_t start = 0;
	while (ok && start <= len) {
		size_t end = start;
		while (end < len && s[end] != '.')
			end++;
		const char *label = s + start;
		size_t n = end - start;
		if (n == 0 || n > 63 || label[0] == '-' || label[n - 1] == '-') {
			ok = false;
			break;
		}
		for (size_t i = 0; i < n; i++)
			if (!is_alpha(label[i]) && !is_digit(label[i]) && label[i] != '-')
				ok = false;
		if (ok && n >= 4 && (label[0] == 'x' || label[0] == 'X') &&
		    (label[1] == 'n' || label[1] == 'N') && label[2] == '-' && label[3] == '-') {
			uint32_t u[MAX_LABEL_CPS];
			int count = punycode_decode(label + 4, n - 4, u);
			if (count < 0) {
				ok = false;
			} else {
				if (!have_classifier) {
					classifier_init(&cl);
					have_classifier = true;
				}
				ok = check_ulabel(&cl, u, (size_t)count);
			}
		}
		start = end + 1;
		if (end == len)
			break;
	}
	if (have_classifier)
		classifier_release(&cl);
	return ok;
}

/* --- e-mail (RFC 5321 Mailbox) --------------------------------------------- */

static bool is_atext(char c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static bool check_email(const char *s, size_t len)
{
	size_t i = 0;
	if (len > 0 && s[0] == '"') {
		i = 1;
		for (;;) {
			if (i >= len)
				return false;
			char c = s[i];
			if (c == '"')
				break;
			if (c == '\\') {
				if (i + 1 >= len || s[i + 1] < 32 || s[i + 1] > 126)
					return false;
				i += 2;
				continue;
			}
			if (c < 32 || c > 126)
				return false;
			i++;
		}
		i++;
	} else {
		bool need_atom = true;
		while (i < len && s[i] != '@') {
			if (s[i] == '.') {
				if (need_atom)
					return false;
				need_atom = true;
			} else if (is_atext(s[i])) {
				need_atom = false;
			} else {
				return false;
			}
			i++;
		}
		if (need_atom)
			return false;
	}
	if (i > 64 || i >= len || s[i] != '@')
		return false;
	const char *d = s + i + 1;
	size_t dlen = len - i - 1;
	if (dlen >= 2 && d[0] == '[' && d[dlen - 1] == ']') {
		const char *lit = d + 1;
		size_t llen = dlen - 2;
		if (llen > 5 && memcmp(lit, "IPv6:", 5) == 0)
			return fc_uri_is_ipv6(lit + 5, llen - 5);
		return fc_uri_is_ipv4(lit, llen);
	}
	return check_hostname(d, dlen);
}

static bool check_regex(const char *s, size_t len)
{
	struct fc_strbuf err = FC_STRBUF_INIT;
	pcre2_code *re = fc_ecma_regex_compile(s, len, &err);
	fc_strbuf_release(&err);
	pcre2_code_free(re);
	return re != NULL;
}

bool fc_format_check(enum fc_format f, const char *s, size_t len)
{
	if (f != FC_FORMAT_REGEX && memchr(s, '\0', len))
		return false;
	switch (f) {
	case FC_FORMAT_UNKNOWN: return true;
	case FC_FORMAT_DATE_TIME: return check_date_time(s, len);
	case FC_FORMAT_DATE: return check_date(s, len);
	case FC_FORMAT_TIME: return check_time(s, len);
	case FC_FORMAT_IPV4: return fc_uri_is_ipv4(s, len);
	case FC_FORMAT_IPV6: return fc_uri_is_ipv6(s, len);
	case FC_FORMAT_HOSTNAME: return check_hostname(s, len);
	case FC_FORMAT_URI: return fc_uri_is_valid(s, len, true);
	case FC_FORMAT_EMAIL: return check_email(s, len);
	case FC_FORMAT_UUID: return check_uuid(s, len);
	case FC_FORMAT_REGEX: return check_regex(s, len);
	}
	return true;
}
