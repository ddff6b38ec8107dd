/*
 * Runs in a Linux guest: opens every /dev/input/event*, prints each
 * device ("DEV eventN NAME"), then READY, then one line per key, button
 * or relative-motion event ("KEY code value", "REL code value"), flushed
 * at once, until killed. The ui tests compare these with what they sent.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_DEVICES 16

int main(void)
{
    struct pollfd fds[MAX_DEVICES];
    int n = 0;
    DIR *dir = opendir("/dev/input");
    struct dirent *e;

    setvbuf(stdout, NULL, _IONBF, 0);
    while (dir && (e = readdir(dir)) && n < MAX_DEVICES) {
        char path[300], name[128] = "?";
        int fd;

        if (strncmp(e->d_name, "event", 5)) {
            continue;
        }
        snprintf(path, sizeof(path), "/dev/input/%s", e->d_name);
        fd = open(path, O_RDONLY);
        if (fd < 0) {
            continue;
        }
        ioctl(fd, EVIOCGNAME(sizeof(name)), name);
        printf("DEV %s %s\n", e->d_name, name);
        fds[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
    }
    printf("READY %d\n", n);
    for (;;) {
        if (poll(fds, n, -1) <= 0) {
            continue;
        }
        for (int i = 0; i < n; i++) {
            struct input_event ev[64];
            ssize_t len;

            if (!(fds[i].revents & POLLIN)) {
                continue;
            }
            len = read(fds[i].fd, ev, sizeof(ev));
            for (ssize_t j = 0; j < len / (ssize_t)sizeof(ev[0]); j++) {
                if (ev[j].type == EV_KEY) {
                    printf("KEY %d %d\n", ev[j].code, ev[j].value);
                } else if (ev[j].type == EV_REL) {
                    printf("REL %d %d\n", ev[j].code, ev[j].value);
                }
            }
        }
    }
}
