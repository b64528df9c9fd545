/*
 * The floor: replays, in one process and as cheaply as C allows, exactly the reads a docksnap
 * capture made of the host, as written by `docksnap capture --trace-reads FILE`. API requests
 * (lines starting with "api") are left to curl. Build: cc -O2 -o floor floor.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char buffer[1 << 20];

static void read_whole(const char *path) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return;
  while (read(fd, buffer, sizeof buffer) > 0) {
  }
  close(fd);
}

static void read_tail(const char *path, long bytes) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return;
  struct stat st;
  if (fstat(fd, &st) == 0) {
    off_t offset = st.st_size > bytes ? st.st_size - bytes : 0;
    while (offset < st.st_size) {
      ssize_t n = pread(fd, buffer, sizeof buffer, offset);
      if (n <= 0) break;
      offset += n;
    }
  }
  close(fd);
}

static void list_dir(const char *path) {
  DIR *dir = opendir(path);
  if (!dir) return;
  while (readdir(dir)) {
  }
  closedir(dir);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: floor TRACE-FILE\n");
    return 2;
  }
  FILE *trace = fopen(argv[1], "r");
  if (!trace) {
    perror(argv[1]);
    return 2;
  }
  char *line = NULL;
  size_t size = 0;
  ssize_t length;
  char link[4096];
  struct stat st;
  long operations = 0;
  while ((length = getline(&line, &size, trace)) > 0) {
    if (line[length - 1] == '\n') line[length - 1] = '\0';
    char *tab = strchr(line, '\t');
    if (!tab) continue;
    *tab = '\0';
    char *target = tab + 1;
    operations++;
    if (strcmp(line, "read") == 0) read_whole(target);
    else if (strcmp(line, "readlink") == 0) readlink(target, link, sizeof link);
    else if (strcmp(line, "readdir") == 0) list_dir(target);
    else if (strcmp(line, "lstat") == 0) lstat(target, &st);
    else if (strcmp(line, "tail") == 0) {
      char *path = strchr(target, '\t');
      if (path) read_tail(path + 1, atol(target));
    } else operations--;
  }
  free(line);
  fclose(trace);
  printf("%ld\n", operations);
  return 0;
}
