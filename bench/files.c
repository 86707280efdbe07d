/* The kernel's part of writing a site: N files of SIZE bytes created in tmpfs by two threads,
 * as `accord build` writes its pages (openat with O_CREAT|O_EXCL, one write, close).
 *
 *   gcc -O2 -pthread bench/files.c -o /tmp/files
 *   rm -rf /dev/shm/f; /tmp/files /dev/shm/f SIZE N FOLDERS
 *
 * FOLDERS is 1 (both threads in one folder, as every event's files are in `events/`) or 2
 * (a folder each). Prints the wall time; compare sizes and folders alternating, in the same
 * minutes (BENCHMARKS.md, session 18). */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int folder[2], size, count, folders;
static char text[65536];

static void *work(void *arg) {
  long t = (long)arg;
  char name[64];
  int dir = folders == 2 ? folder[t] : folder[0];
  for (int i = t; i < count; i += 2) {
    snprintf(name, sizeof name, "f%07d.html", i);
    int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) { perror("openat"); exit(1); }
    if (size > 0 && write(fd, text, size) != size) { perror("write"); exit(1); }
    close(fd);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 5) { fprintf(stderr, "usage: files DIR SIZE N FOLDERS\n"); return 2; }
  size = atoi(argv[2]);
  count = atoi(argv[3]);
  folders = atoi(argv[4]);
  if (size < 0 || size > (int)sizeof text || (folders != 1 && folders != 2)) { fprintf(stderr, "bad SIZE or FOLDERS\n"); return 2; }
  memset(text, 'x', sizeof text);
  char path[4096];
  if (mkdir(argv[1], 0777) != 0) { perror("mkdir"); return 1; }
  for (int i = 0; i < 2; i++) {
    snprintf(path, sizeof path, "%s/%c", argv[1], 'a' + i);
    if (mkdir(path, 0777) != 0) { perror("mkdir"); return 1; }
    folder[i] = open(path, O_RDONLY | O_DIRECTORY);
    if (folder[i] < 0) { perror("open"); return 1; }
  }
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  pthread_t threads[2];
  for (long t = 0; t < 2; t++) pthread_create(&threads[t], NULL, work, (void *)t);
  for (int t = 0; t < 2; t++) pthread_join(threads[t], NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%d files of %d bytes, %d folder(s): %.3f s\n", count, size, folders,
         (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
  return 0;
}
