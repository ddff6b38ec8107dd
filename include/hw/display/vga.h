/*
 * Graphics devices for boards: the PCI standard VGA (hw/display/vga-pci.c,
 * device "VGA"), what -vga std gives.
 */
#ifndef HW_DISPLAY_VGA_H
#define HW_DISPLAY_VGA_H

#include "hw/qdev.h"

/* a "VGA" device on the PCI bus, in the first free slot from 2 on */
bool pci_vga_create(BusState *pci_bus, char **errp);

#endif
