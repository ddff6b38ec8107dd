/* Protected → real → protected mode switches: through a 16-bit protected
 * mode segment, clearing CR0.PE, real-mode addressing (segment * 16 +
 * offset), an int through the real-mode IVT, 16-bit stack operations, and
 * "unreal" mode (a 4 GiB FS limit cached from protected mode). */
#include "ktest.h"

const char *kernel_name = "realmode";

extern uint8_t rm_blob[], rm_blob_end[], rm_res_seg[], rm_res_int[], rm_res_unreal[];
extern uint8_t rm_res_push[], rm_res_cr0[], rm_res_cs[];
uint32_t rm_saved_esp;
uint32_t unreal_probe = 0x13579bdf;
struct { uint16_t limit; uint32_t base; } __attribute__((packed)) rm_saved_idtr;
void realmode_roundtrip(void);

#define OFF(sym) "(" #sym " - rm_blob)"
__asm__(
    ".text\n .code32\n"
    "realmode_roundtrip:\n"
    "  pusha\n"
    "  sidt rm_saved_idtr\n"
    "  mov %esp, rm_saved_esp\n"
    "  mov $0x10, %ax\n mov %ax, %fs\n"           /* flat, 4 GiB limit */
    "  ljmp $0x30, $" OFF(rm_pm16) "\n"
    ".code16\n"
    "rm_blob:\n"
    "rm_pm16:\n"
    "  mov $0x38, %ax\n mov %ax, %ds\n mov %ax, %es\n mov %ax, %ss\n"
    "  mov %cr0, %eax\n and $0xfffffffe, %eax\n mov %eax, %cr0\n"
    "  ljmp $0x800, $" OFF(rm_real) "\n"
    "rm_real:\n"
    "  mov $0x800, %ax\n mov %ax, %ds\n mov %ax, %ss\n"
    "  mov $" OFF(rm_stack_top) ", %sp\n"
    "  mov %cr0, %eax\n mov %eax, " OFF(rm_res_cr0) "\n"
    "  mov %cs, " OFF(rm_res_cs) "\n"
    /* 0x900:0x10 is linear 0x9010, which is 0x800:0x1010 */
    "  mov $0x900, %ax\n mov %ax, %es\n"
    "  movw $0xbeef, %es:0x10\n"
    "  mov 0x1010, %ax\n mov %ax, " OFF(rm_res_seg) "\n"
    /* int 0x60 through the IVT at linear 0 */
    "  lidt " OFF(rm_ivt) "\n"
    "  xor %ax, %ax\n mov %ax, %es\n"
    "  movw $" OFF(rm_isr) ", %es:0x180\n movw $0x800, %es:0x182\n"
    "  xor %bx, %bx\n"
    "  int $0x60\n"
    "  mov %bx, " OFF(rm_res_int) "\n"
    /* push is 2 bytes */
    "  mov %sp, %ax\n push %ax\n mov %sp, %bx\n pop %cx\n sub %bx, %ax\n"
    "  mov %ax, " OFF(rm_res_push) "\n"
    /* unreal: FS still has base 0 and a 4 GiB limit */
    "  mov $unreal_probe, %esi\n"
    "  addr32 mov %fs:(%esi), %eax\n"
    "  mov %eax, " OFF(rm_res_unreal) "\n"
    /* back to protected mode */
    "  cli\n"
    "  mov %cr0, %eax\n or $1, %eax\n mov %eax, %cr0\n"
    "  ljmpl $0x08, $rm_back32\n"
    "rm_isr:\n"
    "  mov $0x77, %bx\n"
    "  iret\n"
    "  .p2align 2\n"
    "rm_ivt: .word 0x3ff\n .long 0\n"
    "  .p2align 2\n"
    "rm_res_seg: .long 0\n"
    "rm_res_int: .long 0\n"
    "rm_res_push: .long 0\n"
    "rm_res_unreal: .long 0\n"
    "rm_res_cr0: .long 0\n"
    "rm_res_cs: .long 0\n"
    "  .skip 256\n"
    "rm_stack_top:\n"
    "rm_blob_end:\n"
    ".code32\n"
    "rm_back32:\n"
    "  mov $0x10, %ax\n mov %ax, %ds\n mov %ax, %es\n mov %ax, %fs\n"
    "  mov %ax, %gs\n mov %ax, %ss\n"
    "  mov rm_saved_esp, %esp\n"
    "  lidt rm_saved_idtr\n"
    "  popa\n"
    "  ret\n");

static uint32_t result(uint8_t *sym)
{
    return *(volatile uint32_t *)(REALMODE_BASE + (sym - rm_blob));
}

void test_main(void)
{
    memcpy((void *)REALMODE_BASE, rm_blob, rm_blob_end - rm_blob);
    realmode_roundtrip();
    pass("roundtrip");
    check_eq("real-mode-cr0-pe-clear", result(rm_res_cr0) & 1, 0);
    check_eq("real-mode-cs", result(rm_res_cs) & 0xffff, 0x800);
    check_eq("segment-times-16", result(rm_res_seg) & 0xffff, 0xbeef);
    check_eq("ivt-int", result(rm_res_int) & 0xffff, 0x77);
    check_eq("push-2-bytes", result(rm_res_push) & 0xffff, 2);
    check_eq("unreal-fs-limit", result(rm_res_unreal), 0x13579bdf);
    check_eq("back-in-protected-mode", read_cr0() & 1, 1);
    /* the IDT is back: a protected-mode exception still works */
    EXPECT_EXC("pm-idt-restored", 6, 0, __asm__ volatile("ud2"));
    /* and a second round trip */
    realmode_roundtrip();
    check_eq("second-roundtrip", result(rm_res_int) & 0xffff, 0x77);
}
