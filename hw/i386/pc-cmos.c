/*
 * The CMOS bytes a PC BIOS would have left for the OS and that SeaBIOS
 * reads to size memory (include/hw/i386/pc-platform.h).
 */
#include "qemu/osdep.h"
#include "hw/i386/pc-platform.h"

#define CMOS_EQUIPMENT      0x14
#define EQUIPMENT_FPU       0x02
#define EQUIPMENT_PS2_MOUSE 0x04

#define BASE_MEM_KB         640
#define KB                  1024ull
#define MB                  (1024 * KB)

static void cmos_set16(RTCState *rtc, int addr, uint16_t val)
{
    rtc_set_memory(rtc, addr, val);
    rtc_set_memory(rtc, addr + 1, val >> 8);
}

void pc_cmos_init(RTCState *rtc, uint64_t ram_below_4g)
{
    uint64_t ext_kb = ram_below_4g > MB ? (ram_below_4g - MB) / KB : 0;
    uint64_t above_16m = ram_below_4g > 16 * MB ? (ram_below_4g - 16 * MB) / (64 * KB) : 0;

    cmos_set16(rtc, CMOS_BASE_MEM_LO, BASE_MEM_KB);
    cmos_set16(rtc, CMOS_EXT_MEM_LO, MIN(ext_kb, 0xffff));
    cmos_set16(rtc, CMOS_EXT_MEM2_LO, MIN(ext_kb, 0xffff));
    cmos_set16(rtc, CMOS_MEM_16M_LO, MIN(above_16m, 0xffff));
    /* no RAM above 4 GiB: 0x5b-0x5d stay zero */
    rtc_set_memory(rtc, CMOS_EQUIPMENT, EQUIPMENT_FPU | EQUIPMENT_PS2_MOUSE);
    rtc_set_memory(rtc, CMOS_SMP_COUNT, 0);     /* one CPU */
}
