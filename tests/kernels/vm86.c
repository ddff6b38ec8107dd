/* Virtual-8086 mode: entry by iret with VM=1, real-mode addressing,
 * int n through the IDT at IOPL 3 (with the v86 segment frame), and the
 * #GP(0) that sends sensitive instructions to the monitor at IOPL < 3.
 * I/O goes by the TSS bitmap, which the kernel TSS does not have. */
#include "ktest.h"

const char *kernel_name = "vm86";

#define V86_SEG 0x0900                  /* code and stack live at 0x9000 */

/* 16-bit code, copied to V86_SEG:0; entry points are offsets into it. */
extern uint8_t v86_code[], v86_code_end[];
extern uint8_t v86_int_test[], v86_cli[], v86_pushf[], v86_in[], v86_int_exit[];
__asm__(".text\n .code16\n"
        "v86_code:\n"
        "v86_int_test:\n"
        "  mov $0x41, %ax\n"
        "  int $0x62\n"
        "  mov $0x1234, %dx\n mov %dx, %ds\n"
        "  movb %ds:0, %cl\n"             /* linear 0x12340 */
        "  int $0x62\n"
        "v86_int_exit:\n"
        "  int $0x63\n"
        "v86_cli: cli\n int $0x63\n"
        "v86_pushf: pushf\n int $0x63\n"
        "v86_in: inb $0x80, %al\n int $0x63\n"
        "v86_code_end:\n"
        ".code32\n");

static volatile uint32_t calls, eax_seen[2], ecx_seen, eflags_seen, ds_seen, cs_seen;

static void on_int62(struct trap_frame *f)
{
    if (calls < 2)
        eax_seen[calls] = f->eax & 0xffff;
    calls++;
    ecx_seen = f->ecx & 0xff;
    eflags_seen = f->eflags;
    ds_seen = f->v86_ds;
    cs_seen = f->cs;
    f->eax = 0x99;
}

/* iret into v8086 mode at V86_SEG:entry; never returns (int $0x63 or a
 * fault unwinds through catch_arm). */
static void enter_v86(uint8_t *entry, int iopl)
{
    uint32_t ip = (uint32_t)(entry - v86_code);
    uint32_t eflags = 0x20002 | ((uint32_t)iopl << 12);
    __asm__ volatile(
        "pushl $0\n pushl $0\n"         /* gs, fs */
        "pushl %0\n pushl %0\n"         /* ds, es */
        "pushl %0\n pushl $0xfffe\n"    /* ss, sp */
        "pushl %1\n"                    /* eflags */
        "pushl %0\n pushl %2\n"         /* cs, ip */
        "iret" :: "r"(V86_SEG), "r"(eflags), "r"(ip) : "memory");
}

void test_main(void)
{
    memcpy((void *)(V86_SEG << 4), v86_code, v86_code_end - v86_code);
    *(volatile uint8_t *)0x12340 = 0x5c;
    idt_set_gate(0x62, KERNEL_CS, isr_stub(0x62), GATE_INT32_R3);
    idt_set_gate(0x63, KERNEL_CS, isr_stub(0x63), GATE_INT32_R3);
    set_trap_handler(0x62, on_int62);

    EXPECT_EXC("v86-int-roundtrip", 0x63, 0, enter_v86(v86_int_test, 3));
    check_eq("v86-int-calls", calls, 2);
    check_eq("v86-int-eax-in", eax_seen[0], 0x41);
    check_eq("v86-int-eax-out", eax_seen[1], 0x99);
    check_eq("v86-real-mode-addressing", ecx_seen, 0x5c);
    check("v86-frame-vm-flag", eflags_seen & 0x20000, "eflags %x", eflags_seen);
    check_eq("v86-frame-ds", ds_seen, 0x1234);
    check_eq("v86-frame-cs", cs_seen, V86_SEG);
    check("v86-exit-from-vm", last_exc.eflags & 0x20000, "eflags %x", last_exc.eflags);

    /* IOPL < 3: the monitor gets #GP(0) at the instruction */
    EXPECT_EXC("v86-iopl0-int-gp", 13, 0, enter_v86(v86_int_exit, 0));
    check_eq("v86-iopl0-int-gp-ip", last_exc.eip, (uint32_t)(v86_int_exit - v86_code));
    check("v86-iopl0-int-gp-vm", last_exc.eflags & 0x20000, "eflags %x", last_exc.eflags);
    EXPECT_EXC("v86-iopl0-cli-gp", 13, 0, enter_v86(v86_cli, 0));
    EXPECT_EXC("v86-iopl0-pushf-gp", 13, 0, enter_v86(v86_pushf, 0));
    EXPECT_EXC("v86-iopl3-cli-allowed", 0x63, 0, enter_v86(v86_cli, 3));
    /* I/O is checked against the TSS bitmap even at IOPL 3 */
    EXPECT_EXC("v86-in-no-bitmap-gp", 13, 0, enter_v86(v86_in, 3));
}
