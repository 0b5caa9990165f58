// describe.c — what a task is called and how it prints: names (asyncio's
// Task-N and set_name), ac_task_describe / ac_task_repr (Python's repr of
// a task or future) and ac_dump_tasks.  Nothing here is on a hot path.
#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

// Names: a side table, so the header has no name pointer.  A hash table
// by task address: a server that names (or logs the name of) each of its
// 100,000 tasks pays O(1) per lookup, not a walk over every named task.

typedef struct name_ent {
  struct name_ent *next;
  const ac_task *task;
  char name[];
} name_ent;

static AC__THREAD name_ent **names;  // nbuckets chains, or NULL
static AC__THREAD size_t nbuckets;   // a power of two
static AC__THREAD size_t nnames;


static size_t name_slot(const ac_task *t, size_t n)
{
  uint64_t h = (uint64_t)(uintptr_t)t * UINT64_C(0x9E3779B97F4A7C15);
  return (size_t)(h >> 32) & (n - 1);
}


static name_ent **name_find(const ac_task *t)
{
  if (names == NULL)
    return NULL;
  name_ent **p;
  for (p = &names[name_slot(t, nbuckets)]; *p != NULL; p = &(*p)->next)
    if ((*p)->task == t)
      return p;
  return NULL;
}


// Doubles the table when it is as full as it is wide; when that cannot
// be allocated the chains just grow longer.  Returns 0, or AC_ENOMEM when
// there is no table at all.
static int names_grow(void)
{
  if (names != NULL && nnames < nbuckets)
    return 0;
  size_t n = nbuckets ? 2 * nbuckets : 64;
  name_ent **b = ac__sys_alloc(n * sizeof *b);
  if (b == NULL)
    return names != NULL ? 0 : AC_ENOMEM;
  memset(b, 0, n * sizeof *b);
  for (size_t i = 0; i < nbuckets; i++)
    while (names[i] != NULL) {
      name_ent *e = names[i];
      names[i] = e->next;
      e->next = b[name_slot(e->task, n)];
      b[name_slot(e->task, n)] = e;
    }
  free(names);
  names = b;
  nbuckets = n;
  return 0;
}


void ac__name_drop(ac_task *t)
{
  name_ent **p = name_find(t);
  if (p != NULL) {
    name_ent *e = *p;
    *p = e->next;
    free(e);
    nnames--;
  }
  t->flags &= (uint8_t)~AC__F_NAMED;
}


// Returns the stored copy, or NULL when out of memory (t keeps its name).
static const char *name_put(ac_task *t, const char *name)
{
  size_t len = strlen(name);
  if (names_grow() != 0)
    return NULL;
  name_ent *e = ac__sys_alloc(sizeof *e + len + 1);
  if (e == NULL)
    return NULL;
  ac__name_drop(t);
  e->task = t;
  memcpy(e->name, name, len + 1);
  name_ent **b = &names[name_slot(t, nbuckets)];
  e->next = *b;
  *b = e;
  nnames++;
  t->flags |= AC__F_NAMED;
  return e->name;
}


void ac__names_clear(void)
{
  for (size_t i = 0; i < nbuckets; i++)
    while (names[i] != NULL) {
      name_ent *e = names[i];
      names[i] = e->next;
      free(e);
    }
  free(names);
  names = NULL;
  nbuckets = nnames = 0;
}


const char *ac_task_name(const ac_task *t)
{
  static AC__THREAD char
      spare[4][32];  // out of memory: the name in a rotating buffer
  static AC__THREAD unsigned next;
  char buf[32];
  const char *name;
  AC__CHECK_TASK(t, "(freed task)");
  if (t->flags & AC__F_NAMED)
    return (*name_find(t))->name;
  if (t->q.desc->kind == AC__K_FUTURE)
    return "Future";  // (its `size` is where a task has its id)
  if (t->id != 0) {
    snprintf(buf, sizeof buf, "Task-%" PRIu32, t->id);
    name = name_put((ac_task *)t, buf);
    if (name == NULL) {
      char *b = spare[next++ % 4];
      memcpy(b, buf, sizeof buf);
      name = b;
    }
    return name;
  }
  return t->q.desc->name;
}


int ac_task_set_name(ac_task *t, const char *name)
{
  AC__CHECK_TASK(t, AC_EFREED);
  if (ac__immortal(t))
    return AC_EINVAL;
  return name_put(t, name) != NULL ? 0 : AC_ENOMEM;
}


// Descriptions --------------------------------------------------------------------

static void render_result(const ac_task *t, char *buf, size_t size)
{
  const unsigned char *p = ac__result_ptr(t);
  size_t n = ac__result_size(t);
  int kind = t->q.desc->kind == AC__K_FUTURE
                 ? (n == 0             ? AC_KIND_VOID
                    : n == sizeof(int) ? AC_KIND_INT
                                       : AC_KIND_BYTES)
                 : t->q.desc->result_kind;
  if (n == 0)
    kind = AC_KIND_VOID;
  switch (kind) {
  case AC_KIND_VOID: snprintf(buf, size, "None"); return;
  case AC_KIND_INT:
  case AC_KIND_UINT: {
    int64_t s = 0;
    uint64_t u = 0;
    if (n == 1) {
      int8_t v;
      memcpy(&v, p, 1);
      s = v;
      u = (uint8_t)v;
    } else if (n == 2) {
      int16_t v;
      memcpy(&v, p, 2);
      s = v;
      u = (uint16_t)v;
    } else if (n == 4) {
      int32_t v;
      memcpy(&v, p, 4);
      s = v;
      u = (uint32_t)v;
    } else if (n == 8) {
      int64_t v;
      memcpy(&v, p, 8);
      s = v;
      u = (uint64_t)v;
    } else
      break;
    if (kind == AC_KIND_INT)
      snprintf(buf, size, "%" PRId64, s);
    else
      snprintf(buf, size, "%" PRIu64, u);
    return;
  }
  case AC_KIND_FLOAT:
    if (n == sizeof(double)) {
      double d;
      memcpy(&d, p, n);
      snprintf(buf, size, "%g", d);
      return;
    }
    if (n == sizeof(float)) {
      float f;
      memcpy(&f, p, n);
      snprintf(buf, size, "%g", (double)f);
      return;
    }
    break;
  case AC_KIND_STR:
    if (n == sizeof(char *)) {
      const char *s;
      memcpy(&s, p, n);
      if (s == NULL)
        snprintf(buf, size, "None");
      else
        snprintf(buf, size, "'%.60s%s'", s, strlen(s) > 60 ? "..." : "");
      return;
    }
    break;
  case AC_KIND_PTR:
    if (n == sizeof(void *)) {
      void *v;
      memcpy(&v, p, n);
      snprintf(buf, size, "%p", v);
      return;
    }
    break;
  default: break;
  }
  snprintf(buf, size, "<%zu bytes>", n);
}


unsigned ac__frame_line(const ac_task *f)
{
  const ac_desc *d = f->q.desc;
  if (f->state > 0 && d->await_lines != NULL && f->state < d->nstates &&
      d->await_lines[f->state] != 0)
    return d->await_lines[f->state];
  return d->line;
}


int ac_task_describe(const ac_task *t, char *buf, size_t size)
{
  char res[96];
  const char *status;
  int done;
  if (t == NULL || t->q.desc == NULL)
    return snprintf(buf, size, "<%s>", t == NULL ? "NULL" : "freed task");
  done = (t->flags & AC__F_DONE) != 0;
  if (done)
    status = t->err == AC_ECANCELED ? "cancelled" : "finished";
  else
    status = t->ncancel > 0 ? "cancelling" : "pending";
  if (done && t->err != AC_ECANCELED) {
    if (t->err != 0)
      snprintf(res, sizeof res, " exception=%s", ac_err_name(t->err));
    else {
      char v[80];
      render_result(t, v, sizeof v);
      snprintf(res, sizeof res, " result=%s", v);
    }
  } else {
    res[0] = 0;
  }
  if (t->q.desc->kind == AC__K_FUTURE)
    return snprintf(buf, size, "<Future %s%s>", status, res);
  if (done)
    return snprintf(buf, size,
                    "<Task %s name='%s' coro=<%s() done, defined at %s:%u>%s>",
                    status, ac_task_name(t), t->q.desc->name, t->q.desc->file,
                    t->q.desc->line, res);
  return snprintf(buf, size, "<Task %s name='%s' coro=<%s() running at %s:%u>>",
                  status, ac_task_name(t), t->q.desc->name, t->q.desc->file,
                  ac__frame_line(t));
}


const char *ac_task_repr(const ac_task *t)
{
  static AC__THREAD char buf[4][512];
  static AC__THREAD unsigned next;
  char *b = buf[next++ % 4];
  ac_task_describe(t, b, sizeof buf[0]);
  return b;
}


static void dump_one(ac_qnode *obj, void *arg)
{
  ac_task *t;
  FILE *out = arg;
  ac_task *chain[64];
  size_t n = 0, i;
  ac_task *f;
  if (obj->desc->kind != AC_DESC_FUNC)
    return;
  t = ac__task_of(obj);
  if (!(t->flags & AC__F_ROOT) || (t->flags & AC__F_DONE))
    return;
  fprintf(out, "%s\n", ac_task_repr(t));
  for (f = t->top; f != NULL && n < 64; f = (f == t) ? NULL : f->up.parent)
    chain[n++] = f;
  for (i = n; i-- > 0;) {
    ac_task *c = chain[i];
    fprintf(out, "  %s %s() at %s:%u\n",
            (c->flags & AC__F_STARTED) ? "waiting in" : "not started:",
            c->q.desc->name, c->q.desc->file ? c->q.desc->file : "?",
            ac__frame_line(c));
  }
}


void ac_dump_tasks(FILE *out)
{
  if (out == NULL)
    out = stderr;
  ac__obj_foreach(dump_one, out);
}
