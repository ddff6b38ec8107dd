/* Self-modifying code: code rewritten after it ran (by a store and by
 * rep movs), a store that rewrites the very next instruction of the same
 * block, and code on a page that is also written as data. */
#include "ktest.h"

const char *kernel_name = "smc";

static uint8_t code[2][4096] __attribute__((aligned(4096)));
typedef uint32_t (*fn_t)(void);

/* mov $imm32, %eax; ret */
static void emit_return(uint8_t *p, uint32_t v)
{
    p[0] = 0xb8;
    memcpy(p + 1, &v, 4);
    p[5] = 0xc3;
}

/* The immediate of `mov $0, %eax` right after the store is rewritten by
 * the store itself: the new value must be seen. */
uint32_t store_next_insn(void);
uint32_t store_next_insn_imm;
__asm__(".text\n"
        "store_next_insn:\n"
        "  movl $0x600df00d, store_next_insn_imm\n"
        "  .byte 0xb8\n"                 /* mov $imm32, %eax */
        "store_next_insn_imm = .\n"
        "  .long 0xbad0bad0\n"
        "  ret\n");

/* A loop that rewrites an instruction ahead of it on later iterations:
 * iteration 0 adds 1, then the add is patched to add 0x10. */
uint32_t patch_in_loop(void);
__asm__(".text\n"
        "patch_in_loop:\n"
        "  push %ebx\n"
        "  xor %eax, %eax\n"
        "  mov $3, %ecx\n"
        "1:\n"
        "  .byte 0x83, 0xc0\n"            /* add $imm8, %eax */
        "patch_in_loop_imm:\n"
        "  .byte 0x01\n"
        "  movb $0x10, patch_in_loop_imm\n"
        "  loop 1b\n"
        "  movb $0x01, patch_in_loop_imm\n"
        "  pop %ebx\n"
        "  ret\n");

void test_main(void)
{
    /* 1. run, overwrite with a store, run again */
    emit_return(code[0], 1);
    check_eq("initial", ((fn_t)code[0])(), 1);
    emit_return(code[0], 2);
    check_eq("rewritten-by-store", ((fn_t)code[0])(), 2);
    /* rewrite just the immediate byte */
    code[0][1] = 3;
    check_eq("rewritten-one-byte", ((fn_t)code[0])(), 3);

    /* 2. code written by rep movs over code that already ran */
    emit_return(code[1], 4);
    check_eq("before-rep-movs", ((fn_t)code[0])(), 3);
    void *s = code[1], *d = code[0];
    uint32_t n = 6;
    __asm__ volatile("rep movsb" : "+S"(s), "+D"(d), "+c"(n) :: "memory");
    check_eq("rewritten-by-rep-movs", ((fn_t)code[0])(), 4);
    /* rep stosb of nops over it, then a new tail */
    d = code[0];
    n = 100;
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(0x90) : "memory");
    emit_return(code[0] + 100, 9);
    check_eq("rewritten-by-rep-stos", ((fn_t)code[0])(), 9);

    /* 3. a store that rewrites the next instruction in the same block */
    check_eq("store-to-next-insn", store_next_insn(), 0x600df00d);

    /* 4. a loop patching its own body */
    check_eq("patch-in-loop", patch_in_loop(), 0x21);
    check_eq("patch-in-loop-again", patch_in_loop(), 0x21);

    /* 5. data writes next to code on the same page must not break it */
    emit_return(code[1], 5);
    for (int i = 0; i < 1000; i++) {
        code[1][2048 + (i & 255)] = (uint8_t)i;
        if (((fn_t)code[1])() != 5) {
            fail("data-on-code-page", "iteration %d", i);
            return;
        }
    }
    pass("data-on-code-page");
    /* and code rewritten after many runs (a hot block) */
    emit_return(code[1], 6);
    check_eq("hot-block-rewritten", ((fn_t)code[1])(), 6);

    /* 6. through a second virtual alias of the code page */
    uint32_t *pd = paging_build_identity_4k(16, PTE_P | PTE_W);
    *pte_of(pd, 0x40000000) = (uint32_t)code[1] | PTE_P | PTE_W;
    paging_enable(pd);
    emit_return(code[1], 7);
    check_eq("alias-before", ((fn_t)code[1])(), 7);
    *(volatile uint8_t *)(0x40000001) = 8;
    check_eq("rewritten-through-alias", ((fn_t)code[1])(), 8);
    paging_disable();
}
