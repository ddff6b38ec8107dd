/*
 * Clocks and timers. Devices put timers on QEMU_CLOCK_VIRTUAL (guest time:
 * follows the host's monotonic clock while the VM runs, stands still while
 * it is stopped); QEMU_CLOCK_REALTIME always follows the host. Callbacks
 * run from the main loop, never inside generated code, so a callback may
 * raise IRQs and touch devices freely.
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

#include "qemu/osdep.h"

#define NANOSECONDS_PER_SECOND 1000000000LL
#define SCALE_MS 1000000
#define SCALE_US 1000
#define SCALE_NS 1

typedef enum QEMUClockType {
    QEMU_CLOCK_REALTIME,
    QEMU_CLOCK_VIRTUAL,
    QEMU_CLOCK_MAX
} QEMUClockType;

typedef void QEMUTimerCB(void *opaque);

typedef struct QEMUTimer {
    int64_t expire_time;        /* in ns; -1 when not pending */
    QEMUClockType type;
    int scale;                  /* ns per unit of timer_mod's argument */
    QEMUTimerCB *cb;
    void *opaque;
    struct QEMUTimer *next;     /* the clock's pending list, sorted by expiry */
} QEMUTimer;

int64_t qemu_clock_get_ns(QEMUClockType type);
static inline int64_t qemu_clock_get_us(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_US;
}
static inline int64_t qemu_clock_get_ms(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_MS;
}
/* the host's monotonic clock, in ns */
int64_t get_clock(void);

/* Stop or restart a clock (the virtual clock while the VM is paused). */
void qemu_clock_enable(QEMUClockType type, bool enabled);

/* Timers embedded in a device struct, or allocated. */
void timer_init_full(QEMUTimer *ts, QEMUClockType type, int scale,
                     QEMUTimerCB *cb, void *opaque);
static inline void timer_init_ns(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init_full(ts, type, SCALE_NS, cb, opaque);
}
QEMUTimer *timer_new(QEMUClockType type, int scale, QEMUTimerCB *cb, void *opaque);
static inline QEMUTimer *timer_new_ns(QEMUClockType type, QEMUTimerCB *cb, void *opaque)
{
    return timer_new(type, SCALE_NS, cb, opaque);
}
static inline QEMUTimer *timer_new_us(QEMUClockType type, QEMUTimerCB *cb, void *opaque)
{
    return timer_new(type, SCALE_US, cb, opaque);
}
static inline QEMUTimer *timer_new_ms(QEMUClockType type, QEMUTimerCB *cb, void *opaque)
{
    return timer_new(type, SCALE_MS, cb, opaque);
}
/* timer_del, then free */
void timer_free(QEMUTimer *ts);

/* (Re)arm to fire when the clock reaches expire_time (in the timer's scale). */
void timer_mod(QEMUTimer *ts, int64_t expire_time);
void timer_mod_ns(QEMUTimer *ts, int64_t expire_ns);
void timer_del(QEMUTimer *ts);
bool timer_pending(const QEMUTimer *ts);
/* expiry in ns, -1 if not pending */
int64_t timer_expire_time_ns(const QEMUTimer *ts);

/* ---- main loop side ---- */

/* ns until the earliest pending timer of any running clock, -1 if none */
int64_t qemu_clock_deadline_ns_all(void);
/* run every expired timer; true if any ran */
bool qemu_clock_run_all_timers(void);
/*
 * Called when a timer becomes the earliest of its clock, so the main loop
 * can shorten its sleep or stop the CPU early. Set by the main loop.
 */
void qemu_timer_set_notify(void (*notify)(void));

/*
 * Tests drive the virtual clock by hand: after qemu_clock_set_manual(),
 * virtual time only moves through qemu_clock_step(), which runs the timers
 * that fall due on the way, in order.
 */
void qemu_clock_set_manual(int64_t start_ns);
void qemu_clock_step(int64_t ns);

#endif
