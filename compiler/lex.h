// lex.h — what the scanner's two halves share (internal to the lexer).
//
//   lexer.l     flex's rules and the glue that sees flex's internals: the
//               text given to flex (YY_INPUT), the hand-off of one
//               construct to the rules, the scan of a unit (lex_unit), and
//               the passes after it (contextual `try`, comments put back)
//   lex_fast.c  the hand-written fast path that takes the common tokens,
//               and what it shares with the rules: the keyword table and
//               its look-up, pp-number kinds, line markers and the index of
//               files, the token array's growth
//
// The two halves fill the same token array, each exactly as the other
// would: the check build (ACC_NODE_CHECK) scans each unit with both and
// compares (check_fast_path in lexer.l).
#ifndef ACC_LEX_H
#define ACC_LEX_H

#include "acc.h"

// Keywords are spelled in a table, not in the scanner's rules: a name is
// looked up in it (lex_name_kind), so the DFA has no state per keyword
// letter.
#define KW_SLOTS 256  // a power of two, over twice the keywords

// A scan's state (flex's yyextra; no globals).
typedef struct LexState {
  Unit *u;
  // flex reads the text through YY_INPUT (lex_input), as if a newline
  // came before it: vfill is the position, in that text with the newline,
  // of the next byte to give flex.
  size_t vfill;
  bool one_line;        // lex_input gives flex no more than a line
  uint32_t line;        // original line of the current position
  int file;             // index in u->files of the current file
  bool in_system;       // the current file is a system header
  int attr_depth;       // parenthesis depth inside __attribute__
  uint32_t attr_start;  // offset where the attribute began
  uint32_t attr_line;
  uint32_t comment_start;
  uint32_t raw_start;  // where the raw string literal began
  uint32_t raw_line;
  char raw_delim[17];  // its delimiter: at most 16 characters
  int errors;
  bool saw_try;    // a `try` was scanned: contextual_try has work
  bool handoff;    // flex matches one construct, then returns (scan)
  bool flex_only;  // no fast path (the check build's second scan)
  bool quiet;      // count lexical errors, report none
  // lex_merge_comments: the comments seen (NULL: not recorded), and no
  // diagnostics, since that text is only read for its comments.
  struct CommentVec *comments;
  // Index of u->files by name: open addressing, slot = file index + 1.
  int *file_slots;
  size_t file_mask;           // slots - 1; slots is a power of two
  uint8_t kw_slot[KW_SLOTS];  // keyword index + 1 by kw_hash, 0: empty
  uint32_t kw_lens[256];      // by first byte: bit n set if a keyword of
                              //   length n starts with it
  uint8_t kw_len[128];        // each keyword's length
  uint64_t kw_head[128];      // each keyword's first 8 bytes (head_word)
} LexState;

//
// lex_fast.c
//

// Makes room for more tokens (out of add_token's line: rare).
void lex_grow_tokens(Unit *u);
// Names the input file and builds the keyword index, before a scan.
void lex_prepare(LexState *ls);
// The kind of name s[0, len): a keyword or TOK_IDENTIFIER.
int lex_name_kind(LexState *ls, const char *s, uint32_t len);
// A pp-number's kind: TOK_INT_CONST or TOK_FLOAT_CONST.
int lex_number_kind(const char *text, uint32_t len);
// Follows the line marker text[0, len) at offset off.
void lex_line_marker(LexState *ls, const char *text, size_t len, uint32_t off);
// Scans all of ls->u's text, handing what it does not take to flex's rules
// (scanner is flex's yyscan_t).
void lex_scan_fast(LexState *ls, void *scanner);

//
// lexer.l
//

// Reports a lexical error at offset off (or only counts it).
void lex_error(LexState *ls, uint32_t off, const char *fmt, ...)
    ACC_PRINTF(3, 4);
// Hands the text from position vpos to flex's rules for one construct:
// where flex stopped, or NULL if the scan is over.
const char *lex_hand_off(LexState *ls, void *scanner, size_t vpos);

// A whole token stored at once, with no check of the array's room: the
// fast path's store (lex_scan_fast reserves a token per byte of the text,
// and each token it stores takes at least one byte), and add_token's once
// it made room.
static inline Token *put_token(Token *t, int kind, uint32_t off, uint32_t len,
                               uint32_t line, uint32_t file)
{
  *t = (Token){.off = off,
               .len = len,
               .line = line,
               .kind = (unsigned)kind,
               .file = file};
  return t + 1;
}

// Appends a token at the current line and file (flex's rules, errors).
static inline void add_token(LexState *ls, int kind, uint32_t off, uint32_t len)
{
  Unit *u = ls->u;
  int n = u->ntoks;
  if (n == u->cap_toks)
    lex_grow_tokens(u);
  u->ntoks = n + 1;
  put_token(&u->toks[n], kind, off, len, ls->line, (uint32_t)ls->file);
}

#endif
