/* Errors handed back as messages (include/qemu/errp.h). */
#include "qemu/osdep.h"
#include "qemu/errp.h"

void error_setg(char **errp, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (!errp) {
        return;
    }
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0) {
        fatal("out of memory formatting an error message");
    }
    va_end(ap);
    *errp = msg;
}
