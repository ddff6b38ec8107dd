/*
 * ISA differential tests: what the host driver (isa-diff) and the harness
 * kernel (isa-kernel.elf) share. The driver generates cases, runs each
 * natively on the host CPU, packs them into a multiboot module, runs the
 * kernel in the emulator, reads its results from the serial port, and
 * compares.
 *
 * Memory layout used identically on both sides: the case's data buffer is
 * at ISA_MEM_ADDR and its code at ISA_CODE_ADDR (both below 4 GiB, so the
 * same absolute disp32 operands address them in 32-bit and 64-bit mode).
 */
#ifndef ISA_CASE_H
#define ISA_CASE_H

#include <stdint.h>

#define ISA_MEM_ADDR  0x01000000u
#define ISA_CODE_ADDR 0x01001000u
#define ISA_MEM_SIZE  256
#define ISA_CODE_MAX  112
#define ISA_NO_FAULT  0xffffffffu
#define ISA_MODULE_MAGIC 0x31415349u    /* "ISA1" */
#define ISA_RESULT_MAGIC 0x544c5352u    /* "RSLT" */

/* Flags of a case */
#define ISA_CASE_FPU 1                  /* compare the x87/SSE state too */

/* CPU state before and after a case. fx is an FXSAVE image (32-bit
 * format); the eflags given in are limited to the arithmetic flags. */
struct isa_state {
    uint8_t fx[512];
    uint32_t regs[8];                   /* eax ecx edx ebx esp ebp esi edi; esp unused */
    uint32_t eflags;
    uint32_t vector;                    /* exception taken, or ISA_NO_FAULT */
    uint8_t mem[ISA_MEM_SIZE];
} __attribute__((aligned(16)));

struct isa_case {
    uint32_t index;
    uint16_t group;
    uint16_t code_len;
    uint32_t flags;
    uint32_t pad;
    uint8_t code[ISA_CODE_MAX];         /* 32-bit code, without the final ret */
    struct isa_state in;
} __attribute__((aligned(16)));

struct isa_module_header {
    uint32_t magic, count, case_size, pad;
};

/* Result record streamed by the kernel: magic, index, then the state
 * without fx (and fx after it for ISA_CASE_FPU cases). */
struct isa_result_header {
    uint32_t magic, index;
};
#define ISA_STATE_TAIL_SIZE (sizeof(struct isa_state) - 512)

#endif
