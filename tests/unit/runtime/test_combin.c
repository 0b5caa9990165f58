#include "rt_test.h"
static void test_test_combin_placeholder(void **s){(void)s;}
int main(void){const struct CMUnitTest t[]={RT_TEST(test_test_combin_placeholder)};return cmocka_run_group_tests_name("test_combin",t,NULL,NULL);}
