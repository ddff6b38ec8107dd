/* Multiboot v1 entry: the loader leaves us in flat 32-bit protected mode
 * with paging off, EAX = magic, EBX = multiboot info. */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003     /* page-align modules, give memory info */

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

    .section .bss
    .align 16
    .globl boot_stack_top
boot_stack:
    .skip 65536
boot_stack_top:

    .text
    .globl _start
_start:
    cli
    cld
    mov $boot_stack_top, %esp
    push %ebx
    push %eax
    call ktest_start
1:  hlt
    jmp 1b
    .section .note.GNU-stack, "", @progbits
