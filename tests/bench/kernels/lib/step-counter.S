/* #DB (single-step trap) handler of the benchmark driver: counts one
 * executed instruction. Kept to three instructions (not the test library's
 * C trap path) because it runs once per guest instruction while counting.
 * The interrupt gate clears TF on entry; iret restores it from the frame,
 * so the next instruction traps again. */
    .text
    .globl debug_trap_entry
debug_trap_entry:
    addl $1, single_steps
    adcl $0, single_steps + 4
    iret

    .section .note.GNU-stack, "", @progbits
