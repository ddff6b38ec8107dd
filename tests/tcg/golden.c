/*
 * Golden checks: ops on chosen inputs must give the results their
 * definitions document (on x86-64 and on TCI, with inputs unknown to the
 * optimiser and with inputs it folds), and the TB plumbing must work:
 * exit values, chained jumps and their reset, goto_ptr, and the mapping
 * of a slow path's return address back to its guest instruction.
 */
#include "test-env.h"
#include "golden.h"

typedef enum {
    K_CLZ, K_CTZ, K_DEPOSIT, K_EXTRACT, K_SEXTRACT, K_BSWAP16, K_BSWAP32, K_BSWAP64,
    K_MULU2, K_MULS2, K_SAR, K_ROTL, K_ROTR, K_SETCOND, K_MOVCOND, K_ANDC, K_SUB,
} GoldenKind;

typedef struct GoldenOp {
    const char *name;
    GoldenKind kind;
    int bits;
    uint64_t a, b;
    uint64_t lo, hi;          /* expected result (hi: second output of mul2) */
    unsigned p1, p2;          /* pos/len, or the condition */
} GoldenOp;

static const GoldenOp golden_ops[] = {
    { "clz_i32 of 0 gives the fallback", K_CLZ, 32, 0, 32, 32, 0, 0, 0 },
    { "clz_i32 of 1", K_CLZ, 32, 1, 99, 31, 0, 0, 0 },
    { "clz_i64 of 0 with fallback 7", K_CLZ, 64, 0, 7, 7, 0, 0, 0 },
    { "ctz_i64 of the top bit", K_CTZ, 64, 1ull << 63, 0, 63, 0, 0, 0 },
    { "ctz_i32 of 0 gives the fallback", K_CTZ, 32, 0, 32, 32, 0, 0, 0 },
    { "deposit_i32 8:8", K_DEPOSIT, 32, 0xffffffff, 0, 0xffff00ff, 0, 8, 8 },
    { "deposit_i64 32:32", K_DEPOSIT, 64, 0x1111111122222222ull, 0xabcd, 0x0000abcd22222222ull, 0, 32, 32 },
    { "deposit_i64 4:40", K_DEPOSIT, 64, ~0ull, 0, 0xfffff0000000000full, 0, 4, 40 },
    { "extract_i64 4:12", K_EXTRACT, 64, 0x123456789abcdef0ull, 0, 0xdef, 0, 4, 12 },
    { "sextract_i32 12:4", K_SEXTRACT, 32, 0x8000, 0, 0xfffffff8, 0, 12, 4 },
    { "sextract_i64 1:40", K_SEXTRACT, 64, 1ull << 40, 0, 0xffffff8000000000ull, 0, 1, 40 },
    { "bswap16_i32 zero-extends", K_BSWAP16, 32, 0x12345678, 0, 0x7856, 0, 0, 0 },
    { "bswap32_i64 zero-extends", K_BSWAP32, 64, 0x1122334455667788ull, 0, 0x88776655, 0, 0, 0 },
    { "bswap64_i64", K_BSWAP64, 64, 0x1122334455667788ull, 0, 0x8877665544332211ull, 0, 0, 0 },
    { "mulu2_i32 max*max", K_MULU2, 32, 0xffffffff, 0xffffffff, 1, 0xfffffffe, 0, 0 },
    { "muls2_i32 -1*-1", K_MULS2, 32, 0xffffffff, 0xffffffff, 1, 0, 0, 0 },
    { "mulu2_i64 2^63*4", K_MULU2, 64, 1ull << 63, 4, 0, 2, 0, 0 },
    { "muls2_i64 -2*3", K_MULS2, 64, -2ull, 3, -6ull, ~0ull, 0, 0 },
    { "sar_i32 by 31", K_SAR, 32, 0x80000000, 31, 0xffffffff, 0, 0, 0 },
    { "rotl_i32 by 1", K_ROTL, 32, 0x80000001, 1, 3, 0, 0, 0 },
    { "rotr_i64 by 1", K_ROTR, 64, 1, 1, 1ull << 63, 0, 0, 0 },
    { "setcond_i32 ltu", K_SETCOND, 32, 1, 0xffffffff, 1, 0, TCG_COND_LTU, 0 },
    { "setcond_i32 lt", K_SETCOND, 32, 1, 0xffffffff, 0, 0, TCG_COND_LT, 0 },
    { "setcond_i64 gtu", K_SETCOND, 64, 1ull << 63, 1, 1, 0, TCG_COND_GTU, 0 },
    { "movcond_i64 le picks v1", K_MOVCOND, 64, -5ull, 3, 0x1111, 0, TCG_COND_LE, 0 },
    { "andc_i32", K_ANDC, 32, 0xff00ff00, 0x0ff00ff0, 0xf000f000, 0, 0, 0 },
    { "sub_i64 wraps", K_SUB, 64, 0, 1, ~0ull, 0, 0, 0 },
};

/* Inputs from globals (folded == false) or constants; outputs to globals 2 and 3. */
static void build_op(const GoldenOp *t, bool folded)
{
    tcg_func_start();
    tcg_gen_insn_start(0, 0);
    if (t->bits == 32) {
        TCGv_i32 a = folded ? tcg_const_i32(t->a) : test_g32[0];
        TCGv_i32 b = folded ? tcg_const_i32(t->b) : test_g32[1];
        TCGv_i32 o = test_g32[2], o2 = test_g32[3];
        switch (t->kind) {
        case K_CLZ: tcg_gen_clz_i32(o, a, b); break;
        case K_CTZ: tcg_gen_ctz_i32(o, a, b); break;
        case K_DEPOSIT: tcg_gen_deposit_i32(o, a, b, t->p1, t->p2); break;
        case K_EXTRACT: tcg_gen_extract_i32(o, a, t->p1, t->p2); break;
        case K_SEXTRACT: tcg_gen_sextract_i32(o, a, t->p1, t->p2); break;
        case K_BSWAP16: tcg_gen_bswap16_i32(o, a); break;
        case K_BSWAP32: tcg_gen_bswap32_i32(o, a); break;
        case K_MULU2: tcg_gen_mulu2_i32(o, o2, a, b); break;
        case K_MULS2: tcg_gen_muls2_i32(o, o2, a, b); break;
        case K_SAR: tcg_gen_sar_i32(o, a, b); break;
        case K_ROTL: tcg_gen_rotl_i32(o, a, b); break;
        case K_ROTR: tcg_gen_rotr_i32(o, a, b); break;
        case K_SETCOND: tcg_gen_setcond_i32(t->p1, o, a, b); break;
        case K_MOVCOND: tcg_gen_movcond_i32(t->p1, o, a, b, tcg_const_i32(0x1111), a); break;
        case K_ANDC: tcg_gen_andc_i32(o, a, b); break;
        case K_SUB: tcg_gen_sub_i32(o, a, b); break;
        default: abort();
        }
    } else {
        TCGv_i64 a = folded ? tcg_const_i64(t->a) : test_g64[0];
        TCGv_i64 b = folded ? tcg_const_i64(t->b) : test_g64[1];
        TCGv_i64 o = test_g64[2], o2 = test_g64[3];
        switch (t->kind) {
        case K_CLZ: tcg_gen_clz_i64(o, a, b); break;
        case K_CTZ: tcg_gen_ctz_i64(o, a, b); break;
        case K_DEPOSIT: tcg_gen_deposit_i64(o, a, b, t->p1, t->p2); break;
        case K_EXTRACT: tcg_gen_extract_i64(o, a, t->p1, t->p2); break;
        case K_SEXTRACT: tcg_gen_sextract_i64(o, a, t->p1, t->p2); break;
        case K_BSWAP16: tcg_gen_bswap16_i64(o, a); break;
        case K_BSWAP32: tcg_gen_bswap32_i64(o, a); break;
        case K_BSWAP64: tcg_gen_bswap64_i64(o, a); break;
        case K_MULU2: tcg_gen_mulu2_i64(o, o2, a, b); break;
        case K_MULS2: tcg_gen_muls2_i64(o, o2, a, b); break;
        case K_SAR: tcg_gen_sar_i64(o, a, b); break;
        case K_ROTL: tcg_gen_rotl_i64(o, a, b); break;
        case K_ROTR: tcg_gen_rotr_i64(o, a, b); break;
        case K_SETCOND: tcg_gen_setcond_i64(t->p1, o, a, b); break;
        case K_MOVCOND: tcg_gen_movcond_i64(t->p1, o, a, b, tcg_const_i64(0x1111), a); break;
        case K_ANDC: tcg_gen_andc_i64(o, a, b); break;
        case K_SUB: tcg_gen_sub_i64(o, a, b); break;
        }
    }
    tcg_gen_exit_tb(NULL, 0);
}

static bool check_op(const GoldenOp *t, TestMode mode, bool folded, char *why, size_t n)
{
    size_t size;
    int lo_slot = t->bits == 32 ? 8 + 2 : 2, hi_slot = lo_slot + 1;
    uint64_t mask = t->bits == 32 ? 0xffffffffull : ~0ull;
    bool two_outputs = t->kind == K_MULU2 || t->kind == K_MULS2;

    test_select_mode(mode);
    build_op(t, folded);
    const void *code = test_compile(&size);
    memset(&test_cpu.env, 0, sizeof(test_cpu.env));
    test_cpu.env.g[t->bits == 32 ? 8 : 0] = t->a;
    test_cpu.env.g[t->bits == 32 ? 9 : 1] = t->b;
    test_run(code);
    uint64_t lo = test_cpu.env.g[lo_slot] & mask, hi = test_cpu.env.g[hi_slot] & mask;
    if (lo != t->lo || (two_outputs && hi != t->hi)) {
        snprintf(why, n, "%s%s: got %#" PRIx64 "/%#" PRIx64 ", want %#" PRIx64 "/%#" PRIx64,
                 test_mode_names[mode], folded ? " (folded)" : "", lo, hi, t->lo, t->hi);
        return false;
    }
    return true;
}

static int golden_ops_check(void)
{
    int failures = 0;
    char why[200];
    for (size_t i = 0; i < ARRAY_SIZE(golden_ops); i++) {
        const GoldenOp *t = &golden_ops[i];
        bool ok = check_op(t, MODE_NATIVE, false, why, sizeof(why))
               && check_op(t, MODE_TCI, false, why, sizeof(why))
               && check_op(t, MODE_NATIVE, true, why, sizeof(why));
        if (ok) {
            printf("PASS golden %s\n", t->name);
        } else {
            printf("FAIL golden %s: %s\n", t->name, why);
            failures++;
        }
    }
    return failures;
}

/* ---- TB plumbing ---- */

/* A TB that stores v in global 0 and exits with exit_value. */
static const void *compile_store_and_exit(uint64_t v, const void *tb, unsigned idx,
                                          size_t *size)
{
    tcg_func_start();
    tcg_gen_insn_start(0, 0);
    tcg_gen_movi_i64(test_g64[0], v);
    tcg_gen_exit_tb(tb, idx);
    return test_compile(size);
}

static bool check_chaining(TestMode mode, char *why, size_t n)
{
    size_t size_a, size_b;
    static const int marker = 0;   /* stands for a TranslationBlock */
    const void *tb = &marker;

    test_select_mode(mode);
    /* B at the start of the free cache, A after it */
    const uint8_t *b = compile_store_and_exit(42, NULL, 0, &size_b);
    tcg_ctx->code_gen_ptr += ROUND_UP(size_b, 64);
    tcg_func_start();
    tcg_gen_insn_start(0, 0);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(tb, 0);
    const uint8_t *a = test_compile(&size_a);
    tcg_ctx->code_gen_ptr -= ROUND_UP(size_b, 64);
    TCGGenResult gen = tcg_ctx->gen;

    test_cpu.env.g[0] = 0;
    uintptr_t r = test_run(a);
    if (r != ((uintptr_t)tb | 0) || test_cpu.env.g[0] != 0) {
        snprintf(why, n, "%s: unchained goto_tb returned %#" PRIxPTR, test_mode_names[mode], r);
        return false;
    }
    if (!tcg_use_tci && (uintptr_t)(a + gen.jmp_insn_offset[0]) % 4 != 0) {
        snprintf(why, n, "%s: jump field not 4-byte aligned", test_mode_names[mode]);
        return false;
    }
    tb_target_set_jmp_target((uintptr_t)(a + gen.jmp_insn_offset[0]), (uintptr_t)b);
    r = test_run(a);
    if (r != 0 || test_cpu.env.g[0] != 42) {
        snprintf(why, n, "%s: chained goto_tb returned %#" PRIxPTR ", g0 %" PRIu64,
                 test_mode_names[mode], r, test_cpu.env.g[0]);
        return false;
    }
    tb_target_set_jmp_target((uintptr_t)(a + gen.jmp_insn_offset[0]),
                             (uintptr_t)(a + gen.jmp_reset_offset[0]));
    test_cpu.env.g[0] = 0;
    r = test_run(a);
    if (r != (uintptr_t)tb || test_cpu.env.g[0] != 0) {
        snprintf(why, n, "%s: reset goto_tb returned %#" PRIxPTR, test_mode_names[mode], r);
        return false;
    }
    return true;
}

static bool check_goto_ptr(TestMode mode, char *why, size_t n)
{
    size_t size_a, size_b;
    test_select_mode(mode);
    const uint8_t *b = compile_store_and_exit(7, (void *)(uintptr_t)0x4000, 1, &size_b);
    tcg_ctx->code_gen_ptr += ROUND_UP(size_b, 64);
    tcg_func_start();
    tcg_gen_insn_start(0, 0);
    tcg_gen_goto_ptr(tcg_const_ptr(b));
    const uint8_t *a = test_compile(&size_a);
    uintptr_t r = test_run(a);
    /* and to the epilogue, as lookup_tb_ptr returns on a miss */
    tcg_func_start();
    tcg_gen_insn_start(0, 0);
    tcg_gen_goto_ptr(tcg_const_ptr(tcg_ctx->epilogue));
    a = test_compile(&size_a);
    uintptr_t r0 = test_run(a);
    tcg_ctx->code_gen_ptr -= ROUND_UP(size_b, 64);
    if (r != 0x4001 || test_cpu.env.g[0] != 7 || r0 != 0) {
        snprintf(why, n, "%s: goto_ptr returned %#" PRIxPTR " / %#" PRIxPTR,
                 test_mode_names[mode], r, r0);
        return false;
    }
    return true;
}

/*
 * Three guest instructions, the second a load that misses the TLB: the
 * slow path's return address must map back to instruction 1, and the load
 * must see the documented bytes.
 */
static bool check_retaddr(TestMode mode, char *why, size_t n)
{
    size_t size;
    test_select_mode(mode);
    tcg_func_start();
    tcg_gen_insn_start(0x100, 0);
    tcg_gen_addi_i32(test_g32[0], test_g32[0], 1);
    tcg_gen_insn_start(0x104, 0);
    TCGv_i32 addr = tcg_const_i32(0x10fff);    /* crosses into the next page */
    tcg_gen_qemu_ld_i32(test_g32[1], tcgv_i32_temp(addr), 0, MO_BESW);
    tcg_gen_insn_start(0x108, 0);
    tcg_gen_addi_i32(test_g32[2], test_g32[0], 5);
    tcg_gen_exit_tb(NULL, 0);
    const uint8_t *code = test_compile(&size);
    TCGGenResult gen = tcg_ctx->gen;

    test_tlb_fill(1);
    test_mem[0x0fff] = 0x80;
    test_mem[0x1000] = 0x01;
    test_last_retaddr = 0;
    test_run(code);
    uintptr_t off = test_last_retaddr - 1 - (uintptr_t)code;
    int insn = -1;
    for (int i = 0; i < gen.nb_insns; i++) {
        if (off < gen.insn_end_off[i]) {
            insn = i;
            break;
        }
    }
    uint32_t got = (uint32_t)test_cpu.env.g[9];
    if (gen.nb_insns != 3 || insn != 1 || gen.insn_data[1][0] != 0x104 || got != 0xffff8001) {
        snprintf(why, n, "%s: %d insns, retaddr maps to insn %d (offset %#" PRIxPTR
                 ", insns end at %#x %#x %#x), loaded %#x", test_mode_names[mode],
                 gen.nb_insns, insn, off, gen.insn_end_off[0], gen.insn_end_off[1],
                 gen.insn_end_off[2], got);
        return false;
    }
    return true;
}

static int plumbing_check(const char *name, bool (*check)(TestMode, char *, size_t))
{
    char why[200];
    if (check(MODE_NATIVE, why, sizeof(why)) && check(MODE_TCI, why, sizeof(why))) {
        printf("PASS golden %s\n", name);
        return 0;
    }
    printf("FAIL golden %s: %s\n", name, why);
    return 1;
}

int run_golden_tests(void)
{
    int failures = golden_ops_check();
    failures += plumbing_check("goto_tb chaining and reset", check_chaining);
    failures += plumbing_check("goto_ptr", check_goto_ptr);
    failures += plumbing_check("slow-path return address maps to its insn", check_retaddr);
    return failures;
}
