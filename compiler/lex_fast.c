// lex_fast.c — the scanner's common cases by hand, and what they share with
// flex's rules (lexer.l).
//
// flex's match loop costs ~23 instructions a match and ~9 a byte; most of a
// unit is names, numbers, plain literals, punctuators, blanks, line
// markers and attributes without literals, which a switch on each byte's
// class takes in a few instructions a byte (lex_scan_fast).  Whatever else
// the text holds (`#line`, attributes with literals or comments, prefixed
// and raw literals, UCNs, unterminated literals and comments, stray bytes)
// is handed to flex's rules one construct at a time (lex_hand_off in
// lexer.l), and the rules stay the scanner's definition of every token.
// The pieces both halves use are here too: the keyword table and its
// look-up by a name's first 8 bytes, pp-number kinds, line markers and the
// index of the files they name, and the growth of the token array.
//
// Nothing here needs flex's generated internals: what must see them (the
// scanner's buffer, YY_INPUT, the start conditions) stays in lexer.l.

#include "lex.h"

#include <stdlib.h>
#include <string.h>

// The token array has room for a token per byte of the unit (and the
// end), address space the kernel fills only as far as it is written
// (acc_reserve); out of add_token's line, which then needs no stack frame.
__attribute__((noinline)) void lex_grow_tokens(Unit *u)
{
  size_t cap = u->cap_toks ? 2 * (size_t)u->cap_toks : u->len + 2;
  u->toks = acc_reserve(u->toks, sizeof(Token) * (size_t)u->cap_toks,
                        sizeof(Token) * cap);
  u->cap_toks = (int)cap;
}

// Every keyword's spellings.  Async C's own (async, await, defer, try,
// catch) are keywords spelled bare (unless -fno-async-keywords) or with
// `__` before them (always), except in system headers (lex_name_kind).
static const struct {
  const char *name;
  int kind;
} keywords[] = {
    {"auto", TOK_AUTO},
    {"break", TOK_BREAK},
    {"case", TOK_CASE},
    {"char", TOK_CHAR},
    {"const", TOK_CONST},
    {"__const", TOK_CONST},
    {"__const__", TOK_CONST},
    {"continue", TOK_CONTINUE},
    {"default", TOK_DEFAULT},
    {"do", TOK_DO},
    {"double", TOK_DOUBLE},
    {"else", TOK_ELSE},
    {"enum", TOK_ENUM},
    {"extern", TOK_EXTERN},
    {"float", TOK_FLOAT},
    {"for", TOK_FOR},
    {"goto", TOK_GOTO},
    {"if", TOK_IF},
    {"inline", TOK_INLINE},
    {"__inline", TOK_INLINE},
    {"__inline__", TOK_INLINE},
    {"int", TOK_INT},
    {"long", TOK_LONG},
    {"register", TOK_REGISTER},
    {"restrict", TOK_RESTRICT},
    {"__restrict", TOK_RESTRICT},
    {"__restrict__", TOK_RESTRICT},
    {"return", TOK_RETURN},
    {"short", TOK_SHORT},
    {"signed", TOK_SIGNED},
    {"__signed", TOK_SIGNED},
    {"__signed__", TOK_SIGNED},
    {"sizeof", TOK_SIZEOF},
    {"static", TOK_STATIC},
    {"struct", TOK_STRUCT},
    {"switch", TOK_SWITCH},
    {"typedef", TOK_TYPEDEF},
    {"union", TOK_UNION},
    {"unsigned", TOK_UNSIGNED},
    {"void", TOK_VOID},
    {"volatile", TOK_VOLATILE},
    {"__volatile", TOK_VOLATILE},
    {"__volatile__", TOK_VOLATILE},
    {"while", TOK_WHILE},
    {"_Alignas", TOK_ALIGNAS},
    {"_Alignof", TOK_ALIGNOF},
    {"__alignof", TOK_ALIGNOF},
    {"__alignof__", TOK_ALIGNOF},
    {"_Atomic", TOK_ATOMIC},
    {"_Bool", TOK_BOOL},
    {"_Complex", TOK_COMPLEX},
    {"__complex", TOK_COMPLEX},
    {"__complex__", TOK_COMPLEX},
    {"_Imaginary", TOK_IMAGINARY},
    {"_Generic", TOK_GENERIC},
    {"_Noreturn", TOK_NORETURN},
    {"_Static_assert", TOK_STATIC_ASSERT},
    {"_Thread_local", TOK_THREAD_LOCAL},
    {"__thread", TOK_THREAD_LOCAL},
    {"asm", TOK_ASM},
    {"__asm", TOK_ASM},
    {"__asm__", TOK_ASM},
    {"__extension__", TOK_EXTENSION},
    {"typeof", TOK_TYPEOF},
    {"__typeof", TOK_TYPEOF},
    {"__typeof__", TOK_TYPEOF},
    {"typeof_unqual", TOK_TYPEOF},
    {"__typeof_unqual", TOK_TYPEOF},
    {"__typeof_unqual__", TOK_TYPEOF},
    {"__int128", TOK_INT128},
    {"__int128__", TOK_INT128},
    {"__float128", TOK_FLOATN},
    {"__float80", TOK_FLOATN},
    {"__ibm128", TOK_FLOATN},
    {"__bf16", TOK_FLOATN},
    {"__real__", TOK_REAL},
    {"__real", TOK_REAL},
    {"__imag__", TOK_IMAG},
    {"__imag", TOK_IMAG},
    {"__label__", TOK_LOCAL_LABEL},
    {"__auto_type", TOK_AUTO_TYPE},
    {"__builtin_va_arg", TOK_VA_ARG},
    {"__builtin_offsetof", TOK_OFFSETOF},
    {"__builtin_types_compatible_p", TOK_TYPES_COMPAT},
    {"_Nonnull", TOK_NULLABILITY},
    {"_Nullable", TOK_NULLABILITY},
    {"_Null_unspecified", TOK_NULLABILITY},
    {"__unaligned", TOK_NULLABILITY},
    {"async", TOK_ASYNC},
    {"await", TOK_AWAIT},
    {"defer", TOK_DEFER},
    {"try", TOK_TRY},
    {"catch", TOK_CATCH},
};

// The first 8 bytes of s[0, len) as a number, 0-padded, read without a
// byte outside s[0, len) (1 to 3 bytes: the first, middle and last; 4 to
// 7: two 4-byte words that overlap, so the bytes they share are equal).
static inline uint64_t head_word(const char *s, uint32_t len)
{
  uint64_t w;
  uint32_t a, b;
  if (len >= 8) {
    memcpy(&w, s, 8);
    return w;
  }
  if (len >= 4) {
    memcpy(&a, s, 4);
    memcpy(&b, s + len - 4, 4);
    return a | (uint64_t)b << 8 * (len - 4);
  }
  return (uint64_t)(unsigned char)s[0] |
         (uint64_t)(unsigned char)s[len >> 1] << 8 * (len >> 1) |
         (uint64_t)(unsigned char)s[len - 1] << 8 * (len - 1);
}

// A name's slot in the keyword index, from its head word and length (a
// multiplicative hash: the keywords take one probe or two).
static inline unsigned kw_hash(uint64_t head, uint32_t len)
{
  return (unsigned)(((head + len) * 0x9e3779b97f4a7c15u) >> 56) &
         (KW_SLOTS - 1);
}

// Builds the keyword index of a scan.
static void index_keywords(LexState *ls)
{
  _Static_assert(sizeof keywords / sizeof *keywords < 128,
                 "kw_len and kw_slot hold every keyword");
  _Static_assert(sizeof "__builtin_types_compatible_p" - 1 < 32,
                 "the longest keyword has a bit in kw_lens");
  for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++) {
    ls->kw_len[i] = (uint8_t)strlen(keywords[i].name);
    ls->kw_lens[(unsigned char)keywords[i].name[0]] |= 1u << ls->kw_len[i];
    ls->kw_head[i] = head_word(keywords[i].name, ls->kw_len[i]);
    unsigned h = kw_hash(ls->kw_head[i], ls->kw_len[i]);
    while (ls->kw_slot[h])
      h = (h + 1) & (KW_SLOTS - 1);
    ls->kw_slot[h] = (uint8_t)(i + 1);
  }
}

// The keyword spelled s[0, len), or 0: the head words compare the first
// 8 bytes (all of most keywords), memcmp the rest.
static inline int keyword_kind(const LexState *ls, const char *s, uint32_t len)
{
  if (len > 31 || !(ls->kw_lens[(unsigned char)s[0]] >> len & 1))
    return 0;
  uint64_t head = head_word(s, len);
  for (unsigned h = kw_hash(head, len);; h = (h + 1) & (KW_SLOTS - 1)) {
    int k = ls->kw_slot[h];
    if (!k)
      return 0;
    if (ls->kw_head[k - 1] == head && ls->kw_len[k - 1] == len &&
        (len <= 8 || !memcmp(keywords[k - 1].name + 8, s + 8, len - 8)))
      return keywords[k - 1].kind;
  }
}

// Whether kind is one of Async C's own keywords, which lex_name_kind
// decides on (the others are keywords wherever they are spelled).
static bool async_kind(int kind)
{
  _Static_assert(TOK_AWAIT == TOK_ASYNC + 1 && TOK_DEFER == TOK_ASYNC + 2 &&
                     TOK_TRY == TOK_ASYNC + 3 && TOK_CATCH == TOK_ASYNC + 4,
                 "the async keywords' kinds are consecutive");
  return kind >= TOK_ASYNC && kind <= TOK_CATCH;
}

// The kind of name s[0, len): a keyword or TOK_IDENTIFIER.  Async C's own
// keywords are identifiers inside system headers, and their bare
// spellings are under -fno-async-keywords.
int lex_name_kind(LexState *ls, const char *s, uint32_t len)
{
  int kind = keyword_kind(ls, s, len);
  if (!kind && len > 2 && s[0] == '_' && s[1] == '_' &&
      !async_kind(kind = keyword_kind(ls, s + 2, len - 2)))
    kind = 0;
  if (async_kind(kind)) {
    if (kind == TOK_TRY)
      ls->saw_try = true;  // contextual_try decides
    bool bare = s[0] != '_';
    if (ls->in_system || (bare && ls->u->opts->no_async_keywords))
      kind = 0;
  }
  return kind ? kind : TOK_IDENTIFIER;
}

// Integer or floating constant: a pp-number with a '.', or a decimal
// exponent, or a hexadecimal 'p' exponent is floating.
int lex_number_kind(const char *text, uint32_t len)
{
  bool hex = len > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  bool fl = false;
  for (uint32_t i = 0; i < len; i++) {
    char c = text[i];
    if (c == '.' || (!hex && (c == 'e' || c == 'E')) ||
        (hex && (c == 'p' || c == 'P')))
      fl = true;
  }
  return fl ? TOK_FLOAT_CONST : TOK_INT_CONST;
}

// A file name's hash in the index of files (FNV-1a).
static size_t name_hash(const char *s)
{
  size_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

// Enters file i in the name index, growing it to stay at most half full.
static void index_file(LexState *ls, int i)
{
  Unit *u = ls->u;
  if (!ls->file_slots || (size_t)u->nfiles * 2 > ls->file_mask) {
    size_t slots = ls->file_slots ? (ls->file_mask + 1) * 2 : 256;
    free(ls->file_slots);
    ls->file_slots = calloc(slots, sizeof(int));
    if (!ls->file_slots)
      acc_oom();
    ls->file_mask = slots - 1;
    for (int j = 0; j < u->nfiles; j++)
      if (j != i)
        index_file(ls, j);
  }
  size_t h = name_hash(u->files[i].name) & ls->file_mask;
  while (ls->file_slots[h])
    h = (h + 1) & ls->file_mask;
  ls->file_slots[h] = i + 1;
}

// Finds or adds a file by name (-1: MAX_FILES are named already); the name
// is unescaped from the marker.
// Generated code can name tens of thousands of files, so names are looked
// up in a hash index, not searched.
static int file_index(LexState *ls, const char *name, size_t n)
{
  Unit *u = ls->u;
  char tmp[4096];
  char *buf = n < sizeof tmp ? tmp : arena_alloc(&u->arena, n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (name[i] == '\\' && i + 1 < n)
      i++;
    buf[k++] = name[i];
  }
  buf[k] = '\0';
  // Markers mostly name the file they are in.
  if (ls->file < u->nfiles && !strcmp(u->files[ls->file].name, buf))
    return ls->file;
  if (ls->file_slots) {
    for (size_t h = name_hash(buf) & ls->file_mask; ls->file_slots[h];
         h = (h + 1) & ls->file_mask)
      if (!strcmp(u->files[ls->file_slots[h] - 1].name, buf))
        return ls->file_slots[h] - 1;
  }
  if (u->nfiles == MAX_FILES)
    return -1;  // (Token.file has room for no more)
  if (buf == tmp)
    buf = arena_strndup(&u->arena, tmp, k);
  if (u->nfiles == u->cap_files) {
    u->cap_files = u->cap_files ? u->cap_files * 2 : 64;
    u->files = acc_realloc(u->files, sizeof(SrcFile) * (size_t)u->cap_files);
  }
  memset(&u->files[u->nfiles], 0, sizeof(SrcFile));
  u->files[u->nfiles].name = buf;
  u->nfiles++;
  index_file(ls, u->nfiles - 1);
  return u->nfiles - 1;
}

// Whether file `name` is one of the runtime's headers (acrt*.h): they
// declare async functions, so they are read as Async C even from a system
// include directory — where they are once installed in /usr or /usr/local,
// since cc drops acc's -I for a directory it already searches as a system
// one.
static bool runtime_header(const char *name)
{
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  size_t n = strlen(base);
  return n >= 6 && !strncmp(base, "acrt", 4) && !strcmp(base + n - 2, ".h");
}

// `# 12 "file.h" 1 3 4`: the next line is line 12 of file.h; flag 3 marks
// a system header, 4 an implicit extern "C" block.
void lex_line_marker(LexState *ls, const char *text, size_t len, uint32_t off)
{
  const char *p = text, *end = text + len;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '#'))
    p++;
  if (p + 4 < end && !strncmp(p, "line", 4))
    p += 4;
  unsigned long line = strtoul(p, (char **)&p, 10);
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if (p < end && *p == '"') {
    const char *name = ++p;
    while (p < end && *p != '"') {
      if (*p == '\\' && p + 1 < end)
        p++;
      p++;
    }
    int f = file_index(ls, name, (size_t)(p - name));
    if (f < 0) {
      lex_error(ls, off, "more than %d files named by line markers", MAX_FILES);
      return;
    }
    bool sys = false;
    for (p++; p < end; p++)
      if (*p == '3' && (p[-1] == ' ' || p[-1] == '\t'))
        sys = true;
    ls->u->files[f].system = sys && !runtime_header(ls->u->files[f].name);
    ls->file = f;
    ls->in_system = ls->u->files[f].system;
  }
  // The marker's own newline is counted by the \n rule, so subtract one.
  ls->line = (uint32_t)line - 1;
}

// Before a scan: the input file is the unit's file 0 (unless the unit
// names files already), and the keyword index is built in the LexState.
void lex_prepare(LexState *ls)
{
  Unit *u = ls->u;
  if (u->nfiles == 0)
    file_index(ls, u->opts->input_name, strlen(u->opts->input_name));
  ls->in_system = u->files[ls->file].system;
  index_keywords(ls);
}

// clang-format off
// Bytes that may start (1) or continue (2) a name: {IDSTART}, {IDCHAR}.
static const uint8_t name_byte[256] = {
    ['$'] = 3, ['_'] = 3,
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2,
    ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
#define R8(c) [c] = 3, [c + 1] = 3, [c + 2] = 3, [c + 3] = 3, [c + 4] = 3, \
              [c + 5] = 3, [c + 6] = 3, [c + 7] = 3
    R8('A'), R8('I'), R8('Q'), ['Y'] = 3, ['Z'] = 3,
    R8('a'), R8('i'), R8('q'), ['y'] = 3, ['z'] = 3,
    R8(0x80), R8(0x88), R8(0x90), R8(0x98), R8(0xa0), R8(0xa8), R8(0xb0),
    R8(0xb8), R8(0xc0), R8(0xc8), R8(0xd0), R8(0xd8), R8(0xe0), R8(0xe8),
    R8(0xf0), R8(0xf8),
#undef R8
};

// The fast path's classes of bytes: each punctuator that may begin a
// longer one has a class of its own.
enum {
  B_STRAY, B_NAME, B_DIGIT, B_NL, B_BLANK, B_QUOTE, B_ONE, B_SLASH, B_DOT,
  B_MINUS, B_PLUS, B_LT, B_GT, B_EQ, B_BANG, B_AMP, B_BAR, B_STAR, B_PCT,
  B_CARET, B_COLON,
};

// Each byte's class: B_NAME for {IDSTART}, B_STRAY for what only flex's
// rules take ('#', '\\', '@', NULs, control bytes).
static const uint8_t byte_class[256] = {
    ['A' ... 'Z'] = B_NAME, ['a' ... 'z'] = B_NAME, ['_'] = B_NAME,
    ['$'] = B_NAME, [0x80 ... 0xff] = B_NAME, ['0' ... '9'] = B_DIGIT,
    ['\n'] = B_NL, [' '] = B_BLANK, ['\t'] = B_BLANK, ['\v'] = B_BLANK,
    ['\f'] = B_BLANK, ['\r'] = B_BLANK, ['"'] = B_QUOTE, ['\''] = B_QUOTE,
    [';'] = B_ONE, ['{'] = B_ONE, ['}'] = B_ONE, [','] = B_ONE,
    ['('] = B_ONE, [')'] = B_ONE, ['['] = B_ONE, [']'] = B_ONE,
    ['~'] = B_ONE, ['?'] = B_ONE, ['/'] = B_SLASH, ['.'] = B_DOT,
    ['-'] = B_MINUS, ['+'] = B_PLUS, ['<'] = B_LT, ['>'] = B_GT,
    ['='] = B_EQ, ['!'] = B_BANG, ['&'] = B_AMP, ['|'] = B_BAR,
    ['*'] = B_STAR, ['%'] = B_PCT, ['^'] = B_CARET, [':'] = B_COLON,
};
// clang-format on

// Bytes that continue a pp-number besides [eEpP][+-]: [0-9A-Za-z_.'].
static bool ppnum_byte(unsigned char c)
{
  return (name_byte[c] & 2 && c != '$' && c < 0x80) || c == '.' || c == '\'';
}

// The end of a literal that starts at p with quote q ({STRBODY} or
// {CHARBODY} and the closing quote), or NULL if it is unterminated (flex's
// rules report that).
static const char *literal_end(const char *p, const char *end, char q)
{
  for (p++; p < end; p++) {
    if (*p == q)
      return p + 1;
    if (*p == '\n')
      return NULL;
    if (*p == '\\' && ++p == end)
      return NULL;
  }
  return NULL;
}

// The end of `__attribute__((...))` whose parentheses start at q, if they
// hold no literal, comment or slash and only blanks come before the first
// '(' (else NULL: flex's ATTR rules take it); *lines counts its newlines.
static const char *attribute_end(const char *q, const char *end,
                                 uint32_t *lines)
{
  int depth = 0;
  uint32_t n = 0;
  for (; q < end; q++) {
    char c = *q;
    if (c == '(') {
      depth++;
    } else if (c == ')') {
      if (depth == 0)
        return NULL;
      if (--depth == 0) {
        *lines = n;
        return q + 1;
      }
    } else if (c == '\n') {
      n++;
    } else if (c == '"' || c == '\'' || c == '/' ||
               (depth == 0 && c != ' ' && c != '\t' && c != '\v' && c != '\f' &&
                c != '\r')) {
      return NULL;
    }
  }
  return NULL;
}

// The scanner's common cases by hand: names, keywords, pp-numbers,
// literals, punctuators, blanks, newlines, comments and plain attributes,
// each exactly as lexer.l's rules take them (longest match and all).
// What flex's rules do with more (line markers and `#` lines, attributes
// with literals or comments, prefixed and raw literals, UCNs,
// unterminated literals and comments, stray bytes) is handed to the flex
// scanner, which matches that one construct and returns (YY_BREAK in
// lexer.l).
// flex's match loop costs ~23 instructions a match and ~9 a byte; this
// one a few a byte.  The line, file and next token are kept in locals
// here, and written back for flex's actions at each hand-off.
void lex_scan_fast(LexState *ls, void *scanner)
{
#define OFF(p) ((uint32_t)((p)-base))
  Unit *u = ls->u;
  const char *base = u->text, *end = base + u->len;
  // The fast path starts no token on the last line unless a newline ends
  // it: that newline stops every loop that reads a byte ahead (names,
  // numbers, blanks, punctuators), so nothing reads past the text.  flex
  // takes the rest, through YY_INPUT, which knows where the text ends.
  const char *fast_end = u->len ? memrchr(base, '\n', u->len) : NULL;
  fast_end = fast_end ? fast_end + 1 : base;
  while ((size_t)(u->cap_toks - u->ntoks) <= u->len)
    lex_grow_tokens(u);
  ls->handoff = true;
  // The newline before the text (see scan in lexer.l).
  const char *p = base;
  while (p < end &&
         (*p == ' ' || *p == '\t' || *p == '\v' || *p == '\f' || *p == '\r'))
    p++;
  if (p < end && *p == '#') {
    if (!(p = lex_hand_off(ls, scanner, 0)))
      return;
  } else {
    ls->line++;
  }
  uint32_t line = ls->line, file = (uint32_t)ls->file;
  Token *t = u->toks + u->ntoks;
  for (;;) {
    if (p >= fast_end) {
      if (p >= end)
        break;
      goto flex;
    }
    // Blanks between tokens, without a trip through the switch.
    while (*p == ' ' || *p == '\t')
      p++;
    const char *q = p + 1;
    uint32_t len;
    int kind;
    unsigned char c = (unsigned char)*p;
    len = 0;
    // One jump on the byte's class (a jump table, not a tree of compares).
    switch (byte_class[c]) {
    case B_NAME:
      while (name_byte[(unsigned char)*q] & 2)
        q++;
      // A prefixed or raw literal, a UCN: flex's.
      if (*q == '"' || *q == '\'' || *q == '\\')
        goto flex;
      len = (uint32_t)(q - p);
      kind = TOK_IDENTIFIER;
      // Most names cannot be keywords (no keyword of their length starts
      // with their first byte, nor do they start with `__`): no look-up.
      if ((len <= 31 && ls->kw_lens[c] >> len & 1) ||
          (c == '_' && p[1] == '_')) {
        if (c == '_' && (len == 13 || len == 11) &&
            !memcmp(p, "__attribute__", len)) {
          uint32_t lines;
          const char *a = attribute_end(q, end, &lines);
          if (!a)
            goto flex;
          t = put_token(t, TOK_ATTRIBUTE, OFF(p), (uint32_t)(a - p), line,
                        file);
          line += lines;
          p = a;
          continue;
        }
        kind = keyword_kind(ls, p, len);
        // Async C's keywords and `__` spellings: lex_name_kind decides.
        if (kind ? async_kind(kind) : c == '_' && p[1] == '_')
          kind = lex_name_kind(ls, p, len);
        else if (!kind)
          kind = TOK_IDENTIFIER;
      }
      t = put_token(t, kind, OFF(p), len, line, file);
      p = q;
      continue;
    case B_NL:
      while (q < end && (*q == ' ' || *q == '\t' || *q == '\v' || *q == '\f' ||
                         *q == '\r'))
        q++;
      if (q < end && *q == '#') {
        // `# 12 "file.h" 3` or `#pragma ...` (the rules' \n[ \t]*#...,
        // to the end of the line); `#line`, or \v \f \r before the '#'
        // (then the '#' is stray): flex's.
        const char *h = p + 1;
        while (*h == ' ' || *h == '\t')
          h++;
        if (h != q)
          goto flex;
        for (h++; h < end && (*h == ' ' || *h == '\t'); h++)
          ;
        if (h < end && *h == 'l')
          goto flex;
        const char *eol = memchr(q, '\n', (size_t)(end - q));
        if (!eol)
          eol = end;
        if (h < end && *h >= '0' && *h <= '9') {
          ls->line = line;
          u->ntoks = (int)(t - u->toks);
          lex_line_marker(ls, p + 1, (size_t)(eol - p - 1), OFF(p) + 1);
          line = ls->line;
          file = (uint32_t)ls->file;
          t = u->toks + u->ntoks;
        } else {
          line++;
        }
        p = eol;
        continue;
      }
      line++;
      p = q;
      continue;
    case B_BLANK:
      while (q < end && (*q == ' ' || *q == '\t' || *q == '\v' || *q == '\f' ||
                         *q == '\r'))
        q++;
      p = q;
      continue;
    case B_DIGIT:
    number:
      for (;;) {
        unsigned char d = (unsigned char)*q;
        if ((d == 'e' || d == 'E' || d == 'p' || d == 'P') &&
            (q[1] == '+' || q[1] == '-'))
          q += 2;
        else if (q < end && ppnum_byte(d))
          q++;
        else
          break;
      }
      len = (uint32_t)(q - p);
      // One digit is an integer; anything longer is looked at.
      kind = len == 1 ? TOK_INT_CONST : lex_number_kind(p, len);
      t = put_token(t, kind, OFF(p), len, line, file);
      p = q;
      continue;
    case B_QUOTE:
      q = literal_end(p, end, *p);
      if (!q)
        goto flex;
      t = put_token(t, c == '"' ? TOK_STRING : TOK_CHAR_CONST, OFF(p),
                    (uint32_t)(q - p), line, file);
      p = q;
      continue;
    case B_SLASH:
      if (*q == '*') {
        uint32_t lines = 0;
        for (q++; q + 1 < end && !(q[0] == '*' && q[1] == '/'); q++)
          lines += *q == '\n';
        if (q + 1 >= end)
          goto flex;  // unterminated
        line += lines;
        p = q + 2;
        continue;
      }
      if (*q == '/') {
        while (q < end && *q != '\n')
          q++;
        p = q;
        continue;
      }
      kind = *q == '=' ? TOK_DIV_ASSIGN : '/';
      break;
    case B_DOT:
      if (*q >= '0' && *q <= '9') {
        q++;
        goto number;
      }
      if (q[0] == '.' && q[1] == '.')
        kind = TOK_ELLIPSIS, len = 3;
      else
        kind = '.';
      break;
    case B_MINUS:
      kind = *q == '>'   ? TOK_ARROW
             : *q == '-' ? TOK_DEC
             : *q == '=' ? TOK_SUB_ASSIGN
                         : '-';
      break;
    case B_PLUS:
      kind = *q == '+' ? TOK_INC : *q == '=' ? TOK_ADD_ASSIGN : '+';
      break;
    case B_LT:
      if (*q == '<' && q[1] == '=')
        kind = TOK_SHL_ASSIGN, len = 3;
      else
        kind = *q == '<'   ? TOK_SHL
               : *q == '=' ? TOK_LE
               : *q == ':' ? '['
               : *q == '%' ? '{'
                           : '<';
      break;
    case B_GT:
      if (*q == '>' && q[1] == '=')
        kind = TOK_SHR_ASSIGN, len = 3;
      else
        kind = *q == '>' ? TOK_SHR : *q == '=' ? TOK_GE : '>';
      break;
    case B_EQ: kind = *q == '=' ? TOK_EQ : '='; break;
    case B_BANG: kind = *q == '=' ? TOK_NE : '!'; break;
    case B_AMP:
      kind = *q == '&' ? TOK_ANDAND : *q == '=' ? TOK_AND_ASSIGN : '&';
      break;
    case B_BAR:
      kind = *q == '|' ? TOK_OROR : *q == '=' ? TOK_OR_ASSIGN : '|';
      break;
    case B_STAR: kind = *q == '=' ? TOK_MUL_ASSIGN : '*'; break;
    case B_PCT:
      kind = *q == '=' ? TOK_MOD_ASSIGN : *q == '>' ? '}' : '%';
      break;
    case B_CARET: kind = *q == '=' ? TOK_XOR_ASSIGN : '^'; break;
    case B_COLON: kind = *q == '>' ? ']' : ':'; break;
    case B_ONE:
      t = put_token(t, c, OFF(p), 1, line, file);
      p = q;
      continue;
    default: goto flex;  // '#', '\\', '@', a NUL, a control byte: stray
    }
    // A punctuator: two bytes unless its spelling is one ('<' and '<:'
    // have kinds of one byte; len says which) or three.
    if (len == 0)
      len = kind == c ? 1u : 2u;
    t = put_token(t, kind, OFF(p), len, line, file);
    p += len;
    continue;
  flex:
    ls->line = line;
    u->ntoks = (int)(t - u->toks);
    p = lex_hand_off(ls, scanner, (size_t)(p - base) + 1);
    line = ls->line;
    file = (uint32_t)ls->file;
    t = u->toks + u->ntoks;
    if (!p)
      return;  // the end of the input, or an error that ends the scan
  }
  ls->line = line;
  u->ntoks = (int)(t - u->toks);
#undef OFF
}
