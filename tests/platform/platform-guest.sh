#!/bin/sh
# Run in the guest by platform-test.py: prints what the host side checks,
# one fact per line with a tag in front.
#   PCI  function vendor device class irq= pin=  (pin: 0 none, 1 INTA ...)
#   RES  function index start end flags          (from .../resource)
#   DHCP-OK                                      (the NIC raised interrupts)
#   INT  a line of /proc/interrupts
#   DMESG a kernel log line
#   DSDT the DSDT in hex, between DSDT-BEGIN and DSDT-END
for d in /sys/bus/pci/devices/*; do
    fn=${d##*/}
    pin=$(od -An -j 61 -N 1 -tu1 "$d/config" | tr -d ' ')
    echo "PCI $fn $(cat "$d/vendor") $(cat "$d/device") $(cat "$d/class") irq=$(cat "$d/irq") pin=$pin"
    i=0
    while read -r start end flags; do
        echo "RES $fn $i $start $end $flags"
        i=$((i + 1))
    done < "$d/resource"
done
# traffic makes the NIC raise its level-triggered INTx through the I/O APIC
if ip link set eth0 up && udhcpc -i eth0 -n -q -t 5 -s /bin/true > /dev/null 2>&1; then
    echo DHCP-OK
fi
grep -E 'IO-APIC|XT-PIC' /proc/interrupts | sed 's/^/INT /'
dmesg | sed 's/^/DMESG /'
echo DSDT-BEGIN
od -An -v -tx1 /sys/firmware/acpi/tables/DSDT
echo DSDT-END
