/*
 * The Intel 82540EM (e1000) model's state and register map, shared by
 * e1000.c (registers, EEPROM, PHY, interrupts, the PCI device),
 * e1000-rx.c (receive ring) and e1000-tx.c (transmit ring and offloads).
 * Register offsets and bits are those of Intel's 8254x manual.
 */
#ifndef HW_NET_E1000_INTERNAL_H
#define HW_NET_E1000_INTERNAL_H

#include "hw/pci/pci.h"
#include "net/nic.h"

#define E1000_MMIO_SIZE     0x20000
#define E1000_IO_SIZE       0x40
#define E1000_REG_WORDS     (0x8000 / 4)    /* registers kept; above read as zero */

/* register offsets */
#define E1000_CTRL      0x0000
#define E1000_STATUS    0x0008
#define E1000_EECD      0x0010
#define E1000_EERD      0x0014
#define E1000_MDIC      0x0020
#define E1000_ICR       0x00c0
#define E1000_ITR       0x00c4
#define E1000_ICS       0x00c8
#define E1000_IMS       0x00d0
#define E1000_IMC       0x00d8
#define E1000_RCTL      0x0100
#define E1000_TCTL      0x0400
#define E1000_RDBAL     0x2800
#define E1000_RDBAH     0x2804
#define E1000_RDLEN     0x2808
#define E1000_RDH       0x2810
#define E1000_RDT       0x2818
#define E1000_TDBAL     0x3800
#define E1000_TDBAH     0x3804
#define E1000_TDLEN     0x3808
#define E1000_TDH       0x3810
#define E1000_TDT       0x3818
#define E1000_STATS     0x4000      /* statistics, read to clear, to 0x40ff */
#define E1000_STATS_END 0x4100
#define E1000_GPRC      0x4074
#define E1000_GPTC      0x4080
#define E1000_GORCL     0x4088
#define E1000_GOTCL     0x4090
#define E1000_TPR       0x40d0
#define E1000_TPT       0x40d4
#define E1000_MTA       0x5200      /* 128 words of multicast hash bits */
#define E1000_RA        0x5400      /* 16 pairs RAL/RAH */
#define E1000_RA_COUNT  16

/* CTRL */
#define E1000_CTRL_RST      (1u << 26)
#define E1000_CTRL_VME      (1u << 30)
#define E1000_CTRL_PHY_RST  (1u << 31)
/* STATUS */
#define E1000_STATUS_FD         0x00000001
#define E1000_STATUS_LU         0x00000002
#define E1000_STATUS_SPEED_1000 0x00000080
#define E1000_STATUS_ASDV_1000  0x00000200
#define E1000_STATUS_GIO_MASTER_ENABLE 0x00080000
/* EECD: a Microwire EEPROM bit-banged through these */
#define E1000_EECD_SK   0x001
#define E1000_EECD_CS   0x002
#define E1000_EECD_DI   0x004
#define E1000_EECD_DO   0x008
#define E1000_EECD_FWE  0x030
#define E1000_EECD_REQ  0x040
#define E1000_EECD_GNT  0x080
#define E1000_EECD_PRES 0x100
/* EERD */
#define E1000_EERD_START    0x01
#define E1000_EERD_DONE     0x10
#define E1000_EERD_ADDR_SHIFT 8
#define E1000_EERD_DATA_SHIFT 16
/* MDIC */
#define E1000_MDIC_DATA_MASK 0x0000ffff
#define E1000_MDIC_REG_SHIFT 16
#define E1000_MDIC_PHY_SHIFT 21
#define E1000_MDIC_OP_WRITE  (1u << 26)
#define E1000_MDIC_OP_READ   (2u << 26)
#define E1000_MDIC_READY     (1u << 28)
#define E1000_MDIC_INT_EN    (1u << 29)
#define E1000_MDIC_ERROR     (1u << 30)
/* interrupt causes (ICR, ICS, IMS, IMC) */
#define E1000_ICR_TXDW      0x00000001
#define E1000_ICR_TXQE      0x00000002
#define E1000_ICR_LSC       0x00000004
#define E1000_ICR_RXDMT0    0x00000010
#define E1000_ICR_RXO       0x00000040
#define E1000_ICR_RXT0      0x00000080
#define E1000_ICR_MDAC      0x00000200
/* RCTL */
#define E1000_RCTL_EN       0x00000002
#define E1000_RCTL_UPE      0x00000008
#define E1000_RCTL_MPE      0x00000010
#define E1000_RCTL_LPE      0x00000020
#define E1000_RCTL_RDMTS_SHIFT 8
#define E1000_RCTL_MO_SHIFT 12
#define E1000_RCTL_BAM      0x00008000
#define E1000_RCTL_BSIZE_SHIFT 16
#define E1000_RCTL_VFE      0x00040000
#define E1000_RCTL_BSEX     0x02000000
#define E1000_RCTL_SECRC    0x04000000
/* TCTL */
#define E1000_TCTL_EN       0x00000002
/* RAH */
#define E1000_RAH_AV        0x80000000

/* descriptors: 16 bytes, little-endian */
#define E1000_DESC_SIZE     16
#define E1000_MAX_RING      (0x100000 / E1000_DESC_SIZE)    /* RDLEN/TDLEN: up to 1 MiB */
#define E1000_RXD_STAT_DD   0x01
#define E1000_RXD_STAT_EOP  0x02
#define E1000_RXD_STAT_IXSM 0x04
#define E1000_RXD_STAT_VP   0x08
#define E1000_TXD_CMD_EOP   0x01000000
#define E1000_TXD_CMD_IC    0x04000000
#define E1000_TXD_CMD_RS    0x08000000
#define E1000_TXD_CMD_RPS   0x10000000
#define E1000_TXD_CMD_DEXT  0x20000000
#define E1000_TXD_CMD_VLE   0x40000000
#define E1000_TXD_CMD_TSE   0x04000000  /* in a data descriptor (DEXT) */
#define E1000_TXD_DTYP_MASK 0x00f00000
#define E1000_TXD_DTYP_DATA 0x00100000
#define E1000_TXD_CMD_TCP   0x01000000  /* context: TCP (else UDP) */
#define E1000_TXD_CMD_IP    0x02000000  /* context: IPv4 (else IPv6) */
#define E1000_TXD_STAT_DD   0x01
#define E1000_TXD_POPTS_IXSM 0x01
#define E1000_TXD_POPTS_TXSM 0x02

#define ETH_HLEN            14
#define ETH_ZLEN            60          /* shortest frame, without the FCS */
#define ETH_FCS_LEN         4
#define VLAN_HLEN           4
#define E1000_MAX_FRAME     16384       /* a jumbo frame, the longest a buffer chain takes */
/* a TSO packet: headers and up to 64 KiB of payload */
#define E1000_TX_BUF_SIZE   (65536 + 256)

/* PHY registers (a Marvell 88E1011 behind MDIC) */
#define PHY_CTRL        0x00
#define PHY_STATUS      0x01
#define PHY_ID1         0x02
#define PHY_ID2         0x03
#define PHY_LP_ABILITY  0x05
#define PHY_1000T_STATUS 0x0a
#define M88_PHY_SPEC_STATUS 0x11
#define PHY_REGS        0x20
#define PHY_CTRL_RESET          0x8000
#define PHY_CTRL_RESTART_AN     0x0200
#define PHY_STATUS_LINK         0x0004
#define PHY_STATUS_AN_COMPLETE  0x0020
#define M88_PSSR_LINK           0x0400

#define EEPROM_WORDS    64
#define EEPROM_CHECKSUM_WORD 0x3f
#define EEPROM_SUM      0xbaba

/* the transmit context set by context descriptors */
typedef struct E1000TxContext {
    uint8_t ipcss, ipcso, tucss, tucso;
    uint16_t ipcse, tucse;
    uint32_t paylen;
    uint8_t hdr_len;
    uint16_t mss;
    bool tcp, ipv4, tse;
} E1000TxContext;

typedef struct E1000State {
    PCIDevice pci;
    NICConf conf;
    NetClientState *nc;
    MemoryRegion mmio, io;
    uint32_t regs[E1000_REG_WORDS];
    uint32_t io_addr;                   /* IOADDR of the I/O window */
    uint16_t phy[PHY_REGS];
    uint16_t eeprom[EEPROM_WORDS];
    struct {
        uint32_t bits_in;               /* command and address bits clocked in */
        int nbits_in;
        int bit_out;                    /* next data bit out, -1: not reading */
        uint32_t last;                  /* EECD as last written */
    } eecd;
    /* a packet being gathered from transmit descriptors */
    E1000TxContext ctx;
    uint8_t *tx_buf;
    uint32_t tx_len;
    bool tx_overflow;                   /* longer than tx_buf: dropped at EOP */
    uint8_t tx_popts;                   /* of the packet's first data descriptor */
    bool tx_tse, tx_vle, tx_first;
    uint16_t tx_vlan;
    bool tx_active;                     /* in e1000_transmit: no nested runs */
} E1000State;

static inline uint32_t e1000_reg(E1000State *s, uint32_t off)
{
    return s->regs[off >> 2];
}
static inline void e1000_set_reg(E1000State *s, uint32_t off, uint32_t val)
{
    s->regs[off >> 2] = val;
}

/* e1000.c */
void e1000_raise_cause(E1000State *s, uint32_t cause);
/* 64-bit statistics (GORC, GOTC...) and 32-bit counters */
void e1000_count(E1000State *s, uint32_t reg, uint64_t n);

/* e1000-rx.c */
ssize_t e1000_receive(NetClientState *nc, const uint8_t *buf, size_t len);
bool e1000_can_receive(NetClientState *nc);

/* e1000-tx.c: process descriptors from TDH to TDT */
void e1000_transmit(E1000State *s);
void e1000_tx_reset(E1000State *s);

#endif
