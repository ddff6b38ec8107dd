/*
 * Image locking compatible with QEMU's: open file description (OFD)
 * byte-range locks on the image file. For each permission bit i a process
 * holds it takes a shared lock on byte 100 + i; for each permission it
 * does not let others have, a shared lock on byte 200 + i. Then it checks
 * that no other open file description holds the opposite bytes. So Debian's
 * qemu-system/qemu-img and ours see each other's locks.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "block/block_int.h"
#include <fcntl.h>
#include <unistd.h>

#define LOCK_PERM_BASE   100
#define LOCK_SHARED_BASE 200

/* QEMU's permission bits, in its order */
enum {
    PERM_CONSISTENT_READ,
    PERM_WRITE,
    PERM_WRITE_UNCHANGED,
    PERM_RESIZE,
    PERM_COUNT
};

static const char *const perm_names[PERM_COUNT] = {
    "consistent read", "write", "write unchanged", "resize",
};

static int ofd_lock(int fd, int cmd, short type, off_t byte, struct flock *fl)
{
    *fl = (struct flock){ .l_type = type, .l_whence = SEEK_SET, .l_start = byte, .l_len = 1 };
    return fcntl(fd, cmd, fl) < 0 ? -errno : 0;
}

static bool held_by_other(int fd, off_t byte)
{
    struct flock fl;
    return ofd_lock(fd, F_OFD_GETLK, F_WRLCK, byte, &fl) == 0 && fl.l_type != F_UNLCK;
}

int file_lock_apply(int fd, bool writable, const char *filename, char **errp)
{
    /* a writer needs read, write and resize and shares only reading;
     * a reader lets others read but not change the image under it */
    unsigned perm = 1u << PERM_CONSISTENT_READ;
    unsigned unshared = (1u << PERM_WRITE) | (1u << PERM_RESIZE);
    struct flock fl;

    if (writable) {
        perm |= (1u << PERM_WRITE) | (1u << PERM_RESIZE);
    }
    for (int i = 0; i < PERM_COUNT; i++) {
        if ((perm & (1u << i)) && ofd_lock(fd, F_OFD_SETLK, F_RDLCK, LOCK_PERM_BASE + i, &fl) < 0) {
            goto unsupported;
        }
        if ((unshared & (1u << i)) &&
            ofd_lock(fd, F_OFD_SETLK, F_RDLCK, LOCK_SHARED_BASE + i, &fl) < 0) {
            goto unsupported;
        }
    }
    for (int i = 0; i < PERM_COUNT; i++) {
        if ((perm & (1u << i)) && held_by_other(fd, LOCK_SHARED_BASE + i)) {
            error_setg(errp, "Failed to get \"%s\" lock\nIs another process using the image [%s]?",
                       perm_names[i], filename);
            return -EAGAIN;
        }
        if ((unshared & (1u << i)) && held_by_other(fd, LOCK_PERM_BASE + i)) {
            error_setg(errp,
                       "Failed to get shared \"%s\" lock\nIs another process using the image [%s]?",
                       perm_names[i], filename);
            return -EAGAIN;
        }
    }
    return 0;

unsupported:
    /* file systems without OFD locks: QEMU's locking=auto goes on unlocked */
    return 0;
}
