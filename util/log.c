/* Debug log state and the -d item table (include/qemu/log.h). */
#include "qemu/osdep.h"
#include "qemu/log.h"

unsigned qemu_loglevel;
FILE *qemu_logfile;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    { "out_asm",      CPU_LOG_TB_OUT_ASM, "show generated host assembly code for each compiled TB" },
    { "in_asm",       CPU_LOG_TB_IN_ASM,  "show target assembly code for each compiled TB" },
    { "op",           CPU_LOG_TB_OP,      "show micro ops for each compiled TB" },
    { "op_opt",       CPU_LOG_TB_OP_OPT,  "show micro ops after optimization" },
    { "int",          CPU_LOG_INT,        "show interrupts/exceptions in short format" },
    { "exec",         CPU_LOG_EXEC,       "show trace before each executed TB (lots of logs)" },
    { "cpu",          CPU_LOG_TB_CPU,     "show CPU registers before entering a TB (lots of logs)" },
    { "cpu_reset",    CPU_LOG_RESET,      "show CPU state before CPU resets" },
    { "guest_errors", LOG_GUEST_ERROR,    "log when the guest OS does something invalid (eg accessing a\n"
                                          "non-existent register)" },
    { "unimp",        LOG_UNIMP,          "log unimplemented functionality" },
};

void qemu_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(qemu_logfile ? qemu_logfile : stderr, fmt, ap);
    va_end(ap);
}

bool qemu_log_parse_items(const char *list, unsigned *mask, char **bad_item)
{
    unsigned m = 0;
    const char *p = list;

    *bad_item = NULL;
    while (*p) {
        size_t len = strcspn(p, ",");
        bool found = false;
        if (len == 3 && !strncmp(p, "all", 3)) {
            for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
                m |= log_items[i].mask;
            }
            found = true;
        }
        for (size_t i = 0; i < ARRAY_SIZE(log_items) && !found; i++) {
            if (strlen(log_items[i].name) == len && !strncmp(p, log_items[i].name, len)) {
                m |= log_items[i].mask;
                found = true;
            }
        }
        if (!found && len) {
            *bad_item = qemu_malloc(len + 1);
            memcpy(*bad_item, p, len);
            (*bad_item)[len] = 0;
            return false;
        }
        p += len;
        if (*p == ',') {
            p++;
        }
    }
    *mask = m;
    return true;
}

void qemu_log_print_help(FILE *f)
{
    fprintf(f, "Log items (comma separated):\n");
    for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
        fprintf(f, "%-15s %s\n", log_items[i].name, log_items[i].help);
    }
}

bool qemu_log_set_file(const char *path)
{
    if (!path) {
        qemu_logfile = stderr;
        return true;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        return false;
    }
    /* line-buffered so a crash or a kill leaves the log complete */
    setvbuf(f, NULL, _IOLBF, 0);
    qemu_logfile = f;
    return true;
}
