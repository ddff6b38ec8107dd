/*
 * The IR op table: the one place that lists every op.
 *
 * DEF(name, nb_oargs, nb_iargs, nb_cargs, flags)
 *   nb_oargs  outputs (temps written)
 *   nb_iargs  inputs (temps read)
 *   nb_cargs  constant arguments (immediates, conditions, labels, offsets)
 *   flags     TCG_OPF_* (tcg.h)
 *
 * An op's args[] hold its outputs first, then its inputs, then its constants.
 * Everything else (op names for -d op, the builder, the optimiser's
 * folding tables, the interpreter's dispatch) is generated from this list.
 * Include it with DEF defined; it undefines DEF at the end.
 */

/* ---- control flow and markers ---- */
DEF(discard, 1, 0, 0, TCG_OPF_NOT_PRESENT)         /* temp becomes dead */
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT) /* c: label */
DEF(br, 0, 0, 1, TCG_OPF_BB_END)                   /* c: label */
/* call: variable arity, see TCGOp.call_* fields; c: TCGHelperInfo * */
DEF(call, 0, 0, 1, TCG_OPF_CALL_CLOBBER | TCG_OPF_SIDE_EFFECTS)
/* insn_start: marks a guest instruction; c: TCG_INSN_START_WORDS data words */
DEF(insn_start, 0, 0, TCG_INSN_START_WORDS, TCG_OPF_NOT_PRESENT)
/* exit_tb: return to cpu_exec with c (TB pointer | exit index, or 0) */
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
/* goto_tb: patchable direct jump slot n (0 or 1); c: n */
DEF(goto_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
/* goto_ptr: jump to host code address in the input (from lookup_tb_ptr) */
DEF(goto_ptr, 0, 1, 0, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)

/* ---- guest memory through the softmmu TLB; c: MemOpIdx ---- */
/* The address input is i32 or i64 (the temp's type says which). */
DEF(qemu_ld_i32, 1, 1, 1, TCG_OPF_CALL_CLOBBER | TCG_OPF_SIDE_EFFECTS)
DEF(qemu_st_i32, 0, 2, 1, TCG_OPF_CALL_CLOBBER | TCG_OPF_SIDE_EFFECTS)
DEF(qemu_ld_i64, 1, 1, 1, TCG_OPF_CALL_CLOBBER | TCG_OPF_SIDE_EFFECTS | TCG_OPF_64BIT)
DEF(qemu_st_i64, 0, 2, 1, TCG_OPF_CALL_CLOBBER | TCG_OPF_SIDE_EFFECTS | TCG_OPF_64BIT)

/* ---- 32-bit ops ---- */
DEF(mov_i32, 1, 1, 0, TCG_OPF_NOT_PRESENT)
DEF(movi_i32, 1, 0, 1, TCG_OPF_NOT_PRESENT)        /* c: value */
DEF(setcond_i32, 1, 2, 1, 0)                       /* c: TCGCond; result 0/1 */
DEF(movcond_i32, 1, 4, 1, 0)                       /* o = cond(i0,i1) ? i2 : i3 */
DEF(brcond_i32, 0, 2, 2, TCG_OPF_BB_END)           /* c: TCGCond, label */
/* host memory (base pointer input + c: offset), for CPU state fields */
DEF(ld8u_i32, 1, 1, 1, 0)
DEF(ld8s_i32, 1, 1, 1, 0)
DEF(ld16u_i32, 1, 1, 1, 0)
DEF(ld16s_i32, 1, 1, 1, 0)
DEF(ld_i32, 1, 1, 1, 0)
DEF(st8_i32, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)        /* i0 value, i1 base */
DEF(st16_i32, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(st_i32, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
/* arithmetic */
DEF(add_i32, 1, 2, 0, 0)
DEF(sub_i32, 1, 2, 0, 0)
DEF(mul_i32, 1, 2, 0, 0)
DEF(neg_i32, 1, 1, 0, 0)
DEF(and_i32, 1, 2, 0, 0)
DEF(or_i32, 1, 2, 0, 0)
DEF(xor_i32, 1, 2, 0, 0)
DEF(andc_i32, 1, 2, 0, 0)                          /* i0 & ~i1 */
DEF(not_i32, 1, 1, 0, 0)
DEF(shl_i32, 1, 2, 0, 0)                           /* count taken mod 32 */
DEF(shr_i32, 1, 2, 0, 0)
DEF(sar_i32, 1, 2, 0, 0)
DEF(rotl_i32, 1, 2, 0, 0)
DEF(rotr_i32, 1, 2, 0, 0)
DEF(ext8s_i32, 1, 1, 0, 0)
DEF(ext8u_i32, 1, 1, 0, 0)
DEF(ext16s_i32, 1, 1, 0, 0)
DEF(ext16u_i32, 1, 1, 0, 0)
DEF(bswap16_i32, 1, 1, 0, 0)                       /* result zero-extended */
DEF(bswap32_i32, 1, 1, 0, 0)
DEF(deposit_i32, 1, 2, 2, 0)   /* o = i0 with bits [pos, pos+len) from i1; c: pos, len */
DEF(extract_i32, 1, 1, 2, 0)   /* o = (i0 >> pos) & mask(len), c: pos, len */
DEF(sextract_i32, 1, 1, 2, 0)  /* same, sign-extended */
DEF(mulu2_i32, 2, 2, 0, 0)     /* o0:o1 = low:high of unsigned i0 * i1 */
DEF(muls2_i32, 2, 2, 0, 0)     /* signed */
DEF(clz_i32, 1, 2, 0, 0)       /* count leading zeros of i0, i1 if i0 == 0 */
DEF(ctz_i32, 1, 2, 0, 0)       /* count trailing zeros of i0, i1 if i0 == 0 */

/* ---- 64-bit ops ---- */
DEF(mov_i64, 1, 1, 0, TCG_OPF_64BIT | TCG_OPF_NOT_PRESENT)
DEF(movi_i64, 1, 0, 1, TCG_OPF_64BIT | TCG_OPF_NOT_PRESENT)
DEF(setcond_i64, 1, 2, 1, TCG_OPF_64BIT)
DEF(movcond_i64, 1, 4, 1, TCG_OPF_64BIT)
DEF(brcond_i64, 0, 2, 2, TCG_OPF_BB_END | TCG_OPF_64BIT)
DEF(ld8u_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(ld8s_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(ld16u_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(ld16s_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(ld32u_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(ld32s_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(ld_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(st8_i64, 0, 2, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_64BIT)
DEF(st16_i64, 0, 2, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_64BIT)
DEF(st32_i64, 0, 2, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_64BIT)
DEF(st_i64, 0, 2, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_64BIT)
DEF(add_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(sub_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(mul_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(neg_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(and_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(or_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(xor_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(andc_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(not_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(shl_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(shr_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(sar_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(rotl_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(rotr_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(ext8s_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext8u_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext16s_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext16u_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext32s_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext32u_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(bswap16_i64, 1, 1, 0, TCG_OPF_64BIT)                  /* of the low 16 bits, zero-extended */
DEF(bswap32_i64, 1, 1, 0, TCG_OPF_64BIT)                  /* of the low 32 bits, zero-extended */
DEF(bswap64_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(deposit_i64, 1, 2, 2, TCG_OPF_64BIT)
DEF(extract_i64, 1, 1, 2, TCG_OPF_64BIT)
DEF(sextract_i64, 1, 1, 2, TCG_OPF_64BIT)
DEF(mulu2_i64, 2, 2, 0, TCG_OPF_64BIT)
DEF(muls2_i64, 2, 2, 0, TCG_OPF_64BIT)
DEF(clz_i64, 1, 2, 0, TCG_OPF_64BIT)
DEF(ctz_i64, 1, 2, 0, TCG_OPF_64BIT)

/* ---- conversions between the two sizes ---- */
DEF(ext_i32_i64, 1, 1, 0, TCG_OPF_64BIT)           /* sign-extend */
DEF(extu_i32_i64, 1, 1, 0, TCG_OPF_64BIT)          /* zero-extend */
DEF(extrl_i64_i32, 1, 1, 0, 0)                     /* low half */
DEF(extrh_i64_i32, 1, 1, 0, 0)                     /* high half */

#undef DEF
