/*
 * Loads and stores of 1, 2, 4 or 8 bytes at any alignment in host byte
 * order, and byte swaps by size: the glue between byte buffers (memory
 * order) and integer values in the memory core and the softmmu slow paths.
 */
#ifndef SOFTMMU_HOST_ACCESS_H
#define SOFTMMU_HOST_ACCESS_H

#include "qemu/osdep.h"

static inline uint64_t ld_he(const void *p, unsigned size)
{
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static inline void st_he(void *p, uint64_t val, unsigned size)
{
    switch (size) {
    case 1: *(uint8_t *)p = val; break;
    case 2: { uint16_t v = val; memcpy(p, &v, 2); break; }
    case 4: { uint32_t v = val; memcpy(p, &v, 4); break; }
    default: memcpy(p, &val, 8); break;
    }
}

static inline uint64_t bswap_size(uint64_t val, unsigned size)
{
    switch (size) {
    case 1: return val & 0xff;
    case 2: return __builtin_bswap16(val);
    case 4: return __builtin_bswap32(val);
    default: return __builtin_bswap64(val);
    }
}

static inline uint64_t size_mask(unsigned size)
{
    return size == 8 ? ~(uint64_t)0 : ((uint64_t)1 << (size * 8)) - 1;
}

#endif
