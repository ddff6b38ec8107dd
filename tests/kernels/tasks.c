/* Hardware task switches: jmp and call to a TSS, a task gate in the IDT,
 * iret with NT back to the caller, the busy bits and the back link. */
#include "ktest.h"

const char *kernel_name = "tasks";

enum { TSS_A = GDT_FREE, TSS_B, TASK_GATE };
#define SEL(i) ((i) << 3)

static struct tss32 tss_b __attribute__((aligned(128)));
static uint8_t task_b_stack[4096] __attribute__((aligned(16)));
static volatile uint32_t b_runs, b_link, b_eflags, b_tr, b_ebx;

/* Task B: records what it sees, then irets back (NT set when called). */
void task_b_entry(void);
void task_b_after_iret(void);
__asm__(".text\n"
        "task_b_entry:\n"
        "  incl b_runs\n"
        "  str %ax\n movzwl %ax, %eax\n mov %eax, b_tr\n"
        "  pushf\n pop %eax\n mov %eax, b_eflags\n"
        "  mov %ebx, b_ebx\n"
        "  movzwl tss_b, %eax\n mov %eax, b_link\n"
        "  iret\n"
        /* a second call resumes here, after the iret */
        "  jmp task_b_entry\n");

static void setup_task_b(void)
{
    memset(&tss_b, 0, sizeof tss_b);
    tss_b.eip = (uint32_t)task_b_entry;
    tss_b.esp = (uint32_t)task_b_stack + sizeof task_b_stack;
    tss_b.eflags = 0x2;
    tss_b.cs = KERNEL_CS;
    tss_b.ss = tss_b.ds = tss_b.es = tss_b.fs = tss_b.gs = KERNEL_DS;
    tss_b.cr3 = read_cr3();
    tss_b.ebx = 0xb0b0b0b0;
    tss_b.iomap_base = sizeof tss_b;
    tss_descriptor(TSS_B, &tss_b, sizeof tss_b - 1, 0);
}

static uint32_t busy(int index) { return (uint32_t)(gdt_get_raw(index) >> 40) & 2; }

void test_main(void)
{
    setup_task_b();
    uint32_t ebx_here = 0x12345678, ebx_after;

    /* call: B runs with NT set and a back link to the kernel TSS */
    __asm__ volatile("lcall %1, $0\n" : "+b"(ebx_here) : "i"(SEL(TSS_B)) : "memory");
    ebx_after = ebx_here;
    check_eq("call-task-ran", b_runs, 1);
    check_eq("call-task-tr", b_tr, SEL(TSS_B));
    check_eq("call-task-back-link", b_link, KERNEL_TSS_SEL);
    check("call-task-nt", b_eflags & 0x4000, "eflags %x", b_eflags);
    check_eq("call-task-loaded-ebx", b_ebx, 0xb0b0b0b0);
    check_eq("iret-nt-restores-ebx", ebx_after, 0x12345678);
    uint16_t tr;
    __asm__ volatile("str %0" : "=r"(tr));
    check_eq("iret-nt-back-to-kernel-tss", tr, KERNEL_TSS_SEL);
    check_eq("iret-clears-b-busy", busy(TSS_B), 0);
    check_eq("kernel-tss-busy", busy(5), 2);
    check("iret-nt-caller-nt-clear", !(read_eflags() & 0x4000), "eflags %x", read_eflags());

    /* calling a busy task (our own) is #GP(selector) */
    EXPECT_EXC("call-busy-task-gp", 13, KERNEL_TSS_SEL, __asm__ volatile(
        "lcall %0, $0" :: "i"(KERNEL_TSS_SEL)));

    /* a task gate in the IDT: int $0x60 switches to B, its iret returns */
    idt_set_task_gate(0x60, SEL(TSS_B), 0);
    __asm__ volatile("int $0x60" ::: "memory");
    check_eq("task-gate-ran", b_runs, 2);
    check_eq("task-gate-back-link", b_link, KERNEL_TSS_SEL);

    /* a task gate in the GDT, reached by far call */
    gdt_set_raw(TASK_GATE, ((uint64_t)SEL(TSS_B) << 16) | ((uint64_t)0x85 << 40));
    __asm__ volatile("lcall %0, $0" :: "i"(SEL(TASK_GATE)) : "memory");
    check_eq("gdt-task-gate-ran", b_runs, 3);

    /* jmp to a TSS: no back link, NT clear, the old task not busy. Task B
     * jumps back to the kernel TSS with the selector we leave in EBX. */
    setup_task_b();
    tss_b.eip = (uint32_t)task_b_after_iret;
    __asm__ volatile("ljmp %0, $0\n" :: "i"(SEL(TSS_B)) : "memory");
    check_eq("jmp-task-ran", b_runs, 4);
    check("jmp-task-nt-clear", !(b_eflags & 0x4000), "eflags %x", b_eflags);
}

/* Task B's jmp variant: record, then jump back to the kernel's TSS; the
 * kernel task resumes after its ljmp. */
__asm__(".text\n"
        "task_b_after_iret:\n"
        "  incl b_runs\n"
        "  pushf\n pop %eax\n mov %eax, b_eflags\n"
        "  ljmp $0x28, $0\n");
