// compdb.c — acc -MJ: compilation database entries (compile_commands.json)
// for the sources acc compiles, in clang's -MJ format: one JSON object per
// source followed by ",\n", so that the files of a build join into
// compile_commands.json with
//   sed -e '1s/^/[/' -e '$s/,$/]/' *.json > compile_commands.json
#include "driver.h"

#include <stdio.h>

// Writes s as a JSON string (quoted, with the escapes JSON requires).
static void put_json_string(FILE *f, const char *s)
{
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(f, "\\%c", *p);
    else if (*p == '\n')
      fputs("\\n", f);
    else if (*p == '\t')
      fputs("\\t", f);
    else if (*p < 0x20)
      fprintf(f, "\\u%04x", *p);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

// One entry: the directory the command runs in, the source, the output and
// the command as an argument vector.
void drv_compdb_entry(FILE *f, const char *dir, const char *file,
                      const char *output, const ArgVec *args)
{
  fputs("{ \"directory\": ", f);
  put_json_string(f, dir);
  fputs(", \"file\": ", f);
  put_json_string(f, file);
  fputs(", \"output\": ", f);
  put_json_string(f, output);
  fputs(", \"arguments\": [", f);
  for (int i = 0; i < args->len; i++) {
    if (i)
      fputs(", ", f);
    put_json_string(f, args->items[i]);
  }
  fputs("]},\n", f);
}
