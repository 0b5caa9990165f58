/* 046_tokenizer: a small C-like tokenizer with an enum of kinds via
   X-macros, a keyword table, char classification and a token stream. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#define TOKEN_KINDS(X) X(TK_EOF) X(TK_IDENT) X(TK_KEYWORD) X(TK_NUMBER) X(TK_STRING) X(TK_CHAR) X(TK_PUNCT) X(TK_ERROR)
#define AS_ENUM(k) k,
#define AS_STR(k) #k,
typedef enum { TOKEN_KINDS(AS_ENUM) } token_kind;
static const char *const kind_names[] = {TOKEN_KINDS(AS_STR)};

typedef struct { token_kind kind; const char *start; int len; int line; long value; } token;
typedef struct { const char *p; int line; } lexer;

static const char *const keywords[] = {"int", "return", "if", "else", "while", "for", "struct", "typedef", "async", "await", NULL};
static const char *const puncts[] = {"<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
                                     "+=", "-=", "*=", "/=", NULL};

static int is_keyword(const char *s, int n)
{
    for (const char *const *k = keywords; *k; k++)
        if ((int)strlen(*k) == n && !strncmp(*k, s, (size_t)n))
            return 1;
    return 0;
}

static token next(lexer *lx)
{
    for (;;) {
        while (isspace((unsigned char)*lx->p)) {
            if (*lx->p == '\n') lx->line++;
            lx->p++;
        }
        if (lx->p[0] == '/' && lx->p[1] == '/') { while (*lx->p && *lx->p != '\n') lx->p++; continue; }
        if (lx->p[0] == '/' && lx->p[1] == '*') {
            lx->p += 2;
            while (*lx->p && !(lx->p[0] == '*' && lx->p[1] == '/')) { if (*lx->p == '\n') lx->line++; lx->p++; }
            if (*lx->p) lx->p += 2;
            continue;
        }
        break;
    }
    token t = {TK_EOF, lx->p, 0, lx->line, 0};
    const char *s = lx->p;
    if (!*s) return t;
    if (isalpha((unsigned char)*s) || *s == '_') {
        while (isalnum((unsigned char)*lx->p) || *lx->p == '_') lx->p++;
        t.len = (int)(lx->p - s);
        t.kind = is_keyword(s, t.len) ? TK_KEYWORD : TK_IDENT;
    } else if (isdigit((unsigned char)*s)) {
        char *end;
        t.value = strtol(s, &end, 0);
        lx->p = end;
        while (isalnum((unsigned char)*lx->p)) lx->p++;
        t.kind = TK_NUMBER;
        t.len = (int)(lx->p - s);
    } else if (*s == '"' || *s == '\'') {
        char q = *s;
        lx->p++;
        while (*lx->p && *lx->p != q) { if (*lx->p == '\\' && lx->p[1]) lx->p++; lx->p++; }
        if (*lx->p) { lx->p++; t.kind = q == '"' ? TK_STRING : TK_CHAR; } else t.kind = TK_ERROR;
        t.len = (int)(lx->p - s);
    } else {
        t.kind = TK_PUNCT;
        t.len = 1;
        for (const char *const *pp = puncts; *pp; pp++)
            if (!strncmp(s, *pp, strlen(*pp))) { t.len = (int)strlen(*pp); break; }
        lx->p += t.len;
    }
    return t;
}

int main(void)
{
    const char *src =
        "typedef struct node { int v; struct node *next; } node;\n"
        "/* block\n comment */ int sum(node *n) {\n"
        "  int s = 0x10; // line comment\n"
        "  while (n != 0) { s += n->v; n = n->next; }\n"
        "  if (s >= 100 && s <<= 2) return s; else return -1;\n"
        "}\n"
        "async int f(void) { await g(\"str\\\"ing\", 'c', 017, ...); }\n"
        "\"unterminated";
    lexer lx = {src, 1};
    int counts[TK_ERROR + 1] = {0};
    for (;;) {
        token t = next(&lx);
        counts[t.kind]++;
        printf("%3d %-10s '%.*s'", t.line, kind_names[t.kind], t.len, t.start);
        if (t.kind == TK_NUMBER) printf(" = %ld", t.value);
        printf("\n");
        if (t.kind == TK_EOF || t.kind == TK_ERROR) break;
    }
    for (int k = 0; k <= TK_ERROR; k++)
        printf("%s: %d\n", kind_names[k], counts[k]);
    return 0;
}
