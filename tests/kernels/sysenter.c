/* sysenter/sysexit: the segment selectors derived from IA32_SYSENTER_CS,
 * ESP/EIP from the MSRs, and the return to ring 3 from EDX/ECX. */
#include "ktest.h"

const char *kernel_name = "sysenter";

static uint8_t sysenter_stack[4096] __attribute__((aligned(16)));
uint32_t se_cs, se_ss, se_esp, se_eflags, se_eax;

void user_sysenter(void);
void sysenter_entry(void);
__asm__(".text\n"
        "user_sysenter:\n"
        "  mov $0x1234, %eax\n"
        "  mov %esp, %ecx\n"            /* user ESP for sysexit */
        "  lea 1f, %edx\n"               /* user EIP for sysexit */
        "  sysenter\n"
        "1: mov %cs, %ebx\n"
        "  shl $16, %ebx\n"
        "  mov %ss, %bx\n"
        "  add %ebx, %eax\n"
        "  int $0x80\n"
        "sysenter_entry:\n"
        "  mov %eax, se_eax\n"
        "  mov %cs, %eax\n mov %eax, se_cs\n"
        "  mov %ss, %eax\n mov %eax, se_ss\n"
        "  mov %esp, se_esp\n"
        "  pushf\n pop %eax\n mov %eax, se_eflags\n"
        "  mov $0x1000, %eax\n"
        "  sysexit\n");

void test_main(void)
{
    uint32_t a, b, c, d;
    cpuid(1, &a, &b, &c, &d);
    if (!(d & (1u << 11))) {
        skip("sysenter", "the CPU model has no SEP (CPUID 1 EDX bit 11)");
        return;
    }
    wrmsr(0x174, KERNEL_CS);
    wrmsr(0x175, (uint32_t)sysenter_stack + sizeof sysenter_stack);
    wrmsr(0x176, (uint32_t)sysenter_entry);
    check_eq("msr-cs-readback", (uint32_t)rdmsr(0x174), KERNEL_CS);

    uint32_t r = run_user(user_sysenter, 0);
    check_eq("sysenter-eax-preserved", se_eax, 0x1234);
    check_eq("sysenter-cs", se_cs, KERNEL_CS);
    check_eq("sysenter-ss", se_ss, KERNEL_CS + 8);
    check_eq("sysenter-esp", se_esp, (uint32_t)sysenter_stack + sizeof sysenter_stack);
    check("sysenter-clears-if", !(se_eflags & 0x200), "eflags %x", se_eflags);
    /* after sysexit: CS = SYSENTER_CS+16 | 3, SS = SYSENTER_CS+24 | 3 */
    check_eq("sysexit-cs-ss", r, 0x1000 + ((uint32_t)(KERNEL_CS + 16 + 3) << 16) + KERNEL_CS + 24 + 3);

    /* SYSENTER_CS = 0 is #GP(0) */
    wrmsr(0x174, 0);
    EXPECT_EXC("sysenter-cs-zero-gp", 13, 0, run_user(user_sysenter, 0));
    wrmsr(0x174, KERNEL_CS);
}
