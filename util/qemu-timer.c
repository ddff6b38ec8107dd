/*
 * Clocks and timer lists (include/qemu/timer.h). Single-threaded: timers
 * are armed by devices (from the vCPU thread, which also runs the main
 * loop) and fire from the main loop.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include <time.h>

typedef struct QEMUClock {
    QEMUTimer *active;          /* pending timers, earliest first */
    bool enabled;
    /* virtual = host - offset while enabled; frozen value while stopped */
    int64_t offset;
    int64_t frozen_ns;
} QEMUClock;

static QEMUClock clocks[QEMU_CLOCK_MAX] = {
    [QEMU_CLOCK_REALTIME] = { .enabled = true },
    [QEMU_CLOCK_VIRTUAL] = { .enabled = true },
};
static bool virtual_offset_set;
static bool manual_clock;
static int64_t manual_ns;
static void (*timer_notify)(void);

int64_t get_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    QEMUClock *c = &clocks[type];

    if (type == QEMU_CLOCK_REALTIME) {
        return get_clock();
    }
    if (manual_clock) {
        return manual_ns;
    }
    if (!virtual_offset_set) {
        /* guest time starts at 0 when first asked for */
        c->offset = get_clock();
        virtual_offset_set = true;
    }
    return c->enabled ? get_clock() - c->offset : c->frozen_ns;
}

void qemu_clock_enable(QEMUClockType type, bool enabled)
{
    QEMUClock *c = &clocks[type];

    if (c->enabled == enabled || type == QEMU_CLOCK_REALTIME) {
        return;
    }
    if (!enabled) {
        c->frozen_ns = qemu_clock_get_ns(type);
        c->enabled = false;
    } else {
        c->offset = get_clock() - c->frozen_ns;
        c->enabled = true;
        if (timer_notify) {
            timer_notify();
        }
    }
}

void timer_init_full(QEMUTimer *ts, QEMUClockType type, int scale,
                     QEMUTimerCB *cb, void *opaque)
{
    ts->expire_time = -1;
    ts->type = type;
    ts->scale = scale;
    ts->cb = cb;
    ts->opaque = opaque;
    ts->next = NULL;
}

QEMUTimer *timer_new(QEMUClockType type, int scale, QEMUTimerCB *cb, void *opaque)
{
    QEMUTimer *ts = qemu_malloc(sizeof(*ts));
    timer_init_full(ts, type, scale, cb, opaque);
    return ts;
}

void timer_free(QEMUTimer *ts)
{
    timer_del(ts);
    free(ts);
}

void timer_del(QEMUTimer *ts)
{
    QEMUTimer **p;

    if (ts->expire_time < 0) {
        return;
    }
    for (p = &clocks[ts->type].active; *p; p = &(*p)->next) {
        if (*p == ts) {
            *p = ts->next;
            break;
        }
    }
    ts->next = NULL;
    ts->expire_time = -1;
}

void timer_mod_ns(QEMUTimer *ts, int64_t expire_ns)
{
    QEMUTimer **p;

    timer_del(ts);
    if (expire_ns < 0) {
        expire_ns = 0;
    }
    ts->expire_time = expire_ns;
    p = &clocks[ts->type].active;
    while (*p && (*p)->expire_time <= expire_ns) {
        p = &(*p)->next;
    }
    ts->next = *p;
    *p = ts;
    if (p == &clocks[ts->type].active && timer_notify) {
        timer_notify();
    }
}

void timer_mod(QEMUTimer *ts, int64_t expire_time)
{
    /* saturate rather than overflow for far-away deadlines */
    if (expire_time > INT64_MAX / ts->scale) {
        expire_time = INT64_MAX / ts->scale;
    }
    timer_mod_ns(ts, expire_time * ts->scale);
}

bool timer_pending(const QEMUTimer *ts)
{
    return ts->expire_time >= 0;
}

int64_t timer_expire_time_ns(const QEMUTimer *ts)
{
    return ts->expire_time;
}

int64_t qemu_clock_deadline_ns_all(void)
{
    int64_t deadline = -1;

    for (int type = 0; type < QEMU_CLOCK_MAX; type++) {
        QEMUClock *c = &clocks[type];
        if (!c->active || !c->enabled || (manual_clock && type == QEMU_CLOCK_VIRTUAL)) {
            continue;
        }
        int64_t delta = c->active->expire_time - qemu_clock_get_ns(type);
        if (delta < 0) {
            delta = 0;
        }
        if (deadline < 0 || delta < deadline) {
            deadline = delta;
        }
    }
    return deadline;
}

static bool run_timers(QEMUClockType type, int64_t now)
{
    QEMUClock *c = &clocks[type];
    bool ran = false;

    while (c->enabled && c->active && c->active->expire_time <= now) {
        QEMUTimer *ts = c->active;
        c->active = ts->next;
        ts->next = NULL;
        ts->expire_time = -1;
        ts->cb(ts->opaque);     /* may re-arm ts or others */
        ran = true;
    }
    return ran;
}

bool qemu_clock_run_all_timers(void)
{
    bool ran = false;

    for (int type = 0; type < QEMU_CLOCK_MAX; type++) {
        ran |= run_timers(type, qemu_clock_get_ns(type));
    }
    return ran;
}

void qemu_timer_set_notify(void (*notify)(void))
{
    timer_notify = notify;
}

void qemu_clock_set_manual(int64_t start_ns)
{
    manual_clock = true;
    manual_ns = start_ns;
}

void qemu_clock_step(int64_t ns)
{
    int64_t target = manual_ns + ns;
    QEMUClock *c = &clocks[QEMU_CLOCK_VIRTUAL];

    /* stop at each deadline on the way so callbacks see their own time */
    while (c->active && c->active->expire_time <= target) {
        if (c->active->expire_time > manual_ns) {
            manual_ns = c->active->expire_time;
        }
        run_timers(QEMU_CLOCK_VIRTUAL, manual_ns);
    }
    manual_ns = target;
}
