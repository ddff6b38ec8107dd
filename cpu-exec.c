/*
 * The execution loop: deliver exceptions and interrupts, find or translate
 * the TB for the CPU's state, chain it to the previous one, run it; and the
 * ways out of generated code (exit requests, and helpers unwinding with
 * siglongjmp after a guest exception).
 */
#include "qemu/osdep.h"
#include "exec/cpu-common.h"
#include "tcg/tcg.h"
#include "qemu/log.h"
#include "accel/internal.h"

CPUState *first_cpu;

void cpu_common_init(CPUState *cpu, const CPUOps *ops, struct AddressSpace *as)
{
    CPUState **tail = &first_cpu;
    int index = 0;

    while (*tail) {
        tail = &(*tail)->next_cpu;
        index++;
    }
    cpu->ops = ops;
    cpu->as = as;
    cpu->cpu_index = index;
    cpu->exception_index = -1;
    cpu->cflags_next_tb = 0;
    cpu->next_cpu = NULL;
    tlb_init(cpu);
    tb_jmp_cache_clear(cpu);
    /* every CPU must see TLB flushes and code invalidation */
    *tail = cpu;
}

/* ---- requests from outside the loop ---- */

void cpu_exit(CPUState *cpu)
{
    /* a single atomic store: fine from a signal handler or another thread */
    __atomic_fetch_or(&cpu->exit_request, EXIT_REQUEST_LOOP, __ATOMIC_SEQ_CST);
}

void cpu_interrupt(CPUState *cpu, uint32_t mask)
{
    cpu->interrupt_request |= mask;
    __atomic_fetch_or(&cpu->exit_request, EXIT_REQUEST_KICK, __ATOMIC_SEQ_CST);
}

void cpu_reset_interrupt(CPUState *cpu, uint32_t mask)
{
    cpu->interrupt_request &= ~mask;
}

/* ---- unwinding from helpers ---- */

void cpu_loop_exit(CPUState *cpu)
{
    siglongjmp(cpu->jmp_env, 1);
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    cpu_restore_state(cpu, retaddr);
    cpu_loop_exit(cpu);
}

void cpu_loop_exit_noexc(CPUState *cpu)
{
    cpu->exception_index = -1;
    cpu_loop_exit(cpu);
}

/* ---- the loop ---- */

/* Deliver a pending exception; true when cpu_exec must return *ret. */
static bool cpu_handle_exception(CPUState *cpu, int *ret)
{
    if (cpu->exception_index < 0) {
        return false;
    }
    if (cpu->exception_index >= EXCP_INTERRUPT) {
        *ret = cpu->exception_index;
        cpu->exception_index = -1;
        return true;
    }
    cpu->ops->do_interrupt(cpu);
    cpu->exception_index = -1;
    return false;
}

/*
 * Take interrupts and exit requests between TBs. True when the loop must
 * stop (exception_index says why); clears *last_tb when the state changed
 * so that the next TB is not chained to the previous one.
 */
static bool cpu_handle_interrupt(CPUState *cpu, TranslationBlock **last_tb)
{
    uint32_t req = cpu->interrupt_request;

    if (unlikely(req)) {
        if (req & CPU_INTERRUPT_HALT) {
            cpu->interrupt_request &= ~CPU_INTERRUPT_HALT;
            cpu->halted = true;
            cpu->exception_index = EXCP_HLT;
            return true;
        }
        if (req & CPU_INTERRUPT_EXITTB) {
            cpu->interrupt_request &= ~CPU_INTERRUPT_EXITTB;
            *last_tb = NULL;
        }
        if ((req & ~CPU_INTERRUPT_EXITTB) && cpu->ops->exec_interrupt(cpu, req)) {
            *last_tb = NULL;
        }
        if (cpu->exception_index >= 0) {
            return true;
        }
    }
    if (unlikely(cpu->exit_request)) {
        int32_t exit = __atomic_exchange_n(&cpu->exit_request, 0, __ATOMIC_SEQ_CST);
        if (exit & EXIT_REQUEST_LOOP) {
            cpu->exception_index = EXCP_INTERRUPT;
            return true;
        }
    }
    return false;
}

static TranslationBlock *tb_find(CPUState *cpu, TranslationBlock *last_tb, int tb_exit)
{
    vaddr pc;
    uint64_t cs_base;
    uint32_t flags;
    uint32_t cflags = cpu->cflags_next_tb;

    cpu->ops->get_tb_cpu_state(cpu_env_ptr(cpu), &pc, &cs_base, &flags);
    if (unlikely(cflags)) {
        /* a one-off TB (after self-modifying code): nothing chains into it */
        cpu->cflags_next_tb = 0;
        last_tb = NULL;
    }
    TranslationBlock *tb = tb_lookup_cflags(cpu, pc, cs_base, flags, cflags);
    if (!tb) {
        uint32_t flush_count = tb_flush_count;
        tb = tb_gen_code(cpu, pc, cs_base, flags, cflags);
        if (!cflags) {
            tb_jmp_cache_set(cpu, pc, tb);
        }
        if (flush_count != tb_flush_count) {
            last_tb = NULL;         /* it went with the flush */
        }
    }
    /*
     * A direct jump is not re-checked when the guest remaps memory, so never
     * chain into a TB whose code spans two pages: the second page's mapping
     * can change while the jump into it stays patched.
     */
    if (last_tb && tb->page_addr[1] == (hwaddr)-1) {
        tb_add_jump(last_tb, tb_exit, tb);
    }
    return tb;
}

/* -d exec and -d cpu: one line (or a register dump) per block entered from the loop */
static void log_tb_entry(CPUState *cpu, const TranslationBlock *tb)
{
    if (qemu_loglevel_mask(CPU_LOG_TB_CPU)) {
        cpu->ops->dump_state(cpu, qemu_logfile);
    }
    qemu_log_mask(CPU_LOG_EXEC, "Trace: %p [%08" PRIx64 "/%08x] %s pc 0x%" PRIx64 "\n",
                  (const void *)tb->tc_ptr, tb->cs_base, tb->flags,
                  cpu->ops->arch_name, tb->pc);
}

static void cpu_exec_tb(CPUState *cpu, TranslationBlock *tb,
                        TranslationBlock **last_tb, int *tb_exit)
{
    if (qemu_loglevel_mask(CPU_LOG_EXEC | CPU_LOG_TB_CPU)) {
        log_tb_entry(cpu, tb);
    }
    uintptr_t ret = tcg_qemu_tb_exec(cpu_env_ptr(cpu), tb->tc_ptr);
    TranslationBlock *last = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
    int exit = ret & TB_EXIT_MASK;

    if (exit == TB_EXIT_REQUESTED) {
        /* left at the entry of `last`, before any of it ran */
        cpu_restore_state_to_tb_start(cpu, last);
        *last_tb = NULL;
        return;
    }
    /* exit_tb(NULL) gives 0: nothing to chain */
    *last_tb = last;
    *tb_exit = exit;
}

static int cpu_exec_loop(CPUState *cpu)
{
    int ret;

    while (!cpu_handle_exception(cpu, &ret)) {
        TranslationBlock *last_tb = NULL;
        int tb_exit = 0;

        while (!cpu_handle_interrupt(cpu, &last_tb)) {
            TranslationBlock *tb = tb_find(cpu, last_tb, tb_exit);
            cpu_exec_tb(cpu, tb, &last_tb, &tb_exit);
        }
    }
    return ret;
}

int cpu_exec(CPUState *cpu)
{
    if (cpu->halted) {
        if (!cpu->ops->has_work(cpu)) {
            return EXCP_HLT;
        }
        cpu->halted = false;
    }
    /*
     * Helpers unwind to here. The loop keeps its state in its own frame,
     * which the jump discards, so nothing here is clobbered.
     */
    if (sigsetjmp(cpu->jmp_env, 0)) {
        /* a guest exception (or none) is pending: the loop takes it */
    }
    return cpu_exec_loop(cpu);
}
