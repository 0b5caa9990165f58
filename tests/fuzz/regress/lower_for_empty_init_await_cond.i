typedef struct ac_task ac_task;
void *ac_frame_new(void *desc, unsigned long size);
async int h(void) { return 1; }
async int f(void)
{
    for (; await h(); )
        break;
    return 0;
}
