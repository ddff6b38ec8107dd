/*
 * Target-long ("tl") IR builders: TCGv is the guest's natural register
 * width, i32 for the i386 guest and i64 once x86_64 is built. Front-end
 * code written with the _tl names compiles for both widths unchanged.
 */
#ifndef TARGET_I386_TCG_TL_H
#define TARGET_I386_TCG_TL_H

#include "tcg/tcg-op.h"

#if TARGET_LONG_BITS == 64
typedef TCGv_i64 TCGv;
#define TL_SFX i64
#define tcgv_tl_temp tcgv_i64_temp
#define TCG_TYPE_TL TCG_TYPE_I64
#else
typedef TCGv_i32 TCGv;
#define TL_SFX i32
#define tcgv_tl_temp tcgv_i32_temp
#define TCG_TYPE_TL TCG_TYPE_I32
#endif

#define tcg_temp_new()        glue(tcg_temp_new_, TL_SFX)()
#define tcg_temp_local_new()  glue(tcg_temp_local_new_, TL_SFX)()
#define tcg_const_tl          glue(tcg_const_, TL_SFX)
#define tcg_global_mem_new    glue(tcg_global_mem_new_, TL_SFX)
#define tcg_gen_discard_tl    glue(tcg_gen_discard_, TL_SFX)

#define tcg_gen_mov_tl        glue(tcg_gen_mov_, TL_SFX)
#define tcg_gen_movi_tl       glue(tcg_gen_movi_, TL_SFX)
#define tcg_gen_setcond_tl    glue(tcg_gen_setcond_, TL_SFX)
#define tcg_gen_setcondi_tl   glue(tcg_gen_setcondi_, TL_SFX)
#define tcg_gen_movcond_tl    glue(tcg_gen_movcond_, TL_SFX)
#define tcg_gen_brcond_tl     glue(tcg_gen_brcond_, TL_SFX)
#define tcg_gen_brcondi_tl    glue(tcg_gen_brcondi_, TL_SFX)
#define tcg_gen_ld8u_tl       glue(tcg_gen_ld8u_, TL_SFX)
#define tcg_gen_ld16u_tl      glue(tcg_gen_ld16u_, TL_SFX)
#define tcg_gen_ld_tl         glue(tcg_gen_ld_, TL_SFX)
#define tcg_gen_st8_tl        glue(tcg_gen_st8_, TL_SFX)
#define tcg_gen_st16_tl       glue(tcg_gen_st16_, TL_SFX)
#define tcg_gen_st_tl         glue(tcg_gen_st_, TL_SFX)
#define tcg_gen_add_tl        glue(tcg_gen_add_, TL_SFX)
#define tcg_gen_addi_tl       glue(tcg_gen_addi_, TL_SFX)
#define tcg_gen_sub_tl        glue(tcg_gen_sub_, TL_SFX)
#define tcg_gen_subi_tl       glue(tcg_gen_subi_, TL_SFX)
#define tcg_gen_mul_tl        glue(tcg_gen_mul_, TL_SFX)
#define tcg_gen_muli_tl       glue(tcg_gen_muli_, TL_SFX)
#define tcg_gen_neg_tl        glue(tcg_gen_neg_, TL_SFX)
#define tcg_gen_and_tl        glue(tcg_gen_and_, TL_SFX)
#define tcg_gen_andi_tl       glue(tcg_gen_andi_, TL_SFX)
#define tcg_gen_or_tl         glue(tcg_gen_or_, TL_SFX)
#define tcg_gen_ori_tl        glue(tcg_gen_ori_, TL_SFX)
#define tcg_gen_xor_tl        glue(tcg_gen_xor_, TL_SFX)
#define tcg_gen_xori_tl       glue(tcg_gen_xori_, TL_SFX)
#define tcg_gen_andc_tl       glue(tcg_gen_andc_, TL_SFX)
#define tcg_gen_not_tl        glue(tcg_gen_not_, TL_SFX)
#define tcg_gen_shl_tl        glue(tcg_gen_shl_, TL_SFX)
#define tcg_gen_shli_tl       glue(tcg_gen_shli_, TL_SFX)
#define tcg_gen_shr_tl        glue(tcg_gen_shr_, TL_SFX)
#define tcg_gen_shri_tl       glue(tcg_gen_shri_, TL_SFX)
#define tcg_gen_sar_tl        glue(tcg_gen_sar_, TL_SFX)
#define tcg_gen_sari_tl       glue(tcg_gen_sari_, TL_SFX)
#define tcg_gen_rotl_tl       glue(tcg_gen_rotl_, TL_SFX)
#define tcg_gen_rotli_tl      glue(tcg_gen_rotli_, TL_SFX)
#define tcg_gen_rotr_tl       glue(tcg_gen_rotr_, TL_SFX)
#define tcg_gen_rotri_tl      glue(tcg_gen_rotri_, TL_SFX)
#define tcg_gen_ext8s_tl      glue(tcg_gen_ext8s_, TL_SFX)
#define tcg_gen_ext8u_tl      glue(tcg_gen_ext8u_, TL_SFX)
#define tcg_gen_ext16s_tl     glue(tcg_gen_ext16s_, TL_SFX)
#define tcg_gen_ext16u_tl     glue(tcg_gen_ext16u_, TL_SFX)
#define tcg_gen_bswap16_tl    glue(tcg_gen_bswap16_, TL_SFX)
#define tcg_gen_bswap32_tl    glue(tcg_gen_bswap32_, TL_SFX)
#define tcg_gen_deposit_tl    glue(tcg_gen_deposit_, TL_SFX)
#define tcg_gen_extract_tl    glue(tcg_gen_extract_, TL_SFX)
#define tcg_gen_sextract_tl   glue(tcg_gen_sextract_, TL_SFX)
#define tcg_gen_mulu2_tl      glue(tcg_gen_mulu2_, TL_SFX)
#define tcg_gen_muls2_tl      glue(tcg_gen_muls2_, TL_SFX)
#define tcg_gen_clz_tl        glue(tcg_gen_clz_, TL_SFX)
#define tcg_gen_ctz_tl        glue(tcg_gen_ctz_, TL_SFX)

#if TARGET_LONG_BITS == 64
#define tcg_gen_ext32u_tl     tcg_gen_ext32u_i64
#define tcg_gen_ext32s_tl     tcg_gen_ext32s_i64
#define tcg_gen_trunc_tl_i32  tcg_gen_extrl_i64_i32
#define tcg_gen_extu_i32_tl   tcg_gen_extu_i32_i64
#define tcg_gen_ext_i32_tl    tcg_gen_ext_i32_i64
#define tcg_gen_extu_tl_i64   tcg_gen_mov_i64
#define tcg_gen_trunc_i64_tl  tcg_gen_mov_i64
#else
#define tcg_gen_ext32u_tl     tcg_gen_mov_i32
#define tcg_gen_ext32s_tl     tcg_gen_mov_i32
#define tcg_gen_trunc_tl_i32  tcg_gen_mov_i32
#define tcg_gen_extu_i32_tl   tcg_gen_mov_i32
#define tcg_gen_ext_i32_tl    tcg_gen_mov_i32
#define tcg_gen_extu_tl_i64   tcg_gen_extu_i32_i64
#define tcg_gen_trunc_i64_tl  tcg_gen_extrl_i64_i32
#endif

/* Guest memory at a target-long address. */
static inline void tcg_gen_qemu_ld_tl(TCGv val, TCGv addr, unsigned idx, MemOp op)
{
    glue(tcg_gen_qemu_ld_, TL_SFX)(val, tcgv_tl_temp(addr), idx, op);
}
static inline void tcg_gen_qemu_st_tl(TCGv val, TCGv addr, unsigned idx, MemOp op)
{
    glue(tcg_gen_qemu_st_, TL_SFX)(val, tcgv_tl_temp(addr), idx, op);
}

#endif
