// acc.h — declarations shared by the phases of acc, the Async C compiler.
//
// Sections are named after the file that defines what they declare, in
// pipeline order (translate.c runs the phases; main.c is the driver around
// them: cc -E before, cc after):
//
//   preprocessed text
//     ─► lexer.l      tokens (line markers followed; fast path in lex_fast.c)
//     ─► parser.y     AST (its actions' helpers in parser_tree.c); names
//                     resolved through scope.c as it parses
//     ─► sema.c       the rules of Async C, all of them: errors stop here
//     ─► lowering     what replaces async prototypes and async (or
//                     defer-using) functions; lower.h declares its modules:
//          frame.c       frame analysis: what lives in the frame, what each
//                        await holds (a data structure, no output)
//          lower_func.c  the unit's walk; the pieces around a lowered body
//          lower.c       statements and awaits: the state machine, defer
//          ctext.c       source nodes as C text (replacements, types)
//     ─► emit.c       every output byte: the input copied through, the
//                     generated code, the line markers
//
// Shared services: arena.c (memory), strbuf.c (byte buffers), strmap.c
// (hash tables by name), ast.c (tree queries), diag.c (diagnostics with
// carets).
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
#include <string.h>

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
  struct ArenaBlock *head;   // newest block; each block links to the previous
  char *data;                // the newest block's bytes
  size_t used;               // bytes used in the newest block
  size_t cap;                // capacity of the newest block
  struct ArenaBlock *spare;  // blocks arena_reset() gave back (zeroed)
};

// A point in an arena's allocations (arena_mark), to go back to.
typedef struct ArenaMark {
  struct ArenaBlock *head;
  size_t used;
} ArenaMark;

void *arena_alloc(Arena *a, size_t size);  // zeroed, 8-byte aligned

// Built with AddressSanitizer, memory an arena does not hand out is
// poisoned (arena.c).
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif

// arena_alloc of a multiple of 8 bytes, its common case inline: the
// parser's nodes (288,000 of them in bench g's unit).
static inline void *arena_alloc8(Arena *a, size_t size)
{
#ifndef ARENA_ASAN
  if (a->used + size <= a->cap) {
    void *p = a->data + a->used;
    a->used += size;
    return p;
  }
#endif
  return arena_alloc(a, size);
}
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) ACC_PRINTF(2, 3);
void arena_free(Arena *a);
// arena_reset(a, m) frees (and zeroes for reuse) what was allocated after
// arena_mark() returned m: nothing allocated since may be used after.
ArenaMark arena_mark(const Arena *a);
void arena_reset(Arena *a, ArenaMark m);
void *acc_oom(void);                      // says so and exits (status 3)
void *acc_realloc(void *p, size_t size);  // exits on failure, never NULL
// Appending element n (0-based) to an array grown only by acc_grow.
void *acc_grow(void *p, size_t size, size_t n);
// An array of `size` bytes (was `old` at p) in address space of its own,
// zeroed and counted by the kernel only where touched; never NULL.
void *acc_reserve(void *p, size_t old, size_t size);
void acc_unreserve(void *p, size_t size);

//
// strbuf.c — growable byte buffer (the emitter writes into one)
//

typedef struct StrBuf {
  char *data;
  size_t len;
  size_t cap;
} StrBuf;

void sb_reserve(StrBuf *sb, size_t extra);  // room for extra bytes and NUL
// Copies n bytes: up to 16 with two overlapping loads and stores (no call:
// the emitter's pieces are mostly that short), more with memcpy.  The
// loads come before the stores.
static inline void sb_copy(char *d, const char *s, size_t n)
{
  if (n > 16) {
    memcpy(d, s, n);
  } else if (n >= 8) {
    uint64_t a, b;
    memcpy(&a, s, 8);
    memcpy(&b, s + n - 8, 8);
    memcpy(d, &a, 8);
    memcpy(d + n - 8, &b, 8);
  } else if (n >= 4) {
    uint32_t a, b;
    memcpy(&a, s, 4);
    memcpy(&b, s + n - 4, 4);
    memcpy(d, &a, 4);
    memcpy(d + n - 4, &b, 4);
  } else {
    for (size_t k = 0; k < n; k++)
      d[k] = s[k];
  }
}
// (Inline: the emitter appends a few bytes at a time, millions of times.)
static inline void sb_append(StrBuf *sb, const char *s, size_t n)
{
  if (sb->len + n + 1 > sb->cap)
    sb_reserve(sb, n);
  sb_copy(sb->data + sb->len, s, n);
  sb->len += n;
  sb->data[sb->len] = '\0';
}
void sb_puts(StrBuf *sb, const char *s);
void sb_printf(StrBuf *sb, const char *fmt, ...) ACC_PRINTF(2, 3);
void sb_vprintf(StrBuf *sb, const char *fmt, va_list ap);
void sb_put_quoted(StrBuf *sb, const char *s);
void sb_free(StrBuf *sb);

//
// strmap.c — hash table from strings (not copied) to pointers
//

typedef struct StrMap {
  struct StrMapEntry *slots;
  size_t cap;  // a power of two, or 0
  size_t used;
} StrMap;

// The value slot of key[0..len): NULL if absent and !create; a new entry
// (value NULL) if absent and create.  The key must outlive the map.
void **strmap_slot(StrMap *m, const char *key, size_t len, bool create);
void *strmap_get(StrMap *m, const char *key);  // NULL if absent
void strmap_clear(StrMap *m);  // empty again (keeps a small table)
void strmap_free(StrMap *m);

//
// lexer.l — preprocessed text → array of tokens
//

// Token kinds are bison's (TOK_* from parser.h) or a character such as '('.
// (16 bytes: a unit's tokens take a tenth of its memory.)
struct Token {
  uint32_t off;        // byte offset of the spelling in Unit.text
  uint32_t len;        // length of the spelling in bytes
  uint32_t line;       // line in the original file, from the line markers
  unsigned kind : 10;  // TOK_* or a single-character token (parser.y
                       //   checks that every TOK_* fits)
  unsigned file : 22;  // index in Unit.files (MAX_FILES of them at most)
};

// How many files the line markers of a unit may name.
#define MAX_FILES (1 << 22)

// A file named by a line marker.
typedef struct SrcFile {
  const char *name;  // as spelled in the marker, unescaped
  bool system;       // line marker flag 3: a system header
  char *contents;    // the file read from disk for diagnostics, or NULL
  size_t size;
  bool loaded;  // tried to read contents already
} SrcFile;

// Scans all of u->text into u->toks.  Returns the number of errors reported
// (unterminated comments and literals, stray characters).
int lex_unit(Unit *u);
// u (already scanned) with the comments of ctext, the same unit preprocessed
// with -C, that may be fall-through comments put back between the same
// tokens, keeping every line and the columns of the labels' lines; NULL if
// the two texts do not have the same tokens.  The caller frees the text.
char *lex_merge_comments(Unit *u, const char *ctext, size_t clen, size_t *len);
const char *tok_name(int kind);  // "'('", "identifier", "'while'" …

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
// Where the preprocessed line holding byte `off` of the text begins.
size_t line_start(Unit *u, size_t off);

// The offsets of the text's newlines (diag.c's line_start makes it).
typedef struct LineIndex {
  uint32_t *nl;
  size_t n;
  size_t cap;
  bool made;
} LineIndex;

// How many errors a unit may report before acc gives up on it.
#define MAX_ERRORS 20

//
// ast.c — the syntax tree
//
// One tagged struct for every kind of node (chibicc's "fat node").  Each
// node remembers the tokens it spans, which is all the emitter needs to copy
// ordinary C through unchanged.  Node kinds come from one X-macro list so the
// kind names in dumps can never drift from the enum; each kind names the
// child fields it has (NC_*), since fields of different kinds share storage
// (struct Node).

// The child fields of nodes (and sym), as bits.
enum {
  NC_SPECS = 1 << 0,
  NC_DECL = 1 << 1,
  NC_INNER = 1 << 2,
  NC_TYPE = 1 << 3,
  NC_COND = 1 << 4,
  NC_INIT = 1 << 5,
  NC_LHS = 1 << 6,
  NC_RHS = 1 << 7,
  NC_THEN = 1 << 8,
  NC_ELS = 1 << 9,
  NC_INC = 1 << 10,
  NC_LIST = 1 << 11,
  NC_BODY = 1 << 12,
  NC_SYM = 1 << 13,
};

// clang-format off
#define NODE_KINDS(X)                                                          \
  /* top level */                                                              \
  X(UNIT, NC_LIST)            /* list: external declarations */              \
  X(FUNC_DEF, NC_SPECS | NC_DECL | NC_BODY) /* decl: the declarator */       \
  X(DECL, NC_SPECS | NC_LIST) /* list: INIT_DECLs; also struct members */    \
  X(INIT_DECL, NC_DECL | NC_INIT) /* init: initializer or NULL */            \
  X(RAW, 0)            /* a construct the parser could not handle, as text */ \
  X(TOP_ASM, 0)               /* asm("...") at file scope */                 \
  X(STATIC_ASSERT, NC_LHS | NC_RHS) /* condition, message or NULL */         \
  /* declaration parts */                                                      \
  X(SPECS, NC_LIST) /* declaration specifiers; flags SPEC_*; list: typeof */ \
  X(DECLARATOR, NC_INNER | NC_LIST | NC_RHS | NC_SYM)                        \
               /* name or inner; list: suffixes; rhs: pointers; sym; */      \
               /* a DP_ARRAY part: lhs (its size), no sym (node_nc) */       \
  X(PARAM, NC_SPECS | NC_DECL)     /* decl: declarator or NULL */            \
  X(TYPE_NAME, NC_SPECS | NC_DECL) /* decl: abstract declarator or NULL */   \
  X(INIT_LIST, NC_LIST)            /* list: DESIG_INIT */                    \
  X(DESIG_INIT, NC_LIST | NC_INIT) /* list: designators */                   \
  X(ENUMERATOR, NC_LHS)            /* name, lhs: value or NULL */            \
  /* statements */                                                             \
  X(BLOCK, NC_LIST)                 /* list: block items */                  \
  X(EXPR_STMT, NC_LHS)              /* lhs: expression */                    \
  X(NULL_STMT, 0)                   /* ; */                                  \
  X(ATTR_STMT, 0)                   /* __attribute__((fallthrough)); */      \
  X(IF, NC_COND | NC_THEN | NC_ELS)                                          \
  X(WHILE, NC_COND | NC_BODY)                                                \
  X(DO, NC_BODY | NC_COND)                                                   \
  X(FOR, NC_INIT | NC_COND | NC_INC | NC_BODY) /* init: DECL, EXPR_STMT */   \
  X(SWITCH, NC_COND | NC_BODY)                                               \
  X(CASE, NC_LHS | NC_RHS | NC_BODY) /* rhs: range end or NULL */            \
  X(DEFAULT, NC_BODY)                                                        \
  X(LABEL, NC_BODY)                  /* name, body */                        \
  X(LOCAL_LABELS, 0)                 /* __label__ a, b; */                   \
  X(GOTO, 0)                         /* name */                              \
  X(GOTO_PTR, NC_LHS)                /* goto *lhs; */                        \
  X(BREAK, 0)                                                                \
  X(CONTINUE, 0)                                                             \
  X(RETURN, NC_LHS)                  /* lhs: value or NULL */                \
  X(ASM, NC_LIST)         /* list: ASM_OPERANDs (outputs, then inputs) */    \
  X(ASM_OPERAND, NC_LHS)             /* lhs: the C expression */             \
  X(DEFER, NC_BODY)                  /* body: the deferred statement */      \
  X(TRY, NC_THEN | NC_LHS | NC_ELS)  /* try block, catch PARAM, handler */   \
  /* expressions */                                                            \
  X(IDENT, NC_SYM)              /* name; sym: what it refers to, or NULL */  \
  X(NUM, 0)                     /* integer or floating constant */           \
  X(CHAR, 0)                    /* character constant */                     \
  X(STR, 0)                     /* string literal(s) */                      \
  X(PAREN, NC_LHS)              /* ( lhs ) */                                \
  X(BINARY, NC_LHS | NC_RHS)    /* lhs op rhs, op: TOK_* or char */          \
  X(LOGAND, NC_LHS | NC_RHS)    /* lhs && rhs */                             \
  X(LOGOR, NC_LHS | NC_RHS)     /* lhs || rhs */                             \
  X(ASSIGN, NC_LHS | NC_RHS)    /* op: '=' or a compound assignment */       \
  X(UNARY, NC_LHS)   /* op lhs: & * + - ~ ! __real__ __imag__ __extension__ */ \
  X(PREINC, NC_LHS)             /* ++lhs or --lhs (op) */                    \
  X(POSTINC, NC_LHS)            /* lhs++ or lhs-- (op) */                    \
  X(COND, NC_COND | NC_THEN | NC_ELS) /* then NULL for GNU a ?: b */         \
  X(COMMA, NC_LHS | NC_RHS)     /* lhs , rhs */                              \
  X(CALL, NC_LHS | NC_LIST)     /* lhs: callee, list: arguments */           \
  X(INDEX, NC_LHS | NC_RHS)     /* lhs [ rhs ] */                            \
  X(MEMBER, NC_LHS)             /* lhs . name or lhs -> name (op) */         \
  X(CAST, NC_TYPE | NC_LHS)     /* ( type ) lhs */                           \
  X(SIZEOF, NC_LHS | NC_TYPE)   /* sizeof lhs, or sizeof ( type ) */         \
  X(ALIGNOF, NC_TYPE | NC_LHS)  /* _Alignof ( type ) or __alignof__ lhs */   \
  X(COMPOUND_LIT, NC_TYPE | NC_INIT | NC_SYM) /* ( type ) { init } */        \
  X(STMT_EXPR, NC_BODY)         /* ({ body }) */                             \
  X(GENERIC, NC_LHS | NC_LIST)  /* _Generic ( lhs , list: GENERIC_ASSOC ) */ \
  X(GENERIC_ASSOC, NC_TYPE | NC_LHS) /* type (NULL for default) : lhs */     \
  X(VA_ARG, NC_LHS | NC_TYPE)   /* __builtin_va_arg ( lhs , type ) */        \
  X(OFFSETOF, NC_TYPE | NC_LIST) /* ( type , list: designator ) */           \
  X(TYPES_COMPAT, NC_TYPE | NC_RHS) /* ( type , rhs ) */                     \
  X(LABEL_ADDR, 0)              /* && name */                                \
  X(AWAIT, NC_LHS)              /* await lhs */
// clang-format on

typedef enum {
#define X(k, fields) ND_##k,
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
  SPEC_VOID = 1 << 9,  // the type is plain `void` (no other type specifier)
};

// A declarator's parts are DECLARATOR nodes too, told apart by Node.op: its
// array and function suffixes (linked by next) in the declarator's `list`,
// its pointers (linked by next) in its `rhs`; a DP_FUNC part's `list` holds
// the PARAMs.  An abstract declarator (in a PARAM or TYPE_NAME) is kept as
// its first part only: the emitter copies its tokens.
enum { DP_POINTER = 1, DP_ARRAY, DP_FUNC };

// A node's child fields share storage: each NODE_SLOT holds one field of
// the several it names, the one the node's kind has (NODE_KINDS; no kind
// has two fields of one slot).  So a field a kind does not have is NOT
// NULL: read only the fields of the node's kind, and walk children with
// NODE_CHILDREN.  (288,000 nodes of bench g's unit took 160 bytes each
// with a field apiece; 64 now, sym sharing the first slot with lhs.)  A
// node is allocated only up to its kind's last slot (ast.c: node_size;
// an IDENT takes 40 bytes, a NUM 32), and the fields are placed so that
// the most frequent kinds end early: a field a kind does not have may lie
// past the node's end.  Built with -DACC_NODE_CHECK, the fields
// are apart, a kind's other fields hold AST_POISON, and every walk checks
// that they still do (make SAN=1, or NODE_CHECK=1).
#ifdef ACC_NODE_CHECK
#define NODE_SLOT struct
#define NODE_SYM_SLOT struct
#define AST_POISON ((void *)16)
#else
#define NODE_SLOT union
#define NODE_SYM_SLOT union
#endif

struct Node {
  NodeKind kind : 8;
  unsigned height : 24;  // levels of the subtree under it, itself included
                         //   (the parser's count, modulo 2^24: translate.c)
  uint16_t op;           // operator token, or DP_* for declarator parts
  uint16_t flags;        // SPEC_* for SPECS; NF_* otherwise
  int id;           // 0, 1, 2, … in creation order: the key of side tables
  int first, last;  // tokens spanned, inclusive (last < first: empty)
  int name;         // token of the name (IDENT, MEMBER, LABEL, …), or -1
  Node *next;       // next element in the enclosing list
  NODE_SLOT
  {
    NODE_SYM_SLOT
    {
      Node *lhs;
      Symbol *sym;  // IDENT: what it names (the parser's lookup, or NULL);
                    // DECLARATOR: the symbol it declares (the parser; a
                    // DP_ARRAY part has its size in lhs instead);
                    // COMPOUND_LIT: its frame variable's (frame.c)
    };
    Node *cond;
    Node *specs;  // SPECS of a declaration, parameter, type name
  };
  NODE_SLOT
  {
    Node *list;  // first element of a list (linked by next)
    Node *decl;  // declarator
    Node *then;
    Node *inc;
  };
  NODE_SLOT
  {
    Node *rhs;
    Node *init;
    Node *els;
  };
  NODE_SLOT
  {
    Node *body;
    Node *inner;  // DECLARATOR: the parenthesised inner declarator
    Node *type;   // TYPE_NAME of casts, sizeof, compound literals, …
  };
};
// Later phases keep their notes about nodes in side tables of their own,
// indexed by Node.id (the lowering's: frame.c's Analysis, lower.c's Lower).

enum {
  NF_VARIADIC = 1 << 0,  // DP_FUNC part: ends with ", ..."
  NF_KR = 1 << 1,        // DP_FUNC part: a K&R identifier list, its PARAMs
                         //   typed by the declarations before the body
};

// The NC_* fields of each kind (NODE_KINDS).
extern const uint16_t node_fields[];

// The NC_* fields of node n: its kind's, except that a DP_ARRAY part of a
// declarator has its size (lhs) where other declarators have their sym.
static inline unsigned node_nc(const Node *n)
{
  unsigned nc = node_fields[n->kind];
  if (n->kind == ND_DECLARATOR && n->op == DP_ARRAY)
    nc ^= NC_SYM | NC_LHS;
  return nc;
}

#ifdef ACC_NODE_CHECK
void ast_check_fields(const Node *n);  // aborts if a field not n's is set
#define NODE_CHECK_FIELDS(n) ast_check_fields(n);
#else
#define NODE_CHECK_FIELDS(n)
#endif

// n's child `field` (NC_* bit `nc`) if n's kind has that field, else NULL:
// for code that looks at one field of nodes of several kinds.
#define NODE_GET(n, field, nc) ((node_nc(n) & (nc)) ? (n)->field : NULL)

// Every child of node n, in the order ast_visit_children() visits them:
// ONE(field) for a single child, LIST(field) for a list linked by `next`,
// each for the fields n's kind has.  The one list of a node's child fields;
// everything that walks the tree goes through it.
// (clang-format does not settle on one layout for this list.)
// clang-format off
#define NODE_CHILDREN(n, ONE, LIST)                                            \
  {                                                                            \
    unsigned nc_ = node_nc(n);                                                 \
    NODE_CHECK_FIELDS(n)                                                       \
    if (nc_ & NC_SPECS) { ONE(specs) }                                         \
    if (nc_ & NC_DECL) { ONE(decl) }                                           \
    if (nc_ & NC_INNER) { ONE(inner) }                                         \
    if (nc_ & NC_TYPE) { ONE(type) }                                           \
    if (nc_ & NC_COND) { ONE(cond) }                                           \
    if (nc_ & NC_INIT) { ONE(init) }                                           \
    if (nc_ & NC_LHS) { ONE(lhs) }                                             \
    if (nc_ & NC_RHS) { ONE(rhs) }                                             \
    if (nc_ & NC_THEN) { ONE(then) }                                           \
    if (nc_ & NC_ELS) { ONE(els) }                                             \
    if (nc_ & NC_INC) { ONE(inc) }                                             \
    if (nc_ & NC_LIST) { LIST(list) }                                          \
    if (nc_ & NC_BODY) { ONE(body) }                                           \
  }
// clang-format on

Node *ast_new(Unit *u, NodeKind kind, int first, int last);
const char *ast_kind_name(NodeKind kind);
Node *ast_append(Node *list, Node *item);  // returns the head
Node *decl_func_part(Node *declarator);    // the DP_FUNC applied to the name
int decl_name(Node *declarator);           // token of the declared name or -1
void ast_visit_children(Node *n, void (*fn)(Node *child, void *arg), void *arg);
// Calls fn on every node of a subtree, children first (post-order).
void ast_walk_post(Node *n, void (*fn)(Node *node, void *arg), void *arg);
Node *strip_parens(Node *e);  // e without enclosing ( )
// The async function a direct call calls, or NULL: `await f(x)` runs f
// inline; any other awaited expression is a handle.
Symbol *async_callee(Node *e);
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
  int id;  // 0, 1, 2, … in creation order: the key of side tables
  const char *name;
  int tok;           // token of the name where it was declared
  bool is_async;     // an async function
  Node *decl;        // the declaration (DECL, FUNC_DEF or PARAM)
  Node *specs;       // the declaration specifiers it was declared with
  Node *declarator;  // its declarator
};

Scope *scope_push(Unit *u);
void scope_pop(Unit *u);
void scope_reset(Unit *u);  // back to file scope after error recovery
Symbol *scope_declare(Unit *u, const char *name, SymKind kind, int tok);
Symbol *scope_declare_tok(Unit *u, int tok, SymKind kind);  // its spelling
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
// Node.height counts up to this many levels (then wraps: a unit of more
// nodes than that has its depth measured by a walk instead).
#define NODE_HEIGHT_MAX ((1 << 24) - 1)

//
// sema.c — the rules of Async C that need the whole tree
//

int sema_check(Unit *u);
// The same, calling after(item, arg) when each top-level item is checked
// while the unit has no error (the lowering, item by item).
int sema_check_each(Unit *u, void (*after)(Node *item, void *arg), void *arg);
// The run of Unit.refs under a function's body (*n of them), or NULL.
Node **unit_refs(Unit *u, Node *body, int *n);
bool decl_is_vla(Node *declarator);  // an array whose size is not constant

//
// allasync.c — --all-async, a test mode: every function of the input file
// async, every call of one an await, main run by a generated main
//

void all_async_unit(Unit *u);  // rewrites the tree, before sema
// A function's name as its lowered code spells it (main's is ac__main).
const char *lowered_name(Unit *u, int name_tok);

//
// lower_func.c, lower.c, frame.c, ctext.c (declared in lower.h) — the
// lowering: decides what replaces async prototypes and the definitions of
// async functions (and of functions with `defer`), and writes it through
// the emitter.
//

// Lowers the whole unit onto `e`; returns the number of errors reported.
typedef struct Emitter Emitter;
int lower_unit(Unit *u, Emitter *e);
// Checks the unit (sema) and lowers it onto `out`, each item as soon as it
// is checked; returns the number of errors reported.
int check_and_lower_unit(Unit *u, FILE *out);

//
// emit.c — every byte of output: the input copied through, generated code,
// line markers
//

struct Emitter {
  Unit *u;
  FILE *file;         // the unit's output
  StrBuf buf;         // output not yet written to `file`
  StrBuf *out;        // where output goes now: &buf, or a capture
  char flushed_last;  // the last byte written to `file`
  size_t pos;         // bytes of u->text copied through so far
  // Generated code: the output is at source line `line` of file
  // `src_file` when `synced`; `prev` is the last source token printed (for
  // spacing), `bol` says the output is at the beginning of a line, `flat`
  // that source tokens go on the current generated line.
  unsigned line;
  size_t col;  // bytes on the current output line (0-based column)
  uint32_t src_file;
  bool synced;
  bool bol;
  bool flat;
  int prev;
  // The start of the preprocessed line of the last token placed, and how
  // far from it that was checked (emit.c's src_col).
  size_t ls, ls_checked;
  // The last full line marker written (emit.c's line_marker), of line
  // mk_line of file mk_file; its number ends at byte mk_num_end.  The last
  // short one, sm[0..sm_len), of line sm_line.  The last marker of either
  // form ends at byte mk_end of mk_out (NULL: none known).
  StrBuf mk;
  uint32_t mk_file;
  unsigned mk_line;
  size_t mk_num_end;
  char sm[16];
  size_t sm_len;
  unsigned sm_line;
  StrBuf *mk_out;
  size_t mk_end;
  // The buffer the last emit_capture left, its bytes and length, and the
  // source line the output stood for at its end (for emit_splice, once).
  const StrBuf *left;
  const char *left_data;
  size_t left_len;
  unsigned left_line;
  // Storage given back by emit_release, for emit_buffer (spare[0..nspare)).
  StrBuf spare[16];
  int nspare;
};

void emit_init(Emitter *e, Unit *u, FILE *out);
void emit_finish(Emitter *e);  // writes what is buffered, frees the buffer
// An empty buffer for a piece of output built apart (a body, a frame), with
// the storage of one given back by emit_release if there is one: the
// lowering's pieces of each function reuse the last one's allocations.
StrBuf emit_buffer(Emitter *e);
void emit_release(Emitter *e, StrBuf *sb);  // sb is empty ({0}) after
// Output goes into `into` until the next capture; returns where it went.
StrBuf *emit_capture(Emitter *e, StrBuf *into);
// Appends a captured buffer to the output (what emit_put(e, sb->data,
// sb->len) does, without a search line by line when sb is the buffer the
// last capture left and starts with a line marker).
void emit_splice(Emitter *e, const StrBuf *sb);
// The input is copied through up to byte `off`.
void emit_copy_to(Emitter *e, size_t off);
// The input's tokens first..last are replaced by `text`, keeping the line
// count: the span's newlines (and any line markers in it) follow the text.
void emit_replace(Emitter *e, int first, int last, const char *text);
// Generated code replaces the tokens from `first` on: the input is copied
// up to it and the generated code's position is reset.  Returns a mark for
// emit_end_generated, which ends the replaced span at token `last` with a
// line marker (or, if !keep, throws the generated code away).
size_t emit_begin_generated(Emitter *e, int first);
void emit_end_generated(Emitter *e, size_t mark, int last, bool keep);
void emit_frame_report_values(Emitter *e);
// Whether the 8 bytes of w hold a newline (the zero-byte test on w ^ "\n…").
static inline bool emit_word_has_nl(uint64_t w)
{
  uint64_t x = w ^ 0x0a0a0a0a0a0a0a0aull;
  return ((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull) != 0;
}
// Generated code, piece by piece.  emit_put() is the one place bytes are
// appended (it keeps `line` up to date).
// (Inline: it is the translator's hottest function.)
// (emit_counted: the line, column and `bol` after s[0..n) was appended;
// a piece that may start a directive (a line marker of a spliced capture,
// a #pragma) makes emit.c forget its last line marker, mk_out.)
static inline void emit_counted(Emitter *e, const char *s, size_t n)
{
  const char *end = s + n, *nl = NULL;
  if (*s == '#')
    e->mk_out = NULL;
  if (n >= 4 && n <= 16) {  // most pieces: no newline, seen a word at a time
    uint64_t a, b;
    if (n >= 8) {
      memcpy(&a, s, 8);
      memcpy(&b, end - 8, 8);
    } else {  // (zero-extended: the upper bytes are no newline)
      uint32_t a4, b4;
      memcpy(&a4, s, 4);
      memcpy(&b4, end - 4, 4);
      a = a4;
      b = b4;
    }
    if (!emit_word_has_nl(a) && !emit_word_has_nl(b)) {
      e->col += n;
      e->bol = false;
      return;
    }
  }
  if (n <= 16) {  // short: no call
    for (const char *p = s; p < end; p++)
      if (*p == '\n') {
        e->line++;
        nl = p;
        if (p + 1 < end && p[1] == '#')
          e->mk_out = NULL;
      }
  } else {
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(end - p))); p++) {
      e->line++;
      nl = p;
      if (p + 1 < end && p[1] == '#')
        e->mk_out = NULL;
    }
  }
  e->col = nl ? (size_t)(end - nl - 1) : e->col + n;
  e->bol = s[n - 1] == '\n';
}
void emit_put_any(Emitter *e, const char *s, size_t n);  // (emit.c)
// Inline where n is a small constant (a literal's: the tests of its bytes
// fold away), a call of emit_put_any elsewhere: the compiler would
// otherwise split it and call its body for a "(" too.
__attribute__((always_inline)) static inline void
emit_put(Emitter *e, const char *s, size_t n)
{
  if (!__builtin_constant_p(n) || n > 16) {
    emit_put_any(e, s, n);
  } else if (n > 0) {
    sb_append(e->out, s, n);
    emit_counted(e, s, n);
  }
}
// (Inline, so that a literal's length is a constant: no strlen.)
static inline void emit_puts(Emitter *e, const char *s)
{
  emit_put(e, s, strlen(s));
}
void emit_gen(Emitter *e, const char *fmt, ...) ACC_PRINTF(2, 3);
void emit_quoted(Emitter *e, const char *s);  // inside of a "…" literal
void emit_newline(Emitter *e);                // ends the current line, if any
// A line marker: the next output line is `tok`'s line.
void emit_sync_to(Emitter *e, int tok);
// Starts generated code on a line of its own mapped to `tok`'s line, so
// that cc's messages and the debugger place it there.
void emit_gen_at(Emitter *e, int tok);
// Boilerplate that stands for no line of the source (the frame, the
// dispatch switch) is attributed to a file of its own, so that a
// debugger's breakpoints and steps never land in it by accident.
void emit_boiler(Emitter *e);
// Moves the output to token i's position: same line (a space if the source
// had one), a later line (the source's own text in between when it bridges
// exactly), or anywhere else (a line marker).
void emit_position(Emitter *e, int i);
// Generated text that stands for token i goes at i's column.
void emit_column(Emitter *e, int i);
void emit_tok(Emitter *e, int i);                // token i, positioned
void emit_run(Emitter *e, int first, int last);  // tokens of one line
void emit_pragmas(Emitter *e, int i);  // the #pragma lines right before i

//
// translate.c — the translator's entry point, called by the driver
//

typedef struct TranslateOptions {
  const char *input_name;  // the .ac file as the user named it, for messages
  bool verbose;            // -v: warn about constructs passed through unparsed
  // --frame-report: the report's text goes here, with each size written as
  // @N@, N an index in the array ac__frame_report that the translated C
  // then holds in section .acc_frames (only the C compiler knows sizes).
  FILE *frame_report;
  // --all-async: the test mode of allasync.c (every function async).
  bool all_async;
  bool no_async_keywords;  // -fno-async-keywords: only `__await` etc. are
                           // Async C's keywords, `await` is a name
  // An optimised build (-O1 and up, not -Og): frame scalars are kept in C
  // locals between awaits (frame.c); without it every frame variable stays
  // a member, which is what a debugger shows (`print ac__f->x`).
  bool frame_locals;
  // The unit preprocessed with -C too (for -Wimplicit-fallthrough), or NULL:
  // its fall-through comments are put back (lex_merge_comments).
  const char *comments_text;
  size_t comments_len;
} TranslateOptions;

// What a node's subtree contains, as sema's walk marks it (Unit.marks;
// lower.h adds the lowering's own bits).
enum {
  NM_AWAIT = 1 << 0,       // an await
  NM_DEFER = 1 << 1,       // a defer
  NM_MARKED = 1 << 2,      // the bits of this enum are set
  NM_ASYNC_DECL = 1 << 5,  // a block-scope async declaration
  NM_LITERAL = 1 << 6,     // a compound literal
};

// Everything about one translation unit, passed to every phase.
struct Unit {
  const TranslateOptions *opts;
  const char *text;  // the preprocessed text
  size_t len;
  Arena arena;  // owns tokens' names, nodes, symbols, scopes
  int nnodes;   // nodes made so far (the next Node.id)
  int nsyms;    // symbols made so far (the next Symbol.id)
  Token *toks;  // toks[0..ntoks): the last one is TOK_YYEOF
  int ntoks;
  int cap_toks;
  SrcFile *files;  // files named by line markers (files[0]: the input)
  int nfiles;
  int cap_files;
  LineIndex lines;          // where each line of text begins (diag.c)
  Node *root;               // UNIT
  Scope *scope;             // innermost scope while parsing
  struct NameTable *names;  // scope.c: name → innermost binding
  Scope *file_scope;
  int nerrors;
  int nwarnings;
  struct Parser *parser;  // the parser's state (parser_tree.h) in parse_unit
  // --frame-report: the size expressions of the report, in order.
  StrBuf report_values;
  int nreport_values;
  Node *all_async_main;  // --all-async: main's definition, made async
  // What sema's walk saw under each node (NM_* by Node.id, nmarks of
  // them): the lowering's analysis shares the array (frame.c).
  uint8_t *marks;
  int nmarks;
  // The nodes the lowering looks at wherever they are (names, calls of
  // ac_defer_reason(), declarations, statement expressions: sema.c's
  // add_ref) in the bodies the lowering rewrites, in the order of sema's
  // walk (children first): the lowering reads a function's share
  // (unit_refs) instead of walking its body again.  Lowered item by item
  // (check_and_lower_unit), they are the current item's only.
  Node **refs;  // (in the arena)
  int nrefs;
  int cap_refs;
  // Each function body's share of refs, in order (sema.c), and the one
  // unit_refs() found last.
  struct RefRun *ref_runs;
  int nref_runs;
  int ref_hint;
};

// Translates one preprocessed Async C unit, text[0..len) (the output of
// `$CC -E`, line markers included), into C written on `out`.  Diagnostics go
// to stderr.  Returns the number of errors; when it is not 0 the caller must
// throw away whatever was written on `out`.
int translate_unit(const char *text, size_t len, FILE *out,
                   const TranslateOptions *opts);

// A unit holding text[0..len), before any phase ran; unit_free() frees what
// the phases attached to it.  translate_unit() and the unit tests use both.
void unit_init(Unit *u, const char *text, size_t len,
               const TranslateOptions *opts);
void unit_free(Unit *u);

// The spelling of token i, not NUL-terminated.
static inline const char *tok_text(const Unit *u, int i)
{
  return u->text + u->toks[i].off;
}
bool tok_is(const Unit *u, int i, const char *s);
char *tok_dup(Unit *u, int i);  // the spelling of token i, in the arena

// Whether n is a call of the function called `name`: name(…).
static inline bool is_call_to(const Unit *u, Node *n, const char *name)
{
  return n->kind == ND_CALL && n->lhs->kind == ND_IDENT &&
         tok_is(u, n->lhs->name, name);
}

// Token kinds (TOK_*), generated by bison from parser.y.
#include "parser.h"

#endif
