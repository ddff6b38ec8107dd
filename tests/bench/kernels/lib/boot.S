/* Multiboot v1 entry of the benchmark kernels: the loader leaves us in flat
 * 32-bit protected mode, paging off, interrupts off. */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003     /* page-aligned modules, memory info */

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

    .section .bss
    .align 16
boot_stack:
    .skip 65536
boot_stack_top:

    .text
    .globl _start
_start:
    cli
    cld
    mov $boot_stack_top, %esp
    call bench_start
1:  hlt
    jmp 1b

/* #DB (single-step trap) handler: counts one executed instruction. The
 * interrupt gate clears TF on entry; iret restores it from the frame, so
 * the next instruction traps again. */
    .globl debug_trap_entry
debug_trap_entry:
    addl $1, single_steps
    adcl $0, single_steps + 4
    iret

    .section .note.GNU-stack, "", @progbits
