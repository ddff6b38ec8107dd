/*
 * Debug logging selected with -d LIST and sent to -D FILE (stderr by
 * default). Any code may test a category and print; util/log.c holds the
 * state, vl.c sets it from the command line before the CPU starts.
 *
 *     if (qemu_loglevel_mask(CPU_LOG_INT)) {
 *         qemu_log("interrupt %d at " TARGET_FMT_lx "\n", intno, env->eip);
 *     }
 */
#ifndef QEMU_LOG_H
#define QEMU_LOG_H

#include "qemu/osdep.h"

/* categories (bits of qemu_loglevel) */
#define CPU_LOG_TB_OUT_ASM  (1u << 0)   /* out_asm: host code of each translated block */
#define CPU_LOG_TB_IN_ASM   (1u << 1)   /* in_asm: guest code of each translated block */
#define CPU_LOG_TB_OP       (1u << 2)   /* op: IR as generated */
#define CPU_LOG_TB_OP_OPT   (1u << 3)   /* op_opt: IR after optimisation */
#define CPU_LOG_INT         (1u << 4)   /* int: interrupts and exceptions */
#define CPU_LOG_EXEC        (1u << 5)   /* exec: each block executed */
#define CPU_LOG_TB_CPU      (1u << 6)   /* cpu: CPU state before each block */
#define CPU_LOG_RESET       (1u << 7)   /* cpu_reset: CPU state at reset */
#define LOG_GUEST_ERROR     (1u << 8)   /* guest_errors: invalid guest operations */
#define LOG_UNIMP           (1u << 9)   /* unimp: unimplemented functionality used */

extern unsigned qemu_loglevel;
extern FILE *qemu_logfile;          /* stderr unless -D */

static inline bool qemu_loglevel_mask(unsigned mask)
{
    return unlikely(qemu_loglevel & mask);
}

void QEMU_PRINTF(1, 2) qemu_log(const char *fmt, ...);
/* qemu_log() only if one of mask's categories is on */
#define qemu_log_mask(mask, ...) \
    do { if (qemu_loglevel_mask(mask)) { qemu_log(__VA_ARGS__); } } while (0)

/* Command-line side (vl.c). */
/* parse "in_asm,int" into a mask; 0 and a message naming the item on error */
bool qemu_log_parse_items(const char *list, unsigned *mask, char **bad_item);
void qemu_log_print_help(FILE *f);
/* open -D FILE (NULL: stderr); false with errno on failure */
bool qemu_log_set_file(const char *path);

#endif
