/*
 * The IR builder: what front ends call to emit ops into tcg_ctx.
 * Implemented in tcg/tcg-op.c. Immediate forms (…i) emit movi + op; the
 * optimiser folds them and the register allocator turns constants into
 * host immediates where the back end allows.
 */
#ifndef TCG_OP_H
#define TCG_OP_H

#include "tcg/tcg.h"

/* ---- temps, constants, labels ---- */
TCGv_i32 tcg_temp_new_i32(void);        /* dies at the end of its basic block */
TCGv_i64 tcg_temp_new_i64(void);
TCGv_ptr tcg_temp_new_ptr(void);
TCGv_i32 tcg_temp_local_new_i32(void);  /* lives across branches within the TB */
TCGv_i64 tcg_temp_local_new_i64(void);
TCGv_i32 tcg_const_i32(int32_t val);    /* a new normal temp holding val */
TCGv_i64 tcg_const_i64(int64_t val);
TCGv_ptr tcg_const_ptr(const void *p);

TCGLabel *gen_new_label(void);
void gen_set_label(TCGLabel *l);
void tcg_gen_br(TCGLabel *l);

/* ---- markers and exits ---- */
void tcg_gen_insn_start(uint64_t data0, uint64_t data1);
void tcg_gen_exit_tb(const void *tb, unsigned idx); /* returns (uintptr_t)tb | idx; tb NULL: 0 */
void tcg_gen_goto_tb(unsigned idx);                 /* must be followed by exit_tb(tb, idx) */
void tcg_gen_goto_ptr(TCGv_ptr dest);
void tcg_gen_discard_i32(TCGv_i32 v);
void tcg_gen_discard_i64(TCGv_i64 v);

/* ---- helper calls (normally through gen_helper_* from exec/helper-gen.h) ---- */
void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, TCGTemp **args);

/* ---- guest memory ---- */
void tcg_gen_qemu_ld_i32(TCGv_i32 val, TCGTemp *addr, unsigned mmu_idx, MemOp op);
void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGTemp *addr, unsigned mmu_idx, MemOp op);
void tcg_gen_qemu_ld_i64(TCGv_i64 val, TCGTemp *addr, unsigned mmu_idx, MemOp op);
void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGTemp *addr, unsigned mmu_idx, MemOp op);

/* ---- 32-bit ---- */
void tcg_gen_mov_i32(TCGv_i32 ret, TCGv_i32 arg);
void tcg_gen_movi_i32(TCGv_i32 ret, int32_t arg);
void tcg_gen_setcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_setcondi_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_movcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2);
void tcg_gen_brcond_i32(TCGCond cond, TCGv_i32 a, TCGv_i32 b, TCGLabel *l);
void tcg_gen_brcondi_i32(TCGCond cond, TCGv_i32 a, int32_t b, TCGLabel *l);

void tcg_gen_ld8u_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_ld8s_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_ld16u_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_ld16s_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_ld_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_st8_i32(TCGv_i32 val, TCGv_ptr base, intptr_t off);
void tcg_gen_st16_i32(TCGv_i32 val, TCGv_ptr base, intptr_t off);
void tcg_gen_st_i32(TCGv_i32 val, TCGv_ptr base, intptr_t off);

void tcg_gen_add_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_addi_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_sub_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_subi_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_subfi_i32(TCGv_i32 ret, int32_t a, TCGv_i32 b);  /* a - b */
void tcg_gen_mul_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_muli_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_neg_i32(TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_and_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_andi_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_or_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_ori_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_xor_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_xori_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_andc_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_not_i32(TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_shl_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_shli_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_shr_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_shri_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_sar_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_sari_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_rotl_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_rotli_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_rotr_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_rotri_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_ext8s_i32(TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_ext8u_i32(TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_ext16s_i32(TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_ext16u_i32(TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_bswap16_i32(TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_bswap32_i32(TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_deposit_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b,
                         unsigned pos, unsigned len);
void tcg_gen_extract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned pos, unsigned len);
void tcg_gen_sextract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned pos, unsigned len);
void tcg_gen_mulu2_i32(TCGv_i32 lo, TCGv_i32 hi, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_muls2_i32(TCGv_i32 lo, TCGv_i32 hi, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_clz_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 if_zero);
void tcg_gen_ctz_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 if_zero);

/* ---- 64-bit ---- */
void tcg_gen_mov_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_movi_i64(TCGv_i64 ret, int64_t arg);
void tcg_gen_setcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_setcondi_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_movcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2);
void tcg_gen_brcond_i64(TCGCond cond, TCGv_i64 a, TCGv_i64 b, TCGLabel *l);
void tcg_gen_brcondi_i64(TCGCond cond, TCGv_i64 a, int64_t b, TCGLabel *l);

void tcg_gen_ld8u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_ld8s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_ld16u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_ld16s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_ld32u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_ld32s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_ld_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t off);
void tcg_gen_st8_i64(TCGv_i64 val, TCGv_ptr base, intptr_t off);
void tcg_gen_st16_i64(TCGv_i64 val, TCGv_ptr base, intptr_t off);
void tcg_gen_st32_i64(TCGv_i64 val, TCGv_ptr base, intptr_t off);
void tcg_gen_st_i64(TCGv_i64 val, TCGv_ptr base, intptr_t off);

void tcg_gen_add_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_addi_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_sub_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_subi_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_mul_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_muli_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_neg_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_and_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_andi_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_or_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_ori_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_xor_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_xori_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_andc_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_not_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_shl_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_shli_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_shr_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_shri_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_sar_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_sari_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_rotl_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_rotli_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_rotr_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_rotri_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_ext8s_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext8u_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext16s_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext16u_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_bswap16_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_bswap32_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_deposit_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b,
                         unsigned pos, unsigned len);
void tcg_gen_extract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned pos, unsigned len);
void tcg_gen_sextract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned pos, unsigned len);
void tcg_gen_mulu2_i64(TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_muls2_i64(TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_clz_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 if_zero);
void tcg_gen_ctz_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 if_zero);

/* ---- between sizes ---- */
void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 a);   /* sign-extend */
void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 a);  /* zero-extend */
void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 a);
void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 a);
void tcg_gen_concat_i32_i64(TCGv_i64 ret, TCGv_i32 lo, TCGv_i32 hi);

/* ---- pointers (host-sized) ---- */
#define tcg_gen_mov_ptr   tcg_gen_mov_i64
#define tcg_gen_movi_ptr(r, p) tcg_gen_movi_i64(r, (intptr_t)(p))
#define tcg_gen_addi_ptr  tcg_gen_addi_i64
#define tcg_gen_add_ptr   tcg_gen_add_i64
#define tcg_gen_ld_ptr    tcg_gen_ld_i64
#define tcg_gen_st_ptr    tcg_gen_st_i64
#define tcg_gen_ext_i32_ptr  tcg_gen_ext_i32_i64
#define tcg_gen_extu_i32_ptr tcg_gen_extu_i32_i64

#endif
