/* rep movs/stos over whole runs, where an emulator may move a page at a
 * time: overlapping source and destination (which replicate data element
 * by element), both directions, every element size, elements straddling a
 * page boundary, and a copy into a page holding code that then runs. Each
 * result is compared with a plain one-element-at-a-time C loop. */
#include "ktest.h"

const char *kernel_name = "repbulk";

#define AREA 0x3000
static uint8_t area[AREA] __attribute__((aligned(4096)));
static uint8_t want[AREA] __attribute__((aligned(4096)));

static void fill_pattern(uint8_t *p)
{
    for (int i = 0; i < AREA; i++) {
        p[i] = (uint8_t)(i * 31 + (i >> 8));
    }
}

/* the SDM's loop: element by element, in direction dir */
static void ref_movs(uint8_t *base, uint32_t dst, uint32_t src, uint32_t count,
                     int size, int dir)
{
    for (uint32_t i = 0; i < count; i++) {
        uint8_t elem[4];
        memcpy(elem, base + src, size);
        memcpy(base + dst, elem, size);
        src += dir * size;
        dst += dir * size;
    }
}

static void check_movs(const char *name, uint32_t dst, uint32_t src, uint32_t count,
                       int size, bool down)
{
    int dir = down ? -1 : 1;
    uint32_t esi = (uint32_t)area + src, edi = (uint32_t)area + dst, ecx = count;

    fill_pattern(area);
    fill_pattern(want);
    ref_movs(want, dst, src, count, size, dir);
    if (down) {
        __asm__ volatile("std" ::: "cc");
    }
    switch (size) {
    case 1:
        __asm__ volatile("rep movsb" : "+c"(ecx), "+S"(esi), "+D"(edi) :: "memory");
        break;
    case 2:
        __asm__ volatile("rep movsw" : "+c"(ecx), "+S"(esi), "+D"(edi) :: "memory");
        break;
    default:
        __asm__ volatile("rep movsl" : "+c"(ecx), "+S"(esi), "+D"(edi) :: "memory");
        break;
    }
    __asm__ volatile("cld" ::: "cc");
    check(name, memcmp(area, want, AREA) == 0 && ecx == 0 &&
                esi == (uint32_t)area + src + dir * size * count &&
                edi == (uint32_t)area + dst + dir * size * count,
          "data or registers differ (ecx %x)", ecx);
}

static void check_stos(const char *name, uint32_t dst, uint32_t count, int size, bool down)
{
    int dir = down ? -1 : 1;
    uint32_t edi = (uint32_t)area + dst, ecx = count, eax = 0x8badf00d;

    fill_pattern(area);
    fill_pattern(want);
    for (uint32_t i = 0; i < count; i++) {
        memcpy(want + dst + dir * size * i, &eax, size);
    }
    if (down) {
        __asm__ volatile("std" ::: "cc");
    }
    switch (size) {
    case 1:
        __asm__ volatile("rep stosb" : "+c"(ecx), "+D"(edi) : "a"(eax) : "memory");
        break;
    case 2:
        __asm__ volatile("rep stosw" : "+c"(ecx), "+D"(edi) : "a"(eax) : "memory");
        break;
    default:
        __asm__ volatile("rep stosl" : "+c"(ecx), "+D"(edi) : "a"(eax) : "memory");
        break;
    }
    __asm__ volatile("cld" ::: "cc");
    check(name, memcmp(area, want, AREA) == 0 && ecx == 0 &&
                edi == (uint32_t)area + dst + dir * size * count,
          "data or registers differ (ecx %x)", ecx);
}

/* mov eax, imm32; ret */
static uint8_t code_page[4096] __attribute__((aligned(4096)));

static uint32_t copy_and_call(uint32_t value)
{
    uint8_t insns[6] = { 0xb8, value, value >> 8, value >> 16, value >> 24, 0xc3 };
    uint32_t esi = (uint32_t)insns, edi = (uint32_t)code_page + 0x100, ecx = sizeof(insns);

    __asm__ volatile("rep movsb" : "+c"(ecx), "+S"(esi), "+D"(edi) :: "memory");
    return ((uint32_t (*)(void))(code_page + 0x100))();
}

void test_main(void)
{
    check_movs("movsb-apart", 0x2000, 0x100, 0xe00, 1, false);
    check_movs("movsl-apart-cross-page", 0x1ffe, 0x0ffd, 0x400, 4, false);
    check_movs("movsb-overlap-replicates", 0x101, 0x100, 0x1800, 1, false);
    check_movs("movsl-overlap-by-2", 0x202, 0x200, 0x700, 4, false);
    check_movs("movsw-overlap-by-3", 0x403, 0x400, 0x900, 2, false);
    check_movs("movsb-down-overlap", 0x1fff, 0x2000, 0x1800, 1, true);
    check_movs("movsl-down-overlap", 0x2ff0, 0x2ff4, 0x600, 4, true);
    check_movs("movsl-down-apart", 0x2ffc, 0x0ffc, 0x3ff, 4, true);
    check_movs("movsw-down-cross-page", 0x2001, 0x1ff1, 0x7f0, 2, true);
    check_stos("stosb", 0x123, 0x2000, 1, false);
    check_stos("stosw-cross-page", 0x0fff, 0x900, 2, false);
    check_stos("stosl", 0x1000, 0x400, 4, false);
    check_stos("stosl-down-cross-page", 0x2ffa, 0x9ff, 4, true);
    /* run the page once so that it holds translated code, then overwrite it */
    check_eq("code-first", copy_and_call(0x11111111), 0x11111111);
    check_eq("code-rewritten", copy_and_call(0x22222222), 0x22222222);
}
