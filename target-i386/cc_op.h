/*
 * Lazy condition codes: what the last flag-setting instruction left in
 * cc_dst / cc_src / cc_src2 (env fields, TCG globals in generated code).
 * Groups come in four sizes, B W L Q, indexed by MemOp (CC_OP_ADDB + ot).
 * Undefined flags are computed the way the host CPU (AMD and Intel agree
 * where noted in cc_helper.c) leaves them, since tests compare with it.
 *
 *   op        cc_dst        cc_src                 cc_src2
 *   EFLAGS    -             all arithmetic flags   -
 *   CLR       -             -                      -   (xor r,r: ZF PF set)
 *   ADD       result        second operand         -
 *   ADC       result        second operand         carry in
 *   SUB       result        second operand         -   (cmp too)
 *   SBB       result        second operand         borrow in
 *   LOGIC     result        -                      -
 *   INC/DEC   result        CF before              -
 *   SHL       result        operand << (count-1)   -
 *   SAR       result        operand >> (count-1)   -   (shr and sar)
 * DIV, BT, BSF/BSR and rotates leave some flags untouched on the host CPU,
 * so they materialise the flags and use EFLAGS; MUL/IMUL (CF = OF =
 * overflow, the others kept) defer that with CC_OP_CO_OVERRIDE.
 */
#ifndef TARGET_I386_CC_OP_H
#define TARGET_I386_CC_OP_H

typedef enum CCOp {
    CC_OP_DYNAMIC,  /* translation-time only: env->cc_op holds the op */
    CC_OP_EFLAGS,
    CC_OP_CLR,

#define CC_OP_GROUP(name) \
    CC_OP_##name##B, CC_OP_##name##W, CC_OP_##name##L, CC_OP_##name##Q
    CC_OP_GROUP(ADD),
    CC_OP_GROUP(ADC),
    CC_OP_GROUP(SUB),
    CC_OP_GROUP(SBB),
    CC_OP_GROUP(LOGIC),
    CC_OP_GROUP(INC),
    CC_OP_GROUP(DEC),
    CC_OP_GROUP(SHL),
    CC_OP_GROUP(SAR),
#undef CC_OP_GROUP

    CC_OP_NB,

    /*
     * Or'ed onto a sized op other than ADC/SBB: that op's flags, but CF
     * and OF = (cc_src2 != 0). MUL and IMUL leave this, so that the flags
     * they keep are computed only if read.
     */
    CC_OP_CO_OVERRIDE = 0x40,
} CCOp;

/* Every sized op as X(group, size, bits); the 64-bit ones where registers have 64 bits. */
#if TARGET_LONG_BITS == 64
#define CC_OP_SIZES_OF(X, group) X(group, B, 8) X(group, W, 16) X(group, L, 32) X(group, Q, 64)
#else
#define CC_OP_SIZES_OF(X, group) X(group, B, 8) X(group, W, 16) X(group, L, 32)
#endif
#define CC_OP_SIZED_LIST(X) \
    CC_OP_SIZES_OF(X, ADD) CC_OP_SIZES_OF(X, ADC) CC_OP_SIZES_OF(X, SUB) \
    CC_OP_SIZES_OF(X, SBB) CC_OP_SIZES_OF(X, LOGIC) CC_OP_SIZES_OF(X, INC) \
    CC_OP_SIZES_OF(X, DEC) CC_OP_SIZES_OF(X, SHL) CC_OP_SIZES_OF(X, SAR)

/* Size index (MemOp) of a sized op, its group's first op. */
static inline int cc_op_size(CCOp op) { return (op - CC_OP_ADDB) & 3; }
static inline CCOp cc_op_group(CCOp op) { return op - cc_op_size(op); }

#endif
