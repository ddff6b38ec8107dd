/*
 * Accesses to one region: RAM and ROM bytes with bounds checks, and the
 * rules that turn an access of any size and alignment into the calls a
 * device accepts (see memory_region_dispatch_read in exec/memory.h).
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "softmmu/memory-internal.h"
#include "softmmu/host-access.h"

static MemoryRegion *resolve_alias(MemoryRegion *mr, hwaddr *offset)
{
    while (mr->alias) {
        *offset += mr->alias_offset;
        mr = mr->alias;
    }
    return mr;
}

static bool in_region(const MemoryRegion *mr, hwaddr offset, hwaddr len)
{
    return offset <= mr->size && len <= mr->size - offset;
}

/* ---- devices ---- */

static bool device_swaps(const MemoryRegion *mr)
{
    DeviceEndian e = mr->ops->endianness;
    return e != DEVICE_NATIVE_ENDIAN && (e == DEVICE_BIG_ENDIAN) != HOST_BIG_ENDIAN;
}

static unsigned min_size(const MemoryRegion *mr)
{
    return mr->ops->min_access_size ? mr->ops->min_access_size : 1;
}

static unsigned max_size(const MemoryRegion *mr)
{
    return mr->ops->max_access_size ? mr->ops->max_access_size : 8;
}

/* One call the device accepts: size allowed, inside the region. */
static uint64_t device_read(MemoryRegion *mr, hwaddr offset, unsigned size)
{
    if (!in_region(mr, offset, size)) {
        return size_mask(size);
    }
    uint64_t val = mr->ops->read(mr->opaque, offset, size) & size_mask(size);
    return device_swaps(mr) ? bswap_size(val, size) : val;
}

static void device_write(MemoryRegion *mr, hwaddr offset, uint64_t val, unsigned size)
{
    if (!in_region(mr, offset, size)) {
        return;
    }
    val &= size_mask(size);
    mr->ops->write(mr->opaque, offset, device_swaps(mr) ? bswap_size(val, size) : val,
                   size);
}

/* Largest naturally aligned power of two at offset within len and max. */
static unsigned piece_size(hwaddr offset, hwaddr len, unsigned max)
{
    unsigned p = 8;
    while (p > len || p > max || (offset & (p - 1))) {
        p >>= 1;
    }
    return p;
}

static void device_read_bytes(MemoryRegion *mr, hwaddr offset, uint8_t *buf, hwaddr len)
{
    unsigned min = min_size(mr), max = max_size(mr);

    while (len) {
        unsigned p = piece_size(offset, len, max);
        if (p >= min) {
            st_he(buf, device_read(mr, offset, p), p);
        } else {
            /* widen: read the aligned container, keep the wanted bytes */
            uint8_t tmp[8];
            hwaddr base = offset & ~(hwaddr)(min - 1);
            st_he(tmp, device_read(mr, base, min), min);
            p = MIN(len, base + min - offset);
            memcpy(buf, tmp + (offset - base), p);
        }
        buf += p;
        offset += p;
        len -= p;
    }
}

static void device_write_bytes(MemoryRegion *mr, hwaddr offset, const uint8_t *buf,
                               hwaddr len)
{
    unsigned min = min_size(mr), max = max_size(mr);

    while (len) {
        unsigned p = piece_size(offset, len, max);
        if (p >= min) {
            device_write(mr, offset, ld_he(buf, p), p);
        } else {
            /* widen with zeros around the bytes: no read, it may have effects */
            uint8_t tmp[8] = { 0 };
            hwaddr base = offset & ~(hwaddr)(min - 1);
            p = MIN(len, base + min - offset);
            memcpy(tmp + (offset - base), buf, p);
            device_write(mr, base, ld_he(tmp, min), min);
        }
        buf += p;
        offset += p;
        len -= p;
    }
}

/* ---- any region ---- */

void memory_region_read_bytes(MemoryRegion *mr, hwaddr offset, void *buf, hwaddr len)
{
    mr = resolve_alias(mr, &offset);
    if (mr->ops) {
        device_read_bytes(mr, offset, buf, len);
        return;
    }
    hwaddr n = offset < mr->size ? MIN(len, mr->size - offset) : 0;
    memcpy(buf, mr->ram + offset, n);
    memset((uint8_t *)buf + n, 0xff, len - n);
}

void memory_region_write_bytes(MemoryRegion *mr, hwaddr offset, const void *buf,
                               hwaddr len)
{
    mr = resolve_alias(mr, &offset);
    if (mr->ops) {
        device_write_bytes(mr, offset, buf, len);
        return;
    }
    if (mr->readonly || offset >= mr->size) {
        return;
    }
    memcpy(mr->ram + offset, buf, MIN(len, mr->size - offset));
}

/* Single accesses take a direct path when the device accepts them as they are. */
static bool device_accepts(const MemoryRegion *mr, hwaddr offset, unsigned size)
{
    return size >= min_size(mr) && size <= max_size(mr) &&
           !(offset & (size - 1)) && in_region(mr, offset, size);
}

uint64_t memory_region_dispatch_read(MemoryRegion *mr, hwaddr offset, unsigned size)
{
    uint8_t buf[8];

    mr = resolve_alias(mr, &offset);
    if (mr->ops && device_accepts(mr, offset, size)) {
        return device_read(mr, offset, size);
    }
    memory_region_read_bytes(mr, offset, buf, size);
    return ld_he(buf, size);
}

void memory_region_dispatch_write(MemoryRegion *mr, hwaddr offset,
                                  uint64_t val, unsigned size)
{
    uint8_t buf[8];

    mr = resolve_alias(mr, &offset);
    if (mr->ops && device_accepts(mr, offset, size)) {
        device_write(mr, offset, val, size);
        return;
    }
    st_he(buf, val, size);
    memory_region_write_bytes(mr, offset, buf, size);
}
