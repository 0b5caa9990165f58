/* headers.c: includes every header the front end must parse (glibc, libuv,
   Linux UAPI pulled in by them, and the runtime's acrt.h) and uses several
   of them, so a parser that mis-handles any declaration in them fails here. */
#define _GNU_SOURCE
#include <assert.h>
#include <complex.h>
#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <tgmath.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>
#include <uv.h>
#include <acrt.h>
/* zlib's typedef free_func is a parameter name in OpenSSL's objects.h
   (`void (*free_func)(…)`): a typedef name reused as a parameter name. */
#if __has_include(<zlib.h>) && __has_include(<openssl/objects.h>)
#include <zlib.h>
#include <openssl/objects.h>
#endif
#include <stdnoreturn.h>   /* last: its `noreturn` macro must not meet later headers */

static atomic_int thread_sum;
static mtx_t lock;

static int c11_thread(void *arg)
{
    mtx_lock(&lock);
    atomic_fetch_add(&thread_sum, *(int *)arg);
    mtx_unlock(&lock);
    return 0;
}

static void *posix_thread(void *arg)
{
    atomic_fetch_add(&thread_sum, *(int *)arg * 100);
    return NULL;
}

static int timer_fired;
static void on_timer(uv_timer_t *t) { timer_fired++; uv_close((uv_handle_t *)t, NULL); }

noreturn static void never(void) { abort(); }

int main(int argc, char **argv)
{
    (void)argv;
    setlocale(LC_ALL, "C");
    assert(argc >= 1);
    if (argc > 100)
        never();
    /* threads.h and pthread.h */
    mtx_init(&lock, mtx_plain);
    thrd_t t[3];
    pthread_t pt;
    int args[3] = {1, 2, 3};
    for (int i = 0; i < 3; i++)
        thrd_create(&t[i], c11_thread, &args[i]);
    pthread_create(&pt, NULL, posix_thread, &args[2]);
    for (int i = 0; i < 3; i++)
        thrd_join(t[i], NULL);
    pthread_join(pt, NULL);
    mtx_destroy(&lock);
    printf("threads sum %d\n", atomic_load(&thread_sum));
    /* tgmath.h, complex.h, math.h, float.h */
    double complex z = 3 + 4 * I;
    printf("tgmath sqrt %.3f fabs(z) %.3f float %.3f\n", sqrt(2.0), fabs(z), (double)sqrt(2.0f));
    printf("float.h %d limits %d %lld\n", DBL_DIG, INT_MAX, LLONG_MIN);
    /* inttypes, ctype, wchar, wctype */
    printf("inttypes %" PRId64 " %" PRIx32 "\n", INT64_C(-5), UINT32_C(255));
    printf("ctype %d %d wctype %d wcslen %zu\n", isalpha('a') != 0, isdigit('x') != 0, iswupper(L'Q') != 0, wcslen(L"wide"));
    /* arpa/inet, netinet, netdb, sys/socket */
    struct in_addr addr;
    inet_pton(AF_INET, "192.168.1.20", &addr);
    char text[INET_ADDRSTRLEN];
    printf("inet %s port %u nodelay %d\n", inet_ntop(AF_INET, &addr, text, sizeof text), ntohs(htons(8080)), TCP_NODELAY);
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(80)};
    printf("sockaddr_in family %d size %zu ai_passive %d\n", sin.sin_family, sizeof sin, AI_PASSIVE);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
        struct iovec iov[2] = {{"sock", 4}, {"pair", 4}};
        ssize_t w = writev(sv[0], iov, 2);
        struct pollfd pfd = {.fd = sv[1], .events = POLLIN};
        int ready = poll(&pfd, 1, 1000);
        char buf[16] = {0};
        ssize_t r = read(sv[1], buf, sizeof buf - 1);
        printf("socketpair wrote %zd poll %d read %zd '%s'\n", w, ready, r, buf);
        int ep = epoll_create1(EPOLL_CLOEXEC);
        struct epoll_event ev = {.events = EPOLLOUT, .data.fd = sv[0]}, out;
        epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev);
        printf("epoll ready %d\n", epoll_wait(ep, &out, 1, 1000));
        close(ep);
        close(sv[0]);
        close(sv[1]);
    }
    /* sys/mman, fcntl, sys/stat, unistd, dirent */
    long page = sysconf(_SC_PAGESIZE);
    char *map = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(map, "mapped");
    printf("mmap %s\n", map);
    munmap(map, (size_t)page);
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    struct stat st;
    fstat(fd, &st);
    printf("dev/null is char device %d\n", S_ISCHR(st.st_mode));
    close(fd);
    DIR *d = opendir("/");
    printf("opendir / %s\n", d ? "ok" : "failed");
    if (d)
        closedir(d);
    /* sys/wait: a child process */
    fflush(stdout);
    pid_t child = fork();
    if (child == 0)
        _exit(7);
    int status = 0;
    waitpid(child, &status, 0);
    printf("child exited %d code %d\n", WIFEXITED(status), WEXITSTATUS(status));
    /* dlfcn, errno, setjmp, signal, time, sys/time */
    void *self = dlopen(NULL, RTLD_NOW);
    printf("dlopen self %s\n", self ? "ok" : "failed");
    if (self)
        dlclose(self);
    errno = 0;
    strtol("99999999999999999999999", NULL, 10);
    printf("errno ERANGE %d\n", errno == ERANGE);
    jmp_buf jb;
    volatile int jumped = 0;
    if (setjmp(jb) == 0) { jumped = 1; longjmp(jb, 1); }
    printf("setjmp %d sigrtmin>0 %d\n", jumped, SIGRTMIN > 0);
    struct timespec ts;
    struct timeval tv;
    printf("clocks %d %d\n", clock_gettime(CLOCK_MONOTONIC, &ts) == 0, gettimeofday(&tv, NULL) == 0);
    /* stdalign, stddef, stdbool */
    bool yes = true;
    printf("alignof max %zu offsetof %zu bool %d\n", alignof(max_align_t), offsetof(struct sockaddr_in, sin_port), yes);
    /* libuv: one zero-delay timer on a private loop */
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_timer_t timer;
    uv_timer_init(&loop, &timer);
    uv_timer_start(&timer, on_timer, 0, 0);
    uv_run(&loop, UV_RUN_DEFAULT);
    printf("uv timer fired %d close %d\n", timer_fired, uv_loop_close(&loop));
    printf("uv version >= 1 %d\n", UV_VERSION_MAJOR >= 1);
    printf("acrt.h included\n");
    return 0;
}
