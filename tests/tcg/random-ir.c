/*
 * Differential test of the IR pipeline: seeded random op lists run as
 * native x86-64 code, through the interpreter, and through the
 * interpreter without optimiser or liveness (the reference); the final
 * CPU state, guest memory and return value must agree. Then the golden
 * checks (golden.c) of documented results.
 *
 * usage: random-ir [-n PROGRAMS] [-s FIRST_SEED] [-d SEED]
 * Prints PASS/FAIL lines; a failure shows the seed and the op list.
 * -d prints the ops and the x86-64 code of one program, for review.
 */
#include "test-env.h"
#include "golden.h"
#include <time.h>
#include <unistd.h>

typedef struct Gen {
    uint64_t rng;
    TCGv_i32 pool32[24];      /* normal temps defined in this basic block */
    TCGv_i64 pool64[24];
    int n32, n64;
    TCGv_i32 loc32[2];        /* locals, defined at the start */
    TCGv_i64 loc64[2];
    TCGv_i32 fresh32;         /* new temp of the op being built: joins the pool after it */
    TCGv_i64 fresh64;
    TCGLabel *pending[8];     /* labels branched to but not yet placed */
    int npending;
    uint64_t insn;
} Gen;

static uint64_t rnd(Gen *g)
{
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return g->rng * 0x2545f4914f6cdd1dull;
}

/* Values near the edges that break back ends. */
static uint64_t interesting(Gen *g, int bits)
{
    static const uint64_t edges[] = {
        0, 1, 2, 3, 7, 8, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
        0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
        0x8000000000000000ull, ~0ull, ~1ull, -128ull, -129ull,
    };
    uint64_t v;
    switch (rnd(g) % 4) {
    case 0:  v = edges[rnd(g) % ARRAY_SIZE(edges)]; break;
    case 1:  v = rnd(g) % 64 - 32; break;
    case 2:  v = (int64_t)(int32_t)rnd(g); break;
    default: v = rnd(g); break;
    }
    return bits == 32 ? (uint32_t)v : v;
}

static void pool_add32(Gen *g, TCGv_i32 t)
{
    if (g->n32 < (int)ARRAY_SIZE(g->pool32)) {
        g->pool32[g->n32++] = t;
    } else {
        g->pool32[rnd(g) % g->n32] = t;
    }
}

static void pool_add64(Gen *g, TCGv_i64 t)
{
    if (g->n64 < (int)ARRAY_SIZE(g->pool64)) {
        g->pool64[g->n64++] = t;
    } else {
        g->pool64[rnd(g) % g->n64] = t;
    }
}

static TCGv_i32 pick32(Gen *g)
{
    unsigned r = rnd(g) % 10;
    if (r < 4 && g->n32) {
        return g->pool32[rnd(g) % g->n32];
    }
    if (r < 7) {
        return test_g32[rnd(g) % 8];
    }
    if (r < 9) {
        return g->loc32[rnd(g) % 2];
    }
    return tcg_const_i32(interesting(g, 32));
}

static TCGv_i64 pick64(Gen *g)
{
    unsigned r = rnd(g) % 10;
    if (r < 4 && g->n64) {
        return g->pool64[rnd(g) % g->n64];
    }
    if (r < 7) {
        return test_g64[rnd(g) % 8];
    }
    if (r < 9) {
        return g->loc64[rnd(g) % 2];
    }
    return tcg_const_i64(interesting(g, 64));
}

/* Temps an op defines become readable only after it. */
static void commit_fresh(Gen *g)
{
    if (g->fresh32) {
        pool_add32(g, g->fresh32);
    }
    if (g->fresh64) {
        pool_add64(g, g->fresh64);
    }
    g->fresh32 = NULL;
    g->fresh64 = NULL;
}

static TCGv_i32 dest32(Gen *g)
{
    unsigned r = rnd(g) % 10;
    if (r < 4 || (r < 6 && !g->n32)) {
        if (!g->fresh32) {
            g->fresh32 = tcg_temp_new_i32();
        }
        return g->fresh32;
    }
    if (r < 6) {
        return g->pool32[rnd(g) % g->n32];
    }
    return r < 8 ? test_g32[rnd(g) % 8] : g->loc32[rnd(g) % 2];
}

static TCGv_i64 dest64(Gen *g)
{
    unsigned r = rnd(g) % 10;
    if (r < 4 || (r < 6 && !g->n64)) {
        if (!g->fresh64) {
            g->fresh64 = tcg_temp_new_i64();
        }
        return g->fresh64;
    }
    if (r < 6) {
        return g->pool64[rnd(g) % g->n64];
    }
    return r < 8 ? test_g64[rnd(g) % 8] : g->loc64[rnd(g) % 2];
}

/* After a block ends, its normal temps are gone. */
static void end_block(Gen *g)
{
    g->n32 = g->n64 = 0;
    g->fresh32 = NULL;
    g->fresh64 = NULL;
}

static TCGLabel *new_pending_label(Gen *g)
{
    if (g->npending == (int)ARRAY_SIZE(g->pending)) {
        return g->pending[rnd(g) % g->npending];
    }
    TCGLabel *l = gen_new_label();
    g->pending[g->npending++] = l;
    return l;
}

static void place_pending_label(Gen *g)
{
    if (g->npending) {
        int i = rnd(g) % g->npending;
        gen_set_label(g->pending[i]);
        g->pending[i] = g->pending[--g->npending];
        end_block(g);
    }
}

static void early_exit(Gen *g)
{
    TCGLabel *skip = gen_new_label();
    tcg_gen_brcondi_i32(TCG_COND_NE, pick32(g), rnd(g) % 4, skip);
    tcg_gen_exit_tb((void *)(uintptr_t)0x5000, 1);
    gen_set_label(skip);
    end_block(g);
}

static intptr_t scratch_offset(Gen *g)
{
    return offsetof(TestEnv, scratch) + rnd(g) % (sizeof(uint64_t) * (TEST_NB_SCRATCH - 1));
}

/* An address in one of the test pages, often at its edges. */
static TCGTemp *guest_address(Gen *g, int size)
{
    int p = rnd(g) % TEST_NB_PAGES;
    uint64_t ofs;
    switch (rnd(g) % 4) {
    case 0:  ofs = 0; break;
    case 1:  ofs = TARGET_PAGE_SIZE - size + rnd(g) % size; break;  /* may cross */
    default: ofs = rnd(g) % TARGET_PAGE_SIZE; break;
    }
    uint64_t addr = test_pages[p] + ofs;
    if (test_page_is32[p]) {
        TCGv_i32 a = tcg_temp_new_i32();
        tcg_gen_movi_i32(a, (uint32_t)addr);
        if (rnd(g) & 1) {
            TCGv_i32 t = tcg_temp_new_i32();
            tcg_gen_andi_i32(t, pick32(g), 3);
            tcg_gen_add_i32(a, a, t);
        }
        return tcgv_i32_temp(a);
    }
    TCGv_i64 a = tcg_temp_new_i64();
    tcg_gen_movi_i64(a, addr);
    if (rnd(g) & 1) {
        TCGv_i64 t = tcg_temp_new_i64();
        tcg_gen_andi_i64(t, pick64(g), 3);
        tcg_gen_add_i64(a, a, t);
    }
    return tcgv_i64_temp(a);
}

/* ---- helpers the programs call ---- */

static uint64_t h_const(void) { return 0x0123456789abcdefull; }
static uint32_t h_one(uint32_t a) { return a * 0x9e3779b9u + 7; }
static uint64_t h_two(uint64_t a, uint32_t b) { return (a ^ b) * 0x100000001b3ull; }
static uint32_t h_three(uint32_t a, uint64_t b, uint32_t c)
{
    return a - (uint32_t)(b >> 7) + c * 3;
}
static uint64_t h_four(uint64_t a, uint64_t b, uint32_t c, uint64_t d)
{
    return a + (b << 13 | b >> 51) - c + d * 5;
}
static uint32_t h_five(uint32_t a, uint32_t b, uint64_t c, uint32_t d, uint64_t e)
{
    return a ^ (b << 3) ^ (uint32_t)(c >> 32) ^ d ^ (uint32_t)e * 11;
}
static uint64_t h_six(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f)
{
    return a * 3 + b * 5 + c * 7 + d * 11 + e * 13 + f * 17;
}
static uint32_t h_six32(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e, uint32_t f)
{
    return a - b + c - d + e - f;
}
/* Writes globals behind the generated code's back: they must be reloaded. */
static void h_env_store(void *env, uint64_t v)
{
    TestEnv *e = env;
    e->scratch[3] ^= v;
    e->g[2] += v;
    e->g[9] ^= (uint32_t)v;
}
/* Reads globals: they must have been written back. */
static uint64_t h_env_sum(void *env)
{
    TestEnv *e = env;
    uint64_t sum = 0;
    for (int i = 0; i < TEST_NB_GLOBALS; i++) {
        sum = sum * 31 + e->g[i];
    }
    return sum;
}

#define I32 TCG_HELPER_I32
#define I64 TCG_HELPER_I64
#define HELPER(fn, fl, ret, n, ...) \
    { .func = (void *)fn, .name = #fn, .flags = fl, .nb_args = n, .ret_type = ret, \
      .arg_types = { __VA_ARGS__ } }
static const TCGHelperInfo helpers[] = {
    HELPER(h_const, TCG_CALL_NO_RWG_SE, I64, 0, 0),
    HELPER(h_one, TCG_CALL_NO_RWG_SE, I32, 1, I32),
    HELPER(h_two, TCG_CALL_NO_RWG, I64, 2, I64, I32),
    HELPER(h_three, 0, I32, 3, I32, I64, I32),
    HELPER(h_four, TCG_CALL_NO_WG, I64, 4, I64, I64, I32, I64),
    HELPER(h_five, TCG_CALL_NO_RWG, I32, 5, I32, I32, I64, I32, I64),
    HELPER(h_six, 0, I64, 6, I64, I64, I64, I64, I64, I64),
    HELPER(h_six32, TCG_CALL_NO_WG_SE, I32, 6, I32, I32, I32, I32, I32, I32),
    HELPER(h_env_store, 0, TCG_HELPER_VOID, 2, I64, I64),
    HELPER(h_env_sum, TCG_CALL_NO_WG, I64, 1, I64),
};
#undef I32
#undef I64
#undef HELPER

static void random_call(Gen *g)
{
    const TCGHelperInfo *info = &helpers[rnd(g) % ARRAY_SIZE(helpers)];
    bool takes_env = info->func == (void *)h_env_store || info->func == (void *)h_env_sum;
    TCGTemp *args[TCG_MAX_CALL_ARGS], *ret = NULL;

    for (int i = 0; i < info->nb_args; i++) {
        if (i == 0 && takes_env) {
            args[i] = tcgv_ptr_temp(cpu_env);
        } else if (info->arg_types[i] == TCG_HELPER_I32) {
            args[i] = tcgv_i32_temp(pick32(g));
        } else {
            args[i] = tcgv_i64_temp(pick64(g));
        }
    }
    if (info->ret_type == TCG_HELPER_I32) {
        ret = tcgv_i32_temp(dest32(g));
    } else if (info->ret_type == TCG_HELPER_I64) {
        ret = tcgv_i64_temp(dest64(g));
    }
    tcg_gen_callN(info, ret, args);
}

static void random_conversion(Gen *g)
{
    switch (rnd(g) % 5) {
    case 0: tcg_gen_ext_i32_i64(dest64(g), pick32(g)); break;
    case 1: tcg_gen_extu_i32_i64(dest64(g), pick32(g)); break;
    case 2: tcg_gen_extrl_i64_i32(dest32(g), pick64(g)); break;
    case 3: tcg_gen_extrh_i64_i32(dest32(g), pick64(g)); break;
    default: {
        TCGv_i32 lo = pick32(g), hi = pick32(g);
        tcg_gen_concat_i32_i64(dest64(g), lo, hi);
        break;
    }
    }
}

#define BITS 32
#define SFX _i32
#define TV TCGv_i32
#define UT uint32_t
#include "random-ops.c.inc"
#undef BITS
#undef SFX
#undef TV
#undef UT
#define BITS 64
#define SFX _i64
#define TV TCGv_i64
#define UT uint64_t
#include "random-ops.c.inc"
#undef BITS
#undef SFX
#undef TV
#undef UT

/* Build the program of seed into the current context. */
static void gen_program(uint64_t seed)
{
    Gen g = { .rng = seed * 0x9e3779b97f4a7c15ull + 1 };
    int nb_ops = 5 + rnd(&g) % 60;

    tcg_func_start();
    tcg_gen_insn_start(g.insn++, 0);
    for (int i = 0; i < 2; i++) {
        g.loc32[i] = tcg_temp_local_new_i32();
        g.loc64[i] = tcg_temp_local_new_i64();
        tcg_gen_mov_i32(g.loc32[i], test_g32[i + 4]);
        tcg_gen_movi_i64(g.loc64[i], interesting(&g, 64));
    }
    for (int i = 0; i < nb_ops; i++) {
        if (rnd(&g) % 6 == 0) {
            tcg_gen_insn_start(g.insn++, i);
        }
        if (rnd(&g) & 1) {
            random_op32(&g);
        } else {
            random_op64(&g);
        }
        commit_fresh(&g);
    }
    while (g.npending) {
        place_pending_label(&g);
    }
    /* leave the locals where the comparison sees them */
    tcg_gen_st_i32(g.loc32[0], cpu_env, offsetof(TestEnv, scratch[14]));
    tcg_gen_st_i64(g.loc64[1], cpu_env, offsetof(TestEnv, scratch[15]));
    if (rnd(&g) & 1) {
        tcg_gen_exit_tb(NULL, 0);
    } else {
        tcg_gen_exit_tb((void *)(uintptr_t)0x7000, 2);
    }
}

/* The state a run leaves behind. */
typedef struct Outcome {
    uintptr_t ret;
    TestEnv env;
    uint8_t mem[TEST_MEM_SIZE];
    unsigned slow_loads, slow_stores;
} Outcome;

static void init_state(uint64_t seed)
{
    Gen g = { .rng = seed ^ 0xabcdef12345ull };
    for (int i = 0; i < TEST_NB_GLOBALS; i++) {
        test_cpu.env.g[i] = interesting(&g, 64);
    }
    for (int i = 0; i < TEST_NB_SCRATCH; i++) {
        test_cpu.env.scratch[i] = rnd(&g);
    }
    for (size_t i = 0; i < TEST_MEM_SIZE; i += 8) {
        uint64_t v = rnd(&g);
        memcpy(&test_mem[i], &v, 8);
    }
    test_tlb_fill(rnd(&g));
    test_slow_loads = test_slow_stores = 0;
}

static bool run_mode(uint64_t seed, TestMode mode, Outcome *out)
{
    size_t size;
    test_select_mode(mode);
    gen_program(seed);
    const void *code = test_compile(&size);
    if (!code) {
        return false;
    }
    init_state(seed);
    out->ret = test_run(code);
    out->env = test_cpu.env;
    memcpy(out->mem, test_mem, TEST_MEM_SIZE);
    out->slow_loads = test_slow_loads;
    out->slow_stores = test_slow_stores;
    return true;
}

/* Describe the first difference, or return false if none. */
static bool describe_difference(const Outcome *a, const Outcome *b, char *buf, size_t n)
{
    if (a->ret != b->ret) {
        snprintf(buf, n, "exit value %#" PRIxPTR " vs %#" PRIxPTR, a->ret, b->ret);
        return true;
    }
    for (int i = 0; i < TEST_NB_GLOBALS; i++) {
        if (a->env.g[i] != b->env.g[i]) {
            snprintf(buf, n, "global %d: %#" PRIx64 " vs %#" PRIx64, i, a->env.g[i], b->env.g[i]);
            return true;
        }
    }
    for (int i = 0; i < TEST_NB_SCRATCH; i++) {
        if (a->env.scratch[i] != b->env.scratch[i]) {
            snprintf(buf, n, "scratch %d: %#" PRIx64 " vs %#" PRIx64, i,
                     a->env.scratch[i], b->env.scratch[i]);
            return true;
        }
    }
    for (int i = 0; i < TEST_MEM_SIZE; i++) {
        if (a->mem[i] != b->mem[i]) {
            snprintf(buf, n, "guest memory byte %#x: %#x vs %#x", i, a->mem[i], b->mem[i]);
            return true;
        }
    }
    if (a->slow_loads != b->slow_loads || a->slow_stores != b->slow_stores) {
        snprintf(buf, n, "slow paths %u/%u vs %u/%u", a->slow_loads, a->slow_stores,
                 b->slow_loads, b->slow_stores);
        return true;
    }
    return false;
}

static void dump_program(uint64_t seed, TestMode mode)
{
    printf("# op list of seed %" PRIu64 ":\n", seed);
    test_select_mode(MODE_TCI_RAW);
    gen_program(seed);
    tcg_dump_ops(stdout);
    test_select_mode(mode);
    tcg_ctx->logfile = stdout;
    tcg_ctx->log_mask = TCG_LOG_OP_OPT | (mode == MODE_NATIVE ? TCG_LOG_OUT_ASM : 0);
    gen_program(seed);
    size_t size;
    test_compile(&size);
    tcg_ctx->logfile = NULL;
    tcg_ctx->log_mask = 0;
    fflush(stdout);
}

static Outcome outcomes[NB_MODES];

/* Run one seed in every mode; returns false (after reporting) on a mismatch. */
static bool check_seed(uint64_t seed)
{
    char why[200];
    for (int m = 0; m < NB_MODES; m++) {
        if (!run_mode(seed, m, &outcomes[m])) {
            printf("FAIL random-ir: seed %" PRIu64 " (%s): code cache overflow\n",
                   seed, test_mode_names[m]);
            return false;
        }
    }
    for (int m = 0; m < MODE_TCI_RAW; m++) {
        if (describe_difference(&outcomes[m], &outcomes[MODE_TCI_RAW], why, sizeof(why))) {
            printf("FAIL random-ir: seed %" PRIu64 ": %s differs from %s: %s\n", seed,
                   test_mode_names[m], test_mode_names[MODE_TCI_RAW], why);
            dump_program(seed, m);
            return false;
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    unsigned count = 20000;
    uint64_t first = 1;
    int opt, failures = 0;

    while ((opt = getopt(argc, argv, "n:s:d:")) != -1) {
        switch (opt) {
        case 'n': count = strtoul(optarg, NULL, 0); break;
        case 's': first = strtoull(optarg, NULL, 0); break;
        case 'd':
            test_env_init();
            dump_program(strtoull(optarg, NULL, 0), MODE_NATIVE);
            return 0;
        default:
            fprintf(stderr, "usage: %s [-n PROGRAMS] [-s FIRST_SEED] [-d SEED]\n", argv[0]);
            return 2;
        }
    }
    test_env_init();
    failures += run_golden_tests();

    clock_t start = clock();
    unsigned bad = 0;
    for (uint64_t seed = first; seed < first + count && bad < 3; seed++) {
        bad += !check_seed(seed);
    }
    if (bad) {
        failures++;
    } else {
        printf("PASS random-ir (%u programs from seed %" PRIu64 ", x86-64 and TCI vs "
               "unoptimised TCI, %.1f s)\n", count, first,
               (double)(clock() - start) / CLOCKS_PER_SEC);
    }
    return failures ? 1 : 0;
}
