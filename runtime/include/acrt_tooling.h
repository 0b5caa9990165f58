// acrt_tooling.h — lets C tools read Async C: clangd, clang-tidy, ctags,
// IDE indexers.  `acc -MJ` puts `-include acrt_tooling.h` in the
// compile_commands.json entry of every .ac file, so a tool that compiles the
// file as C sees:
//
//   async int f(int x)   as  int f(int x)
//   await e              as  e
//   defer stmt           as  stmt (run in place)
//   (and the same for the reserved spellings __async, __await, __defer)
//   ac_raise(code);      as  (void)(code);
//   try { … }            as  if (1) { … }
//   catch (int e) { … }  as  else for (int e = 0; 0;) { … }
//
// (so here `try` and `catch` cannot be used as names, as they can in .ac
// files where they make no try statement).
//
// Names, declarations, calls and jumps to definitions are exact; the types
// of await expressions are not (a task awaited as `int b = await t;` reads as
// a pointer stored in an int), so the diagnostics such mismatches give are
// silenced.  Never used by acc itself to compile: .ac files are translated.
#ifndef AC_ACRT_TOOLING_H
#define AC_ACRT_TOOLING_H
#include "acrt_forward.h"
#ifndef AC_NO_ASYNC_KEYWORDS  // acc -fno-async-keywords: names, not keywords
#define async
#define await
#define defer
#endif
#define __async
#define __await
#define __defer
#define ac_raise(code) ((void)(code))
// (clang-format reads `catch` as C++'s keyword.)
// clang-format off
#define try if (1)
#define catch(decl) else for (decl = 0; 0;)
// clang-format on
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wint-conversion"
#pragma clang diagnostic ignored "-Wint-to-pointer-cast"
#pragma clang diagnostic ignored "-Wpointer-to-int-cast"
#pragma clang diagnostic ignored "-Wunused-value"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wint-conversion"
#pragma GCC diagnostic ignored "-Wint-to-pointer-cast"
#pragma GCC diagnostic ignored "-Wpointer-to-int-cast"
#pragma GCC diagnostic ignored "-Wunused-value"
#endif
#endif
