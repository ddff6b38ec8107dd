/*
 * 16550A UART core (include/hw/char/serial.h).
 *
 * Transmission is immediate: a byte written to THR goes straight to the
 * chardev (or, in loopback, back into the receiver), so THR and the
 * transmitter are always empty again by the time the guest looks.
 * Reception honours the 16-byte FIFO, its trigger level and the character
 * timeout, so drivers that wait for either interrupt work.
 */
#include "qemu/osdep.h"
#include "hw/char/serial.h"

/* register offsets */
enum { UART_RBR_THR_DLL, UART_IER_DLM, UART_IIR_FCR, UART_LCR, UART_MCR, UART_LSR, UART_MSR, UART_SCR };

#define IER_RDI   0x01      /* received data available (and timeout) */
#define IER_THRI  0x02      /* THR empty */
#define IER_RLSI  0x04      /* receiver line status */
#define IER_MSI   0x08      /* modem status */

#define IIR_NO_INT 0x01
#define IIR_MSI    0x00
#define IIR_THRI   0x02
#define IIR_RDI    0x04
#define IIR_RLSI   0x06
#define IIR_CTI    0x0c
#define IIR_FIFO_ENABLED 0xc0

#define FCR_ENABLE   0x01
#define FCR_CLEAR_RX 0x02
#define FCR_CLEAR_TX 0x04
#define FCR_TRIGGER(fcr) ((fcr) >> 6)

#define LCR_DLAB 0x80
#define LCR_PARITY 0x08
#define LCR_STOP 0x04

#define MCR_DTR  0x01
#define MCR_RTS  0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR   0x01
#define LSR_OE   0x02
#define LSR_PE   0x04
#define LSR_FE   0x08
#define LSR_BI   0x10
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define LSR_INT_ANY (LSR_OE | LSR_PE | LSR_FE | LSR_BI)

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_CTS  0x10
#define MSR_DSR  0x20
#define MSR_RI   0x40
#define MSR_DCD  0x80
#define MSR_DELTAS 0x0f

static const uint8_t fifo_trigger_levels[4] = { 1, 4, 8, 14 };

static bool fifo_enabled(SerialState *s)
{
    return s->fcr & FCR_ENABLE;
}

static unsigned rx_capacity(SerialState *s)
{
    return fifo_enabled(s) ? UART_FIFO_SIZE : 1;
}

static void serial_update_irq(SerialState *s)
{
    uint8_t iir = IIR_NO_INT;

    if ((s->ier & IER_RLSI) && (s->lsr & LSR_INT_ANY)) {
        iir = IIR_RLSI;
    } else if ((s->ier & IER_RDI) && s->timeout_ipending) {
        iir = IIR_CTI;
    } else if ((s->ier & IER_RDI) && (s->lsr & LSR_DR) &&
               (!fifo_enabled(s) ||
                s->rx_count >= fifo_trigger_levels[FCR_TRIGGER(s->fcr)])) {
        iir = IIR_RDI;
    } else if ((s->ier & IER_THRI) && s->thr_ipending) {
        iir = IIR_THRI;
    } else if ((s->ier & IER_MSI) && (s->msr & MSR_DELTAS)) {
        iir = IIR_MSI;
    }
    s->iir = iir;
    qemu_set_irq(s->irq, iir != IIR_NO_INT);
}

/* the time one character takes at the programmed speed and format */
static void serial_update_params(SerialState *s)
{
    int bits = 1 + 5 + (s->lcr & 3) + ((s->lcr & LCR_PARITY) ? 1 : 0) +
               ((s->lcr & LCR_STOP) ? 2 : 1);
    unsigned divider = s->divider ? s->divider : 1;

    /* 1.8432 MHz crystal / 16: 115200 baud at divider 1 */
    s->char_time_ns = NANOSECONDS_PER_SECOND / 115200 * divider * bits;
}

static void rx_timeout_rearm(SerialState *s)
{
    if (fifo_enabled(s) && s->rx_count) {
        timer_mod_ns(&s->timeout_timer,
                     qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + 4 * s->char_time_ns);
    } else {
        timer_del(&s->timeout_timer);
    }
}

static void serial_timeout(void *opaque)
{
    SerialState *s = opaque;

    if (s->rx_count) {
        s->timeout_ipending = true;
        serial_update_irq(s);
    }
}

static void rx_clear(SerialState *s)
{
    s->rx_head = s->rx_count = 0;
    s->lsr &= ~LSR_DR;
    s->timeout_ipending = false;
    timer_del(&s->timeout_timer);
}

static void rx_push(SerialState *s, uint8_t ch)
{
    if (s->rx_count == rx_capacity(s)) {
        /* the new character is lost; in non-FIFO mode it overwrites RBR */
        if (!fifo_enabled(s)) {
            s->rx_fifo[s->rx_head] = ch;
        }
        s->lsr |= LSR_OE;
        return;
    }
    s->rx_fifo[(s->rx_head + s->rx_count) % UART_FIFO_SIZE] = ch;
    s->rx_count++;
    s->lsr |= LSR_DR;
}

/*
 * Host input is taken only into an empty receiver, a whole FIFO at a time:
 * topping up a draining FIFO byte by byte would stop the CPU once per
 * byte. A real line is slower still, so no guest can tell.
 */
static int serial_can_receive(void *opaque)
{
    SerialState *s = opaque;

    /* in loopback the receiver hears only the transmitter */
    if ((s->mcr & MCR_LOOP) || s->rx_count) {
        return 0;
    }
    return rx_capacity(s);
}

static void serial_receive(void *opaque, const uint8_t *buf, int size)
{
    SerialState *s = opaque;

    for (int i = 0; i < size; i++) {
        rx_push(s, buf[i]);
    }
    s->timeout_ipending = false;
    rx_timeout_rearm(s);
    serial_update_irq(s);
}

static uint8_t rx_pop(SerialState *s)
{
    uint8_t ch = s->rx_fifo[s->rx_head];

    if (s->rx_count) {
        s->rx_head = (s->rx_head + 1) % UART_FIFO_SIZE;
        s->rx_count--;
        if (s->chr && !s->rx_count) {
            qemu_chr_fe_accept_input(s->chr);
        }
    }
    if (!s->rx_count) {
        s->lsr &= ~LSR_DR;
    }
    s->timeout_ipending = false;
    rx_timeout_rearm(s);
    return ch;
}

static void serial_transmit(SerialState *s, uint8_t ch)
{
    if (s->mcr & MCR_LOOP) {
        rx_push(s, ch);
        rx_timeout_rearm(s);
    } else if (s->chr) {
        qemu_chr_fe_write_all(s->chr, &ch, 1);
    }
    s->lsr |= LSR_THRE | LSR_TEMT;
    s->thr_ipending = true;
}

/* modem inputs: in loopback they follow the outputs, else a cable that says "ready" */
static void serial_update_msr(SerialState *s)
{
    uint8_t lines;

    if (s->mcr & MCR_LOOP) {
        lines = ((s->mcr & MCR_RTS) ? MSR_CTS : 0) | ((s->mcr & MCR_DTR) ? MSR_DSR : 0) |
                ((s->mcr & MCR_OUT1) ? MSR_RI : 0) | ((s->mcr & MCR_OUT2) ? MSR_DCD : 0);
    } else {
        lines = MSR_DCD | MSR_DSR | MSR_CTS;
    }
    uint8_t changed = (s->msr ^ lines) & 0xf0;
    s->msr = (s->msr & MSR_DELTAS) | lines;
    s->msr |= ((changed & MSR_CTS) ? MSR_DCTS : 0) | ((changed & MSR_DSR) ? MSR_DDSR : 0) |
              ((changed & MSR_DCD) ? MSR_DDCD : 0) |
              /* trailing edge of RI only */
              ((changed & MSR_RI) && !(lines & MSR_RI) ? MSR_TERI : 0);
}

void serial_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    SerialState *s = opaque;
    uint8_t v = val;

    switch (addr & 7) {
    case UART_RBR_THR_DLL:
        if (s->lcr & LCR_DLAB) {
            s->divider = (s->divider & 0xff00) | v;
            serial_update_params(s);
        } else {
            s->thr_ipending = false;
            serial_transmit(s, v);
        }
        break;
    case UART_IER_DLM:
        if (s->lcr & LCR_DLAB) {
            s->divider = (s->divider & 0x00ff) | (v << 8);
            serial_update_params(s);
        } else {
            uint8_t old = s->ier;
            s->ier = v & 0x0f;
            /* enabling the THRE interrupt with THR empty raises it at once */
            if (!(old & IER_THRI) && (s->ier & IER_THRI) && (s->lsr & LSR_THRE)) {
                s->thr_ipending = true;
            }
        }
        break;
    case UART_IIR_FCR: {
        uint8_t old = s->fcr;
        s->fcr = v & 0xc9;
        if ((old ^ s->fcr) & FCR_ENABLE) {
            /* switching the FIFOs on or off empties them */
            rx_clear(s);
        } else if (v & FCR_CLEAR_RX) {
            rx_clear(s);
        }
        if (!fifo_enabled(s)) {
            s->fcr = 0;
        }
        if (s->chr) {
            qemu_chr_fe_accept_input(s->chr);
        }
        break;
    }
    case UART_LCR:
        s->lcr = v;
        serial_update_params(s);
        break;
    case UART_MCR:
        s->mcr = v & 0x1f;
        serial_update_msr(s);
        break;
    case UART_LSR:
        /* read-only on a 16550A */
        break;
    case UART_MSR:
        break;
    case UART_SCR:
        s->scr = v;
        break;
    }
    serial_update_irq(s);
}

uint64_t serial_io_read(void *opaque, hwaddr addr, unsigned size)
{
    SerialState *s = opaque;
    uint8_t ret = 0xff;

    switch (addr & 7) {
    case UART_RBR_THR_DLL:
        ret = (s->lcr & LCR_DLAB) ? (s->divider & 0xff) : rx_pop(s);
        break;
    case UART_IER_DLM:
        ret = (s->lcr & LCR_DLAB) ? (s->divider >> 8) : s->ier;
        break;
    case UART_IIR_FCR:
        ret = s->iir | (fifo_enabled(s) ? IIR_FIFO_ENABLED : 0);
        /* reading IIR acknowledges a THRE interrupt */
        if (s->iir == IIR_THRI) {
            s->thr_ipending = false;
        }
        break;
    case UART_LCR:
        ret = s->lcr;
        break;
    case UART_MCR:
        ret = s->mcr;
        break;
    case UART_LSR:
        ret = s->lsr;
        if (fifo_enabled(s) && (s->lsr & LSR_INT_ANY)) {
            ret |= 0x80;    /* error in RX FIFO */
        }
        s->lsr &= ~LSR_INT_ANY;
        break;
    case UART_MSR:
        ret = s->msr;
        s->msr &= ~MSR_DELTAS;
        break;
    case UART_SCR:
        ret = s->scr;
        break;
    }
    serial_update_irq(s);
    return ret;
}

void serial_reset(SerialState *s)
{
    s->divider = 12;    /* 9600 baud */
    s->ier = 0;
    s->lcr = 0;
    s->mcr = MCR_OUT2;
    s->lsr = LSR_THRE | LSR_TEMT;
    s->msr = MSR_DCD | MSR_DSR | MSR_CTS;
    s->scr = 0;
    s->fcr = 0;
    s->thr_ipending = false;
    rx_clear(s);
    serial_update_params(s);
    serial_update_irq(s);
}

void serial_init(SerialState *s, qemu_irq irq, Chardev *chr)
{
    s->irq = irq;
    s->chr = chr;
    timer_init_ns(&s->timeout_timer, QEMU_CLOCK_VIRTUAL, serial_timeout, s);
    if (chr) {
        qemu_chr_fe_set_handlers(chr, serial_can_receive, serial_receive, NULL, s);
    }
    serial_reset(s);
}
