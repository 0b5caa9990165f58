// op.c — native operations: the one mechanism behind every awaitable the
// runtime writes in C (internal.h explains the life of an op; docs/abi.md
// §7 shows one).  An op is allocated (ac__op_new, inline in internal.h),
// parked, completed, cancelled and freed here and nowhere else, so a rule
// that concerns every awaitable (a check, an allocation failure) has one
// place to go.
#include "internal.h"

// The slot of an op parked without one: what a waker would clear is this.
static AC__THREAD ac__op *unslotted;


static const ac__op_type *op_type(const ac__op *op)
{
  return (const ac__op_type *)op->hdr.q.desc;
}


int ac__op_park(ac__op *op, ac__op **slot)
{
  if (slot == NULL) {
    slot = &unslotted;
  } else if (*slot != NULL) {
    op->hdr.err = UV_EBUSY;
    return AC_DONE;
  }
  *slot = op;
  op->slot = slot;
  if (op->hdr.state == 0)
    op->hdr.state = 1;
  return AC_SUSPENDED;
}


// Takes the op out of its slot without waking it.
static void unpark(ac__op *op)
{
  *op->slot = NULL;
  op->slot = NULL;
}


void ac__op_complete(ac__op *op, int err)
{
  if (op->slot == NULL)
    return;
  unpark(op);
  ac__wake_frame(&op->hdr, err);
}


void ac__op_wake(ac__op **slot, int err)
{
  if (*slot != NULL)
    ac__op_complete(*slot, err);
}


int ac__op_fail(ac__op *op, int err)
{
  op->hdr.err = err;
  return AC_DONE;
}


// Lets go of the native side of a parked op that will not be woken (it is
// resumed or freed while parked: never in a correct program, but then no
// callback may find the frame afterwards).
static void detach(ac__op *op)
{
  const ac__op_type *type = op_type(op);
  if (type->cancel != NULL)
    type->cancel(op);
  if (op->slot != NULL)
    unpark(op);
}


// The resume function of every op: the common start, then the op's step.
int ac__op_resume(ac_task *self)
{
  ac__op *op = (ac__op *)self;
  if (op->slot != NULL)
    detach(op);
  if (self->state == 0 && self->err != 0)
    return AC_DONE;  // cancelled before it started
  return op_type(op)->step(op);
}


// desc->cancel of every op (the task's innermost frame is this op and it
// is suspended): 1 if the cancellation was taken care of.
int ac__op_cancel(ac_task *self)
{
  ac__op *op = (ac__op *)self;
  const ac__op_type *type = op_type(op);
  int r;
  if (op->slot == NULL)
    return 0;
  r = type->cancel != NULL ? type->cancel(op) : AC__OP_CANCEL_NOW;
  if (r == AC__OP_CANCEL_NOW)
    ac__op_complete(op, AC_ECANCELED);
  return r != AC__OP_CANCEL_NO;
}


// desc->destroy of every op: the frame is being freed.
void ac__op_destroy(ac_task *self)
{
  ac__op *op = (ac__op *)self;
  const ac__op_type *type = op_type(op);
  if (op->slot != NULL)
    detach(op);
  if (type->release != NULL)
    type->release(op);
}
