// main.c — placeholder driver.
#include "acc.h"
int main(void) { return 0; }
