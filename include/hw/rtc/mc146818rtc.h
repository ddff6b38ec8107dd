/*
 * The MC146818 real-time clock and its CMOS memory, at the PC's index/data
 * ports 0x70/0x71 (bit 7 of the index is the NMI mask). The clock runs on
 * the virtual clock from the host's UTC time at start-up; periodic, alarm
 * and update-ended interrupts go out on one line (ISA IRQ8).
 */
#ifndef HW_RTC_MC146818RTC_H
#define HW_RTC_MC146818RTC_H

#include "hw/irq.h"
#include "hw/isa.h"
#include "qemu/timer.h"

#define RTC_ISA_IRQ     8
#define RTC_CMOS_SIZE   128

/* CMOS bytes boards fill (IBM PC/AT layout and the QEMU/SeaBIOS extensions) */
#define CMOS_BASE_MEM_LO     0x15   /* KiB below 640K */
#define CMOS_BASE_MEM_HI     0x16
#define CMOS_EXT_MEM_LO      0x17   /* KiB from 1 MiB, at most 65535 */
#define CMOS_EXT_MEM_HI      0x18
#define CMOS_EXT_MEM2_LO     0x30   /* same, the POST copy */
#define CMOS_EXT_MEM2_HI     0x31
#define CMOS_CENTURY         0x32   /* BCD */
#define CMOS_MEM_16M_LO      0x34   /* 64 KiB units from 16 MiB, at most 0xffff */
#define CMOS_MEM_16M_HI      0x35
#define CMOS_BOOT_FLAGS      0x3d
#define CMOS_MEM_4G_LO       0x5b   /* 64 KiB units above 4 GiB, 3 bytes */
#define CMOS_SMP_COUNT       0x5f   /* CPUs - 1 */

typedef struct RTCState {
    uint8_t cmos[RTC_CMOS_SIZE];    /* time registers hold the time only while SET is on */
    uint8_t index;
    bool nmi_masked;
    /* the clock: UTC second base_secs began at virtual time base_vns */
    int64_t base_secs;
    int64_t base_vns;
    int64_t last_c_read_ns;         /* ns after base_vns of the last read of register C */
    qemu_irq irq;
    QEMUTimer periodic_timer;
    QEMUTimer second_timer;         /* update-ended and alarm, while enabled */
    MemoryRegion io;
} RTCState;

/* on bus->io at 0x70, interrupts on ISA IRQ8 */
RTCState *rtc_init(ISABus *bus);
void rtc_reset(RTCState *s);
/* CMOS bytes outside the clock registers, for the board */
void rtc_set_memory(RTCState *s, int addr, uint8_t val);
uint8_t rtc_get_memory(RTCState *s, int addr);

#endif
