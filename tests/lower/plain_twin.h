/* plain_twin.h — turns an Async C test program without concurrency into
 * plain C: async and await disappear, so every async call is an ordinary
 * call and ac_run(x) is just x.  Its output is the expected output of the
 * program built with acc (docs/language.md, `await`: await keeps C's
 * meaning). */
#include <acrt.h>
#define async
#define await
#define ac_run(x) (x)
