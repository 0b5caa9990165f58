/* 018_flexible_array: flexible array members, allocation, sizeof. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct string { size_t len; char data[]; };
struct matrix { int rows, cols; double cells[]; };
struct node { struct node *next; int n; int items[]; };
typedef struct { unsigned short count; struct { char key; int val; } pairs[]; } table;

static struct string *str_new(const char *s)
{
    size_t n = strlen(s);
    struct string *str = malloc(sizeof *str + n + 1);
    str->len = n;
    memcpy(str->data, s, n + 1);
    return str;
}

static struct matrix *mat_new(int r, int c)
{
    struct matrix *m = calloc(1, sizeof(struct matrix) + sizeof(double) * (size_t)(r * c));
    m->rows = r;
    m->cols = c;
    return m;
}

int main(void)
{
    struct string *s = str_new("flexible array member");
    printf("%zu '%s' sizeof %zu\n", s->len, s->data, sizeof(struct string));
    for (size_t i = 0; i < s->len; i += 4)
        printf("data[%zu] = %c\n", i, s->data[i]);
    free(s);
    struct matrix *m = mat_new(4, 5);
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            m->cells[i * m->cols + j] = i * 0.5 + j;
    for (int i = 0; i < m->rows; i++) {
        double row = 0;
        for (int j = 0; j < m->cols; j++)
            row += m->cells[i * m->cols + j];
        printf("row %d sum %.2f\n", i, row);
    }
    free(m);
    struct node *head = NULL;
    for (int k = 1; k <= 4; k++) {
        struct node *n = malloc(sizeof *n + sizeof(int) * (size_t)k);
        n->n = k;
        for (int i = 0; i < k; i++)
            n->items[i] = k * 10 + i;
        n->next = head;
        head = n;
    }
    while (head) {
        struct node *next = head->next;
        printf("node %d:", head->n);
        for (int i = 0; i < head->n; i++)
            printf(" %d", head->items[i]);
        printf("\n");
        free(head);
        head = next;
    }
    static table t = {3, {{'a', 1}, {'b', 2}, {'c', 3}}};
    for (int i = 0; i < t.count; i++)
        printf("pair %c=%d\n", t.pairs[i].key, t.pairs[i].val);
    printf("sizeof table %zu\n", sizeof(table));
    return 0;
}
