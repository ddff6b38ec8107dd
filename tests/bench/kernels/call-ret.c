/* Calls and returns: recursive Fibonacci plus indirect calls through a
 * table of functions, per iteration. */
#include "lib/bench.h"

static uint32_t __attribute__((noinline)) fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t __attribute__((noinline)) op_add(uint32_t a, uint32_t b) { return a + b; }
static uint32_t __attribute__((noinline)) op_xor(uint32_t a, uint32_t b) { return a ^ b; }
static uint32_t __attribute__((noinline)) op_rol(uint32_t a, uint32_t b) { return a << (b & 31) | a >> (-b & 31); }
static uint32_t __attribute__((noinline)) op_mul(uint32_t a, uint32_t b) { return a * (b | 1); }

static uint32_t (*const volatile ops[4])(uint32_t, uint32_t) = { op_add, op_xor, op_rol, op_mul };

static uint32_t run(uint32_t n)
{
    uint32_t sum = 0;
    while (n--) {
        sum += fib(18);
        for (uint32_t i = 0; i < 4096; i++) {
            sum = ops[i & 3](sum, i);
        }
    }
    return sum;
}

const struct bench bench = { "call-ret", 12000, 0, run };
