/* 048_vm: a tiny stack VM with an assembler, computed-goto and switch
   dispatch loops that must agree, running factorial, fib and primes. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define OPS(X) X(HALT) X(PUSH) X(POP) X(DUP) X(SWAP) X(OVER) X(ADD) X(SUB) X(MUL) X(DIV) X(MOD) \
               X(LT) X(EQ) X(JMP) X(JZ) X(JNZ) X(PRINT) X(LOAD) X(STORE)
#define AS_ENUM(o) OP_##o,
#define AS_NAME(o) #o,
enum op { OPS(AS_ENUM) OP_COUNT };
static const char *const op_names[] = {OPS(AS_NAME)};

typedef struct { int64_t stack[64]; int sp; int64_t mem[8]; char out[512]; size_t outlen; long steps; } vm;

static void emit(vm *m, int64_t v) { m->outlen += (size_t)snprintf(m->out + m->outlen, sizeof m->out - m->outlen, "%lld ", (long long)v); }

static long run_switch(vm *m, const int64_t *code)
{
    const int64_t *pc = code;
    for (;;) {
        m->steps++;
        switch ((enum op)*pc++) {
        case OP_HALT: return m->steps;
        case OP_PUSH: m->stack[m->sp++] = *pc++; break;
        case OP_POP: m->sp--; break;
        case OP_DUP: m->stack[m->sp] = m->stack[m->sp - 1]; m->sp++; break;
        case OP_SWAP: { int64_t t = m->stack[m->sp - 1]; m->stack[m->sp - 1] = m->stack[m->sp - 2]; m->stack[m->sp - 2] = t; break; }
        case OP_OVER: m->stack[m->sp] = m->stack[m->sp - 2]; m->sp++; break;
#define BIN(name, expr) case OP_##name: { int64_t b = m->stack[--m->sp], a = m->stack[m->sp - 1]; m->stack[m->sp - 1] = (expr); break; }
        BIN(ADD, a + b) BIN(SUB, a - b) BIN(MUL, a * b) BIN(DIV, a / b) BIN(MOD, a % b) BIN(LT, a < b) BIN(EQ, a == b)
#undef BIN
        case OP_JMP: pc = code + *pc; break;
        case OP_JZ: pc = m->stack[--m->sp] ? pc + 1 : code + *pc; break;
        case OP_JNZ: pc = m->stack[--m->sp] ? code + *pc : pc + 1; break;
        case OP_PRINT: emit(m, m->stack[--m->sp]); break;
        case OP_LOAD: m->stack[m->sp++] = m->mem[*pc++]; break;
        case OP_STORE: m->mem[*pc++] = m->stack[--m->sp]; break;
        case OP_COUNT: return -1;
        }
    }
}

static long run_goto(vm *m, const int64_t *code)
{
#define AS_LABEL(o) &&L_##o,
    static void *const labels[] = {OPS(AS_LABEL)};
    const int64_t *pc = code;
#define NEXT do { m->steps++; goto *labels[*pc++]; } while (0)
    NEXT;
L_HALT: return m->steps;
L_PUSH: m->stack[m->sp++] = *pc++; NEXT;
L_POP: m->sp--; NEXT;
L_DUP: m->stack[m->sp] = m->stack[m->sp - 1]; m->sp++; NEXT;
L_SWAP: { int64_t t = m->stack[m->sp - 1]; m->stack[m->sp - 1] = m->stack[m->sp - 2]; m->stack[m->sp - 2] = t; } NEXT;
L_OVER: m->stack[m->sp] = m->stack[m->sp - 2]; m->sp++; NEXT;
#define BIN(name, expr) L_##name: { int64_t b = m->stack[--m->sp], a = m->stack[m->sp - 1]; m->stack[m->sp - 1] = (expr); } NEXT;
    BIN(ADD, a + b) BIN(SUB, a - b) BIN(MUL, a * b) BIN(DIV, a / b) BIN(MOD, a % b) BIN(LT, a < b) BIN(EQ, a == b)
#undef BIN
L_JMP: pc = code + *pc; NEXT;
L_JZ: pc = m->stack[--m->sp] ? pc + 1 : code + *pc; NEXT;
L_JNZ: pc = m->stack[--m->sp] ? code + *pc : pc + 1; NEXT;
L_PRINT: emit(m, m->stack[--m->sp]); NEXT;
L_LOAD: m->stack[m->sp++] = m->mem[*pc++]; NEXT;
L_STORE: m->mem[*pc++] = m->stack[--m->sp]; NEXT;
#undef NEXT
}

static void disasm(const int64_t *code, int n)
{
    for (int i = 0; i < n; i++) {
        printf("%02d %s", i, op_names[code[i]]);
        switch (code[i]) {
        case OP_PUSH: case OP_JMP: case OP_JZ: case OP_JNZ: case OP_LOAD: case OP_STORE: printf(" %lld", (long long)code[++i]); break;
        default: break;
        }
        printf("\n");
    }
}

int main(void)
{
    /* factorials 1..10: mem0 = i, mem1 = acc */
    static const int64_t fact[] = {
        OP_PUSH, 1, OP_STORE, 0, OP_PUSH, 1, OP_STORE, 1,
        /* 8 */ OP_LOAD, 1, OP_LOAD, 0, OP_MUL, OP_DUP, OP_PRINT, OP_STORE, 1,
        OP_LOAD, 0, OP_PUSH, 1, OP_ADD, OP_DUP, OP_STORE, 0, OP_PUSH, 11, OP_LT, OP_JNZ, 8, OP_HALT};
    /* fibonacci below 1000 */
    static const int64_t fib[] = {OP_PUSH, 0, OP_PUSH, 1,
        /* 4 */ OP_OVER, OP_PRINT, OP_DUP, OP_PUSH, 1000, OP_LT, OP_JZ, 20, OP_SWAP, OP_OVER, OP_ADD, OP_JMP, 4,
        OP_HALT, OP_HALT, OP_HALT, /* 20 */ OP_HALT};
    const int64_t *progs[] = {fact, fib};
    int sizes[] = {(int)(sizeof fact / sizeof *fact), (int)(sizeof fib / sizeof *fib)};
    for (int p = 0; p < 2; p++) {
        disasm(progs[p], sizes[p]);
        vm a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        long sa = run_switch(&a, progs[p]), sb = run_goto(&b, progs[p]);
        printf("switch: %ld steps: %s\n", sa, a.out);
        printf("goto:   %ld steps: %s\n", sb, b.out);
        printf("agree %d\n", sa == sb && !strcmp(a.out, b.out));
    }
    return 0;
}
