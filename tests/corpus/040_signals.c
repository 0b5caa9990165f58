/* 040_signals: signal handlers with sigaction and signal, raise, blocking
   and pending signals, sig_atomic_t, SIGALRM-free determinism. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count, usr2_count, last_signal;

static void on_usr1(int sig) { usr1_count++; last_signal = sig; }
static void on_usr2(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    usr2_count += info->si_signo == sig ? 1 : 100;
    last_signal = sig;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    struct sigaction sa2 = {.sa_sigaction = on_usr2, .sa_flags = SA_SIGINFO};
    sigemptyset(&sa2.sa_mask);
    sigaction(SIGUSR2, &sa2, NULL);
    for (int i = 0; i < 5; i++) {
        raise(SIGUSR1);
        if (i % 2)
            raise(SIGUSR2);
        printf("after %d: usr1 %d usr2 %d last %s\n", i, (int)usr1_count, (int)usr2_count,
               last_signal == SIGUSR1 ? "USR1" : "USR2");
    }
    sigset_t block, pending, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigpending(&pending);
    printf("blocked: pending %d count %d\n", sigismember(&pending, SIGUSR1), (int)usr1_count);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: count %d (one delivery for two raises)\n", (int)usr1_count);
    void (*prev)(int) = signal(SIGUSR1, SIG_IGN);
    printf("previous handler was ours %d\n", prev == on_usr1);
    raise(SIGUSR1);
    printf("ignored: count %d\n", (int)usr1_count);
    signal(SIGUSR1, SIG_DFL);
    struct sigaction query;
    sigaction(SIGUSR2, NULL, &query);
    printf("usr2 uses siginfo %d\n", (query.sa_flags & SA_SIGINFO) != 0);
    printf("kill to self\n");
    fflush(stdout);
    kill(getpid(), SIGUSR2);
    printf("usr2 %d\n", (int)usr2_count);
    return 0;
}
