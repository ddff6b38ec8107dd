/*
 * Accesses to an address space from outside the CPU: DMA, firmware and
 * kernel loading, and x86 port I/O. Each access is cut at region
 * boundaries; every piece stays within its region's bytes.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "exec/cpu-common.h"
#include "softmmu/memory-internal.h"

static MemTxResult address_space_access(AddressSpace *as, hwaddr addr, uint8_t *buf,
                                        hwaddr len, bool is_write, bool write_rom)
{
    MemTxResult res = MEMTX_OK;

    while (len) {
        hwaddr offset, n;
        MemoryRegion *mr = address_space_translate(as, addr, &offset, &n);

        n = MIN(n, len);
        if (!mr) {
            /* nothing answers on the bus */
            if (!is_write) {
                memset(buf, 0xff, n);
            }
            res = MEMTX_ERROR;
        } else if (mr->ops) {
            if (is_write) {
                memory_region_write_bytes(mr, offset, buf, n);
            } else {
                memory_region_read_bytes(mr, offset, buf, n);
            }
        } else if (!is_write) {
            memcpy(buf, mr->ram + offset, n);
        } else if (!mr->readonly || write_rom) {
            memcpy(mr->ram + offset, buf, n);
            memory_region_note_write(mr, offset, n);
            tb_invalidate_phys_range(addr, addr + n);
        }
        addr += n;
        buf += n;
        len -= n;
    }
    return res;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, void *buf,
                             hwaddr len, bool is_write)
{
    return address_space_access(as, addr, buf, len, is_write, false);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    const void *buf, hwaddr len)
{
    return address_space_access(as, addr, (void *)buf, len, true, true);
}

void *address_space_map_ram(AddressSpace *as, hwaddr addr, hwaddr *len, bool is_write)
{
    hwaddr offset, n;
    MemoryRegion *mr = address_space_translate(as, addr, &offset, &n);

    if (!mr || mr->ops || (is_write && mr->readonly) || !*len) {
        return NULL;
    }
    *len = MIN(*len, n);
    return mr->ram + offset;
}

void address_space_unmap_ram(AddressSpace *as, hwaddr addr, hwaddr len, bool is_write)
{
    hwaddr offset, n;
    MemoryRegion *mr;

    if (!is_write || !len) {
        return;
    }
    mr = address_space_translate(as, addr, &offset, &n);
    if (mr && mr->ram) {
        memory_region_note_write(mr, offset, MIN(len, n));
    }
    tb_invalidate_phys_range(addr, addr + len);
}

/* ---- x86 port I/O: little-endian, unmapped ports read as all ones ---- */

static uint32_t port_read(uint32_t port, unsigned size)
{
    uint8_t b[4];
    uint32_t val = 0;

    address_space_rw(&address_space_io, port, b, size, false);
    for (unsigned i = 0; i < size; i++) {
        val |= (uint32_t)b[i] << (8 * i);
    }
    return val;
}

static void port_write(uint32_t port, uint32_t val, unsigned size)
{
    uint8_t b[4];

    for (unsigned i = 0; i < size; i++) {
        b[i] = val >> (8 * i);
    }
    address_space_rw(&address_space_io, port, b, size, true);
}

uint32_t cpu_inb(uint32_t port) { return port_read(port, 1); }
uint32_t cpu_inw(uint32_t port) { return port_read(port, 2); }
uint32_t cpu_inl(uint32_t port) { return port_read(port, 4); }
void cpu_outb(uint32_t port, uint32_t val) { port_write(port, val, 1); }
void cpu_outw(uint32_t port, uint32_t val) { port_write(port, val, 2); }
void cpu_outl(uint32_t port, uint32_t val) { port_write(port, val, 4); }
