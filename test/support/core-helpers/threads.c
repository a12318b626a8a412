/*
 * Test helper for core-file tests (compiled by the tests with gcc into a temp dir).
 * usage: PROG NTHREADS [crash THREAD_INDEX] [dlopen PATH]
 * Starts NTHREADS threads with small stacks, prints "ready PID TID..." (main thread first) and
 * waits to be killed (allowing any process to ptrace it, for gcore); with "crash K" thread K (0 = main thread) dereferences address 0x10 after the
 * line is printed, with core dumps enabled (RLIMIT_CORE raised, dumpable set).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_THREADS 64
static pid_t tids[MAX_THREADS + 1];
static volatile int started;
static volatile int go;
static int crash_index = -1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void crash(void) { *(volatile int *)0x10 = 1; }

static void *worker(void *arg) {
  int idx = (int)(long)arg;
  pthread_mutex_lock(&lock);
  tids[idx] = (pid_t)syscall(SYS_gettid);
  started++;
  pthread_mutex_unlock(&lock);
  for (;;) {
    if (go && idx == crash_index) crash();
    usleep(1000);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2;
  if (n < 0 || n > MAX_THREADS) n = 2;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "crash")) crash_index = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "dlopen") && !dlopen(argv[i + 1], RTLD_NOW)) {
      fprintf(stderr, "dlopen: %s\n", dlerror());
      return 2;
    }
  }
  if (crash_index >= 0) {
    struct rlimit r = {RLIM_INFINITY, RLIM_INFINITY};
    if (setrlimit(RLIMIT_CORE, &r) != 0) {
      struct rlimit cur;
      getrlimit(RLIMIT_CORE, &cur);
      cur.rlim_cur = cur.rlim_max;
      setrlimit(RLIMIT_CORE, &cur);
    }
    prctl(PR_SET_DUMPABLE, 1);
  }
#ifdef PR_SET_PTRACER
  /* Under Yama ptrace_scope 1, let gcore (not our parent) attach. */
  prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
#endif
  tids[0] = (pid_t)syscall(SYS_gettid);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  for (int i = 1; i <= n; i++) {
    pthread_t t;
    if (pthread_create(&t, &attr, worker, (void *)(long)i) != 0) return 3;
  }
  while (started < n) usleep(1000);
  printf("ready %d", (int)getpid());
  for (int i = 0; i <= n; i++) printf(" %d", (int)tids[i]);
  printf("\n");
  fflush(stdout);
  go = 1;
  for (;;) {
    if (crash_index == 0) crash();
    usleep(1000);
  }
}
