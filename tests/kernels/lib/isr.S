/* Interrupt entry stubs, one per vector, 16 bytes apart so that the IDT
 * builder can compute their addresses. Each pushes a dummy error code when
 * the CPU does not push one, then the vector number, and joins isr_common,
 * which builds a struct trap_frame (see ktest.h) and calls trap_dispatch. */

    .text
    .align 16
    .globl isr_stubs
isr_stubs:
    vec = 0
    .rept 256
    .align 16
    .if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    nop
    nop
    .else
    pushl $0
    .endif
    pushl $vec
    jmp isr_common
    vec = vec + 1
    .endr

isr_common:
    pusha
    push %ds
    push %es
    push %fs
    push %gs
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    cld
    push %esp
    call trap_dispatch
    add $4, %esp
    pop %gs
    pop %fs
    pop %es
    pop %ds
    popa
    add $8, %esp
    iret

/* int catch_arm(void): returns 0 now, and 1 when a later exception with
 * no handler unwinds here (see trap_dispatch). Saves what the C ABI needs
 * kept plus EFLAGS. */
    .globl catch_arm
catch_arm:
    mov (%esp), %ecx
    mov %ecx, catch_ctx + 0     /* eip */
    lea 4(%esp), %ecx
    mov %ecx, catch_ctx + 4     /* esp after return */
    mov %ebx, catch_ctx + 8
    mov %esi, catch_ctx + 12
    mov %edi, catch_ctx + 16
    mov %ebp, catch_ctx + 20
    pushf
    pop %ecx
    mov %ecx, catch_ctx + 24
    movl $1, catch_ctx + 28     /* armed */
    xor %eax, %eax
    ret

/* void catch_unwind(void): back to the catch_arm caller with EAX = 1,
 * in ring 0 with the kernel's flat segments. */
    .globl catch_unwind
catch_unwind:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    movl $0, catch_ctx + 28
    mov catch_ctx + 4, %esp
    mov catch_ctx + 8, %ebx
    mov catch_ctx + 12, %esi
    mov catch_ctx + 16, %edi
    mov catch_ctx + 20, %ebp
    pushl catch_ctx + 24
    popf
    mov $1, %eax
    jmp *catch_ctx + 0

    .bss
    .align 4
    .globl catch_ctx
catch_ctx:
    .skip 32

/* uint32_t run_user(void (*fn)(void), int iopl) — see ktest.h. */
    .text
    .globl run_user
run_user:
    push %ebp
    push %ebx
    push %esi
    push %edi
    pushf
    mov %esp, user_ret_esp
    mov 24(%esp), %eax          /* fn */
    mov 28(%esp), %ecx          /* iopl */
    mov $0x23, %dx
    mov %dx, %ds
    mov %dx, %es
    mov %dx, %fs
    mov %dx, %gs
    pushl $0x23                 /* ss */
    pushl $user_stack_top       /* esp */
    pushf
    pop %edx
    and $~0x3000, %edx
    shl $12, %ecx
    and $0x3000, %ecx
    or %ecx, %edx
    push %edx                   /* eflags */
    pushl $0x1b                 /* cs */
    push %eax                   /* eip */
    iret

/* void user_return(uint32_t value): called from the USER_RETURN_VECTOR
 * handler; abandons the trap frame and returns VALUE from run_user. */
    .globl user_return
user_return:
    mov 4(%esp), %eax
    mov $0x10, %dx
    mov %dx, %ds
    mov %dx, %es
    mov %dx, %fs
    mov %dx, %gs
    mov %dx, %ss
    mov user_ret_esp, %esp
    popf
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret

    .bss
    .align 16
user_ret_esp:
    .skip 4
    .align 16
    .globl user_stack_top
    .skip 16384
user_stack_top:
    .section .note.GNU-stack, "", @progbits
