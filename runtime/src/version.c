// version.c — placeholder so libacrt builds before the runtime lands.
#include "acrt.h"
int ac_version(void) { return 1; }
