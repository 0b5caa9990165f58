/* parser.y — tokens → AST: a pure LALR parser for C17 with the GNU
 * extensions found in glibc's, libuv's and Linux's headers, plus Async C's
 * `async`, `await` and `defer`.
 *
 * Input: the token array that lexer.l built (Unit.toks).  yylex()
 * hands tokens to the parser one by one and classifies identifiers at that
 * moment, asking scope.c whether the name is a typedef (the lexer hack).
 * Actions push and pop scopes and declare names as they reduce declarators,
 * which is why a typedef name can be redeclared as a variable in an inner
 * scope and mean a type again after it.
 *
 * Output: Unit.root, an AST in which every node knows the tokens it spans
 * (its location is a pair of token indices, not line/column: positions are
 * derived from tokens only when a diagnostic is printed).  Actions are thin:
 * they build nodes and maintain scopes; the rules of Async C are checked in
 * sema.c.
 *
 * Typedef names and declarators.  A typedef name is a type specifier only
 * when no other type specifier has been seen, so the declaration specifiers
 * are split in three (ds_notype: only qualifiers, storage classes and the
 * like; ds_typedef: exactly one typedef name; ds_basic: keywords, struct,
 * enum, typeof).  After a complete type, a TYPEDEF_NAME can only be the
 * declared name (`T T;`, `int T;` in an inner scope), so declarators accept
 * it there.  Inside parentheses a declarator's name must be an IDENTIFIER:
 * C reads `int (T)` in a parameter list as a function taking a T.
 *
 * Recovery.  A syntax error outside any async function is recovered from at
 * the level of the whole external declaration: the token reader skips to the
 * end of the construct (brackets balanced) and the construct is kept as an
 * ND_RAW node whose text is copied through unchanged, with a warning under
 * -v.  So a GNU extension this grammar lacks costs nothing when it sits in a
 * header.  Inside async functions nothing is passed through: there a syntax
 * error is an error.
 *
 * Memory: nodes live in the unit's arena, so no %destructor is needed.
 *
 * Files.  This file holds the grammar and what bison calls or must see its
 * generated internals for: the token reader (yylex), the syntax error hooks
 * and recovery, and parse_unit, which runs yyparse.  The helpers the
 * actions call to build nodes, keep heights and lists and declare names are
 * in parser_tree.c (declared, with the parser's state, in parser_tree.h).
 */

%require "3.6"
%define api.pure full
%define api.token.prefix {TOK_}
%define api.value.type union
%define api.location.type {TokSpan}
%define parse.error custom
%define parse.lac full
%locations
%param {Unit *u}

/* %expect 0: resolve new conflicts with the grammar or a documented
 * precedence, never by raising this number. */
%expect 0

%code requires {
#include "acc.h"
/* A location is the range of tokens a symbol spans (inclusive). */
typedef struct TokSpan {
  int first, last;
} TokSpan;
/* Spans first..last symbol; an empty rule gets an empty span (last < first)
 * just after the previous symbol. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                          \
  do {                                                                       \
    if (N) {                                                                 \
      (Cur).first = YYRHSLOC(Rhs, 1).first;                                  \
      (Cur).last = YYRHSLOC(Rhs, N).last;                                    \
    } else {                                                                 \
      (Cur).first = YYRHSLOC(Rhs, 0).last + 1;                               \
      (Cur).last = YYRHSLOC(Rhs, 0).last;                                    \
    }                                                                        \
  } while (0)
}

%code provides {
void yyerror(TokSpan *loc, Unit *u, const char *msg);
}

%code {
/* The parser's state (struct Parser) and the helpers the actions call. */
#include "parser_tree.h"

#include <string.h>
#include <stdlib.h>
/* Deep nesting (10,000 parentheses) must parse; the bison default is 10,000
 * states, which that input exceeds.  translate.c sizes the parse's stack
 * for this many states. */
#define YYMAXDEPTH PARSE_MAX_DEPTH
#define NEW(k, loc) ast_new(u, ND_##k, (loc).first, (loc).last)

static int yylex(YYSTYPE *lval, TokSpan *loc, Unit *u);
}

%token IDENTIFIER "identifier" TYPEDEF_NAME "type name"
%token INT_CONST "integer constant" FLOAT_CONST "floating constant"
%token CHAR_CONST "character constant" STRING "string literal"
%token ARROW "->" INC "++" DEC "--" SHL "<<" SHR ">>" LE "<=" GE ">="
%token EQ "==" NE "!=" ANDAND "&&" OROR "||" ELLIPSIS "..."
%token MUL_ASSIGN "*=" DIV_ASSIGN "/=" MOD_ASSIGN "%=" ADD_ASSIGN "+="
%token SUB_ASSIGN "-=" SHL_ASSIGN "<<=" SHR_ASSIGN ">>=" AND_ASSIGN "&="
%token XOR_ASSIGN "^=" OR_ASSIGN "|="
%token AUTO "auto" BREAK "break" CASE "case" CHAR "char" CONST "const"
%token CONTINUE "continue" DEFAULT "default" DO "do" DOUBLE "double"
%token ELSE "else" ENUM "enum" EXTERN "extern" FLOAT "float" FOR "for"
%token GOTO "goto" IF "if" INLINE "inline" INT "int" LONG "long"
%token REGISTER "register" RESTRICT "restrict" RETURN "return"
%token SHORT "short" SIGNED "signed" SIZEOF "sizeof" STATIC "static"
%token STRUCT "struct" SWITCH "switch" TYPEDEF "typedef" UNION "union"
%token UNSIGNED "unsigned" VOID "void" VOLATILE "volatile" WHILE "while"
%token ALIGNAS "_Alignas" ALIGNOF "_Alignof" ATOMIC "_Atomic"
%token ATOMIC_SPEC "_Atomic(" BOOL "_Bool" COMPLEX "_Complex"
%token IMAGINARY "_Imaginary" GENERIC "_Generic" NORETURN "_Noreturn"
%token STATIC_ASSERT "_Static_assert" THREAD_LOCAL "_Thread_local"
%token ASM "__asm__" ATTRIBUTE "__attribute__" EXTENSION "__extension__"
%token TYPEOF "typeof" INT128 "__int128" FLOATN "__float128"
%token REAL "__real__" IMAG "__imag__" LOCAL_LABEL "__label__"
%token AUTO_TYPE "__auto_type" VA_ARG "__builtin_va_arg"
%token OFFSETOF "__builtin_offsetof"
%token TYPES_COMPAT "__builtin_types_compatible_p"
%token NULLABILITY "_Nullable"
%token CONVERTVECTOR "__builtin_convertvector"
%token ASYNC "async" AWAIT "await" DEFER "defer" TRY "try" CATCH "catch"
%token SYNC "end of an unparsable construct"

/* The dangling else binds to the nearest if. */
%precedence THEN
%precedence ELSE
/* After a function's declarator, an attribute belongs to the declarator
 * (`int f(void) __attribute__((x));`), never to a K&R parameter
 * declaration: declarator_full (without an asm label) is reduced. */
%precedence ATTRIBUTE
%precedence NO_ASM_LABEL
/* The binary operators, loosest first, and the conditional operator below
 * them all (see binary_expression). */
%right '?'
%left "||"
%left "&&"
%left '|'
%left '^'
%left '&'
%left "==" "!="
%left '<' '>' "<=" ">="
%left "<<" ">>"
%left '+' '-'
%left '*' '/' '%'

%nterm <Node *> translation_unit external_declaration function_definition
%nterm <Node *> declaration decl_specs_push init_declarator_list
%nterm <Node *> init_declarator declarator_full catch_declarator declaration_specifiers
%nterm <Node *> direct_declarator declarator_id
%nterm <Node *> decl_declarator decl_direct_declarator
%nterm <Node *> identifier_list kr_declaration_list
%nterm <Node *> direct_declarator_id pointer array_suffix func_suffix
%nterm <Node *> parameter_list parameter_declaration
%nterm <Node *> abstract_declarator direct_abstract_declarator type_name
%nterm <Node *> initializer init_other initializer_list designated_initializer
%nterm <Node *> designator_list designator static_assert_declaration
%nterm <Node *> statement labeled_statement compound_statement
%nterm <Node *> block_item_list block_item expression_statement
%nterm <Node *> selection_statement iteration_statement
%nterm <Node *> asm_statement asm_operands asm_operand for_init
%nterm <Node *> function_body try_statement
%nterm <Node *> postfix_expression argument_list unary_expression
%nterm <Node *> prefix_expression cast_expression cast
%nterm <Node *> operand binary_expression assignment_expression
%nterm <Node *> assignment expression expr_other comma_expression
%nterm <Node *> constant_expression expression_opt generic_assoc_list
%nterm <Node *> generic_assoc offsetof_designator
%nterm <int> ds_notype ds_typedef ds_basic decl_mod basic_type mod_paren type_paren
%nterm <int> type_qualifier
%nterm <int> assignment_operator unary_operator

%%

unit:
    translation_unit              { u->root = NEW(UNIT, @$); u->root->list = $1; settle(u->root); }
  ;

/* Function definitions and declarations are listed here, not through
 * external_declaration: one reduction per declaration less. */
translation_unit:
    %empty                        { $$ = NULL; }
  | translation_unit function_definition { $$ = add_top(u, $1, $2, @2); }
  | translation_unit declaration  { $$ = add_top(u, $1, $2, @2); }
  | translation_unit external_declaration { $$ = add_top(u, $1, $2, @2); }
  ;

external_declaration:
    ';'                           { $$ = NULL; }
  | ASM '(' string ')' ';'        { $$ = NEW(TOP_ASM, @$); }
  /* yyerrok: the construct is over, so the next one's syntax error is
   * reported (and recovered from) even if it comes within bison's three
   * tokens of silence after an error (`int f(x) int x; {` twice). */
  | error SYNC                    { $$ = raw_construct(u); yyerrok; }
  ;

/* ─── Declarations ─────────────────────────────────────────────────────── */

function_definition:
    decl_specs_push decl_direct_declarator { begin_function(u, $2); } function_body
                                  { $$ = func_def(u, @$, $1, $2, $4); }
  | decl_specs_push pointer decl_direct_declarator
                                  { begin_function(u, pointer_declarator($3, $2, @2.first)); }
    function_body
                                  { $$ = func_def(u, @$, $1, $3, $5); }
  | decl_specs_push decl_direct_declarator kr_declaration_list
                                  { begin_function_kr(u, $2, $3); }
    function_body
                                  { $$ = func_def(u, @$, $1, $2, $5); }
  | decl_specs_push pointer decl_direct_declarator kr_declaration_list
                                  { begin_function_kr(u, pointer_declarator($3, $2, @2.first),
                                                      $4); }
    function_body
                                  { $$ = func_def(u, @$, $1, $3, $6); }
  | EXTENSION function_definition { $$ = $2; }
  ;

function_body:
    '{' block_item_list '}'       { $$ = NEW(BLOCK, @$); $$->list = $2; settle_list($$, NULL, $2); }
  | '{' '}'                       { $$ = NEW(BLOCK, @$); }
  ;

declaration:
    decl_specs_push ';'           { $$ = NEW(DECL, @$); $$->specs = $1; pop_specs(u);
                                    settle1($$, $1); }
  | decl_specs_push init_declarator ';'
                                  { $$ = NEW(DECL, @$); $$->specs = $1;
                                    $$->list = $2; pop_specs(u); settle_list($$, $1, $2); }
  | decl_specs_push init_declarator_list ',' init_declarator ';'
                                  { $$ = NEW(DECL, @$); $$->specs = $1;
                                    $$->list = append(u, $2, $4); pop_specs(u);
                                    settle_list($$, $1, $$->list); }
  | static_assert_declaration
  | EXTENSION declaration         { $$ = $2; }
  ;

/* The specifiers are pushed before the declarators are parsed, so that each
 * declarator can be declared (as a typedef name or not) the moment it is
 * complete: `typedef int T, *PT;`. */
decl_specs_push:
    ds_typedef                    { $$ = specs_node(u, @$, $1); push_specs(u, $$); }
  | ds_basic                      { $$ = specs_node(u, @$, $1); push_specs(u, $$); }
  ;

static_assert_declaration:
    STATIC_ASSERT '(' constant_expression ',' string ')' ';'
                                  { $$ = NEW(STATIC_ASSERT, @$); $$->lhs = $3; settle1($$, $3); }
  | STATIC_ASSERT '(' constant_expression ')' ';'
                                  { $$ = NEW(STATIC_ASSERT, @$); $$->lhs = $3; settle1($$, $3); }
  ;

declaration_specifiers:
    ds_typedef                    { $$ = specs_node(u, @$, $1); }
  | ds_basic                      { $$ = specs_node(u, @$, $1); }
  ;

/* A list's first specifier is listed in ds_notype and ds_basic (and in
 * ds_basic after ds_notype), not reduced to decl_mod or basic_type first:
 * one reduction per specifier less (`const char *`: 3, not 5).  The forms
 * with parentheses are a nonterminal of their own (mod_paren, type_paren),
 * being rare. */
ds_notype:
    TYPEDEF                       { $$ = SPEC_TYPEDEF; }
  | EXTERN                        { $$ = SPEC_EXTERN; }
  | STATIC                        { $$ = SPEC_STATIC; }
  | AUTO                          { $$ = SPEC_AUTO; }
  | REGISTER                      { $$ = SPEC_REGISTER; }
  | THREAD_LOCAL                  { $$ = SPEC_THREAD; }
  | INLINE                        { $$ = SPEC_INLINE; }
  | NORETURN                      { $$ = SPEC_NORETURN; }
  | ASYNC                         { $$ = SPEC_ASYNC; }
  | CONST { $$ = 0; } | RESTRICT { $$ = 0; } | VOLATILE { $$ = 0; }
  | ATOMIC { $$ = 0; } | NULLABILITY { $$ = 0; } | ATTRIBUTE { $$ = 0; }
  | mod_paren
  | ds_notype decl_mod            { $$ = $1 | $2; }
  ;

ds_typedef:
    TYPEDEF_NAME                  { $$ = 0; }
  | ds_notype TYPEDEF_NAME        { $$ = $1; }
  | ds_typedef decl_mod           { $$ = $1 | $2; }
  ;

ds_basic:
    VOID { $$ = SPEC_VOID; } | CHAR { $$ = 0; } | SHORT { $$ = 0; }
  | INT { $$ = 0; } | LONG { $$ = 0; } | FLOAT { $$ = 0; }
  | DOUBLE { $$ = 0; } | SIGNED { $$ = 0; } | UNSIGNED { $$ = 0; }
  | BOOL { $$ = 0; } | COMPLEX { $$ = 0; } | IMAGINARY { $$ = 0; }
  | INT128 { $$ = 0; } | FLOATN { $$ = 0; } | AUTO_TYPE { $$ = 0; }
  | struct_or_union_specifier { $$ = 0; } | enum_specifier { $$ = 0; }
  | type_paren
  | ds_notype VOID                { $$ = $1 | SPEC_VOID; }
  | ds_notype CHAR | ds_notype SHORT | ds_notype INT | ds_notype LONG
  | ds_notype FLOAT | ds_notype DOUBLE | ds_notype SIGNED
  | ds_notype UNSIGNED | ds_notype BOOL | ds_notype COMPLEX
  | ds_notype IMAGINARY | ds_notype INT128 | ds_notype FLOATN
  | ds_notype AUTO_TYPE | ds_notype struct_or_union_specifier
  | ds_notype enum_specifier
  | ds_notype type_paren          { $$ = $1 | $2; }
  | ds_basic basic_type           { $$ = ($1 | $2) & ~SPEC_VOID; }
  | ds_basic decl_mod             { $$ = $1 | $2; }
  ;

/* The storage classes, function specifiers and qualifiers after a list's
 * first specifier (type_qualifier is the pointers'). */
decl_mod:
    TYPEDEF                       { $$ = SPEC_TYPEDEF; }
  | EXTERN                        { $$ = SPEC_EXTERN; }
  | STATIC                        { $$ = SPEC_STATIC; }
  | AUTO                          { $$ = SPEC_AUTO; }
  | REGISTER                      { $$ = SPEC_REGISTER; }
  | THREAD_LOCAL                  { $$ = SPEC_THREAD; }
  | INLINE                        { $$ = SPEC_INLINE; }
  | NORETURN                      { $$ = SPEC_NORETURN; }
  | ASYNC                         { $$ = SPEC_ASYNC; }
  | CONST                         { $$ = 0; }
  | RESTRICT                      { $$ = 0; }
  | VOLATILE                      { $$ = 0; }
  | ATOMIC                        { $$ = 0; }
  | NULLABILITY                   { $$ = 0; }
  | ATTRIBUTE                     { $$ = 0; }
  | mod_paren
  ;

mod_paren:
    ALIGNAS '(' type_name ')'     { $$ = 0; }
  | ALIGNAS '(' constant_expression ')' { $$ = 0; }
  ;

type_qualifier:
    CONST                         { $$ = 0; }
  | RESTRICT                      { $$ = 0; }
  | VOLATILE                      { $$ = 0; }
  | ATOMIC                        { $$ = 0; }
  | NULLABILITY                   { $$ = 0; }
  ;

/* The type specifiers after a list's first. */
basic_type:
    VOID                          { $$ = SPEC_VOID; }
  | CHAR                          { $$ = 0; }
  | SHORT                         { $$ = 0; }
  | INT                           { $$ = 0; }
  | LONG                          { $$ = 0; }
  | FLOAT                         { $$ = 0; }
  | DOUBLE                        { $$ = 0; }
  | SIGNED                        { $$ = 0; }
  | UNSIGNED                      { $$ = 0; }
  | BOOL                          { $$ = 0; }
  | COMPLEX                       { $$ = 0; }
  | IMAGINARY                     { $$ = 0; }
  | INT128                        { $$ = 0; }
  | FLOATN                        { $$ = 0; }
  | AUTO_TYPE                     { $$ = 0; }
  | struct_or_union_specifier     { $$ = 0; }
  | enum_specifier                { $$ = 0; }
  | type_paren
  ;

type_paren:
    TYPEOF '(' expression ')'     { $$ = 0;
                                    u->parser->typeof_exprs =
                                      ast_append(u->parser->typeof_exprs, $3); }
  | TYPEOF '(' type_name ')'      { $$ = 0; }
  | ATOMIC_SPEC '(' type_name ')' { $$ = 0; }
  ;

/* A struct's or enum's attributes and tag are optional by rules of their
 * own, not by empty ones (attributes_opt, any_ident): each reduction costs
 * the parser about 60 instructions, and `struct T` is common. */
struct_or_union_specifier:
    STRUCT IDENTIFIER | STRUCT TYPEDEF_NAME | STRUCT struct_body
  | UNION IDENTIFIER | UNION TYPEDEF_NAME | UNION struct_body
  | struct_head IDENTIFIER | struct_head TYPEDEF_NAME | struct_head struct_body
  ;

/* `struct T` with no body (the most common) is one reduction, the
 * keyword being listed; attributes after the keyword make a struct_head. */
struct_head:
    STRUCT ATTRIBUTE | UNION ATTRIBUTE | struct_head ATTRIBUTE ;

struct_body:
    '{' struct_declaration_list '}'
  | '{' '}'
  | IDENTIFIER '{' struct_declaration_list '}'
  | TYPEDEF_NAME '{' struct_declaration_list '}'
  | IDENTIFIER '{' '}'
  | TYPEDEF_NAME '{' '}'
  ;

struct_declaration_list:
    struct_declaration
  | struct_declaration_list struct_declaration
  ;

/* Members are not declared in any scope: they have a name space of their
 * own, so `struct { T T; }` leaves the typedef T alone. */
struct_declaration:
    declaration_specifiers struct_declarator ';' { reject_async(u, $1); }
  | declaration_specifiers struct_declarator_list ',' struct_declarator ';'
                                  { reject_async(u, $1); }
  | declaration_specifiers ';'    { reject_async(u, $1); }
  | static_assert_declaration     { (void)$1; }
  | ';'
  | EXTENSION struct_declaration
  ;

/* All declarators but the last, as init_declarator_list. */
struct_declarator_list:
    struct_declarator
  | struct_declarator_list ',' struct_declarator
  ;

struct_declarator:
    direct_declarator                                 { (void)$1; }
  | pointer direct_declarator     { pointer_declarator($2, $1, @1.first); }
  | direct_declarator attributes                      { (void)$1; }
  | pointer direct_declarator attributes
                                  { pointer_declarator($2, $1, @1.first); }
  | ':' constant_expression attributes_opt            { (void)$2; }
  | direct_declarator ':' constant_expression attributes_opt { (void)$1; (void)$3; }
  | pointer direct_declarator ':' constant_expression attributes_opt
                                  { pointer_declarator($2, $1, @1.first); (void)$4; }
  ;

enum_specifier:
    enum_head '{' enumerator_list comma_opt '}'
  | enum_head IDENTIFIER '{' enumerator_list comma_opt '}'
  | enum_head TYPEDEF_NAME '{' enumerator_list comma_opt '}'
  | enum_head IDENTIFIER
  | enum_head TYPEDEF_NAME
  ;

enum_head: ENUM | enum_head ATTRIBUTE ;

comma_opt: %empty | ',' ;

enumerator_list:
    enumerator
  | enumerator_list ',' enumerator
  ;

enumerator:
    enumeration_constant
  | enumeration_constant '=' constant_expression      { (void)$3; }
  ;

enumeration_constant:
    any_ident attributes_opt      { declare_enumerator(u, @1); }
  ;

any_ident: IDENTIFIER | TYPEDEF_NAME ;

attributes_opt: %empty | attributes ;
attributes: ATTRIBUTE | attributes ATTRIBUTE ;

/* All declarators but the last: a declaration of one declarator (the
 * most common) needs no list. */
init_declarator_list:
    init_declarator
  | init_declarator_list ',' init_declarator { $$ = append(u, $1, $3); }
  ;

init_declarator:
    declarator_full               { $$ = init_decl(u, @$, $1, NULL); }
  | declarator_full attributes    { $$ = init_decl(u, @$, $1, NULL); }
  | declarator_full '=' postfix_expression { $$ = init_decl(u, @$, $1, $3); }
  | declarator_full '=' binary_expression { $$ = init_decl(u, @$, $1, $3); }
  | declarator_full '=' init_other { $$ = init_decl(u, @$, $1, $3); }
  | declarator_full attributes '=' postfix_expression
                                  { $$ = init_decl(u, @$, $1, $4); }
  | declarator_full attributes '=' binary_expression
                                  { $$ = init_decl(u, @$, $1, $4); }
  | declarator_full attributes '=' init_other
                                  { $$ = init_decl(u, @$, $1, $4); }
  ;

/* The declarator is declared when it is complete, before its initializer:
 * in `int x = sizeof x;` the second x is the new one.  Its attributes
 * follow it in init_declarator (an attribute is one token: declaring the
 * name before it or after is the same), so no empty rule is reduced after
 * every declarator; an empty asm label would be one.  After a function's
 * declarator, an attribute belongs to the declarator, never to a K&R
 * parameter declaration: this rule is reduced (%prec). */
declarator_full:
    decl_direct_declarator %prec NO_ASM_LABEL
                                  { $$ = $1; declare_declarator(u, $1); }
  | pointer decl_direct_declarator %prec NO_ASM_LABEL
                                  { $$ = pointer_declarator($2, $1, @1.first);
                                    declare_declarator(u, $$); }
  | decl_direct_declarator ASM '(' string ')'
                                  { $$ = $1; declare_declarator(u, $1); }
  | pointer decl_direct_declarator ASM '(' string ')'
                                  { $$ = pointer_declarator($2, $1, @1.first);
                                    declare_declarator(u, $$); }
  ;

/* A catch variable's declarator, attributes included. */
catch_declarator:
    declarator_full
  | declarator_full attributes
  ;


direct_declarator:
    IDENTIFIER                    { $$ = NEW(DECLARATOR, @$); $$->name = @1.first; }
  | TYPEDEF_NAME                  { $$ = NEW(DECLARATOR, @$); $$->name = @1.first; }
  | '(' declarator_id ')'         { $$ = NEW(DECLARATOR, @$); $$->inner = $2; settle1($$, $2); }
  | direct_declarator array_suffix { $$ = add_suffix(u, $1, $2, @$.last); }
  | direct_declarator func_suffix { $$ = add_suffix(u, $1, $2, @$.last); }
  ;

/* The declarator of a declaration or definition (not of a parameter):
 * the type is complete, so inside parentheses too a typedef name is the
 * declared name: `int (T) = 1;` declares T. */
/* A declarator in parentheses.  Elsewhere the pointer form and the direct
 * one are listed by the rules that take a declarator (declarations,
 * definitions, parameters, members): one reduction less per declarator. */
decl_declarator:
    pointer decl_direct_declarator { $$ = pointer_declarator($2, $1, @1.first); }
  | decl_direct_declarator
  ;

decl_direct_declarator:
    IDENTIFIER                    { $$ = NEW(DECLARATOR, @$); $$->name = @1.first; }
  | TYPEDEF_NAME                  { $$ = NEW(DECLARATOR, @$); $$->name = @1.first; }
  | '(' decl_declarator ')'       { $$ = NEW(DECLARATOR, @$); $$->inner = $2; settle1($$, $2); }
  | decl_direct_declarator array_suffix { $$ = add_suffix(u, $1, $2, @$.last); }
  | decl_direct_declarator func_suffix { $$ = add_suffix(u, $1, $2, @$.last); }
  | decl_direct_declarator '(' identifier_list ')'
                                  { Node *f = declarator_part(u, (TokSpan){@2.first, @4.last},
                                                              DP_FUNC, $3, NF_KR);
                                    $$ = add_suffix(u, $1, f, @$.last); }
  ;

/* A K&R definition: `int f(a, b) int a; char *b; { … }`. */
identifier_list:
    IDENTIFIER                    { $$ = kr_param(u, @1); }
  | identifier_list ',' IDENTIFIER { $$ = append(u, $1, kr_param(u, @3)); }
  ;

kr_declaration_list:
    declaration
  | kr_declaration_list declaration { $$ = append(u, $1, $2); }
  ;

/* Inside parentheses a parameter's name must be an identifier (see the
 * banner), unless a pointer comes first: `void (*T)(int)` can only name
 * the parameter T. */
declarator_id:
    pointer direct_declarator     { $$ = $2; $$->rhs = $1; $$->first = @$.first;
                                    grow_height($$, $1); }
  | direct_declarator_id
  ;

direct_declarator_id:
    IDENTIFIER                    { $$ = NEW(DECLARATOR, @$); $$->name = @1.first; }
  | '(' declarator_id ')'         { $$ = NEW(DECLARATOR, @$); $$->inner = $2; settle1($$, $2); }
  | direct_declarator_id array_suffix { $$ = add_suffix(u, $1, $2, @$.last); }
  | direct_declarator_id func_suffix { $$ = add_suffix(u, $1, $2, @$.last); }
  ;

pointer:
    '*'                           { $$ = declarator_part(u, @$, DP_POINTER, NULL, 0); }
  | '*' qualifier_list            { $$ = declarator_part(u, @$, DP_POINTER, NULL, 0); }
  | '*' pointer                   { $$ = declarator_part(u, @$, DP_POINTER, NULL, 0);
                                    $$->next = $2; }
  | '*' qualifier_list pointer    { $$ = declarator_part(u, @$, DP_POINTER, NULL, 0);
                                    $$->next = $3; }
  ;

qualifier_list_opt: %empty | qualifier_list ;
qualifier_list:
    type_qualifier                { (void)$1; }
  | ATTRIBUTE
  | qualifier_list type_qualifier { (void)$2; }
  | qualifier_list ATTRIBUTE
  ;

array_suffix:
    '[' ']'                       { $$ = declarator_part(u, @$, DP_ARRAY, NULL, 0); }
  | '[' assignment_expression ']' { $$ = declarator_part(u, @$, DP_ARRAY, NULL, 0);
                                    $$->lhs = $2; settle1($$, $2); }
  | '[' qualifier_list ']'        { $$ = declarator_part(u, @$, DP_ARRAY, NULL, 0); }
  | '[' qualifier_list assignment_expression ']'
                                  { $$ = declarator_part(u, @$, DP_ARRAY, NULL, 0);
                                    $$->lhs = $3; settle1($$, $3); }
  | '[' STATIC qualifier_list_opt assignment_expression ']'
                                  { $$ = declarator_part(u, @$, DP_ARRAY, NULL, 0);
                                    $$->lhs = $4; settle1($$, $4); }
  | '[' qualifier_list STATIC assignment_expression ']'
                                  { $$ = declarator_part(u, @$, DP_ARRAY, NULL, 0);
                                    $$->lhs = $4; settle1($$, $4); }
  | '[' '*' ']'                   { $$ = declarator_part(u, @$, DP_ARRAY, NULL, 0); }
  | '[' qualifier_list '*' ']'    { $$ = declarator_part(u, @$, DP_ARRAY, NULL, 0); }
  ;

func_suffix:
    '(' ')'                       { $$ = declarator_part(u, @$, DP_FUNC, NULL, 0); }
  | '(' parameter_declaration ')' { $$ = declarator_part(u, @$, DP_FUNC, $2, 0); }
  | '(' parameter_list ',' parameter_declaration ')'
                                  { $$ = declarator_part(u, @$, DP_FUNC, append(u, $2, $4), 0); }
  | '(' parameter_list ',' "..." ')'
                                  { $$ = declarator_part(u, @$, DP_FUNC, $2, NF_VARIADIC); }
  | '(' "..." ')'                 { $$ = declarator_part(u, @$, DP_FUNC, NULL, NF_VARIADIC); }
  ;

/* All parameters but the last, or all before `...`. */
parameter_list:
    parameter_declaration
  | parameter_list ',' parameter_declaration { $$ = append(u, $1, $3); }
  ;

parameter_declaration:
    declaration_specifiers direct_declarator
                                  { $$ = param(u, @$, $1, $2); }
  | declaration_specifiers pointer direct_declarator
                                  { $$ = param(u, @$, $1, pointer_declarator($3, $2, @2.first)); }
  | declaration_specifiers direct_declarator attributes
                                  { $$ = param(u, @$, $1, $2); }
  | declaration_specifiers pointer direct_declarator attributes
                                  { $$ = param(u, @$, $1, pointer_declarator($3, $2, @2.first)); }
  | declaration_specifiers        { $$ = NEW(PARAM, @$); $$->specs = $1; settle1($$, $1); }
  | declaration_specifiers abstract_declarator
                                  { $$ = NEW(PARAM, @$); $$->specs = $1; settle1($$, $1); }
  ;

type_name:
    declaration_specifiers        { $$ = NEW(TYPE_NAME, @$); $$->specs = $1; settle1($$, $1); }
  | declaration_specifiers abstract_declarator
                                  { $$ = NEW(TYPE_NAME, @$); $$->specs = $1; $$->decl = $2;
                                    settle2($$, $1, $2); }
  ;

/* A declarator without a name is a DECLARATOR too (name -1), with every
 * part in the tree: `(int (*)[n])p` names n, which the lowering may have
 * to rename. */
abstract_declarator:
    pointer                       { $$ = NEW(DECLARATOR, @$); $$->rhs = $1; settle1($$, $1); }
  | pointer direct_abstract_declarator
                                  { $$ = pointer_declarator($2, $1, @1.first); }
  | direct_abstract_declarator
  ;

direct_abstract_declarator:
    '(' abstract_declarator ')'   { $$ = NEW(DECLARATOR, @$); $$->inner = $2; settle1($$, $2); }
  | array_suffix                  { $$ = NEW(DECLARATOR, @$); $$->list = $1; settle1($$, $1); }
  | func_suffix                   { $$ = NEW(DECLARATOR, @$); $$->list = $1; settle1($$, $1); }
  | direct_abstract_declarator array_suffix
                                  { $$ = add_suffix(u, $1, $2, @$.last); }
  | direct_abstract_declarator func_suffix
                                  { $$ = add_suffix(u, $1, $2, @$.last); }
  ;

initializer:
    postfix_expression
  | prefix_expression
  | cast
  | binary_expression
  | assignment
  | '{' initializer_list '}'      { $$ = NEW(INIT_LIST, @$); $$->list = $2; settle($$); }
  | '{' initializer_list ',' '}'  { $$ = NEW(INIT_LIST, @$); $$->list = $2; settle($$); }
  | '{' '}'                       { $$ = NEW(INIT_LIST, @$); }
  ;

/* A declaration's initializer: its two most common forms are listed in
 * init_declarator (one reduction less), the others are these. */
init_other:
    prefix_expression
  | cast
  | assignment
  | '{' initializer_list '}'      { $$ = NEW(INIT_LIST, @$); $$->list = $2; settle($$); }
  | '{' initializer_list ',' '}'  { $$ = NEW(INIT_LIST, @$); $$->list = $2; settle($$); }
  | '{' '}'                       { $$ = NEW(INIT_LIST, @$); }
  ;

initializer_list:
    designated_initializer
  | initializer_list ',' designated_initializer { $$ = append(u, $1, $3); }
  ;

/* GNU's obsolete forms too: `[1] 5` and `x: 5`. */
designated_initializer:
    initializer                   { $$ = NEW(DESIG_INIT, @$); $$->init = $1; settle1($$, $1); }
  | designator initializer        { $$ = NEW(DESIG_INIT, @$); $$->list = $1; $$->init = $2;
                                    settle($$); }
  | any_ident ':' initializer     { $$ = NEW(DESIG_INIT, @$); $$->init = $3; settle1($$, $3); }
  | designator_list '=' initializer
                                  { $$ = NEW(DESIG_INIT, @$); $$->list = $1; $$->init = $3;
                                    settle($$); }
  ;

designator_list:
    designator
  | designator_list designator    { $$ = append(u, $1, $2); }
  ;

designator:
    '[' constant_expression ']'   { $$ = $2; }
  | '[' constant_expression "..." constant_expression ']' { $$ = $2; $2->next = NULL; (void)$4; }
  | '.' any_ident                 { $$ = NULL; }
  ;

/* ─── Statements ───────────────────────────────────────────────────────── */

/* The expression statement and the jump statements are listed here, not
 * through a nonterminal each: one reduction per statement less. */
statement:
    labeled_statement
  | compound_statement
  | ';'                           { $$ = NEW(NULL_STMT, @$); }
  | postfix_expression ';'        { $$ = NEW(EXPR_STMT, @$); $$->lhs = $1; settle1($$, $1); }
  | binary_expression ';'         { $$ = NEW(EXPR_STMT, @$); $$->lhs = $1; settle1($$, $1); }
  | assignment ';'                { $$ = NEW(EXPR_STMT, @$); $$->lhs = $1; settle1($$, $1); }
  | expr_other ';'                { $$ = NEW(EXPR_STMT, @$); $$->lhs = $1; settle1($$, $1); }
  | selection_statement
  | iteration_statement
  | GOTO any_ident ';'            { $$ = NEW(GOTO, @$); $$->name = @2.first; }
  | GOTO '*' expression ';'       { $$ = NEW(GOTO_PTR, @$); $$->lhs = $3; settle1($$, $3); }
  | CONTINUE ';'                  { $$ = NEW(CONTINUE, @$); }
  | BREAK ';'                     { $$ = NEW(BREAK, @$); }
  | RETURN ';'                    { $$ = NEW(RETURN, @$); }
  | RETURN postfix_expression ';' { $$ = NEW(RETURN, @$); $$->lhs = $2; settle1($$, $2); }
  | RETURN binary_expression ';'  { $$ = NEW(RETURN, @$); $$->lhs = $2; settle1($$, $2); }
  | RETURN assignment ';'         { $$ = NEW(RETURN, @$); $$->lhs = $2; settle1($$, $2); }
  | RETURN expr_other ';'         { $$ = NEW(RETURN, @$); $$->lhs = $2; settle1($$, $2); }
  | asm_statement
  | DEFER statement               { $$ = NEW(DEFER, @$); $$->body = $2; settle1($$, $2); }
  | try_statement
  | ATTRIBUTE ';'                 { $$ = NEW(ATTR_STMT, @$); }
  ;

/* try { … } catch (int err) { … }: the catch variable is declared in a
 * scope of its own around the handler, like a for loop's declaration. */
try_statement:
    TRY compound_statement CATCH '(' { scope_push(u); } decl_specs_push
      catch_declarator ')' { pop_specs(u); } compound_statement
                                  { $$ = NEW(TRY, @$); $$->then = $2;
                                    $$->lhs = ast_new(u, ND_PARAM, @6.first, @7.last);
                                    $$->lhs->specs = $6; $$->lhs->decl = $7;
                                    settle($$->lhs);
                                    if ($7->sym) $7->sym->decl = $$->lhs;
                                    $$->els = $10; scope_pop(u); settle($$); }
  ;

labeled_statement:
    IDENTIFIER ':' statement      { $$ = NEW(LABEL, @$); $$->name = @1.first; $$->body = $3;
                                    settle1($$, $3); }
  | TYPEDEF_NAME ':' statement    { $$ = NEW(LABEL, @$); $$->name = @1.first; $$->body = $3;
                                    settle1($$, $3); }
  | CASE constant_expression ':' statement
                                  { $$ = NEW(CASE, @$); $$->lhs = $2; $$->body = $4;
                                    settle2($$, $2, $4); }
  | CASE constant_expression "..." constant_expression ':' statement
                                  { $$ = NEW(CASE, @$); $$->lhs = $2; $$->rhs = $4;
                                    $$->body = $6; settle3($$, $2, $4, $6); }
  | DEFAULT ':' statement         { $$ = NEW(DEFAULT, @$); $$->body = $3; settle1($$, $3); }
  ;

compound_statement:
    '{' { scope_push(u); } block_item_list '}'
                                  { $$ = NEW(BLOCK, @$); $$->list = $3; scope_pop(u);
                                    settle_list($$, NULL, $3); }
  | '{' '}'                       { $$ = NEW(BLOCK, @$); }
  ;

/* Declarations and statements are items without a reduction to block_item
 * (the rarer items are block_items). */
block_item_list:
    declaration
  | statement
  | block_item
  | block_item_list declaration   { $$ = append(u, $1, $2); }
  | block_item_list statement     { $$ = append(u, $1, $2); }
  | block_item_list block_item    { $$ = append(u, $1, $2); }
  ;

/* A label right before a declaration (C23, and GNU C before it): the
 * label on an empty statement, then the declaration. */
block_item:
    function_definition           /* a GNU nested function */
  | IDENTIFIER ':' declaration    { $$ = NEW(LABEL, @1); $$->name = @1.first;
                                    $$->last = @2.last;
                                    $$->body = NEW(NULL_STMT, @2);
                                    $$->body->first = @2.last + 1;
                                    $$->next = $3; settle($$); }
  | LOCAL_LABEL label_list ';'    { $$ = NEW(LOCAL_LABELS, @$); }
  ;

label_list: any_ident | label_list ',' any_ident ;

expression_statement:
    ';'                           { $$ = NEW(NULL_STMT, @$); }
  | expression ';'                { $$ = NEW(EXPR_STMT, @$); $$->lhs = $1; settle1($$, $1); }
  ;

selection_statement:
    IF '(' expression ')' statement %prec THEN
                                  { $$ = NEW(IF, @$); $$->cond = $3; $$->then = $5;
                                    settle2($$, $3, $5); }
  | IF '(' expression ')' statement ELSE statement
                                  { $$ = NEW(IF, @$); $$->cond = $3; $$->then = $5;
                                    $$->els = $7; settle3($$, $3, $5, $7); }
  | SWITCH '(' expression ')' statement
                                  { $$ = NEW(SWITCH, @$); $$->cond = $3; $$->body = $5;
                                    settle2($$, $3, $5); }
  ;

iteration_statement:
    WHILE '(' expression ')' statement
                                  { $$ = NEW(WHILE, @$); $$->cond = $3; $$->body = $5;
                                    settle2($$, $3, $5); }
  | DO statement WHILE '(' expression ')' ';'
                                  { $$ = NEW(DO, @$); $$->body = $2; $$->cond = $5;
                                    settle2($$, $2, $5); }
  | FOR '(' { scope_push(u); } for_init expression_opt ';' expression_opt ')' statement
                                  { $$ = NEW(FOR, @$); $$->init = $4; $$->cond = $5;
                                    $$->inc = $7; $$->body = $9; scope_pop(u); settle($$); }
  ;

for_init:
    expression_statement
  | declaration
  ;

expression_opt:
    %empty                        { $$ = NULL; }
  | postfix_expression
  | binary_expression
  | assignment
  | expr_other
;

/* GNU asm: asm [volatile|inline|goto] ( template : outputs : inputs
 * : clobbers : labels ).  Operands are parsed as expressions because they
 * may name locals that an async function keeps in its frame. */
asm_statement:
    ASM asm_qualifiers_opt '(' string asm_sections ')' ';'
                                  { $$ = NEW(ASM, @$); $$->list = u->parser->asm_operands;
                                    u->parser->asm_operands = NULL; settle($$); }
  ;

asm_qualifiers_opt: %empty | asm_qualifiers_opt asm_qualifier ;
asm_qualifier: VOLATILE | INLINE | GOTO ;

asm_sections:
    %empty
  | ':' asm_operands_opt
  | ':' asm_operands_opt ':' asm_operands_opt
  | ':' asm_operands_opt ':' asm_operands_opt ':' asm_clobbers_opt
  | ':' asm_operands_opt ':' asm_operands_opt ':' asm_clobbers_opt ':' label_list
  ;

asm_operands_opt:
    %empty
  | asm_operands                  { u->parser->asm_operands =
                                      ast_append(u->parser->asm_operands, $1); }
  ;

asm_operands:
    asm_operand
  | asm_operands ',' asm_operand  { $$ = append(u, $1, $3); }
  ;

asm_operand:
    string '(' expression ')'     { $$ = NEW(ASM_OPERAND, @$); $$->lhs = $3; settle1($$, $3); }
  | '[' any_ident ']' string '(' expression ')'
                                  { $$ = NEW(ASM_OPERAND, @$); $$->lhs = $6; settle1($$, $6); }
  ;

asm_clobbers_opt: %empty | asm_clobbers ;
asm_clobbers: string | asm_clobbers ',' string ;

/* ─── Expressions ──────────────────────────────────────────────────────── */

string: STRING | string STRING ;

/* An operand is one of three forms (an identifier, a constant, a call, a
 * member … is a postfix_expression; `-x`, `sizeof x`, `await f()` … a
 * prefix_expression; `(T)x` a cast), and the binary and conditional
 * operators are rules of binary_expression, ordered by the precedence
 * declarations above: so `x` in `a + x` is reduced once (to
 * postfix_expression), not through a nonterminal per level of precedence.
 * The places where an expression stands (statements, arguments,
 * initializers, subscripts …) list its common forms again, so that `x` in
 * `f(x)` or `x = 1;` is reduced once too.  The trees are those of C's
 * grammar: the precedences make exactly its choices.  (Each reduction
 * costs the parser about 45 instructions.) */
postfix_expression:
    IDENTIFIER                    { $$ = ident(u, @1); }
  | INT_CONST                     { $$ = NEW(NUM, @$); }
  | FLOAT_CONST                   { $$ = NEW(NUM, @$); }
  | CHAR_CONST                    { $$ = NEW(CHAR, @$); }
  | string                        { $$ = NEW(STR, @$); }
  | '(' postfix_expression ')'    { $$ = NEW(PAREN, @$); $$->lhs = $2; settle1($$, $2); }
  | '(' binary_expression ')'     { $$ = NEW(PAREN, @$); $$->lhs = $2; settle1($$, $2); }
  | '(' assignment ')'            { $$ = NEW(PAREN, @$); $$->lhs = $2; settle1($$, $2); }
  | '(' expr_other ')'            { $$ = NEW(PAREN, @$); $$->lhs = $2; settle1($$, $2); }
  | '(' compound_statement ')'    { $$ = NEW(STMT_EXPR, @$); $$->body = $2; settle1($$, $2); }
  | GENERIC '(' assignment_expression ',' generic_assoc_list ')'
                                  { $$ = NEW(GENERIC, @$); $$->lhs = $3; $$->list = $5;
                                    settle($$); }
  | VA_ARG '(' assignment_expression ',' type_name ')'
                                  { $$ = NEW(VA_ARG, @$); $$->lhs = $3; $$->type = $5;
                                    settle2($$, $3, $5); }
  | CONVERTVECTOR '(' assignment_expression ',' type_name ')'
                                  { $$ = NEW(VA_ARG, @$); $$->lhs = $3; $$->type = $5;
                                    settle2($$, $3, $5); }
  | OFFSETOF '(' type_name ',' offsetof_designator ')'
                                  { $$ = NEW(OFFSETOF, @$); $$->type = $3; $$->list = $5;
                                    settle($$); }
  | TYPES_COMPAT '(' type_name ',' type_name ')'
                                  { $$ = NEW(TYPES_COMPAT, @$); $$->type = $3; $$->rhs = $5;
                                    settle2($$, $3, $5); }
  | postfix_expression '[' postfix_expression ']'
                                  { $$ = binary(u, @$, ND_INDEX, '[', $1, $3); }
  | postfix_expression '[' binary_expression ']'
                                  { $$ = binary(u, @$, ND_INDEX, '[', $1, $3); }
  | postfix_expression '[' assignment ']'
                                  { $$ = binary(u, @$, ND_INDEX, '[', $1, $3); }
  | postfix_expression '[' expr_other ']'
                                  { $$ = binary(u, @$, ND_INDEX, '[', $1, $3); }
  | postfix_expression '(' ')'    { $$ = NEW(CALL, @$); $$->lhs = $1; settle1($$, $1); }
  | postfix_expression '(' argument_list ')'
                                  { $$ = NEW(CALL, @$); $$->lhs = $1; $$->list = $3;
                                    settle_list($$, $1, $3); }
  | postfix_expression '.' IDENTIFIER
                                  { $$ = member(u, @$, $1, '.'); }
  | postfix_expression '.' TYPEDEF_NAME
                                  { $$ = member(u, @$, $1, '.'); }
  | postfix_expression "->" IDENTIFIER
                                  { $$ = member(u, @$, $1, TOK_ARROW); }
  | postfix_expression "->" TYPEDEF_NAME
                                  { $$ = member(u, @$, $1, TOK_ARROW); }
  | postfix_expression "++"       { $$ = NEW(POSTINC, @$); $$->lhs = $1; $$->op = TOK_INC;
                                    settle1($$, $1); }
  | postfix_expression "--"       { $$ = NEW(POSTINC, @$); $$->lhs = $1; $$->op = TOK_DEC;
                                    settle1($$, $1); }
  | '(' type_name ')' '{' initializer_list comma_opt '}'
                                  { $$ = NEW(COMPOUND_LIT, @$); $$->type = $2;
                                    $$->init = NEW(INIT_LIST, @4); $$->init->list = $5;
                                    $$->init->first = @4.first; $$->init->last = @7.last;
                                    settle($$->init); settle($$); }
  | '(' type_name ')' '{' '}'     { $$ = NEW(COMPOUND_LIT, @$); $$->type = $2;
                                    $$->init = NEW(INIT_LIST, @4);
                                    $$->init->last = @5.last; settle($$); }
  ;

generic_assoc_list:
    generic_assoc
  | generic_assoc_list ',' generic_assoc { $$ = append(u, $1, $3); }
  ;

generic_assoc:
    type_name ':' assignment_expression
                                  { $$ = NEW(GENERIC_ASSOC, @$); $$->type = $1; $$->lhs = $3;
                                    settle2($$, $1, $3); }
  | DEFAULT ':' assignment_expression
                                  { $$ = NEW(GENERIC_ASSOC, @$); $$->lhs = $3; settle1($$, $3); }
  ;

/* The operands of a designator are kept as a list of the index expressions
 * (member names need no node). */
offsetof_designator:
    any_ident                     { $$ = NULL; }
  | offsetof_designator '.' any_ident { $$ = $1; }
  | offsetof_designator '[' expression ']' { $$ = append(u, $1, $3); }
  ;

/* Arguments and initializers list assignment_expression's forms, as
 * expression does. */
argument_list:
    postfix_expression
  | prefix_expression
  | cast
  | binary_expression
  | assignment
  | argument_list ',' postfix_expression { $$ = append(u, $1, $3); }
  | argument_list ',' prefix_expression { $$ = append(u, $1, $3); }
  | argument_list ',' cast          { $$ = append(u, $1, $3); }
  | argument_list ',' binary_expression { $$ = append(u, $1, $3); }
  | argument_list ',' assignment    { $$ = append(u, $1, $3); }
  ;

unary_expression:
    postfix_expression
  | prefix_expression
  ;

/* `sizeof (T){1}` is sizeof of a compound literal: no conflict arises,
 * because nothing valid can follow `sizeof (T)` with a '{'. */
prefix_expression:
    "++" unary_expression         { $$ = NEW(PREINC, @$); $$->lhs = $2; $$->op = TOK_INC;
                                    settle1($$, $2); }
  | "--" unary_expression         { $$ = NEW(PREINC, @$); $$->lhs = $2; $$->op = TOK_DEC;
                                    settle1($$, $2); }
  | unary_operator cast_expression { $$ = NEW(UNARY, @$); $$->op = $1; $$->lhs = $2;
                                    settle1($$, $2); }
  | SIZEOF unary_expression       { $$ = NEW(SIZEOF, @$); $$->lhs = $2; settle1($$, $2); }
  | SIZEOF '(' type_name ')' { $$ = NEW(SIZEOF, @$); $$->type = $3; settle1($$, $3); }
  | ALIGNOF '(' type_name ')' { $$ = NEW(ALIGNOF, @$); $$->type = $3; settle1($$, $3); }
  | ALIGNOF unary_expression      { $$ = NEW(ALIGNOF, @$); $$->lhs = $2; settle1($$, $2); }
  | "&&" any_ident                { $$ = NEW(LABEL_ADDR, @$); $$->name = @2.first; }
  | EXTENSION cast_expression     { $$ = NEW(UNARY, @$); $$->op = TOK_EXTENSION; $$->lhs = $2;
                                    settle1($$, $2); }
  | REAL cast_expression          { $$ = NEW(UNARY, @$); $$->op = TOK_REAL; $$->lhs = $2;
                                    settle1($$, $2); }
  | IMAG cast_expression          { $$ = NEW(UNARY, @$); $$->op = TOK_IMAG; $$->lhs = $2;
                                    settle1($$, $2); }
  | AWAIT postfix_expression      { $$ = NEW(AWAIT, @$); $$->lhs = $2; settle1($$, $2); }
  | AWAIT prefix_expression       { $$ = NEW(AWAIT, @$); $$->lhs = $2; settle1($$, $2); }
  | AWAIT cast                    { $$ = NEW(AWAIT, @$); $$->lhs = $2; settle1($$, $2); }
  ;

unary_operator:
    '&' { $$ = '&'; } | '*' { $$ = '*'; } | '+' { $$ = '+'; }
  | '-' { $$ = '-'; } | '~' { $$ = '~'; } | '!' { $$ = '!'; }
  ;

cast_expression:
    postfix_expression
  | prefix_expression
  | cast
  ;

cast:
    '(' type_name ')' cast_expression
                                  { $$ = NEW(CAST, @$); $$->type = $2; $$->lhs = $4;
                                    settle2($$, $2, $4); }
  ;

/* C's multiplicative … logical-OR and conditional expressions.  The
 * operands of a binary operator are a postfix_expression (the most common:
 * a name, a constant, a call) or an `operand` (the other forms), listed
 * directly: so `x` in `a + x` is reduced once, to postfix_expression, and
 * each operator has four rules.  The third operand of `?:` and a
 * constant expression are C's conditional-expression, listed as its two
 * forms too: the rules' %prec makes a following operator continue the
 * operand (`a ? b : c + d`), as in C; such an operand is not an
 * assignment, as in C. */
operand:
    prefix_expression
  | cast
  | binary_expression
  ;

binary_expression:
    postfix_expression '*' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '*', $1, $3); }
  | postfix_expression '*' operand
                                  { $$ = binary(u, @$, ND_BINARY, '*', $1, $3); }
  | operand '*' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '*', $1, $3); }
  | operand '*' operand
                                  { $$ = binary(u, @$, ND_BINARY, '*', $1, $3); }
  | postfix_expression '/' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '/', $1, $3); }
  | postfix_expression '/' operand
                                  { $$ = binary(u, @$, ND_BINARY, '/', $1, $3); }
  | operand '/' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '/', $1, $3); }
  | operand '/' operand
                                  { $$ = binary(u, @$, ND_BINARY, '/', $1, $3); }
  | postfix_expression '%' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '%', $1, $3); }
  | postfix_expression '%' operand
                                  { $$ = binary(u, @$, ND_BINARY, '%', $1, $3); }
  | operand '%' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '%', $1, $3); }
  | operand '%' operand
                                  { $$ = binary(u, @$, ND_BINARY, '%', $1, $3); }
  | postfix_expression '+' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '+', $1, $3); }
  | postfix_expression '+' operand
                                  { $$ = binary(u, @$, ND_BINARY, '+', $1, $3); }
  | operand '+' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '+', $1, $3); }
  | operand '+' operand
                                  { $$ = binary(u, @$, ND_BINARY, '+', $1, $3); }
  | postfix_expression '-' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '-', $1, $3); }
  | postfix_expression '-' operand
                                  { $$ = binary(u, @$, ND_BINARY, '-', $1, $3); }
  | operand '-' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '-', $1, $3); }
  | operand '-' operand
                                  { $$ = binary(u, @$, ND_BINARY, '-', $1, $3); }
  | postfix_expression "<<" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_SHL, $1, $3); }
  | postfix_expression "<<" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_SHL, $1, $3); }
  | operand "<<" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_SHL, $1, $3); }
  | operand "<<" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_SHL, $1, $3); }
  | postfix_expression ">>" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_SHR, $1, $3); }
  | postfix_expression ">>" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_SHR, $1, $3); }
  | operand ">>" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_SHR, $1, $3); }
  | operand ">>" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_SHR, $1, $3); }
  | postfix_expression '<' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '<', $1, $3); }
  | postfix_expression '<' operand
                                  { $$ = binary(u, @$, ND_BINARY, '<', $1, $3); }
  | operand '<' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '<', $1, $3); }
  | operand '<' operand
                                  { $$ = binary(u, @$, ND_BINARY, '<', $1, $3); }
  | postfix_expression '>' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '>', $1, $3); }
  | postfix_expression '>' operand
                                  { $$ = binary(u, @$, ND_BINARY, '>', $1, $3); }
  | operand '>' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '>', $1, $3); }
  | operand '>' operand
                                  { $$ = binary(u, @$, ND_BINARY, '>', $1, $3); }
  | postfix_expression "<=" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_LE, $1, $3); }
  | postfix_expression "<=" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_LE, $1, $3); }
  | operand "<=" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_LE, $1, $3); }
  | operand "<=" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_LE, $1, $3); }
  | postfix_expression ">=" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_GE, $1, $3); }
  | postfix_expression ">=" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_GE, $1, $3); }
  | operand ">=" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_GE, $1, $3); }
  | operand ">=" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_GE, $1, $3); }
  | postfix_expression "==" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_EQ, $1, $3); }
  | postfix_expression "==" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_EQ, $1, $3); }
  | operand "==" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_EQ, $1, $3); }
  | operand "==" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_EQ, $1, $3); }
  | postfix_expression "!=" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_NE, $1, $3); }
  | postfix_expression "!=" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_NE, $1, $3); }
  | operand "!=" postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, TOK_NE, $1, $3); }
  | operand "!=" operand
                                  { $$ = binary(u, @$, ND_BINARY, TOK_NE, $1, $3); }
  | postfix_expression '&' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '&', $1, $3); }
  | postfix_expression '&' operand
                                  { $$ = binary(u, @$, ND_BINARY, '&', $1, $3); }
  | operand '&' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '&', $1, $3); }
  | operand '&' operand
                                  { $$ = binary(u, @$, ND_BINARY, '&', $1, $3); }
  | postfix_expression '^' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '^', $1, $3); }
  | postfix_expression '^' operand
                                  { $$ = binary(u, @$, ND_BINARY, '^', $1, $3); }
  | operand '^' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '^', $1, $3); }
  | operand '^' operand
                                  { $$ = binary(u, @$, ND_BINARY, '^', $1, $3); }
  | postfix_expression '|' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '|', $1, $3); }
  | postfix_expression '|' operand
                                  { $$ = binary(u, @$, ND_BINARY, '|', $1, $3); }
  | operand '|' postfix_expression
                                  { $$ = binary(u, @$, ND_BINARY, '|', $1, $3); }
  | operand '|' operand
                                  { $$ = binary(u, @$, ND_BINARY, '|', $1, $3); }
  | postfix_expression "&&" postfix_expression
                                  { $$ = binary(u, @$, ND_LOGAND, TOK_ANDAND, $1, $3); }
  | postfix_expression "&&" operand
                                  { $$ = binary(u, @$, ND_LOGAND, TOK_ANDAND, $1, $3); }
  | operand "&&" postfix_expression
                                  { $$ = binary(u, @$, ND_LOGAND, TOK_ANDAND, $1, $3); }
  | operand "&&" operand
                                  { $$ = binary(u, @$, ND_LOGAND, TOK_ANDAND, $1, $3); }
  | postfix_expression "||" postfix_expression
                                  { $$ = binary(u, @$, ND_LOGOR, TOK_OROR, $1, $3); }
  | postfix_expression "||" operand
                                  { $$ = binary(u, @$, ND_LOGOR, TOK_OROR, $1, $3); }
  | operand "||" postfix_expression
                                  { $$ = binary(u, @$, ND_LOGOR, TOK_OROR, $1, $3); }
  | operand "||" operand
                                  { $$ = binary(u, @$, ND_LOGOR, TOK_OROR, $1, $3); }
  | postfix_expression '?' expression ':' postfix_expression %prec '?'
                                  { $$ = cond(u, @$, $1, $3, $5); }
  | postfix_expression '?' expression ':' operand %prec '?'
                                  { $$ = cond(u, @$, $1, $3, $5); }
  | postfix_expression '?' ':' postfix_expression %prec '?'
                                  { $$ = cond(u, @$, $1, NULL, $4); }
  | postfix_expression '?' ':' operand %prec '?'
                                  { $$ = cond(u, @$, $1, NULL, $4); }
  | operand '?' expression ':' postfix_expression %prec '?'
                                  { $$ = cond(u, @$, $1, $3, $5); }
  | operand '?' expression ':' operand %prec '?'
                                  { $$ = cond(u, @$, $1, $3, $5); }
  | operand '?' ':' postfix_expression %prec '?'
                                  { $$ = cond(u, @$, $1, NULL, $4); }
  | operand '?' ':' operand %prec '?'
                                  { $$ = cond(u, @$, $1, NULL, $4); }
  ;

assignment_expression:
    postfix_expression
  | prefix_expression
  | cast
  | binary_expression
  | assignment
  ;

assignment:
    postfix_expression assignment_operator assignment_expression
                                  { $$ = binary(u, @$, ND_ASSIGN, $2, $1, $3); }
  | prefix_expression assignment_operator assignment_expression
                                  { $$ = binary(u, @$, ND_ASSIGN, $2, $1, $3); }
  ;

assignment_operator:
    '='  { $$ = '='; }            | "*=" { $$ = TOK_MUL_ASSIGN; }
  | "/=" { $$ = TOK_DIV_ASSIGN; } | "%=" { $$ = TOK_MOD_ASSIGN; }
  | "+=" { $$ = TOK_ADD_ASSIGN; } | "-=" { $$ = TOK_SUB_ASSIGN; }
  | "<<=" { $$ = TOK_SHL_ASSIGN; } | ">>=" { $$ = TOK_SHR_ASSIGN; }
  | "&=" { $$ = TOK_AND_ASSIGN; } | "^=" { $$ = TOK_XOR_ASSIGN; }
  | "|=" { $$ = TOK_OR_ASSIGN; }
  ;

/* The most common forms of an expression (postfix, binary, assignment)
 * are listed by the contexts where most expressions stand (expression
 * statements, return, subscripts, parentheses, for's clauses), the others
 * are expr_other there: one reduction less per such expression. */
expression:
    postfix_expression
  | prefix_expression
  | cast
  | binary_expression
  | assignment
  | comma_expression
  ;

expr_other:
    prefix_expression
  | cast
  | comma_expression
  ;

comma_expression:
    expression ',' assignment_expression { $$ = binary(u, @$, ND_COMMA, ',', $1, $3); }
  ;

constant_expression:
    postfix_expression %prec '?'
  | operand %prec '?'
  ;

%%

// Token.kind is 10 bits wide.
_Static_assert(YYMAXUTOK < 1 << 10, "a token kind does not fit Token.kind");

/* ─── The token reader ─────────────────────────────────────────────────── */

// Where the construct that began at `start` ends, given that a syntax error
// was found at token `err`: the first ';' or '}' that closes it with every
// bracket balanced.  A '}' followed by something that continues a
// declaration (`struct {…} x;`) does not end it.  Returns -1 when the input
// ends first; *open is then the innermost unclosed bracket.
static int construct_end(Unit *u, int start, int err, int *open) {
  int stack[256];
  int depth = 0;
  for (int i = start; i < u->ntoks - 1; i++) {
    int k = u->toks[i].kind;
    if (k == '(' || k == '[' || k == '{') {
      if (depth < 256)
        stack[depth] = i;
      depth++;
    } else if ((k == ')' || k == ']' || k == '}') && depth > 0) {
      depth--;
    }
    if (i < err || depth > 0)
      continue;
    if (k == ';')
      return i;
    if (k == '}') {
      int nk = u->toks[i + 1].kind;
      if (nk == ';')
        return i + 1;
      if (nk != TOK_IDENTIFIER && nk != '*' && nk != TOK_ATTRIBUTE &&
          nk != ',' && nk != '=' && nk != '(' && nk != '[')
        return i;
    }
  }
  *open = depth > 0 && depth <= 256 ? stack[depth - 1] : -1;
  return -1;
}

static bool has_async_tokens(Unit *u, int first, int last) {
  for (int i = first; i <= last; i++) {
    int k = u->toks[i].kind;
    if (k == TOK_ASYNC || k == TOK_AWAIT || k == TOK_DEFER || k == TOK_TRY ||
        k == TOK_CATCH)
      return true;
  }
  return false;
}

// _Float32, _Float64x, _Decimal128 …: type keywords for gcc, but plain
// names for clang 14, for which glibc declares them as typedefs
// (`typedef float _Float32;`).  So such a name is a typedef name once the
// program has declared it one, the declared name in `typedef T _FloatN;`,
// and the keyword otherwise.
static bool is_float_n(const char *s, size_t n) {
  if (s[0] != '_')
    return false;
  return (n > 6 && !strncmp(s, "_Float", 6) && s[6] >= '0' && s[6] <= '9') ||
         (n > 8 && !strncmp(s, "_Decimal", 8) && s[8] >= '0' && s[8] <= '9');
}

// The token reader's cases that are more than handing over the next token:
// the end of a construct skipped by recovery, identifiers (typedef names),
// `[[`, `_Atomic (`.
static int special_token(TokSpan *loc, Unit *u) {
  if (u->parser->recovering) {
    u->parser->recovering = false;
    *loc = (TokSpan){u->parser->sync_first, u->parser->sync_last};
    u->parser->next_tok = u->parser->sync_last + 1;
    return TOK_SYNC;
  }
  int i = u->parser->next_tok;
  if (i < u->ntoks - 1)
    u->parser->next_tok++;
  *loc = (TokSpan){i, i};
  Token *t = &u->toks[i];
  switch (t->kind) {
  case TOK_IDENTIFIER: {
    Symbol *s = scope_lookup(u, u->text + t->off, t->len);
    if (s && s->kind == SYM_TYPEDEF)
      return TOK_TYPEDEF_NAME;
    if (t->len == 23 && !memcmp(u->text + t->off, "__builtin_convertvector", 23))
      return TOK_CONVERTVECTOR;
    if (is_float_n(u->text + t->off, t->len))
      return u->toks[i + 1].kind == ';' ? TOK_IDENTIFIER : TOK_FLOATN;
    return TOK_IDENTIFIER;
  }
  case '[': {
    // A C23 attribute, [[…]]: `[[` starts nothing else in C.  It stands
    // where GNU's __attribute__((…)) can, as one ATTRIBUTE spanning it.
    if (u->toks[i + 1].kind != '[')
      return '[';
    int depth = 0;
    for (int j = i; j < u->ntoks - 1; j++) {
      int k = u->toks[j].kind;
      depth += k == '[' || k == '(' || k == '{';
      depth -= k == ']' || k == ')' || k == '}';
      if (depth == 0) {
        *loc = (TokSpan){i, j};
        u->parser->next_tok = j + 1;
        return TOK_ATTRIBUTE;
      }
    }
    return '[';
  }
  case TOK_ATOMIC: // C17 6.7.2.4p4: `_Atomic (` is always the specifier
    return u->toks[i + 1].kind == '(' ? TOK_ATOMIC_SPEC : TOK_ATOMIC;
  default:
    return t->kind;
  }
}

// Hands the parser its next token: most are the lexer's, as they are.
static int yylex(YYSTYPE *lval, TokSpan *loc, Unit *u) {
  (void)lval;
  struct Parser *p = u->parser;
  int i = p->next_tok;
  int kind = u->toks[i].kind;
  if (p->recovering || kind == TOK_IDENTIFIER || kind == '[' ||
      kind == TOK_ATOMIC)
    return special_token(loc, u);
  if (i < u->ntoks - 1)
    p->next_tok = i + 1;
  *loc = (TokSpan){i, i};
  return kind;
}

// The spelling of the offending token for a message: 'x' or "end of file".
static const char *describe(Unit *u, int tok) {
  if (u->toks[tok].kind == TOK_YYEOF)
    return "end of input";
  int n = (int)u->toks[tok].len;
  if (n > 40)
    return "this token";
  return arena_printf(&u->arena, "'%.*s'", n, tok_text(u, tok));
}

// A token kind as the user reads it: 'while', ';', identifier.
static const char *kind_text(Unit *u, yysymbol_kind_t k) {
  const char *name = yysymbol_name(k);
  size_t n = strlen(name);
  if (n >= 2 && name[0] == '"' && name[n - 1] == '"')
    return arena_printf(&u->arena, "'%.*s'", (int)n - 2, name + 1);
  return name;
}

// The innermost bracket still open at token `tok` in the current construct.
static int open_bracket(Unit *u, int tok) {
  int stack[256];
  int depth = 0;
  for (int i = u->parser->construct_start; i < tok; i++) {
    int k = u->toks[i].kind;
    if (k == '(' || k == '[' || k == '{') {
      if (depth < 256)
        stack[depth] = k;
      depth++;
    } else if ((k == ')' || k == ']' || k == '}') && depth > 0) {
      depth--;
    }
  }
  return depth > 0 && depth <= 256 ? stack[depth - 1] : 0;
}

static bool expects(const yysymbol_kind_t *expected, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (!strcmp(yysymbol_name(expected[i]), name))
      return true;
  return false;
}

// "expected X before Y" when the parser wanted one thing, or the closing
// bracket or ';' a slip most likely left out; "unexpected Y" otherwise.
static void syntax_error(Unit *u, int tok, const yypcontext_t *ctx) {
  yysymbol_kind_t expected[YYNTOKENS];
  int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
  const char *what = describe(u, tok);
  int kind = u->toks[tok].kind;
  if ((kind == TOK_DEFER || kind == TOK_AWAIT) && scope_at_file_level(u)) {
    diag_at(u, DIAG_ERROR, tok, "'%s' used outside of a function",
            kind == TOK_DEFER ? "defer" : "await");
    return;
  }
  if (n == 1 && expected[0] == YYSYMBOL_CATCH) {
    diag_at(u, DIAG_ERROR, tok,
            "expected 'catch (int err) {...}' after the try block, before %s",
            what);
    return;
  }
  const char *want = NULL;
  int open = open_bracket(u, tok);
  int prev = tok > 0 ? u->toks[tok - 1].kind : ';';
  if (n == 1)
    want = kind_text(u, expected[0]);
  else if (open == '(' && expects(expected, n, "')'"))
    want = "')'";
  else if (open == '[' && expects(expected, n, "']'"))
    want = "']'";
  else if (prev != ';' && prev != '{' && prev != '}' &&
           expects(expected, n, "';'"))
    want = "';'";
  if (want)
    diag_at(u, DIAG_ERROR, tok, "expected %s before %s", want, what);
  else
    diag_at(u, DIAG_ERROR, tok, "unexpected %s", what);
}

static int yyreport_syntax_error(const yypcontext_t *ctx, Unit *u) {
  if (!u->parser->lac) {
    // Only LAC knows what was expected: stop (as if out of memory, the one
    // way to leave yyparse from here) and parse again with it.
    u->parser->retry = true;
    return 2;
  }
  int tok = yypcontext_location(ctx)->first;
  int open = -1;
  int end = construct_end(u, u->parser->construct_start, tok, &open);
  if (end < 0) {
    // The input ends inside the construct: nothing to recover.
    if (u->toks[tok].kind == TOK_YYEOF && open >= 0 &&
        u->toks[open].kind == '{') {
      diag_at(u, DIAG_ERROR, tok, "expected '}' at end of input");
      diag_at(u, DIAG_NOTE, open, "to match this '{'");
    } else {
      syntax_error(u, tok, ctx);
    }
    return 0;
  }
  if (has_async_tokens(u, u->parser->construct_start, end))
    syntax_error(u, tok, ctx);
  else if (u->opts->verbose)
    diag_at(u, DIAG_WARNING, tok,
            "cannot parse this; the declaration is passed through unchanged");
  u->parser->recovering = true;
  u->parser->sync_first = u->parser->construct_start;
  u->parser->sync_last = end;
  return 0;
}

void yyerror(TokSpan *loc, Unit *u, const char *msg) {
  if (!u->parser->lac) {
    u->parser->retry = true;
    return;
  }
  if (!strcmp(msg, "memory exhausted"))
    diag_at(u, DIAG_ERROR, loc->first, "nesting is too deep");
  else
    diag_at(u, DIAG_ERROR, loc->first, "%s", msg);
}

// One parse of the whole unit, with LAC or without.
static int parse_once(Unit *u, struct Parser *p) {
  scope_push(u);
  // The compilers' built-in type names.
  static const char *builtin_types[] = {"__builtin_va_list", "__int128_t",
                                        "__uint128_t", "__builtin_ms_va_list"};
  for (size_t i = 0; i < sizeof builtin_types / sizeof *builtin_types; i++)
    scope_declare(u, builtin_types[i], SYM_TYPEDEF, -1);
  u->parser = p;
  return yyparse(u);
}

// LAC (checking each lookahead before the default reductions it would
// trigger) makes error messages exact but cost a quarter of the parse.  A
// valid unit parses the same with it or without, so the first parse runs
// without; if it finds anything to report (a syntax error, a construct to
// recover from, a misplaced `async`), the tree, names and scopes it made
// are dropped and the unit is parsed again with LAC, which reports.
int parse_unit(Unit *u) {
  int before = u->nerrors;
  int nnodes = u->nnodes, nsyms = u->nsyms;
  struct Parser p = {0};
  int r = parse_once(u, &p);
  if (p.retry) {
    free(p.specs);
    free(p.lists);
    scope_free(u);
    u->scope = u->file_scope = NULL;
    u->root = NULL;
    u->nnodes = nnodes;
    u->nsyms = nsyms;
    p = (struct Parser){.lac = true};
    r = parse_once(u, &p);
  }
  if (r != 0 && u->nerrors == before)
    diag_at(u, DIAG_ERROR, p.next_tok > 0 ? p.next_tok - 1 : 0,
            "cannot parse the input");
  free(p.specs);
  free(p.lists);
  u->parser = NULL;
  return u->nerrors - before;
}
