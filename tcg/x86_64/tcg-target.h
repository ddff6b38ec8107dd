/*
 * The x86-64 back end's private definitions: register numbers and the
 * instruction encoder shared by its files (tcg-target.c, tcg-ldst.c.inc).
 */
#ifndef TCG_X86_64_TARGET_H
#define TCG_X86_64_TARGET_H

#include "tcg/tcg-internal.h"

enum {
    TCG_REG_RAX, TCG_REG_RCX, TCG_REG_RDX, TCG_REG_RBX,
    TCG_REG_RSP, TCG_REG_RBP, TCG_REG_RSI, TCG_REG_RDI,
    TCG_REG_R8,  TCG_REG_R9,  TCG_REG_R10, TCG_REG_R11,
    TCG_REG_R12, TCG_REG_R13, TCG_REG_R14, TCG_REG_R15,
};

/* Opcode flags, or-ed with the opcode byte. */
#define P_EXT       0x100     /* 0x0f escape */
#define P_DATA16    0x200     /* 0x66 operand-size prefix */
#define P_REXW      0x400     /* 64-bit operand size */
#define P_REXB_R    0x800     /* the reg field names a byte register */
#define P_REXB_RM   0x1000    /* the r/m field names a byte register */
#define P_F3        0x2000    /* 0xf3 prefix (lzcnt, tzcnt) */

#define OPC_ARITH_EvIz  0x81
#define OPC_ARITH_EvIb  0x83
#define OPC_ARITH_GvEv  0x03      /* | (ARITH_x << 3) */
#define OPC_BSF         (0xbc | P_EXT)
#define OPC_BSR         (0xbd | P_EXT)
#define OPC_BSWAP       (0xc8 | P_EXT)
#define OPC_CALL_Jz     0xe8
#define OPC_CMOVCC      (0x40 | P_EXT)
#define OPC_GRP3_Ev     0xf7
#define OPC_GRP5        0xff
#define OPC_IMUL_GvEv   (0xaf | P_EXT)
#define OPC_IMUL_GvEvIz 0x69
#define OPC_IMUL_GvEvIb 0x6b
#define OPC_JCC_long    (0x80 | P_EXT)
#define OPC_JCC_short   0x70
#define OPC_JMP_long    0xe9
#define OPC_JMP_short   0xeb
#define OPC_LEA         0x8d
#define OPC_LZCNT       (0xbd | P_EXT | P_F3)
#define OPC_MOVB_EvGv   0x88
#define OPC_MOVB_EvIb   0xc6
#define OPC_MOVL_EvGv   0x89
#define OPC_MOVL_GvEv   0x8b
#define OPC_MOVL_EvIz   0xc7
#define OPC_MOVL_Iv     0xb8
#define OPC_MOVSBL      (0xbe | P_EXT)
#define OPC_MOVSWL      (0xbf | P_EXT)
#define OPC_MOVSLQ      (0x63 | P_REXW)
#define OPC_MOVZBL      (0xb6 | P_EXT)
#define OPC_MOVZWL      (0xb7 | P_EXT)
#define OPC_POP_r32     0x58
#define OPC_PUSH_r32    0x50
#define OPC_RET         0xc3
#define OPC_SETCC       (0x90 | P_EXT | P_REXB_RM)
#define OPC_SHIFT_1     0xd1
#define OPC_SHIFT_Ib    0xc1
#define OPC_SHIFT_cl    0xd3
#define OPC_TESTL       0x85
#define OPC_TZCNT       (0xbc | P_EXT | P_F3)

enum { ARITH_ADD = 0, ARITH_OR = 1, ARITH_AND = 4, ARITH_SUB = 5, ARITH_XOR = 6, ARITH_CMP = 7 };
enum { SHIFT_ROL = 0, SHIFT_ROR = 1, SHIFT_SHL = 4, SHIFT_SHR = 5, SHIFT_SAR = 7 };
enum { EXT3_NOT = 2, EXT3_NEG = 3, EXT3_MUL = 4, EXT3_IMUL = 5 };
enum { EXT5_CALL_Ev = 2, EXT5_JMP_Ev = 4 };

/* x86 condition codes */
enum {
    JCC_JO = 0x0, JCC_JNO, JCC_JB, JCC_JAE, JCC_JE, JCC_JNE, JCC_JBE, JCC_JA,
    JCC_JS, JCC_JNS, JCC_JP, JCC_JNP, JCC_JL, JCC_JGE, JCC_JLE, JCC_JG,
};

#define R_X86_PC32 0   /* relocation: 32-bit PC-relative field */

/* An out-of-line TLB miss path of a qemu_ld/st, emitted after the TB body. */
typedef struct TCGSlowPath {
    bool is_ld;
    MemOpIdx oi;
    TCGType type;           /* of the data */
    TCGReg data;
    TCGReg addr64;          /* holds the zero-extended guest address */
    uint8_t *jne_field;     /* the fast path's branch here */
    const uint8_t *join;    /* where the fast path continues */
} TCGSlowPath;

void tcg_out_opc(TCGContext *s, int opc, int r, int rm, int x);
void tcg_out_modrm(TCGContext *s, int opc, int r, int rm);
void tcg_out_modrm_sib_offset(TCGContext *s, int opc, int r, int rm, int index,
                              int shift, intptr_t offset);
void tcg_out_modrm_offset(TCGContext *s, int opc, int r, int rm, intptr_t offset);
void tcg_out_jmp_abs(TCGContext *s, const void *target);
void tcg_out_lea_rip(TCGContext *s, TCGReg r, const void *target);

#endif
