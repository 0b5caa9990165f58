typedef struct ac_task ac_task;
void *ac_frame_new(void *desc, unsigned long size);
ac_task *ac_sleep(double seconds);
async int f(void)
{
    int v = 1;
    extern int v;
    await ac_sleep(0);
    return v;
}
