/* 038_qsort: qsort and bsearch with several comparators, stable ordering by
   index tie-break, sorting structs, strings and doubles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct person { const char *name; int age; double score; int idx; };

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static int cmp_person(const void *a, const void *b)
{
    const struct person *p = a, *q = b;
    if (p->age != q->age)
        return p->age - q->age;
    if (p->score != q->score)
        return p->score < q->score ? 1 : -1;
    return p->idx - q->idx;
}

static unsigned lcg_state = 12345;
static unsigned lcg(void) { return lcg_state = lcg_state * 1103515245u + 12345u; }

int main(void)
{
    int nums[40];
    for (int i = 0; i < 40; i++)
        nums[i] = (int)(lcg() >> 16) % 1000 - 500;
    qsort(nums, 40, sizeof nums[0], cmp_int);
    for (int i = 0; i < 40; i += 8)
        printf("%5d %5d %5d %5d %5d %5d %5d %5d\n", nums[i], nums[i + 1], nums[i + 2], nums[i + 3], nums[i + 4], nums[i + 5], nums[i + 6], nums[i + 7]);
    int key = nums[17];
    int *found = bsearch(&key, nums, 40, sizeof nums[0], cmp_int);
    printf("bsearch %d at %td\n", key, found ? found - nums : -1);
    key = 10000;
    printf("bsearch missing %d\n", bsearch(&key, nums, 40, sizeof nums[0], cmp_int) == NULL);
    qsort(nums, 40, sizeof nums[0], cmp_int_desc);
    printf("desc first %d last %d\n", nums[0], nums[39]);
    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape"};
    qsort(words, 8, sizeof words[0], cmp_str);
    for (int i = 0; i < 8; i++)
        printf("word %s\n", words[i]);
    double ds[10];
    for (int i = 0; i < 10; i++)
        ds[i] = (double)(lcg() % 10000) / 100.0;
    qsort(ds, 10, sizeof(double), cmp_double);
    for (int i = 0; i < 10; i++)
        printf("d %.2f\n", ds[i]);
    struct person people[] = {
        {"ann", 30, 88.5, 0}, {"bob", 25, 91.0, 1}, {"cid", 30, 88.5, 2}, {"dee", 25, 70.0, 3},
        {"eve", 41, 99.9, 4}, {"fay", 30, 95.0, 5}, {"gus", 19, 60.0, 6},
    };
    size_t n = sizeof people / sizeof people[0];
    qsort(people, n, sizeof people[0], cmp_person);
    for (size_t i = 0; i < n; i++)
        printf("%s %d %.1f\n", people[i].name, people[i].age, people[i].score);
    int (*cmps[])(const void *, const void *) = {cmp_int, cmp_int_desc};
    int small[] = {3, 1, 2};
    for (int c = 0; c < 2; c++) {
        qsort(small, 3, sizeof(int), cmps[c]);
        printf("cmp %d: %d %d %d\n", c, small[0], small[1], small[2]);
    }
    return 0;
}
