// other.h — a header of the application only.
#ifndef OTHER_H
#define OTHER_H
async int other_value(void);
#endif
