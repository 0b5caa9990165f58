// lower.h — the modules of the lowering and what they share.
//
//   lower_func.c  the unit's walk, and the pieces around a lowered body:
//                 typedefs, the frame struct, the descriptor, the function
//                 that makes the task, the resume function
//   lower.c       statements and awaits: the body of the state machine,
//                 and `defer`
//   frame.c       frame analysis: what lives in the frame, what each await
//                 holds (a data structure; no output)
//   ctext.c       source nodes as C text: the replacement table, types
//   emit.c        (acc.h) every output byte and the line markers
//
// The lowering keeps its notes about nodes and symbols in side tables
// indexed by Node.id and Symbol.id (Analysis, Lower), never in the tree.
#ifndef ACC_LOWER_H
#define ACC_LOWER_H

#include "acc.h"

// A string literal appended whole, its length known when compiling: the
// lowering's fixed pieces of text, without a format or a strlen.
#define SB_LIT(sb, s) sb_append((sb), "" s, sizeof(s) - 1)
#define EMIT_LIT(e, s) emit_put((e), "" s, sizeof(s) - 1)

//
// idmap.c — a hash table from ids to pointers (one function's notes)
//

typedef struct IdMapEntry {
  int key;  // id + 1; 0: an empty slot
  void *value;
} IdMapEntry;

typedef struct IdMap {
  IdMapEntry *slots;
  int bits;  // 1 << bits slots, or 0: none yet
  size_t used;
} IdMap;

// The slot holding id, or the empty slot where it would go (m has slots):
// from a multiplicative hash's top bits, the next ones after a collision.
static inline IdMapEntry *idmap_probe(const IdMap *m, int id)
{
  size_t mask = ((size_t)1 << m->bits) - 1;
  size_t j = ((uint32_t)id * 2654435761u) >> (32 - m->bits);
  while (m->slots[j].key && m->slots[j].key != id + 1)
    j = (j + 1) & mask;
  return &m->slots[j];
}

// The value of id, NULL if absent (inline: the lowering asks it of every
// name it writes).
static inline void *idmap_get(const IdMap *m, int id)
{
  return m->used ? idmap_probe(m, id)->value : NULL;
}
void **idmap_slot(IdMap *m, int id);  // made (value NULL) if absent
void idmap_clear(IdMap *m);           // empty again
void idmap_free(IdMap *m);

//
// frame.c — frame analysis
//

// What the analysis knows about a node's subtree (Analysis.marks): the
// NM_* bits of acc.h (sema sets the first ones as it walks).
enum {
  NM_SUSPENDS = 1 << 3,  // contains an await that can suspend
  NM_HOISTED = 1 << 4,   // a local declaration moved to file scope
};

// A variable kept in the frame.
typedef struct FrameVar {
  Symbol *sym;
  const char *field;  // its member name in the frame struct
  const char *tname;  // its typedef name
  Node *specs;        // its declaration specifiers
  Node *decl;         // its declarator
  Node *init;         // its initialiser, or NULL
  bool param;
  bool placed;    // frame_layout put it in a scope
  Node *literal;  // a compound literal kept in the frame (decl is NULL)
  // Its attributes: those of the type (aligned, mode, vector_size, and
  // _Alignas as aligned) go on its typedef, "" if none; an aligned one is
  // kept in raw bytes of the frame and reached through an aligned pointer
  // (the pools promise only max_align_t); cleanup(fn) runs like a defer.
  const char *type_attrs;
  bool aligned;
  const char *cleanup;  // the cleanup function's name, or NULL
  // Kept in a C local of the resume function between awaits, stored to
  // the frame before each suspension that holds it (frame.c, "Which frame
  // variables ..."); named ac__fv_<field>, as long as ac__f-><field>, so
  // that the C compiler's columns stay where they were.
  bool reg;
  // How the resume function names it, unless aligned: ac__f-><field>, or
  // ac__fv_<field> when reg (frame_analyze, once reg is known).
  const char *lv;
  size_t lv_len;
  struct FrameVar *next;
  struct FrameVar *next_in_scope;  // the next one in its FrameScope
} FrameVar;

// The frame's layout (frame_layout): a scope's own frame variables, then
// its inner scopes.  Inner scopes share space (a union of structs) unless
// `apart`: the statements of a block, the branches of an if, a try block
// and its handler never run at the same time, so their locals are never
// alive together.  A deferred statement's scope is apart: it runs when its
// block exits, wherever that happens.
typedef struct FrameScope {
  FrameVar *vars;  // linked by next_in_scope
  FrameVar **tail;
  struct FrameScope *inner;  // first inner scope holding frame variables
  struct FrameScope *next;   // the next inner scope of the same scope
  bool apart;                // shares no space with the other inner scopes
} FrameScope;
// The frame variables in scope at a point, innermost first: a stack whose
// entries are shared by every await that has them in scope, so recording
// what an await holds costs O(1), not O(variables in scope).
typedef struct LiveVar {
  FrameVar *var;
  const struct LiveVar *below;  // declared before it
} LiveVar;

// An await that can suspend, and what it holds: the frame variables in
// scope there (frame_await_held() lists them in declaration order).
typedef struct FrameAwait {
  Node *await;
  const LiveVar *live;  // innermost first
  int nlive;
  struct FrameAwait *next;
} FrameAwait;

// A local type name renamed because its definition moves to file scope:
// the tokens spelling `name` from..to (its scope) print as `as`.
typedef struct Rename {
  const char *name;
  const char *as;
  int from, to;
  bool tag;  // a struct, union or enum tag (else a typedef name)
  struct Rename *next;
} Rename;

// The frame of one function.
typedef struct Frame {
  Node *fn;
  const char *name;  // the function's name
  bool async;
  bool direct;         // async without await: never suspends (emit_direct)
  FrameVar *vars;      // parameters first, then the locals kept in the frame
  Node **hoisted;      // local typedefs and tag definitions, moved to file
  int nhoisted;        //   scope ahead of the frame (a SPECS node: only
                       //   its tag's definition, its declarators stay)
  Rename *renames;     // their names, made unique
  FrameAwait *awaits;  // the awaits that can suspend, in source order
  FrameScope *layout;  // where each variable goes in the frame struct
} Frame;

// The analysis's side tables, for a whole unit.
typedef struct Analysis {
  Unit *u;
  uint8_t *marks;  // NM_* by Node.id (sema's Unit.marks, or own_marks)
  bool own_marks;
  IdMap var_of;     // Symbol.id → its frame variable, in the
                    //   function analysed last
  int literal_ids;  // Symbol.id of a compound literal's frame
                    //   variable: literal_ids + its Node.id (> 0
                    //   once an async function came)
  IdMap await_of;   // Node.id of an AWAIT → its FrameAwait, in
                    //   the function analysed last
  StrMap fields;    // frame.c's member names, emptied after each
  StrMap suffixes;  //   function (kept: no allocation per function)
} Analysis;

void analysis_init(Analysis *a, Unit *u);
void analysis_free(Analysis *a);
// NM_AWAIT | NM_DEFER | NM_ASYNC_DECL of n
int analysis_mark(Analysis *a, Node *n);
// Whether n's subtree holds an await (inline: every walk of the lowering
// asks it of each child).
static inline bool has_await(const Analysis *a, const Node *n)
{
  return n && (a->marks[n->id] & NM_AWAIT);
}
bool lower_needed(Analysis *a, Node *fn);  // async, or uses defer
// The async function `await operand` calls directly when it never
// suspends and is defined earlier in the file than `fn`, or NULL.
Symbol *direct_callee(Analysis *a, Node *fn, Node *operand);
// Fills `f` for function definition `fn`; frame_done() frees it.
void frame_analyze(Analysis *a, Node *fn, Frame *f);
void frame_done(Analysis *a, Frame *f);
// frame_layout.c: f->layout, the scopes of its frame variables.
void frame_layout(Analysis *a, Frame *f);
FrameVar *frame_var(const Analysis *a, const Symbol *s);  // or NULL
// Whether two frame variables may share space (their scopes are disjoint).
bool frame_shared(const Frame *f, const FrameVar *x, const FrameVar *y);
FrameAwait *frame_await(const Analysis *a, const Node *await);
// What an await holds: vars[0..w->nlive), parameters first, then locals in
// declaration order.
void frame_await_held(const FrameAwait *w, FrameVar **vars);
// --frame-report: the frame's size, what each member takes, and what each
// await holds (states[i]: the await of resume point i + 1); embeds: the
// callees whose frames it embeds, " NAME" each, or NULL.
void frame_report(Unit *u, const Frame *f, int ntemps, FrameAwait **states,
                  int nstates, const char *embeds);
const char *fn_name(Unit *u, Node *fn);  // the name a definition defines

//
// lower.c — statements and awaits
//

// A replacement of the tokens first..last (first is where it is stored):
// print `text`, or print `node` instead, or, for a frame variable, its
// frame field.
typedef struct Repl {
  int last;
  const char *text;
  Node *node;
  FrameVar *var;      // a reference to a frame variable
  bool literal;       // var is a compound literal, node its initialiser
  struct Repl *next;  // another replacement starting at the same token
} Repl;

// A defer statement, in the chain of defers active where it registers.  A
// try statement has an entry too, active in its try block: its unwind
// label is the handler's, where an error raised inside lands.
typedef struct Defer {
  Node *stmt;         // the DEFER node (or the TRY node; for a cleanup: the
                      // INIT_DECL)
  FrameVar *cleanup;  // a frame variable's cleanup(fn), run like a defer
  int id;             // its unwind label: ac__unwind_<id>
  struct Defer *prev;
  const char *reason;  // a deferred statement that awaits: the frame
                       //   temporary keeping its ac_defer_reason()
  bool in_chain;       // an await or ac_raise may jump to it
  bool inline_unwind;  // a try inside a deferred statement (goto_unwind)
  bool chained;        // its unwind code is written (lower_func.c)
  // An await that can suspend follows it in its block: every local in
  // scope where it registers lives in the frame, so the unwind chain, at
  // the end of the function, can run it (and the defers before it: their
  // scopes hold its own) — an error raised without an await (unwind_error)
  // goes there too, not through a copy of the deferred statements.
  bool chain_safe;
  bool marked;  // scratch, for goto's common-ancestor walk
} Defer;

// What break and continue mean at this point.
typedef struct Jump {
  Defer *defers;   // defers active where the loop or switch began
  int cont;        // > 0: continue is `goto ac__cont_<cont>`
  bool is_loop;    // a loop (continue applies), not a switch
  bool cont_used;  // a continue jumped to ac__cont_<cont>
} Jump;

// The lowering of one function.
typedef struct Lower {
  Unit *u;
  Emitter *e;
  Analysis *an;
  Frame *frame;
  Node *fn;
  bool async;
  bool direct;       // an async function without await: its body is a plain C
                     // function, ac__NAME_direct (see emit_direct)
  const char *name;  // the function's name
  size_t name_len;
  int base;  // first token of repl's range: repl is indexed from it
  Repl **repl;
  bool typeof_mode;    // frame variables print as `(*(ac__F_T_x *)0)` (in
                       // typeof expressions at file scope), not `ac__f->x`
  StrBuf temps;        // temporaries' member declarations
  StrBuf temp_locals;  // temporaries kept in the resume function's locals
  int ntemps;
  int ntemp_locals;
  bool hoisting;        // in hoist (lower.c)
  bool lone_await;      // …of an expression with one await only
  FrameAwait **states;  // the await of each resume point (states[0]: 1)
  int nstates;
  StrBuf lines;  // the .ac line of each state's await
  int nlabels;
  // Control
  Defer *active;
  Defer **all_defers;
  int ndefers;
  IdMap *named;     // by Symbol.id: a static callee whose creator this
                    //   function names already (emit_direct_call)
  IdMap *defer_at;  // by Node.id: DEFER → its Defer; LABEL → the innermost
                    //   defer active there (emptied after each function)
  Jump *jumps;      // enclosing loops and switches, innermost last
  int njumps;
  int cap_jumps;
  bool unwind0_used;
  StrBuf resume_decls;  // forward declarations of same-file callees' resumes
  StrBuf embeds;        // " NAME" of each callee whose frame is embedded
  bool embeds_shared;   // …and there are several (plan_embeds)
  StrMap labels;        // label name → LABEL, made at the first goto
  bool labels_indexed;
  int errors;
  struct HeldErrors *held;  // lower_error's messages wait here, or NULL
} Lower;

// The lowering's errors while sema has not checked the whole unit yet
// (check_and_lower_unit): reported at the end only if sema found none, as
// when the lowering ran after sema.
typedef struct HeldErrors {
  struct HeldError {
    int tok;
    char *msg;
  } * v;
  size_t n;
} HeldErrors;

void lower_error(Lower *L, int tok, const char *fmt, ...) ACC_PRINTF(3, 4);
// Where the result of an await goes: a frame temporary, a frame variable,
// an lvalue, the result slot, or nowhere.
typedef struct Dest {
  const char *addr;   // "&…" text, or NULL to discard
  Node *lvalue;       // …or the address of this lvalue
  const char *obj;    // the object addr points to, as text
  const char *local;  // obj is a C local of this type (hoist_await), or NULL
} Dest;

// lower_await.c: awaits and the expressions around them.
const char *new_temp(Lower *L, const char *type);        // a frame temporary
const char *new_local_temp(Lower *L, const char *type);  // a C local one
Defer *enclosing_try(Lower *L);  // the innermost try active, or NULL
// An error in ac__e at token tok: to the innermost defer or try's handler.
void unwind_error(Lower *L, int tok);
bool embedded(Lower *L, Symbol *callee);  // its frame sits in the caller's
void plan_embeds(Lower *L);  // before the body: Lower.embeds_shared
void emit_await(Lower *L, Node *aw, Dest dest);
// Runs e's awaits first, in C's order, leaving temporaries in their place.
void hoist(Lower *L, Node *e);

void stmt(Lower *L, Node *n);
void stmt_block(Lower *L, Node *n);
void stmt_list(Lower *L, Node *items, Defer *entry);  // and the defers
// Emits the deferred statements registered since `until`, innermost first.
void run_defers(Lower *L, Defer *until);
void defer_body(Lower *L, Defer *d);  // the deferred statement of d
// Gives each defer its chain and notes at each label the defers active
// there (Lower.defer_at), before the body is written.
void plan_defers(Lower *L, Node *body);
void note_builtins(Lower *L, Node *body);

// allasync.c: the program's main, which runs the lowered one (ac__main).
void all_async_emit_main(Lower *L);
// `async T f(P);` as `typedef T ac__f_result; ac_task *f(P);`, written on
// the current line.
void async_prototype_text(Emitter *e, Node *decl, bool local);

//
// ctext.c — source nodes as C text
//

Repl *repl_push(Lower *L, int first, int last);
void repl_pop(Lower *L, int first);
void repl_text(Lower *L, Node *n, const char *text);
Repl *best_repl(Lower *L, int i, int last);
void print_range(Lower *L, int first, int last);
void print_node(Lower *L, Node *n);
void print_flat(Lower *L, Node *n);   // on the current generated line
void print_paren(Lower *L, Node *n);  // in parentheses, flat
void print_type_specs(Lower *L, Node *specs, bool drop_quals);
void print_declarator_as(Lower *L, Node *d, const char *name, Node *skip);
void typedef_for(Lower *L, Node *specs, Node *d, const char *name, Node *skip,
                 const char *attrs);
const char *var_lvalue(Lower *L, FrameVar *v);  // "ac__f->x", or aligned
void unsized_array_typedef(Lower *L, FrameVar *v);
void param_typedef(Lower *L, FrameVar *v);
void auto_type_typedef(Lower *L, FrameVar *v);
void literal_typedef(Lower *L, FrameVar *v);
int tag_body_end(Unit *u, int open);
void print_tag_definition(Lower *L, Node *specs);
bool is_auto_type(Unit *u, Node *specs);
bool attr_says(Unit *u, Node *specs, const char *const *words);
void result_typedef(Emitter *e, Node *specs, Node *declarator);
bool spelled_result(Unit *u, Node *specs, Node *d, const char **kind,
                    const char **rtype);
bool has_pointer(Node *d);
bool is_aggregate(Unit *u, Node *specs, Node *d);
bool is_unsized_array(Node *d);
int name_part_kind(Node *d);
int attr_end(Unit *u, int i);  // the attribute at token i ends where
// a, b and c joined in the unit's arena (NULL: nothing), and a with n in
// decimal after it: the names and texts the lowering builds for each
// await, without arena_printf's format (~500 instructions a call).
const char *cat3(Unit *u, const char *a, const char *b, const char *c);
const char *cat_num(Unit *u, const char *a, int n);
void put_int(StrBuf *sb, int n);  // n in decimal
void gen_int(Emitter *e, int n);  // the same as generated code

#endif
