/* 025_switch: case ranges, fallthrough, Duff's device, nested switches,
   default in the middle, switch on enums and chars.  Fall-through is marked
   with the attribute, not a comment: acc compiles preprocessed text, where
   comment markers are gone and -Wimplicit-fallthrough would fire. */
#include <stdio.h>
#include <string.h>

enum kind { K_A, K_B, K_C, K_D };

static const char *grade(int score)
{
    switch (score) {
    case 90 ... 100: return "A";
    case 80 ... 89: return "B";
    case 70 ... 79: return "C";
    case 0 ... 69: return "F";
    default: return "?";
    }
}

static const char *char_class(char c)
{
    switch (c) {
    case 'a' ... 'z': return "lower";
    case 'A' ... 'Z': return "upper";
    case '0' ... '9': return "digit";
    case ' ': case '\t': case '\n': return "space";
    default: return "other";
    }
}

static void duff_copy(char *to, const char *from, int count)
{
    int n = (count + 7) / 8;
    switch (count % 8) {
    case 0: do { *to++ = *from++;
    __attribute__((fallthrough));
    case 7:      *to++ = *from++;
    __attribute__((fallthrough));
    case 6:      *to++ = *from++;
    __attribute__((fallthrough));
    case 5:      *to++ = *from++;
    __attribute__((fallthrough));
    case 4:      *to++ = *from++;
    __attribute__((fallthrough));
    case 3:      *to++ = *from++;
    __attribute__((fallthrough));
    case 2:      *to++ = *from++;
    __attribute__((fallthrough));
    case 1:      *to++ = *from++;
            } while (--n > 0);
    }
}

static int fall(int n)
{
    int r = 0;
    switch (n) {
    default:
        r += 1000;
        __attribute__((fallthrough));
    case 1:
        r += 1;
        __attribute__((fallthrough));
    case 2:
        r += 2;
        break;
    case 3: {
        int local = 30;
        r += local;
        break;
    }
    case 4:
        ;
    }
    return r;
}

static int nested(enum kind a, enum kind b)
{
    switch (a) {
    case K_A:
        switch (b) {
        case K_A: return 0;
        case K_B: return 1;
        default: break;
        }
        return 2;
    case K_B:
    case K_C:
        return 10 + (int)b;
    case K_D:
        break;
    }
    return -1;
}

static int weird_switch(int x)
{
    int r = 0;
    switch (x)
        case 1: r = 11;
    switch (x) {
    case 2: {
        r = 22;
        break;
    }
    case 3:
        if (r == 0) {
    case 4:
            r += 4;
        }
        break;
    }
    return r;
}

int main(void)
{
    int scores[] = {100, 95, 85, 79, 42, 0, 101, -1};
    for (int i = 0; i < 8; i++)
        printf("grade(%d) = %s\n", scores[i], grade(scores[i]));
    const char *s = "aZ 9\t?";
    for (const char *p = s; *p; p++)
        printf("class(%d) = %s\n", *p, char_class(*p));
    char buf[40];
    const char *src = "Duff's device copies eight at a time";
    for (int len = 0; len <= 20; len += 5) {
        memset(buf, 0, sizeof buf);
        if (len)
            duff_copy(buf, src, len);
        printf("duff %d '%s'\n", len, buf);
    }
    for (int n = 0; n <= 5; n++)
        printf("fall(%d) = %d\n", n, fall(n));
    for (int a = K_A; a <= K_D; a++)
        printf("nested(%d, B) = %d nested(%d, C) = %d\n", a, nested(a, K_B), a, nested(a, K_C));
    for (int x = 0; x <= 4; x++)
        printf("weird(%d) = %d\n", x, weird_switch(x));
    return 0;
}
