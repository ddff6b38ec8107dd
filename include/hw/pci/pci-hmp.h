/*
 * The monitor's PCI command (hw/pci/pci-hmp.c); its row in
 * monitor/hmp-cmds.c's info table points here.
 */
#ifndef HW_PCI_PCI_HMP_H
#define HW_PCI_PCI_HMP_H

typedef struct Monitor Monitor;

/* info pci: every function on the bus with its class, ids, IRQ and BARs */
void hmp_info_pci(Monitor *mon, const char *arg);

#endif
