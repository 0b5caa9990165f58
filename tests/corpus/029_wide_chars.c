/* 029_wide_chars: wide, u8, u and U string and character literals. */
#include <stdio.h>
#include <stddef.h>
#include <uchar.h>
#include <wchar.h>
#include <string.h>

static const wchar_t wide[] = L"wide \x263A string";
static const char u8s[] = u8"utf-8 \u00e9\u4e2d";
static const char16_t u16[] = u"utf-16 \u00e9\U0001F600";
static const char32_t u32[] = U"utf-32 \U0001F600";
static const wchar_t concat[] = L"a" "b" L"c";

int main(void)
{
    printf("wide len %zu sizeof %zu last %x\n", wcslen(wide), sizeof wide, (unsigned)wide[5]);
    printf("u8 len %zu:", strlen(u8s));
    for (size_t i = 0; u8s[i]; i++)
        printf(" %02x", (unsigned char)u8s[i]);
    printf("\n");
    printf("u16 units %zu:", sizeof u16 / sizeof u16[0]);
    for (size_t i = 0; u16[i]; i++)
        printf(" %04x", (unsigned)u16[i]);
    printf("\n");
    printf("u32 units %zu:", sizeof u32 / sizeof u32[0]);
    for (size_t i = 0; u32[i]; i++)
        printf(" %x", (unsigned)u32[i]);
    printf("\n");
    wchar_t wc = L'x';
    char16_t c16 = u'\u00e9';
    char32_t c32 = U'\U0001F600';
    printf("chars %x %x %x %x\n", (unsigned)wc, (unsigned)c16, (unsigned)c32, (unsigned)L'\x3b1');
    printf("sizes %zu %zu %zu %zu\n", sizeof(L'a'), sizeof(u'a'), sizeof(U'a'), sizeof('a'));
    printf("concat %zu %x %x %x\n", wcslen(concat), (unsigned)concat[0], (unsigned)concat[1], (unsigned)concat[2]);
    printf("u8 char '%c'\n", u8"z"[0]);
    printf("%ls\n", L"ascii wide");
    return 0;
}
