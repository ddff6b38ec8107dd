/* Exceptions with and without error codes, and the EIP each one reports:
 * faults point at the faulting instruction, traps after it. */
#include "ktest.h"

const char *kernel_name = "exceptions";

/* Labels around single instructions, so that the reported EIP can be
 * compared with the instruction's address. */
extern char de_insn[], ud_insn[], int3_next[], into_next[], bound_insn[];
extern char db_after[], gp_insn[];

static void test_divide_error(void)
{
    EXPECT_EXC("de-div-zero", 0, 0, __asm__ volatile(
        "xor %%ecx, %%ecx\n mov $1, %%eax\n xor %%edx, %%edx\n"
        "de_insn: div %%ecx" ::: "eax", "ecx", "edx"));
    check_eq("de-eip", last_exc.eip, (uint32_t)de_insn);
    /* quotient overflow is #DE too: 0x80000000 / -1 */
    EXPECT_EXC("de-idiv-overflow", 0, 0, __asm__ volatile(
        "mov $0x80000000, %%eax\n cdq\n mov $-1, %%ecx\n idiv %%ecx"
        ::: "eax", "ecx", "edx"));
    EXPECT_EXC("de-div8-overflow", 0, 0, __asm__ volatile(
        "mov $0x1000, %%eax\n mov $2, %%cl\n div %%cl" ::: "eax", "ecx"));
}

static void test_invalid_opcode(void)
{
    EXPECT_EXC("ud-ud2", 6, 0, __asm__ volatile("ud_insn: ud2"));
    check_eq("ud-eip", last_exc.eip, (uint32_t)ud_insn);
    /* lock on a register destination is #UD */
    EXPECT_EXC("ud-lock-reg", 6, 0, __asm__ volatile(".byte 0xf0; add %%eax, %%eax" ::: "eax"));
    /* mov to CS does not exist */
    EXPECT_EXC("ud-mov-cs", 6, 0, __asm__ volatile(".byte 0x8e, 0xc8"));
}

static void test_breakpoint_and_overflow(void)
{
    EXPECT_EXC("bp-int3", 3, 0, __asm__ volatile("int3\n int3_next: nop"));
    check_eq("bp-eip-after", last_exc.eip, (uint32_t)int3_next);
    EXPECT_EXC("of-into", 4, 0, __asm__ volatile(
        "mov $0x7fffffff, %%eax\n add $1, %%eax\n into\n into_next: nop" ::: "eax"));
    check_eq("of-eip-after", last_exc.eip, (uint32_t)into_next);
    EXPECT_NO_EXC("of-into-no-overflow", __asm__ volatile(
        "xor %%eax, %%eax\n into" ::: "eax"));
}

static int32_t bounds[2] = { 10, 20 };

static void test_bound(void)
{
    EXPECT_NO_EXC("br-in-range", __asm__ volatile(
        "mov $15, %%eax\n bound %%eax, %0" :: "m"(bounds) : "eax"));
    EXPECT_NO_EXC("br-upper-inclusive", __asm__ volatile(
        "mov $20, %%eax\n bound %%eax, %0" :: "m"(bounds) : "eax"));
    EXPECT_EXC("br-above", 5, 0, __asm__ volatile(
        "mov $21, %%eax\n bound_insn: bound %%eax, %0" :: "m"(bounds) : "eax"));
    check_eq("br-eip", last_exc.eip, (uint32_t)bound_insn);
    EXPECT_EXC("br-below", 5, 0, __asm__ volatile(
        "mov $9, %%eax\n bound %%eax, %0" :: "m"(bounds) : "eax"));
}

static volatile uint32_t db_hits;
static volatile uint32_t db_eips[4];

static void on_debug(struct trap_frame *f)
{
    if (db_hits < 4)
        db_eips[db_hits] = f->eip;
    db_hits++;
    f->eflags &= ~0x100u;       /* one step only */
}

static void test_single_step(void)
{
    set_trap_handler(1, on_debug);
    uint32_t dr6;
    __asm__ volatile("xor %%eax, %%eax\n mov %%eax, %%dr6" ::: "eax");
    /* popf sets TF: the instruction after popf runs, then #DB */
    __asm__ volatile(
        "pushf\n orl $0x100, (%%esp)\n popf\n"
        "nop\n"
        "db_after: nop" ::: "memory", "cc");
    __asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
    set_trap_handler(1, 0);
    check_eq("db-single-step-count", db_hits, 1);
    check_eq("db-single-step-eip", db_eips[0], (uint32_t)db_after);
    check("db-dr6-bs", dr6 & 0x4000, "DR6 = %x, BS clear", dr6);
}

static void test_general_protection(void)
{
    /* selector beyond the GDT limit: #GP(selector) */
    EXPECT_EXC("gp-bad-selector", 13, 0xf8, __asm__ volatile(
        "mov $0xf8, %%ax\n gp_insn: mov %%ax, %%ds" ::: "eax"));
    check_eq("gp-eip", last_exc.eip, (uint32_t)gp_insn);
    /* SS must be a writable data segment: #GP(selector) */
    EXPECT_EXC("gp-ss-code-selector", 13, KERNEL_CS, __asm__ volatile(
        "mov $0x08, %%ax\n mov %%ax, %%ss" ::: "eax"));
    /* a far jump to a data segment */
    EXPECT_EXC("gp-ljmp-data-segment", 13, KERNEL_DS, __asm__ volatile(
        "ljmp $0x10, $0"));
}

static volatile uint32_t soft_hits;
static void on_soft(struct trap_frame *f) { soft_hits += f->eax; }

static void test_software_interrupt(void)
{
    set_trap_handler(0x55, on_soft);
    __asm__ volatile("mov $7, %%eax\n int $0x55\n int $0x55" ::: "eax");
    set_trap_handler(0x55, 0);
    check_eq("int-n-handler", soft_hits, 14);
    /* an int with no error code: the handler must not see one */
    EXPECT_EXC("int-n-vector", 0x56, 0, __asm__ volatile("int $0x56"));
}

void test_main(void)
{
    test_divide_error();
    test_invalid_opcode();
    test_breakpoint_and_overflow();
    test_bound();
    test_single_step();
    test_general_protection();
    test_software_interrupt();
}
