// acc.h — declarations shared by the phases of acc, the Async C compiler.
//
// Sections are named after the file that defines what they declare, in
// pipeline order:
//
//   source text ─► lexer.l ─► tokens ─► parser.y ─► AST ─► sema.c ─► emit.c
//
// The translator never re-prints ordinary C: the AST records, for every
// node, the range of tokens it was parsed from, and the emitter copies the
// preprocessed text through, replacing only the spans that Async C changes
// (async prototypes, async function bodies).  That keeps the meaning of
// plain C intact by construction, GNU extensions and all.
#ifndef ACC_ACC_H
#define ACC_ACC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ACC_PRINTF(f, a) __attribute__((format(printf, f, a)))

// Internal compiler errors: a bug in acc, never the user's fault.
#define UNREACHABLE() diag_ice(__FILE__, __LINE__, "unreachable")

typedef struct Arena Arena;
typedef struct Unit Unit;
typedef struct Token Token;
typedef struct Node Node;
typedef struct Scope Scope;
typedef struct Symbol Symbol;

//
// arena.c — bump allocator that owns every token, node and name of a unit
//

struct Arena {
  struct ArenaBlock *head; // newest block; each block links to the previous
  size_t used;             // bytes used in the newest block
  size_t cap;              // capacity of the newest block
};

void *arena_alloc(Arena *a, size_t size); // zeroed, 16-byte aligned
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) ACC_PRINTF(2, 3);
void arena_free(Arena *a);

//
// strbuf.c — growable byte buffer (the emitter writes into one)
//

typedef struct StrBuf {
  char *data;
  size_t len;
  size_t cap;
} StrBuf;

void sb_append(StrBuf *sb, const char *s, size_t n);
void sb_puts(StrBuf *sb, const char *s);
void sb_printf(StrBuf *sb, const char *fmt, ...) ACC_PRINTF(2, 3);
void sb_put_quoted(StrBuf *sb, const char *s);
void sb_line_marker(StrBuf *sb, unsigned line, const char *file);
void sb_free(StrBuf *sb);

//
// lexer.l — preprocessed text → array of tokens
//

// Token kinds are bison's (TOK_* from parser.h) or a character such as '('.
struct Token {
  int kind;       // TOK_* or a single-character token
  uint32_t off;   // byte offset of the spelling in Unit.text
  uint32_t len;   // length of the spelling in bytes
  uint32_t line;  // line in the original file, from the line markers
  uint32_t file;  // index in Unit.files (a unit may name any number)
  uint16_t flags; // TF_* below
};

enum {
  TF_SYSHDR = 1 // comes from a system header (line marker flag 3)
};

// A file named by a line marker.
typedef struct SrcFile {
  const char *name;  // as spelled in the marker, unescaped
  bool system;       // line marker flag 3: a system header
  char *contents;    // the file read from disk for diagnostics, or NULL
  size_t size;
  bool loaded;       // tried to read contents already
} SrcFile;

// Scans all of u->text into u->toks.  Returns the number of errors reported
// (unterminated comments and literals, stray characters).
int lex_unit(Unit *u);
const char *tok_name(int kind); // "'('", "identifier", "'while'" …

//
// diag.c — errors and warnings at a token, with the source line and a caret
//

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagLevel;

void diag_at(Unit *u, DiagLevel level, int tok, const char *fmt, ...)
    ACC_PRINTF(4, 5);
void diag_at_span(Unit *u, DiagLevel level, int first, int last,
                  const char *fmt, ...) ACC_PRINTF(5, 6);
void diag_vat(Unit *u, DiagLevel level, int first, int last, const char *fmt,
              va_list ap);
_Noreturn void diag_ice(const char *file, int line, const char *msg);
unsigned tok_column(const Unit *u, int tok);

// How many errors a unit may report before acc gives up on it.
#define MAX_ERRORS 20

//
// ast.c — the syntax tree
//
// One tagged struct for every kind of node (chibicc's "fat node").  Each
// node remembers the tokens it spans, which is all the emitter needs to copy
// ordinary C through unchanged.  Node kinds come from one X-macro list so the
// kind names in dumps can never drift from the enum.

#define NODE_KINDS(X)                                                          \
  /* top level */                                                              \
  X(UNIT)          /* body: external declarations */                           \
  X(FUNC_DEF)      /* specs, decl (declarator), body; async if is_async */    \
  X(DECL)          /* specs, list: INIT_DECLs; also struct members */         \
  X(INIT_DECL)     /* decl: declarator, init: initializer or NULL */          \
  X(RAW)           /* a construct the parser could not handle, kept as text */ \
  X(TOP_ASM)       /* asm("...") at file scope */                              \
  X(STATIC_ASSERT) /* lhs: condition, rhs: message or NULL */                 \
  /* declaration parts */                                                      \
  X(SPECS)         /* declaration specifiers; flags SPEC_*; sub: struct body */\
  X(DECLARATOR)    /* name (tok), list: suffixes/pointers, inner */            \
  X(PARAM)         /* a parameter: specs, decl (declarator or NULL) */         \
  X(TYPE_NAME)     /* specs, decl (abstract declarator or NULL) */            \
  X(INIT_LIST)     /* list: DESIG_INIT */                                      \
  X(DESIG_INIT)    /* list: designators, init: the initializer */              \
  X(ENUMERATOR)    /* name, lhs: value or NULL */                              \
  /* statements */                                                             \
  X(BLOCK)         /* list: block items */                                     \
  X(EXPR_STMT)     /* lhs: expression */                                       \
  X(NULL_STMT)     /* ; */                                                     \
  X(ATTR_STMT)     /* __attribute__((fallthrough)); */                         \
  X(IF)            /* cond, then, els */                                       \
  X(WHILE)         /* cond, body */                                            \
  X(DO)            /* body, cond */                                            \
  X(FOR)           /* init (DECL or EXPR_STMT or NULL), cond, inc, body */     \
  X(SWITCH)        /* cond, body */                                            \
  X(CASE)          /* lhs: value, rhs: range end or NULL, body */              \
  X(DEFAULT)       /* body */                                                  \
  X(LABEL)         /* name, body */                                            \
  X(LOCAL_LABELS)  /* __label__ a, b; */                                       \
  X(GOTO)          /* name */                                                  \
  X(GOTO_PTR)      /* goto *lhs; */                                            \
  X(BREAK)                                                                     \
  X(CONTINUE)                                                                  \
  X(RETURN)        /* lhs: value or NULL */                                    \
  X(ASM)           /* list: ASM_OPERANDs (outputs, then inputs) */             \
  X(ASM_OPERAND)   /* lhs: the C expression */                                 \
  X(DEFER)         /* body: the deferred statement */                          \
  /* expressions */                                                            \
  X(IDENT)         /* name; sym: what it refers to, or NULL */                 \
  X(NUM)           /* integer or floating constant */                          \
  X(CHAR)          /* character constant */                                    \
  X(STR)           /* string literal(s) */                                     \
  X(PAREN)         /* ( lhs ) */                                               \
  X(BINARY)        /* lhs op rhs, op: TOK_* or char */                         \
  X(LOGAND)        /* lhs && rhs */                                            \
  X(LOGOR)         /* lhs || rhs */                                            \
  X(ASSIGN)        /* lhs op rhs, op: '=' or a compound assignment */          \
  X(UNARY)         /* op lhs: & * + - ~ ! __real__ __imag__ __extension__ */   \
  X(PREINC)        /* ++lhs or --lhs (op) */                                   \
  X(POSTINC)       /* lhs++ or lhs-- (op) */                                   \
  X(COND)          /* cond ? then : els (then NULL for GNU a ?: b) */          \
  X(COMMA)         /* lhs , rhs */                                             \
  X(CALL)          /* lhs: callee, list: arguments */                          \
  X(INDEX)         /* lhs [ rhs ] */                                           \
  X(MEMBER)        /* lhs . name or lhs -> name (op) */                        \
  X(CAST)          /* ( type ) lhs */                                          \
  X(SIZEOF)        /* sizeof lhs, or sizeof ( type ) */                        \
  X(ALIGNOF)       /* _Alignof ( type ) or __alignof__ lhs */                  \
  X(COMPOUND_LIT)  /* ( type ) { init } */                                     \
  X(STMT_EXPR)     /* ({ body }) */                                            \
  X(GENERIC)       /* _Generic ( lhs , list: GENERIC_ASSOC ) */                \
  X(GENERIC_ASSOC) /* type (NULL for default) : lhs */                         \
  X(VA_ARG)        /* __builtin_va_arg ( lhs , type ) */                       \
  X(OFFSETOF)      /* __builtin_offsetof ( type , designator ) */              \
  X(TYPES_COMPAT)  /* __builtin_types_compatible_p ( type , type2 ) */         \
  X(LABEL_ADDR)    /* && name */                                               \
  X(AWAIT)         /* await lhs */

typedef enum {
#define X(k) ND_##k,
  NODE_KINDS(X)
#undef X
} NodeKind;

// Flags of a SPECS node: what the declaration specifiers said.
enum {
  SPEC_TYPEDEF = 1 << 0,
  SPEC_EXTERN = 1 << 1,
  SPEC_STATIC = 1 << 2,
  SPEC_AUTO = 1 << 3,
  SPEC_REGISTER = 1 << 4,
  SPEC_THREAD = 1 << 5,
  SPEC_INLINE = 1 << 6,
  SPEC_NORETURN = 1 << 7,
  SPEC_ASYNC = 1 << 8,
  SPEC_VOID = 1 << 9, // the type is plain `void` (no other type specifier)
};

// Kinds of DECLARATOR suffix/prefix parts, in Node.op of the part nodes.
enum { DP_POINTER = 1, DP_ARRAY, DP_FUNC };

struct Node {
  NodeKind kind;
  int first, last; // tokens spanned, inclusive (last < first: empty)
  int op;          // operator token, or DP_* for declarator parts
  int name;        // token of the name (IDENT, MEMBER, LABEL, …), or -1
  int flags;       // SPEC_* for SPECS; NF_* otherwise
  Node *lhs, *rhs;
  Node *cond, *then, *els;
  Node *init, *inc, *body;
  Node *specs;     // SPECS of a declaration, parameter, type name
  Node *decl;      // declarator
  Node *type;      // TYPE_NAME of casts, sizeof, compound literals, …
  Node *list;      // first element of a list (linked by next)
  Node *inner;     // DECLARATOR: the parenthesised inner declarator
  Node *next;      // next element in the enclosing list
  Node *tail;      // a list's head: its last element, a hint (ast_append)
  Symbol *sym;     // IDENT: the declaration it names (sema)
  void *aux;       // lower.c's per-node notes (active defers, loop info)
};

enum {
  NF_VARIADIC = 1 << 0,  // DP_FUNC part: ends with ", ..."
  NF_HAS_AWAIT = 1 << 1, // the subtree contains an await (lower.c)
  NF_HAS_DEFER = 1 << 2, // the subtree contains a defer (lower.c)
  NF_MARKED = 1 << 3,    // lower.c has set the two flags above
  NF_SUSPENDS = 1 << 4   // holds an await that can suspend (lower.c)
};

// The child pointers of a Node besides `list` and `body`, in source order.
#define NODE_CHILD_FIELDS(X)                                                   \
  X(specs) X(decl) X(inner) X(type) X(cond) X(init) X(lhs) X(rhs) X(then)      \
  X(els) X(inc)

Node *ast_new(Unit *u, NodeKind kind, int first, int last);
const char *ast_kind_name(NodeKind kind);
Node *ast_append(Node *list, Node *item); // returns the head
Node *decl_func_part(Node *declarator);   // the DP_FUNC applied to the name
int decl_name(Node *declarator);          // token of the declared name or -1
void ast_visit_children(Node *n, void (*fn)(Node *child, void *arg),
                        void *arg);
// Nesting depth of the tree under n, without recursion (see translate.c).
int ast_depth(Node *n, int limit, Node **deepest);

//
// scope.c — scopes of ordinary identifiers
//
// The scope stack is the lexer hack's memory: the token reader asks whether
// an identifier names a typedef (TYPEDEF_NAME) or anything else (IDENTIFIER),
// and the parser's actions push and pop scopes and declare names as it
// reduces declarators.  That feedback loop is the one place where parsing
// and scanning talk back to each other.

typedef enum { SYM_VAR, SYM_TYPEDEF, SYM_FUNC, SYM_ENUM_CONST } SymKind;

struct Symbol {
  SymKind kind;
  const char *name;
  int tok;       // token of the name where it was declared
  bool is_async; // an async function
  Node *decl;    // the declaration (DECL, FUNC_DEF or PARAM)
  Node *specs;       // the declaration specifiers it was declared with
  Node *declarator;  // its declarator
  const char *field; // lower.c: its name in an async frame, or NULL
};

Scope *scope_push(Unit *u);
void scope_pop(Unit *u);
void scope_reset(Unit *u); // back to file scope after error recovery
Symbol *scope_declare(Unit *u, const char *name, SymKind kind, int tok);
Symbol *scope_lookup(Unit *u, const char *name, size_t len);
bool scope_at_file_level(Unit *u);
void scope_free(Unit *u);

//
// parser.y — tokens → AST
//

// Parses u->toks into u->root.  Returns the number of errors reported.
int parse_unit(Unit *u);

// The parser's stack holds this many states at most (its YYMAXDEPTH);
// deeper nesting is the error `nesting is too deep`.  Each parenthesis takes
// two states, so about 100,000 nested parentheses parse.
#define PARSE_MAX_DEPTH 200000
// The deepest tree the later phases accept (translate.c): a chain of
// binary operators nests one level per operator.
#define MAX_NESTING 1000000

//
// sema.c — the rules of Async C that need the whole tree
//

int sema_check(Unit *u);

//
// lower.c — async functions (and functions with defer) → state machines
//

// Writes the C that replaces one function definition (async, or plain with
// `defer`) on `out`.  Returns the number of errors reported.
int lower_function(Unit *u, Node *fn, StrBuf *out);
// `typedef T ac__NAME_result;` for an async prototype or definition.
void lower_result_typedef(Unit *u, Node *specs, Node *declarator, StrBuf *out);
bool lower_needed(Node *fn); // async, or uses defer

//
// emit.c — AST → C text
//

// Writes the unit's C on `out`; returns the number of errors reported.
int emit_unit(Unit *u, FILE *out);

//
// translate.c — the translator's entry point, called by the driver
//

typedef struct TranslateOptions {
  const char *input_name; // the .ac file as the user named it, for messages
  bool verbose;           // -v: warn about constructs passed through unparsed
  // --frame-report: the report's text goes here, with each size written as
  // @N@, N an index in the array ac__frame_report that the translated C
  // then holds in section .acc_frames (only the C compiler knows sizes).
  FILE *frame_report;
} TranslateOptions;

// Everything about one translation unit, passed to every phase.
struct Unit {
  const TranslateOptions *opts;
  const char *text;  // the preprocessed text
  size_t len;
  Arena arena;       // owns tokens' names, nodes, symbols, scopes
  Token *toks;       // toks[0..ntoks): the last one is TOK_YYEOF
  int ntoks;
  int cap_toks;
  SrcFile *files;    // files named by line markers (files[0]: the input)
  int nfiles;
  int cap_files;
  Node *root;        // UNIT
  Scope *scope;      // innermost scope while parsing
  struct NameTable *names; // scope.c: name → innermost binding
  Scope *file_scope;
  int nerrors;
  int nwarnings;
  // Parser state that actions share.
  int next_tok;          // next token the parser reads
  int construct_start;   // first token of the current external declaration
  bool recovering;       // a syntax error is being recovered from
  int sync_first;        // the construct skipped by recovery
  int sync_last;
  Node *asm_operands;    // operands of the asm statement being parsed
  Node *top_tail;        // last external declaration parsed so far
  // --frame-report: the size expressions of the report, in order.
  StrBuf report_values;
  int nreport_values;
  Node *specs_stack[64]; // declaration specifiers of the declarations
  int specs_depth;       //   being parsed, innermost last
};

// Translates one preprocessed Async C unit, text[0..len) (the output of
// `$CC -E`, line markers included), into C written on `out`.  Diagnostics go
// to stderr.  Returns the number of errors; when it is not 0 the caller must
// throw away whatever was written on `out`.
int translate_unit(const char *text, size_t len, FILE *out,
                   const TranslateOptions *opts);

// The spelling of token i, not NUL-terminated.
static inline const char *tok_text(const Unit *u, int i) {
  return u->text + u->toks[i].off;
}
bool tok_is(const Unit *u, int i, const char *s);

// Token kinds (TOK_*), generated by bison from parser.y.
#include "parser.h"

#endif
